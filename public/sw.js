// Accord's service worker: after one visit the app shell is cached and the app loads and
// runs with no network at all (workshops live in localStorage, so nothing else is needed).
//
// Freshness: the page itself (index.html) is fetched network-first, so every online visit
// gets the current release; only if the network fails or stalls is the cached page used.
// Everything the page names is content-hashed by trunk, so it is served cache-first, and
// when a new page arrives the files it no longer names are dropped. Stale code is never
// served once the network answers.

const CACHE = 'accord-shell-v1';
// Past this, a stalled network ("lie-fi") loses to the cached page.
const NETWORK_PATIENCE_MS = 4000;
const SHELL = './';

self.addEventListener('install', (event) => {
  event.waitUntil(fetchShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(event));
  } else {
    event.respondWith(asset(request));
  }
});

/** The files a page names: its script, wasm, styles, icons and manifest. */
function namedBy(html) {
  const found = new Set(['manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png']);
  for (const match of html.matchAll(/(?:href|src|module_or_path:|from)\s*=?\s*["']([^"'#?]+\.(?:js|wasm|css|svg|png|webmanifest))["']/g)) {
    found.add(match[1]);
  }
  return [...found].map((p) => new URL(p, self.registration.scope).href);
}

/** Fetches the page and everything it names into the cache; drops what it no longer names. */
async function fetchShell() {
  const response = await fetch(SHELL, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`the app page answered ${response.status}`);
  await keep(response.clone());
  return response;
}

async function keep(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const wanted = namedBy(html);
  await Promise.all(wanted.map(async (url) => {
    if (!(await cache.match(url))) {
      const r = await fetch(url, { cache: 'no-cache' });
      if (r.ok) await cache.put(url, r);
    }
  }));
  await cache.put(new URL(SHELL, self.registration.scope).href, response);
  const keepUrls = new Set([...wanted, new URL(SHELL, self.registration.scope).href]);
  for (const request of await cache.keys()) {
    if (!keepUrls.has(request.url) && !isData(request.url)) await cache.delete(request);
  }
}

/** Files fetched at run time rather than named by the page (the demo, the schemas). */
function isData(url) {
  return /\/(demo|schema)\//.test(new URL(url).pathname);
}

async function page(event) {
  const network = fetch(SHELL, { cache: 'no-cache' }).then(async (response) => {
    if (response.ok) event.waitUntil(keep(response.clone()));
    return response;
  });
  const patience = new Promise((resolve) => setTimeout(resolve, NETWORK_PATIENCE_MS, null));
  try {
    const first = await Promise.race([network, patience]);
    if (first && first.ok) return first;
  } catch (_) {
    // Offline: fall through to the cached page.
  }
  const cached = await caches.match(new URL(SHELL, self.registration.scope).href);
  return cached ?? network;
}

async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && isData(request.url)) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}
