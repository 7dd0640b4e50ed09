/** Runs `action(key)` at most once per `ms` per key, always including the last call (trailing edge). */
export function keyedThrottle(ms: number, action: (key: string) => void): { call(key: string): void; cancel(): void } {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    call(key) {
      if (timers.has(key)) return;
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          action(key);
        }, ms),
      );
    },
    cancel() {
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
    },
  };
}
