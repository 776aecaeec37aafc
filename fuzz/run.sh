#!/usr/bin/env bash
# Fuzzes every reader for SECONDS each (default 300), on the nightly
# toolchain: `cargo install cargo-fuzz` once. Not part of the test command.
# Prints each target's executions; exits 1 on the first crash (its input is
# left in fuzz/artifacts/<target>/). Leak detection is off: a registry is
# leaked on purpose (it lives as long as the process).
#
#   fuzz/run.sh          # 5 minutes a target
#   fuzz/run.sh 60
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
# Registries are leaked on purpose: no leak report at exit either.
export ASAN_OPTIONS=detect_leaks=0
mkdir -p target
# Without the nightly or cargo-fuzz, say so rather than fuzz nothing.
targets=$(cargo +nightly fuzz list) || exit 1
[ -n "$targets" ] || { echo "no fuzz targets" >&2; exit 1; }
for target in $targets; do
  log=target/$target.log
  if ! cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=65536 -detect_leaks=0 >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "$target: CRASH (see $log)" >&2
    exit 1
  fi
  echo "$target: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$log" | tail -1)"
done
