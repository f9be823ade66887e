/**
 * A background duty run on a timer in a server instance, never overlapping itself: a tick that comes while
 * the previous run is still going is skipped. The timer does not keep the process alive. Returns the
 * function that stops it.
 */
export function startPeriodic(
  run: () => Promise<unknown>,
  onError: (err: unknown) => void,
  everyMs: number,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
