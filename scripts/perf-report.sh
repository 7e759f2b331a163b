#!/usr/bin/env bash
# Prints Accord's performance figures (see PERFORMANCE.md): the release bundle's sizes
# against the 350 KB gzip budget, time to an interactive app in headless Chromium (median
# of several runs), and the core's criterion benchmarks. Nothing here fails on speed.
#   ./scripts/perf-report.sh            (full criterion runs; about 10 minutes)
#   QUICK=1 ./scripts/perf-report.sh    (criterion --quick; a couple of minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_test
build_dist

echo "== Release bundle"
./scripts/size-report.sh
for total_gz in $(./scripts/size-report.sh | awk '$1 == "total" { print $3 }'); do
    echo "budget 358400 bytes gzip (350 KB): $total_gz is $( [ "$total_gz" -le 358400 ] && echo "within" || echo "OVER by $((total_gz - 358400)) bytes")"
done

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
