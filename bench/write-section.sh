#!/usr/bin/env bash
# Replaces one section of bench/RESULTS.md (the lines between "<!-- begin NAME -->" and
# "<!-- end NAME -->") with standard input, or appends it when there is none yet; the other
# benchmarks' sections stay as they are. Usage: bench/write-section.sh NAME < text
set -euo pipefail
name=$1
file="$(dirname "$0")/RESULTS.md"
new=$(mktemp)
{ echo "<!-- begin $name -->"; cat; echo "<!-- end $name -->"; } > "$new"
touch "$file"
if grep -qx "<!-- begin $name -->" "$file"; then
  awk -v begin="<!-- begin $name -->" -v end="<!-- end $name -->" -v section="$new" '
    $0 == begin { while ((getline line < section) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0; next }
    !skipping { print }' "$file" > "$file.tmp"
else
  { cat "$file"; echo; cat "$new"; } > "$file.tmp"
fi
mv "$file.tmp" "$file"
rm -f "$new"
