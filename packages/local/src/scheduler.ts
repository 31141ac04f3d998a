/**
 * A timer standing in for EventBridge Scheduler: it invokes a handler (the sweeper's) every
 * interval, never two runs at once — the next run is timed from the end of the previous one, as
 * a slow sweep must not pile up behind itself. A failed run is reported and the timer goes on.
 */

export interface Scheduler {
  /** Stop the timer and wait for a run in progress to finish. */
  stop(): Promise<void>;
}

/** Sweep interval from `SWEEP_INTERVAL_SECONDS` (default 60; 0 turns the timer off). */
export function sweepIntervalMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SWEEP_INTERVAL_SECONDS;
  if (raw === undefined || raw === "") return 60_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error("SWEEP_INTERVAL_SECONDS must be a number of seconds, 0 or more.");
  }
  return seconds * 1000;
}

export function startScheduler(
  run: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = run()
      .then(
        () => undefined,
        (error) => onError(error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
