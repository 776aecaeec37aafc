#!/usr/bin/env bash
# `jwt-config check` at scale: 10, 100, 1,000 and 10,000 services of one
# environment, and one 64 MiB .env file; wall time and peak memory of the
# release build, each against the smallest run of the same script.
#
#   benches/check-scale.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-${TMPDIR:-/tmp}/jwt-config-check-scale}
rm -rf "$work" && mkdir -p "$work"
cargo build -q --release -p jwt-config-cli --manifest-path "$root/Cargo.toml"
bin=$root/target/release/jwt-config

measure() { # measure LABEL ARGS...: the label, seconds and peak MiB
  local label=$1 status=0; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" "$@" --quiet >/dev/null 2>"$work/stderr" || status=$?
  # 0 or 1 (drift found) is a check that ran; anything else is not a figure.
  if [ "$status" -gt 1 ]; then
    echo "$label: jwt-config exited $status:" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  # time writes "Command exited with non-zero status" first when it was 1.
  tail -1 "$work/time" | awk -v label="$label" '{ printf "  %-18s %7.2f s %8.1f MiB\n", label, $1, $2 / 1024 }'
}

for n in 10 100 1000 10000; do
  dir=$work/services-$n/development
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    printf 'JWT_SECRET_KEY=shared-dev-secret-1\nJWT_ACCESS_TOKEN_EXPIRE_MINUTES=15\nSERVICE_ID=svc-%d\nSERVICE_SECRET=shared-dev-secret-2\nDATABASE_URL=postgres://db/%d\n' "$i" "$i" > "$dir/svc-$i.env"
  done
done
big=$work/big/development
mkdir -p "$big"
awk 'BEGIN { while (size < 64 * 1024 * 1024) { line = sprintf("SOME_VARIABLE_%d=some-value-that-is-long-enough\n", n++); printf "%s", line; size += length(line) } }' > "$big/svc.env"
echo "JWT_SECRET_KEY=dev-secret-1" >> "$big/svc.env"

echo "check, release build (wall time, peak memory):"
for n in 10 100 1000 10000; do
  measure "$n services" check "$work/services-$n"
done
measure "one 64 MiB file" check "$work/big" --max-file-size 65M
