// The release bundle carries precompressed copies for hosts that serve them (build_dist in
// scripts/setup.sh): beside every .wasm, .js, .css, .html, .json, .svg and .webmanifest
// file, in every page's folder, a .gz and a .br that decompress to exactly its bytes. No
// browser needed: this checks the files a host would send.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST } from './support.mjs';

const COMPRESSIBLE = /\.(wasm|js|css|html|json|svg|webmanifest)$/;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

test('every compressible file in dist has a .gz and a .br beside it with the same bytes', () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `no built app in ${DIST}: run build_dist`);
  const files = walk(DIST);
  const originals = files.filter((f) => COMPRESSIBLE.test(f));
  // The pages' wasm, JS, CSS and HTML are among them (the presenter window's too).
  for (const page of ['', 'vote', 'present']) {
    for (const ext of ['.wasm', '.js', '.css', 'index.html']) {
      assert.ok(originals.some((f) => path.dirname(f) === path.join(DIST, page) && f.endsWith(ext)), `no ${ext} in dist/${page}`);
    }
  }
  const missing = [];
  for (const f of originals) {
    const bytes = fs.readFileSync(f);
    for (const [ext, inflate] of [['.gz', zlib.gunzipSync], ['.br', zlib.brotliDecompressSync]]) {
      if (!fs.existsSync(f + ext)) { missing.push(path.relative(DIST, f + ext)); continue; }
      const copy = inflate(fs.readFileSync(f + ext));
      assert.ok(copy.equals(bytes), `${path.relative(DIST, f + ext)} does not decompress to ${path.relative(DIST, f)}`);
      assert.ok(fs.statSync(f + ext).size < bytes.length || bytes.length < 64, `${path.relative(DIST, f + ext)} is not smaller`);
    }
  }
  assert.deepEqual(missing, [], 'precompressed copies missing');
  // Nothing compressed twice.
  assert.deepEqual(files.filter((f) => /\.(gz|br)\.(gz|br)$/.test(f)), []);
  console.log(`# ${originals.length} files, each with .gz and .br`);
});

test('each page names its stylesheets and scripts with integrity hashes that match the minified files it ships', async () => {
  const crypto = await import('node:crypto');
  const checked = [];
  for (const page of ['', 'vote', 'view', 'present']) {
    const dir = path.join(DIST, page);
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    for (const tag of html.match(/<(link|script)\b[^>]*>/g) ?? []) {
      const integrity = tag.match(/integrity="([^"]+)"/)?.[1];
      const href = tag.match(/(?:href|src)="([^"]+)"/)?.[1];
      if (!integrity || !href) continue;
      const file = path.join(DIST, href.startsWith('/') ? href : path.join(page, href));
      const [algorithm, digest] = integrity.split('-');
      assert.equal(crypto.createHash(algorithm).update(fs.readFileSync(file)).digest('base64'), digest, `${path.relative(DIST, file)}: integrity in dist/${page}/index.html`);
      checked.push(path.relative(DIST, file));
    }
    // Minified (scripts/minify.mjs): no comments or indentation left in the page's CSS
    // and glue; the sources keep theirs.
    for (const name of fs.readdirSync(dir).filter((n) => /\.css$|^accord-[\w-]+\.js$/.test(n))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      assert.ok(!text.includes('/*') && !/\n {4}/.test(text), `dist/${page}/${name} is not minified`);
    }
  }
  assert.ok(checked.some((f) => f.endsWith('.css')) && checked.some((f) => f.startsWith('vote/') && f.endsWith('.js')), `checked: ${checked.join(', ')}`);
  console.log(`# ${checked.length} integrity hashes checked`);
});
