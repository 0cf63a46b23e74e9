#!/usr/bin/env bash
# Renders every output of `pmo report` to PDF and to PNG pages, for a visual
# check of the Word documents and the reconciliation workbook. Not run in CI.
#
#   scripts/render-pdf.sh [INPUTS] [OUT]     (defaults: samples/ out/)
#
# Needs LibreOffice and poppler (Debian/Ubuntu):
#   apt-get update && apt-get install -y libreoffice-writer-nogui \
#     libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito
# Set PMO to a pmo binary to skip `cargo run`.
set -euo pipefail

inputs=${1:-samples/}
out=${2:-out/}
pdf="$out/pdf"
png="$out/png"

for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "render-pdf: $tool not found (see the top of $0)" >&2; exit 2; }
done

if [[ -n "${PMO:-}" ]]; then
    "$PMO" report "$inputs" -o "$out" --generated "${GENERATED:-$(date +%F)}"
else
    cargo run --quiet -- report "$inputs" -o "$out" --generated "${GENERATED:-$(date +%F)}"
fi

mkdir -p "$pdf" "$png"
# A private profile: a running LibreOffice would otherwise take the job.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shopt -s nullglob
for f in "$out"/*.docx "$out"/*.xlsx; do
    soffice -env:UserInstallation="file://$profile" --headless \
        --convert-to pdf --outdir "$pdf" "$f" >/dev/null
    # Two inputs with one stem would share a PDF: keep the extension.
    stem=$(basename "$f")
    mv "$pdf/${stem%.*}.pdf" "$pdf/$stem.pdf"
    pdftoppm -png -r "${DPI:-70}" "$pdf/$stem.pdf" "$png/$stem"
    echo "$f: $(ls "$png/$stem"*.png | wc -l) page(s)"
done
echo "PDFs in $pdf, pages in $png"
