// Cold starts of the demo from several builds, interleaved (A, B, C, A, B, C, …) so the
// machine's mood falls on every build alike: each run a new Chromium process on a new,
// empty profile (launchFresh), the facilitator's page opened once, its marks read.
// Prints the medians; asserts nothing about speed. For before/after figures of a change:
//
//   node tests/perf/cold-compare.mjs 11 /tmp/dist-before ./dist [more builds…]

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchFresh, waitForMark } from '../browser/support.mjs';

const RUNS = Number(process.argv[2]);
const builds = process.argv.slice(3).map((d) => path.resolve(d));
if (!RUNS || builds.length === 0) throw new Error('usage: node tests/perf/cold-compare.mjs RUNS DIST [DIST…]');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

// One server per build (serveDist serves the one DIST named when support.mjs loads).
const servers = [];
for (const dist of builds) {
  const server = http.createServer((req, res) => {
    let file = path.normalize(path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
}

const results = builds.map(() => []);
for (let i = 0; i < RUNS; i++) {
  for (let b = 0; b < builds.length; b++) {
    const fresh = await launchFresh({ viewport: { width: 1280, height: 900 } });
    try {
      const page = fresh.context.pages()[0] ?? await fresh.context.newPage();
      await page.goto(`http://127.0.0.1:${servers[b].address().port}/`);
      await waitForMark(page, 120000);
      results[b].push(await page.evaluate(() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const wasm = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm'));
        return {
          interactive: performance.getEntriesByName('accord-interactive')[0].startTime,
          paint: fcp ? fcp.startTime : NaN,
          wasmStart: Math.min(...wasm.map((r) => r.startTime)),
          wasmEnd: Math.max(...wasm.map((r) => r.responseEnd)),
        };
      }));
    } finally {
      await fresh.close();
    }
  }
}
const median = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)].toFixed(0) : '-'; };
for (let b = 0; b < builds.length; b++) {
  const r = results[b];
  console.log(`${builds[b]}: interactive median ${median(r.map((t) => t.interactive))} ms; first paint ${median(r.map((t) => t.paint))} ms; `
    + `wasm download ${median(r.map((t) => t.wasmStart))}–${median(r.map((t) => t.wasmEnd))} ms (runs: ${r.map((t) => t.interactive.toFixed(0)).join(', ')})`);
}
for (const server of servers) server.close();
