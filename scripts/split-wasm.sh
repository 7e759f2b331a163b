#!/usr/bin/env bash
# trunk post_build hook (Trunk.toml): splits the facilitator's wasm into modules loaded on
# demand, one per phase screen (src/ui/screens.rs marks the split points), and replaces
# what trunk staged with the result. Issue #17.
#
# trunk 0.21 cannot split, so this does what cargo-leptos --split does, after trunk:
#   1. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/setup.sh) cuts
#      cargo's accord-web.wasm (linked with --emit-relocs, see build.rs) into the main
#      module and one module per screen, plus chunks that several screens share, and
#      writes __wasm_split.js, which fetches them;
#   2. wasm-bindgen (the same version trunk uses) on the main module, keeping the exports
#      the screens import (--keep-lld-exports);
#   3. wasm-opt -Oz on every module (index.html sets data-wasm-opt="0", so trunk does not
#      optimise the unsplit module first);
#   4. the screens' files go in a folder named after trunk's content-hashed name
#      (accord-web-<hash>.split/), so a new release never mixes with an old one; the JS
#      glue's import of __wasm_split.js is pointed there, and the service worker is given
#      the folder's file list to keep for offline use.
# Also writes <that folder>/manifest.json: which files each screen needs (size-report.sh
# counts the first screen's).
set -euo pipefail

stage="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
profile="${TRUNK_PROFILE:-release}"
root="${TRUNK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
input="$target_dir/wasm32-unknown-unknown/$profile/accord-web.wasm"

shopt -s nullglob
glue=("$stage"/accord-web-*.js)
[ ${#glue[@]} -eq 1 ] || { echo "split-wasm: expected one accord-web-*.js in $stage, found ${#glue[@]}" >&2; exit 1; }
name="$(basename "${glue[0]}" .js)" # accord-web-<hash>
[ -f "$stage/${name}_bg.wasm" ] || { echo "split-wasm: no ${name}_bg.wasm in $stage" >&2; exit 1; }
[ -f "$input" ] || { echo "split-wasm: no $input" >&2; exit 1; }

work="$target_dir/wasm-split/$profile"
rm -rf "$work"
mkdir -p "$work/split" "$work/bindgen"

# 1. Split. The main module imports the loaders from ./__wasm_split.js; the loaders import
#    initSync from ./<name>.js (fixed below for the folder).
wasm-split-cli "$input" "$work/split" --target web --out-name "$name" >"$work/split.log" 2>&1 ||
    { cat "$work/split.log" >&2; echo "split-wasm: wasm-split-cli failed" >&2; exit 1; }

# 2. wasm-bindgen on the main module.
wasm-bindgen --target=web --out-dir="$work/bindgen" --out-name="$name" --no-typescript \
    --keep-lld-exports "$work/split/$name.wasm"

# 3. Optimise every module; 4. stage them.
opt() {
    if [ "$profile" = release ]; then wasm-opt -Oz "$1" -o "$2"; else cp "$1" "$2"; fi
}
folder="$name.split"
rm -rf "${stage:?}/$folder"
mkdir -p "$stage/$folder"
opt "$work/bindgen/${name}_bg.wasm" "$stage/${name}_bg.wasm"
for chunk in "$work/split"/*.wasm; do
    [ "$(basename "$chunk")" = "$name.wasm" ] && continue
    opt "$chunk" "$stage/$folder/$(basename "$chunk")"
done
sed "s#from \"./$name.js\"#from \"../$name.js\"#" "$work/split/__wasm_split.js" >"$stage/$folder/__wasm_split.js"
grep -q "from \"../$name.js\"" "$stage/$folder/__wasm_split.js" ||
    { echo "split-wasm: __wasm_split.js does not import ./$name.js as expected" >&2; exit 1; }
if [ -d "$work/bindgen/snippets" ]; then cp -r "$work/bindgen/snippets" "$stage/"; fi
# Only the `import … from` lines: the wasm's import object keeps the name ./__wasm_split.js.
sed -E "/^import /s#from ([\"'])\./__wasm_split\.js([\"'])#from \1./$folder/__wasm_split.js\2#" \
    "$work/bindgen/$name.js" >"$stage/$name.js"
grep -q "$folder/__wasm_split.js" "$stage/$name.js" ||
    { echo "split-wasm: the JS glue does not import __wasm_split.js" >&2; exit 1; }

# Which files each screen needs: {"define_screen": ["chunk_2", "split_define_screen"], ...}.
node -e '
const fs = require("fs");
const [log, out] = process.argv.slice(1);
const js = fs.readFileSync(log, "utf8");
const map = {};
// "/* a, b */" before "const __chunk_N = makeLoad(... "./chunk_N.wasm" ...)"; and
// "export const __wasm_split_load_X = wrapAsyncCb(makeLoad(... "./split_X.wasm"..., [__chunk_N, ...]))".
const chunks = {};
for (const m of js.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/([^"]+)\.wasm"/g)) chunks[m[1]] = m[2];
for (const m of js.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\)/g)) {
  const own = /"\.\/([^"]+)\.wasm"/.exec(m[2]);
  const deps = m[3].split(",").map((s) => s.trim()).filter(Boolean).map((d) => chunks[d]);
  map[m[1]] = [...deps, ...(own ? [own[1]] : [])].map((f) => f + ".wasm");
}
fs.writeFileSync(out, JSON.stringify(map, null, 1) + "\n");
' "$stage/$folder/__wasm_split.js" "$stage/$folder/manifest.json"

# The loader is imported by the JS glue at start, and named in the page as a preload so it
# downloads beside the main module. The first visit opens on Define, which is in the main
# module (src/ui/screens.rs); if it is ever split off again, its modules are preloaded too
# (the loader fetches them with fetch(), CORS mode, same-origin credentials:
# crossorigin="anonymous" makes the preloads match and be used).
first="$(node -e 'for (const f of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).define_screen ?? []) console.log(f)' "$stage/$folder/manifest.json")"
links="    <link rel=\"modulepreload\" href=\"/$folder/__wasm_split.js\" crossorigin=\"anonymous\" />"
for f in $first; do
    links+=$'\n'"    <link rel=\"preload\" href=\"/$folder/$f\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\" />"
done
LINKS="$links" node -e '
const fs = require("fs");
const file = process.argv[1];
const html = fs.readFileSync(file, "utf8");
if (!html.includes("</head>")) { console.error("split-wasm: index.html has no </head>"); process.exit(1); }
fs.writeFileSync(file, html.replace("</head>", process.env.LINKS + "\n  </head>"));
' "$stage/index.html"

# The service worker keeps these files too (they are fetched on demand, not named by a page).
if [ -f "$stage/sw.js" ]; then
    files="$(cd "$stage" && find "$folder" -type f \( -name '*.wasm' -o -name '*.js' \) | sort | sed "s#.*#'&'#" | paste -sd, -)"
    sed -i "s#^const SPLIT = \[\];#const SPLIT = [$files];#" "$stage/sw.js"
    grep -q "^const SPLIT = \['" "$stage/sw.js" || { echo "split-wasm: sw.js has no 'const SPLIT = [];' line" >&2; exit 1; }
fi
echo "split-wasm: $name split into $(find "$stage/$folder" -name '*.wasm' | wc -l) modules on demand (see $folder/manifest.json)"

# Last: this page's stylesheets, glue and loader minified, their integrity hashes rewritten.
node "$root/scripts/minify.mjs" "$stage"
