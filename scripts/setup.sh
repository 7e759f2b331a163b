# Sourced by scripts/serve.sh and scripts/test.sh. Installs only what is missing, from the
# package registries only (crates.io, npm, Debian), so it is quick when all is in place.
# Versions: see ../shared/TOOLCHAIN.md facts reflected in README.md.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm-bindgen version the build will link against, read from Cargo.lock so the CLI
# always matches the library.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

setup_build() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "Adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi

    # trunk runs cargo offline, so every crate must be fetched first (a no-op when cached).
    cargo fetch --quiet

    if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
        say "Installing trunk $TRUNK_VERSION (takes a while on 2 cores; once only)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi

    local wbg
    wbg="$(wasm_bindgen_version)"
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
        say "Installing wasm-bindgen-cli $wbg (matches Cargo.lock)"
        # Not --locked: its lock file names a crate version the registry mirror lacks.
        cargo install wasm-bindgen-cli --version "=$wbg"
    fi

    setup_wasm_split

    # brotli writes the precompressed .br files beside the bundle (build_dist).
    if ! command -v brotli >/dev/null; then
        say "Installing brotli from Debian"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli >/dev/null
    fi

    # npm packages: binaryen's wasm-opt (Debian's binaryen corrupts the wasm), esbuild (minifies
    # the release CSS and JS glue, scripts/minify.mjs), jsQR, axe-core and playwright-core.
    # Reinstalled only when package-lock.json changes.
    local stamp="node_modules/.accord-lock-sha"
    local want
    want="$(sha256sum package-lock.json | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        say "Installing npm packages"
        npm ci --no-audit --no-fund --loglevel=error
        echo "$want" > "$stamp"
    fi
}

# wasm-split-cli splits the facilitator's wasm into a module per phase screen, loaded on
# demand (scripts/split-wasm.sh, trunk's post_build hook; issue #17). Pinned; from crates.io.
WASM_SPLIT_VERSION="0.2.4"
setup_wasm_split() {
    if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        say "Installing wasm_split_cli_support $WASM_SPLIT_VERSION (splits the app per screen; once only)"
        cargo install --locked wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --features build-binary
    fi
}

setup_test() {
    setup_build
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v brotli >/dev/null; then
        say "Installing Chromium and chromedriver from Debian"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver brotli >/dev/null
    fi
}

# The participant's page, the viewer and the presenter window first: the facilitator's
# build copies them in as dist/vote, dist/view and dist/present.
build_dist() {
    say "Building the release bundle with trunk (offline)"
    trunk --config Trunk.vote.toml build --release --offline
    trunk --config Trunk.view.toml build --release --offline
    trunk --config Trunk.present.toml build --release --offline
    trunk build --release --offline
    precompress dist
}

# Writes NAME.gz (gzip -9) and NAME.br (brotli -q 11) beside every .wasm, .js, .css, .html,
# .json, .svg and .webmanifest file under the folder (every page's folder included), for
# hosts that serve precompressed files. Deterministic: no names or times in the .gz.
precompress() {
    say "Writing precompressed .gz and .br files in $1"
    find "$1" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
        -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) -print0 |
        while IFS= read -r -d '' f; do
            gzip -9 -n -c "$f" > "$f.gz"
            brotli -q 11 -f -o "$f.br" "$f"
        done
}
