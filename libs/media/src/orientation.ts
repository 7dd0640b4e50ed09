import type { Sharp } from 'sharp';

/** EXIF orientation 1-8 as sharp operations, in the order sharp's own auto-orient applies them (rotate, then flop). */
const OPERATIONS: Readonly<Record<number, { angle: number; flop: boolean }>> = {
  1: { angle: 0, flop: false },
  2: { angle: 0, flop: true },
  3: { angle: 180, flop: false },
  4: { angle: 180, flop: true },
  5: { angle: 90, flop: true },
  6: { angle: 90, flop: false },
  7: { angle: 270, flop: true },
  8: { angle: 270, flop: false },
};

/** Turns decoded pixels upright by an orientation read from the source file (not from the pixels' container). */
export function applyOrientation(pipeline: Sharp, orientation: number): Sharp {
  const { angle, flop } = OPERATIONS[orientation] ?? OPERATIONS[1];
  let oriented = angle === 0 ? pipeline : pipeline.rotate(angle);
  if (flop) oriented = oriented.flop();
  return oriented;
}

/** Orientations 5-8 turn the picture by a quarter: its displayed width is its stored height. */
export function swapsSides(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}
