// Offline after one visit (see sw.js), for both pages: the worker sits beside this file,
// so its address is found from this script's own. Registered after load so it never
// competes with the app's own start.
if ('serviceWorker' in navigator) {
  const worker = new URL('sw.js', document.currentScript.src);
  addEventListener('load', () => navigator.serviceWorker.register(worker, { scope: new URL('./', worker) }).catch(() => {}));
}
