#!/usr/bin/env bash
# The first load of each page against its budget: everything the page fetches before it
# shows (its HTML, and what the HTML loads: the wasm, the JS glue, CSS, scripts, the icon),
# in gzip -9 and brotli -q 11, per file and in total. Budgets are on the gzip total.
#
#   scripts/size-report.sh             # report; exits 0 whatever the sizes
#   scripts/size-report.sh --enforce   # exits 1 if any page is over its budget (or, for a
#                                      # page with a ceiling, over its ceiling)
#   scripts/size-report.sh --enforce / /vote/   # enforce only the pages named
#
# Pages: the facilitator's app (/, dist/index.html), the participant's page (/vote/), the
# read-only view (/view/) and the presenter window (/present/) when they exist; any other dist/*/index.html is reported with
# the default budget. The demo workshop is compiled into the facilitator's wasm
# (src/domain/demo.rs), so it is counted there; a file a page fetches at start without the
# HTML naming it goes in EXTRA below. Sizes are deterministic for a given build, so the
# enforced form is a test, not a timing. Run after the release build (build_dist).
set -euo pipefail
DIST="${DIST:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
[ -d "$DIST" ] || { echo "no $DIST: build first (see build_dist in scripts/setup.sh)"; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing: run setup_test (scripts/setup.sh) first"; exit 1; }

KB=1024
# The presenter window (/present/) is opened on the facilitator's laptop after the
# facilitator's page (whose service worker has usually cached it by then), never on a
# phone; it shares the tree, map, matrix and QR drawing and the workshop's restore, so its
# budget is 400 KB (377 KB when it became its own page).
declare -A BUDGET=([/]=$((300 * KB)) [/vote/]=$((150 * KB)) [/view/]=$((150 * KB)) [/present/]=$((400 * KB)))
DEFAULT_BUDGET=$((150 * KB))
# A page not yet within its budget is held under a ceiling instead: what it weighed when the
# ceiling was set, with a few KB of room, so it can only get lighter until it meets the
# budget (then its ceiling is removed). The facilitator's first load was 1,161,813 bytes
# gzip before issue #17's work, 619,089 after its first session, 408,389 after its second
# (2026-11-29, parts of the shell on demand and one shared sort), about 400,800 after its
# third (2026-11-30, minified CSS and JS glue) and 304,495 after its fourth (2026-11-30:
# the demo built in code and stored as it ships, so the restore and save paths and the
# stepper's conflict count come after the first paint); it meets its budget, so no page
# has a ceiling now.
declare -A CEILING=()
# Files a page fetches at start that its HTML does not name (paths under dist/).
declare -A EXTRA=([/]="")
# The facilitator's screens are wasm modules fetched on demand (scripts/split-wasm.sh); the
# first visit shows Define, so its loader and modules count in the first load of /.
FIRST_SCREEN=define_screen
split_manifest() { find "$DIST" -maxdepth 2 -path '*/accord-web-*.split/manifest.json' | head -n 1; }
screen_files() { # manifest screen -> paths under dist/
    node -e 'const [m, s] = process.argv.slice(1); for (const f of JSON.parse(require("fs").readFileSync(m, "utf8"))[s] ?? []) console.log(f);' "$1" "$2" |
        sed "s#^#$(basename "$(dirname "$1")")/#"
}
if [ -n "$(split_manifest)" ]; then
    EXTRA[/]+=" $(basename "$(dirname "$(split_manifest)")")/__wasm_split.js $(screen_files "$(split_manifest)" "$FIRST_SCREEN" | paste -sd' ' -)"
fi

enforce=no
only=()
for arg in "$@"; do
    case "$arg" in
        --enforce) enforce=yes ;;
        /*) only+=("$arg") ;;
        *) echo "usage: $0 [--enforce] [/page/ ...]"; exit 2 ;;
    esac
done

# The files an HTML page loads: <script src>, <link href> except the manifest and the
# home-screen icon (fetched only on install), and the module script's imports and wasm.
refs() {
    local html="$1"
    grep -oE '<(link|script)[^>]*>' "$html" | grep -vE 'rel="(manifest|apple-touch-icon)"' |
        grep -oE '(src|href)="[^"]+"' | sed -E 's/^(src|href)="(.*)"$/\2/' || true
    grep -oE "(from|module_or_path:) '[^']+'" "$html" | sed -E "s/^[^']*'(.*)'$/\1/" || true
}

# A reference as a path under dist/: absolute from the site root, else from the page.
resolve() {
    local page_dir="$1" ref="${2%%[?#]*}"
    case "$ref" in
        http:* | https:* | data:*) return ;;
        /*) realpath -m "$DIST$ref" ;;
        *) realpath -m "$page_dir/$ref" ;;
    esac
}

gz() { gzip -9 -n -c "$1" | wc -c; }
br() { brotli -q 11 -c "$1" | wc -c; }
fmt() { printf "%'d" "$1"; }

failed=()
passed=()
held=()
report_page() {
    local page="$1" html="$DIST${1}index.html"
    local dir
    dir="$(dirname "$html")"
    local budget="${BUDGET[$page]:-$DEFAULT_BUDGET}"
    local files=("$html") ref f
    while IFS= read -r ref; do
        [ -n "$ref" ] || continue
        f="$(resolve "$dir" "$ref")"
        [ -n "$f" ] || continue
        if [ ! -f "$f" ]; then
            echo "$page names $ref, which is not in dist ($f)"
            exit 1
        fi
        files+=("$f")
    done < <(refs "$html"; for e in ${EXTRA[$page]:-}; do echo "/$e"; done)
    mapfile -t files < <(printf '%s\n' "${files[@]}" | awk '!seen[$0]++')

    echo "Page $page (first load)"
    printf '  %-44s %12s %10s %10s\n' file raw gzip brotli
    local total_raw=0 total_gz=0 total_br=0 raw g b
    for f in "${files[@]}"; do
        raw=$(wc -c < "$f"); g=$(gz "$f"); b=$(br "$f")
        total_raw=$((total_raw + raw)); total_gz=$((total_gz + g)); total_br=$((total_br + b))
        printf '  %-44s %12s %10s %10s\n' "${f#"$DIST"/}" "$(fmt "$raw")" "$(fmt "$g")" "$(fmt "$b")"
    done
    printf '  %-44s %12s %10s %10s\n' total "$(fmt "$total_raw")" "$(fmt "$total_gz")" "$(fmt "$total_br")"
    local verdict ceiling="${CEILING[$page]:-}"
    if [ "$total_gz" -le "$budget" ]; then
        verdict="PASS"
        passed+=("$page")
    else
        verdict="OVER by $(fmt $((total_gz - budget))) bytes"
        if [ -z "$ceiling" ]; then
            failed+=("$page")
        elif [ "$total_gz" -le "$ceiling" ]; then
            verdict+="; under its ceiling of $(fmt "$ceiling") bytes ($((ceiling / KB)) KB) until it meets the budget: HELD"
            held+=("$page")
        else
            verdict+="; and over its ceiling of $(fmt "$ceiling") bytes ($((ceiling / KB)) KB): FAIL"
            failed+=("$page")
        fi
    fi
    printf '  budget %s bytes gzip (%d KB): %s gzip = %d%% of budget: %s\n\n' \
        "$(fmt "$budget")" $((budget / KB)) "$(fmt "$total_gz")" $((100 * total_gz / budget)) "$verdict"
}

pages=(/)
while IFS= read -r html; do
    pages+=("/$(basename "$(dirname "$html")")/")
done < <(find "$DIST" -mindepth 2 -maxdepth 2 -name index.html | sort)
[ ${#only[@]} -gt 0 ] && pages=("${only[@]}")
for page in "${pages[@]}"; do
    [ -f "$DIST${page}index.html" ] || { echo "no page $page in $DIST"; exit 1; }
    report_page "$page"
done

# Each screen's modules, fetched when the screen is first opened (not part of any first load
# except the first screen's, counted above).
if [ -n "$(split_manifest)" ] && [ ${#only[@]} -eq 0 ]; then
    echo "Screens of / loaded on demand ($(basename "$(dirname "$(split_manifest)")"); gzip -9 per file)"
    for screen in $(node -e 'console.log(Object.keys(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))).sort().join(" "))' "$(split_manifest)"); do
        line="" sum=0
        while IFS= read -r f; do
            g=$(gz "$DIST/$f"); sum=$((sum + g)); line+=" ${f##*/}=$(fmt "$g")"
        done < <(screen_files "$(split_manifest)" "$screen")
        printf '  %-20s %10s gzip:%s\n' "$screen" "$(fmt "$sum")" "$line"
    done
    echo
fi

echo "Within budget: ${passed[*]:-none}"
echo "Over budget, held under a ceiling: ${held[*]:-none}"
echo "Over budget:   ${failed[*]:-none}"
if [ "$enforce" = yes ] && [ ${#failed[@]} -gt 0 ]; then
    echo "FAIL: over budget: ${failed[*]}"
    exit 1
fi
exit 0
