/** A bench section run as a child process reports its figures as one marked JSON line on stdout. */
export const RESULT_MARKER = 'BENCH_RESULT ';

export function reportResult(figures: Record<string, number>): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(figures)}\n`);
}

/** The middle value (the upper of the two middle ones for an even count). */
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function seconds(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
