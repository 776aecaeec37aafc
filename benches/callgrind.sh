#!/usr/bin/env bash
# Instructions per load of the 8-field struct from the process environment,
# jwt-config against hand-written std::env::var code, under callgrind: the
# figure that holds still on a shared machine. Start-up is taken out by
# counting 1 and 1001 loads and dividing the difference by 1000.
#
#   benches/callgrind.sh
set -euo pipefail
shopt -s inherit_errexit
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build -q --release --bench load_instructions
bin=$(ls -t target/release/deps/load_instructions-* | grep -v '\.d$' | head -1)
out=$(mktemp -d)

count() { # count WHICH N: total instructions
  # Only the bench's variables: a JWT_* of the caller's shell would change
  # what is measured, or fail the load.
  if ! env -i PATH="$PATH" valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
    "$bin" "$1" "$2" >"$out/log" 2>&1; then
    cat "$out/log" >&2
    exit 1
  fi
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log"
}

per_load() {
  local one many
  one=$(count "$1" 1)
  many=$(count "$1" 1001)
  echo $(( (many - one) / 1000 ))
}

hand=$(per_load hand-written)
jwt=$(per_load jwt-config)
echo "instructions per load (callgrind):"
printf '  %-14s %8d  1.00x\n' hand-written "$hand"
printf '  %-14s %8d  %.2fx\n' jwt-config "$jwt" "$(echo "$jwt / $hand" | bc -l)"
rm -rf "$out"
