#!/usr/bin/env bash
# Prints Accord's performance figures (see PERFORMANCE.md): each page's first load against
# its gzip budget (scripts/size-report.sh), time to an interactive app in headless Chromium (median
# of several runs), and the core's criterion benchmarks. Nothing here fails on speed.
#   ./scripts/perf-report.sh            (full criterion runs; about 10 minutes)
#   QUICK=1 ./scripts/perf-report.sh    (criterion --quick; a couple of minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_test
build_dist

echo "== Release bundle: each page's first load against its budget (issue #17)"
./scripts/size-report.sh

echo
echo "== Time to interactive (headless Chromium, Performance API)"
DIST="$PWD/dist" node tests/perf/load-times.mjs "${RUNS:-7}"

echo
echo "== Core benchmarks (criterion)"
if [ -n "${QUICK:-}" ]; then
    cargo bench --locked --bench core -- --quick 2>/dev/null | grep -v '^Benchmarking' | grep -B1 'time:' | grep -v '^--$' || true
else
    cargo bench --locked --bench core 2>/dev/null | grep -v '^Benchmarking' | grep -B1 'time:' | grep -v '^--$' || true
fi
