#!/usr/bin/env bash
# Prints the release bundle's sizes (raw, gzip -9, brotli) per kind of file.
# Run after `trunk build --release` (scripts/test.sh does).
set -euo pipefail
DIST="${DIST:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
[ -d "$DIST" ] || { echo "no $DIST: build first (trunk build --release --offline)"; exit 1; }
have_brotli=$(command -v brotli >/dev/null && echo yes || echo no)
printf '%-6s %10s %10s %10s\n' kind raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for kind in wasm js css html; do
    raw=0; gz=0; br=0
    while IFS= read -r -d '' f; do
        raw=$((raw + $(wc -c < "$f")))
        gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
        if [ "$have_brotli" = yes ]; then br=$((br + $(brotli -c -q 11 "$f" | wc -c))); fi
    done < <(find "$DIST" -maxdepth 1 -name "*.$kind" -print0)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
    printf '%-6s %10s %10s %10s\n' "$kind" "$raw" "$gz" "$([ "$have_brotli" = yes ] && echo "$br" || echo n/a)"
done
printf '%-6s %10s %10s %10s\n' total "$total_raw" "$total_gz" "$([ "$have_brotli" = yes ] && echo "$total_br" || echo n/a)"
echo "(bytes; the app shell only, not the demo file or schema copied beside it)"
