// Minifies a page's stylesheets and JS glue in what trunk staged, for release builds
// (issue #17): the stylesheets' comments and the glue's whitespace were about 6.5 KB of the
// facilitator's first load, gzip. Run as a trunk post_build hook for vote/, view/ and
// present/ (their Trunk.*.toml), and by scripts/split-wasm.sh for the facilitator's page,
// after it has written that page's glue.
//
//   node scripts/minify.mjs DIR
//
// Only this page's own files: DIR's *.css, its wasm-bindgen glue (accord-*.js), the
// split modules' loader (*.split/__wasm_split.js) and offline.js (a classic script). Not
// the other pages' folders copied in (each was minified by its own build), nor sw.js
// (fetched only after the page is interactive; its file list is written into it). File names stay as trunk made them (they name the
// source's content); each subresource-integrity hash naming a changed file is rewritten
// in the page's HTML, so the browser still checks what it loads.
//
// esbuild (npm, pinned in package.json) rather than trunk's own `minify`: that one also
// rewrites the HTML (unquoted attributes, no <head> tag), which the service worker and
// the size report read.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify.mjs DIR (or run as a trunk hook)');
if ((process.env.TRUNK_PROFILE ?? 'release') !== 'release') process.exit(0);

const targets = [];
for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
  const file = path.join(dir, entry.name);
  if (entry.isFile() && entry.name.endsWith('.css')) targets.push([file, 'css']);
  else if (entry.isFile() && /^accord-[\w-]+\.js$/.test(entry.name)) targets.push([file, 'module']);
  else if (entry.isFile() && entry.name === 'offline.js') targets.push([file, 'script']);
  else if (entry.isDirectory() && entry.name.endsWith('.split')) {
    const loader = path.join(file, '__wasm_split.js');
    if (fs.existsSync(loader)) targets.push([loader, 'module']);
  }
}

const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
const pages = fs.readdirSync(dir).filter((n) => n.endsWith('.html')).map((n) => path.join(dir, n));
const html = new Map(pages.map((p) => [p, fs.readFileSync(p, 'utf8')]));
let before = 0;
let after = 0;
// kind: 'css', 'module' (ES module: the glue and loader) or 'script' (a classic script).
for (const [file, kind] of targets) {
  const source = fs.readFileSync(file);
  // ESM for the glue: its exports (init, initSync, the split loaders) keep their names.
  const { code } = transformSync(source.toString('utf8'), {
    loader: kind === 'css' ? 'css' : 'js',
    minify: true,
    format: kind === 'module' ? 'esm' : undefined,
    legalComments: 'none',
    logLevel: 'error',
  });
  const out = Buffer.from(code);
  if (out.length >= source.length) continue;
  fs.writeFileSync(file, out);
  before += source.length;
  after += out.length;
  const [from, to] = [sri(source), sri(out)];
  for (const [page, text] of html) html.set(page, text.split(from).join(to));
}
for (const [page, text] of html) fs.writeFileSync(page, text);
console.log(`minify: ${targets.length} files in ${dir}, ${before} -> ${after} bytes`);
