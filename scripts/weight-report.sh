#!/usr/bin/env bash
# Where the facilitator's wasm weight is: twiggy's top items and dominators, by function
# name. Leaves dist/ alone: it reads cargo's own release output (what trunk builds, with
# its name section), runs wasm-bindgen into a scratch folder, and there wasm-opt with
# names kept (-g), so the figures are the shipped code's, named.
#
#   scripts/weight-report.sh              # accord-web; TOP=25 items
#   BIN=accord-vote scripts/weight-report.sh
#   OPT=-Os scripts/weight-report.sh      # the wasm-opt level to report after
#
# Installs twiggy from crates.io if it is missing (once; a few minutes on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
BIN="${BIN:-accord-web}"
TOP="${TOP:-25}"
OPT="${OPT:--Oz}"
TWIGGY_VERSION="0.8.0"

if [ "$(twiggy --version 2>/dev/null)" != "twiggy $TWIGGY_VERSION" ]; then
    echo "==> Installing twiggy $TWIGGY_VERSION from crates.io"
    cargo install --locked twiggy --version "$TWIGGY_VERSION"
fi

# The same cargo invocation trunk makes for a release build, so it reuses trunk's artifacts
# (a no-op after build_dist) and never rebuilds them with other settings.
WASM="target/wasm32-unknown-unknown/release/$BIN.wasm"
# NO_BUILD=1 reads the artifact as it is (e.g. to report the build before a change).
# The participant's page is built without the default features (vote/index.html:
# no Leptos, no float_roundtrip), so it is weighed that way.
CARGO_FLAGS=()
[ "$BIN" = accord-vote ] && CARGO_FLAGS=(--no-default-features)
# The facilitator's page is built with its screens as split points (index.html), so the same
# artifact is weighed; twiggy sees the whole program, every screen included, before the split.
[ "$BIN" = accord-web ] && CARGO_FLAGS=(--features split-screens)
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release --offline --target wasm32-unknown-unknown --bin "$BIN" "${CARGO_FLAGS[@]}" --quiet

OUT="target/weight/$BIN"
rm -rf "$OUT"
mkdir -p "$OUT"
# wasm-bindgen keeps the name section (it drops only DWARF).
wasm-bindgen --target web --no-typescript --out-dir "$OUT" "$WASM"
wasm-opt "$OPT" -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$OUT/${BIN}_bg.opt.wasm" "$OUT/${BIN}_bg.wasm"

size() { printf '%10s raw %10s gzip' "$(wc -c < "$1")" "$(gzip -9 -n -c "$1" | wc -c)"; }
echo "== $BIN"
echo "cargo output (names, before wasm-bindgen): $(size "$WASM")"
echo "after wasm-bindgen (names):                $(size "$OUT/${BIN}_bg.wasm")"
echo "after wasm-opt $OPT, names kept (-g):       $(size "$OUT/${BIN}_bg.opt.wasm")"
echo "  (the name section is not shipped: dist's wasm is this without it)"
echo
echo "== twiggy top -n $TOP (after wasm-opt $OPT, names kept)"
twiggy top -n "$TOP" "$OUT/${BIN}_bg.opt.wasm"
echo
echo "== twiggy dominators -d 3 -r 40 (after wasm-opt $OPT)"
twiggy dominators -d 3 -r 40 "$OUT/${BIN}_bg.opt.wasm"
echo
echo "== twiggy top -n $TOP (before wasm-opt, as the compiler left it)"
twiggy top -n "$TOP" "$OUT/${BIN}_bg.wasm"
echo
# Code by crate: each item's shallow size summed by the crate its name starts with (for
# `<A as B>::f`, A's crate); data segments and the name section apart.
echo "== by crate (after wasm-opt $OPT; shallow bytes, by the crate each name starts with)"
twiggy top -n 1000000 -f json "$OUT/${BIN}_bg.opt.wasm" | node -e '
  let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
    const sums = new Map();
    for (const { name, shallow_size } of JSON.parse(text)) {
      let key;
      if (/^data segment/.test(name)) key = "(data segments)";
      else if (/subsection|custom section/.test(name)) key = "(" + name + ")";
      else {
        let bare = name; for (let prev = ""; prev !== bare; ) { prev = bare; bare = bare.replace(/^[<&*( ]+/, "").replace(/^(dyn|impl|mut|const) /, ""); }
        key = (bare.match(/^[A-Za-z0-9_]+/) || ["(other)"])[0];
        if (/^(u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool|char|str)$/.test(key)) key = "core (primitives)";
        if (/^(func|elem|table|type|import|export|global|memory)$/.test(key)) key = "(" + key + ")";
      }
      sums.set(key, (sums.get(key) || 0) + shallow_size);
    }
    [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log(String(v).padStart(10) + "  " + k));
  });'
