// Accord's service worker: after one visit the app shell is cached and the app loads and
// runs with no network at all (workshops live in localStorage, so nothing else is needed).
// Four pages make the shell: the facilitator's app (./), the participant's (./vote/), the
// viewer of shared trees and drafts (./view/) and the presenter window (./present/).
//
// Freshness: a page itself is fetched network-first, so every online visit gets the
// current release; only if the network fails or stalls is the cached page used.
// Everything a page names is content-hashed by trunk, so it is served cache-first, and
// when a new page arrives the files no page names any more are dropped. Stale code is
// never served once the network answers.

const CACHE = 'accord-shell-v1';
// Past this, a stalled network ("lie-fi") loses to the cached page.
const NETWORK_PATIENCE_MS = 4000;
const SHELLS = ['./', './vote/', './view/', './present/'];

const shellUrl = (shell) => new URL(shell, self.registration.scope).href;

self.addEventListener('install', (event) => {
  // The facilitator's page must be cached; the participant's page, the viewer and the
  // presenter window too if they are there.
  event.waitUntil((async () => {
    await refresh(SHELLS[0]);
    for (const shell of SHELLS.slice(1)) await refresh(shell).catch(() => {});
    await self.skipWaiting();
  })());
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
    event.respondWith(page(event, shellOf(request.url)));
  } else {
    event.respondWith(asset(request));
  }
});

/** Which shell page answers a navigation (the fragment never reaches here). */
function shellOf(url) {
  const path = new URL(url).pathname;
  return SHELLS.slice(1).find((shell) => path.startsWith(new URL(shell, self.registration.scope).pathname)) ?? SHELLS[0];
}

/** The files a page names (its script, wasm, styles, icons, manifest), as absolute URLs. */
function namedBy(html, pageUrl) {
  const found = new Set();
  for (const match of html.matchAll(/(?:href|src|module_or_path:|from)\s*=?\s*["']([^"'#?]+\.(?:js|wasm|css|svg|png|webmanifest))["']/g)) {
    found.add(new URL(match[1], pageUrl).href);
  }
  return found;
}

const ICONS = ['icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png'];
// Files with fixed names (not content-hashed), fetched afresh with every new page.
const PLAIN = ['offline.js', 'manifest.webmanifest'];
// The facilitator's screens, fetched on demand rather than named by the page: each phase's
// wasm module (content-hashed folder). Filled in by scripts/split-wasm.sh at build time.
const SPLIT = [];

/** Fetches a shell page from the network and keeps it with what it names. */
async function refresh(shell) {
  const response = await fetch(shell, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${shell} answered ${response.status}`);
  await keep(shell, response.clone());
  return response;
}

async function keep(shell, response) {
  const cache = await caches.open(CACHE);
  await cache.put(shellUrl(shell), response);
  // Everything any cached page names, plus the icons the manifest names.
  const plain = new Set(PLAIN.map((p) => new URL(p, self.registration.scope).href));
  const wanted = new Set([...ICONS, ...SPLIT].map((p) => new URL(p, self.registration.scope).href).concat([...plain]));
  for (const other of SHELLS) {
    const cached = await cache.match(shellUrl(other));
    if (cached) for (const url of namedBy(await cached.text(), shellUrl(other))) wanted.add(url);
  }
  await Promise.all([...wanted].map(async (url) => {
    if (plain.has(url) || !(await cache.match(url))) {
      const r = await fetch(url, { cache: 'no-cache' });
      if (r.ok) await cache.put(url, r);
    }
  }));
  const shells = new Set(SHELLS.map(shellUrl));
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url) && !shells.has(request.url) && !isData(request.url)) await cache.delete(request);
  }
}

/** Files fetched at run time rather than named by a page (the demo, the schemas). */
function isData(url) {
  return /\/(demo|schema)\//.test(new URL(url).pathname);
}

async function page(event, shell) {
  const network = fetch(shell, { cache: 'no-cache' }).then((response) => {
    if (response.ok) event.waitUntil(keep(shell, response.clone()));
    return response;
  });
  const patience = new Promise((resolve) => setTimeout(resolve, NETWORK_PATIENCE_MS, null));
  try {
    const first = await Promise.race([network, patience]);
    if (first && first.ok) return first;
  } catch (_) {
    // Offline: fall through to the cached page.
  }
  const cached = await caches.match(shellUrl(shell));
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
