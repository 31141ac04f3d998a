/**
 * When the phone's outboxes (reports, visits) try to send what they keep: as the connection
 * returns, and every `everyMs` while the user is signed in and online.
 */
export function startSync(
  flush: (owner: string, token: string) => Promise<unknown>,
  owner: string,
  token: () => string | undefined,
  everyMs = 5_000,
): () => void {
  const run = () => {
    const t = token();
    if (t && navigator.onLine) void flush(owner, t);
  };
  window.addEventListener("online", run);
  const timer = window.setInterval(run, everyMs);
  run();
  return () => {
    window.removeEventListener("online", run);
    window.clearInterval(timer);
  };
}
