// Asks for the deployment's /config.json while the app's scripts are still downloading, so a slow
// link pays its round trip once, in parallel; src/config.ts reads the answer. A plain script (not
// a module): index.html loads it async, it runs as soon as it arrives.
window.cpConfigRequest = fetch("/config.json", { cache: "no-store" }).catch(() => undefined);
