// Offline after one visit (see sw.js), for every page: the worker sits beside this file,
// so its address is found from this script's own.
//
// Registered once the page is interactive (its "accord-interactive" mark, ui::dom), then
// idle, not at load: installing the worker fetches every file the app has (the screens'
// modules, the other pages, the icons), and on a first visit that ran beside the
// first screen's wasm compile and start on a two-core machine (issue #17: it began about
// 60 ms before the first paint). A page that never marks (it failed to start) still
// registers, a while after load.
if ('serviceWorker' in navigator) {
  const worker = new URL('sw.js', document.currentScript.src);
  let registered = false;
  const register = () => {
    if (registered) return;
    registered = true;
    navigator.serviceWorker.register(worker, { scope: new URL('./', worker) }).catch(() => {});
  };
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 2000 }) : setTimeout(register, 200));
  if ('PerformanceObserver' in window) {
    const seen = new PerformanceObserver((list) => {
      if (list.getEntriesByName('accord-interactive').length > 0) {
        seen.disconnect();
        whenIdle();
      }
    });
    seen.observe({ type: 'mark', buffered: true });
  }
  addEventListener('load', () => setTimeout(register, 10000));
}
