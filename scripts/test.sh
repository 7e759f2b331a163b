#!/usr/bin/env bash
# Installs what the tests need (if missing) and runs every test: the core natively
# (cargo test, with property tests), then the built app in headless Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_test

say "Native tests of the core (cargo test)"
cargo test --locked
# The benchmarks are not run here (speed is measured, not tested), but they must compile.
cargo check --locked --benches --quiet

build_dist

say "Browser tests: the release bundle served on 127.0.0.1, driven in headless Chromium"
# Screenshots of every phase on a laptop, a projector and a phone (and the tests' own),
# written fresh on each run: target/screenshots/phases/<screen>-<laptop|projector|phone>.png
# (A folder you name in SCREENSHOTS is used as it is, never emptied.)
if [ -z "${SCREENSHOTS:-}" ]; then
    export SCREENSHOTS="$ROOT/target/screenshots"
    rm -rf "$SCREENSHOTS"
fi
mkdir -p "$SCREENSHOTS"
DIST="$ROOT/dist" node --test --test-concurrency=1 tests/browser/

# Sizes are deterministic for a build, so the budgets are a test: every page within its
# first-load budget, or (the facilitator's, until it meets its 300 KB) under its ceiling.
say "Release bundle size against each page's budget"
bash scripts/size-report.sh --enforce
