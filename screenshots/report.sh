#!/usr/bin/env bash
# Makes the README's pictures of the printed report: renders the example site's HTML report
# with headless Chromium to an A4 PDF, then the first page of each part to PNG with pdftoppm.
#
# Needs: chromium, pdftoppm (Debian `poppler-utils`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
site="${1:-$root/checklists/examples/small-office.toml}"

for tool in chromium pdftoppm pdftotext; do
  command -v "$tool" >/dev/null || { echo "report.sh: $tool is not installed" >&2; exit 1; }
done
# NEC_HARDEN_BIN runs an already built binary instead (e.g. target/debug/nec-harden).
bin="${NEC_HARDEN_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin="$root/target/release/nec-harden"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" report "$site" --format html -o "$work/report.html"
# The report fits A4 and Letter alike; the pictures show A4.
sed -i 's|</style>|@page{size:A4}</style>|' "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --no-pdf-header-footer \
  --user-data-dir="$work/profile" --print-to-pdf="$work/report.pdf" "file://$work/report.html" \
  2>/dev/null
# The first page, and the first page of the technical record.
technical=$(pdftotext "$work/report.pdf" - | awk -v RS='\f' '!found && /Part 2: technical record/ { print NR; found = 1 }')
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$work/report.pdf" "$here/08-report-customer"
pdftoppm -r 80 -png -f "$technical" -l "$technical" -singlefile "$work/report.pdf" "$here/09-report-technical"
echo "screenshots/08-report-customer.png"
echo "screenshots/09-report-technical.png"
