/**
 * Installs the app shell (the service worker `app-shell.ts` builds) once the first signed-in page
 * is on screen, not while it loads: on a slow link its precache (the reporter's and the officer's
 * pages, every language) would share the line with the page the person is waiting for. A phone
 * gets it on its first signed-in visit, before it is ever offline.
 */
export function registerAppShell(): void {
  if (import.meta.env.DEV || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
}
