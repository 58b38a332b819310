#!/usr/bin/env bash
# Vendor Torget's front-end files from the npm registry, once; the output is committed.
#
#   bash scripts/vendor.sh            (or: make vendor)
#
# Only the files the pages load are kept, each package with its licence, under
# torget/core/static/vendor/<package>/. A user's machine then needs Python only.
# To upgrade, change a version below, run the script and review the diff.
#
# The default theme comes from @digdir/designsystemet-css itself (dist/theme/designsystemet.css),
# built from the same tokens as the component CSS. @digdir/designsystemet-theme is deprecated
# upstream ("use @digdir/designsystemet-css/theme") and stopped at 1.11, so it is not used.
set -euo pipefail

DS_CSS_VERSION="${DS_CSS_VERSION:-1.22.0}"   # @digdir/designsystemet-css, major 1
INTER_VERSION="${INTER_VERSION:-5.3.0}"      # @fontsource/inter
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"       # htmx.org, major 2 (read the 2.x docs)
INTER_WEIGHTS=(400 500 600)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/torget/core/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fetch() {  # fetch <package@version> <dir>: npm pack into the temp dir and unpack it
  local spec="$1" dir="$WORK/$2"
  mkdir -p "$dir"
  local tarball
  if ! tarball="$(cd "$WORK" && npm pack --loglevel=error "$spec" 2>"$WORK/npm.log" | tail -n 1)" \
    || [ ! -f "$WORK/$tarball" ]; then
    echo "vendor.sh: npm pack $spec failed:" >&2
    cat "$WORK/npm.log" >&2
    exit 1
  fi
  tar -xzf "$WORK/$tarball" -C "$dir" --strip-components=1
  echo "$dir"
}

# Build into the temp dir and swap at the end: a failed run leaves the committed files alone.
FINAL="$DEST"
DEST="$WORK/vendor"
mkdir -p "$DEST"

# Designsystemet: components (layer ds.components) and the default theme (layer ds.theme).
src="$(fetch "@digdir/designsystemet-css@$DS_CSS_VERSION" ds-css)"
out="$DEST/designsystemet-css"
mkdir -p "$out"
cp "$src/dist/src/index.css" "$out/designsystemet.css"
cp "$src/dist/theme/designsystemet.css" "$out/theme.css"
cp "$src/LICENSE" "$out/LICENSE"

# Inter: latin subset, woff2 only, the weights the theme uses; one CSS file with local paths.
src="$(fetch "@fontsource/inter@$INTER_VERSION" inter)"
out="$DEST/fontsource-inter"
mkdir -p "$out/files"
cp "$src/LICENSE" "$out/LICENSE"
{
  echo "/* @fontsource/inter $INTER_VERSION: latin subset, woff2, weights ${INTER_WEIGHTS[*]} */"
  for weight in "${INTER_WEIGHTS[@]}"; do
    file="inter-latin-$weight-normal.woff2"
    cp "$src/files/$file" "$out/files/$file"
    # The upstream rule with its unicode-range, pointing at the woff2 file only.
    sed -e "s#src: url(./files/$file) format('woff2'), url([^)]*) format('woff');#src: url(files/$file) format('woff2');#" \
      "$src/latin-$weight.css"
    echo
  done
} >"$out/inter.css"
if grep -q "woff')" "$out/inter.css"; then
  echo "vendor.sh: the @fontsource/inter CSS changed shape; adapt the sed above" >&2
  exit 1
fi

# htmx: the minified build only (progressive enhancement; no page needs it to work).
src="$(fetch "htmx.org@$HTMX_VERSION" htmx)"
out="$DEST/htmx.org"
mkdir -p "$out"
cp "$src/dist/htmx.min.js" "$out/htmx.min.js"
cp "$src/LICENSE" "$out/LICENSE"

cat >"$DEST/VERSIONS.txt" <<VERSIONS
Vendored by scripts/vendor.sh from the npm registry. Do not edit by hand.
@digdir/designsystemet-css $DS_CSS_VERSION  MIT         designsystemet-css/{designsystemet.css,theme.css}
@fontsource/inter          $INTER_VERSION   OFL-1.1     fontsource-inter/{inter.css,files/*.woff2}
htmx.org                   $HTMX_VERSION  0BSD        htmx.org/htmx.min.js
VERSIONS

rm -rf "$FINAL"
mkdir -p "$(dirname "$FINAL")"
mv "$DEST" "$FINAL"

echo "Vendored into ${FINAL#"$ROOT"/}:"
(cd "$FINAL" && find . -type f | sort | xargs du -b | awk '{printf "  %8d  %s\n", $1, $2; total += $1} END {printf "  %8d  total bytes\n", total}')
