#!/usr/bin/env bash
# Prints the release bundles' sizes (raw, gzip -9, brotli) per kind of file: the
# facilitator's app (dist/), the participant's page (dist/vote/) and the viewer (dist/view/).
# Run after the release build (scripts/test.sh does).
set -euo pipefail
DIST="${DIST:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
[ -d "$DIST" ] || { echo "no $DIST: build first (see build_dist in scripts/setup.sh)"; exit 1; }
have_brotli=$(command -v brotli >/dev/null && echo yes || echo no)

report() {
    local dir="$1" label="$2"
    echo "$label"
    printf '%-6s %10s %10s %10s\n' kind raw gzip brotli
    local total_raw=0 total_gz=0 total_br=0
    for kind in wasm js css html; do
        local raw=0 gz=0 br=0
        while IFS= read -r -d '' f; do
            raw=$((raw + $(wc -c < "$f")))
            gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
            if [ "$have_brotli" = yes ]; then br=$((br + $(brotli -c -q 11 "$f" | wc -c))); fi
        done < <(find "$dir" -maxdepth 1 -name "*.$kind" -print0)
        total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
        printf '%-6s %10s %10s %10s\n' "$kind" "$raw" "$gz" "$([ "$have_brotli" = yes ] && echo "$br" || echo n/a)"
    done
    printf '%-6s %10s %10s %10s\n' total "$total_raw" "$total_gz" "$([ "$have_brotli" = yes ] && echo "$total_br" || echo n/a)"
}

report "$DIST" "Facilitator's app (dist/)"
if [ -d "$DIST/vote" ]; then
    echo
    report "$DIST/vote" "Participant's page (dist/vote/)"
fi
if [ -d "$DIST/view" ]; then
    echo
    report "$DIST/view" "Viewer (dist/view/; budget 150 KB gzip, tests/browser/viewer-size.test.mjs)"
fi
echo "(bytes; the app shells only, not the demo file or schema copied beside them)"
