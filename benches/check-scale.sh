#!/usr/bin/env bash
# `jwt-config check` at scale: 10, 100, 1,000 and 10,000 services of one
# environment, and one 64 MiB .env file. Each is measured against its
# floor in the same run: `dotenv-floor` (benches/peers), which reads and
# parses the same files with dotenvy, as the services would, and does
# nothing else. Wall time (median of RUNS runs) and peak memory, release
# builds.
#
# Then hostile shapes, each against the floor of reading its files once
# with dotenvy (what the check cannot do less than), and the issue's bound
# of 2 s and 200 MiB: 3,000 Compose services sharing one 1 MiB env_file,
# one service listing an env_file 2,000 times, 3,000 Pods taking one 1 MiB
# ConfigMap with envFrom, one service listing 20,000 distinct small
# env_files, one Pod taking 20,000 ConfigMaps with envFrom, and a 355-byte
# .env that doubles a value 28 times (a service's own .env, and a Compose
# project's).
#
#   RUNS=5 benches/check-scale.sh
#   CHECK=path/to/an/older/jwt-config benches/check-scale.sh   (to compare builds)
set -euo pipefail
shopt -s inherit_errexit
# bc and the times below use `.` for decimals.
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "RUNS must be a positive number, not \`$runs'" >&2
  exit 2
fi
work=${WORK:-${TMPDIR:-/tmp}/jwt-config-check-scale}
rm -rf "$work" && mkdir -p "$work"
cargo build -q --release -p jwt-config-cli --manifest-path "$root/Cargo.toml"
cargo build -q --release --bin dotenv-floor --manifest-path "$root/benches/peers/Cargo.toml"
check=${CHECK:-$root/target/release/jwt-config}
floor=$root/benches/peers/target/release/dotenv-floor

# run and measure, over $work and $runs.
source "$root/benches/measure.sh"

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
# The same shape at 16 MiB with a comment on every line: no loader is
# declared, so the check reads it with all four loaders and compares them.
commented=$work/commented/development
mkdir -p "$commented"
awk 'BEGIN { while (size < 16 * 1024 * 1024) { line = sprintf("SOME_VARIABLE_%d=some-value # with a note\n", n++); printf "%s", line; size += length(line) } }' > "$commented/svc.env"
echo "JWT_SECRET_KEY=dev-secret-1" >> "$commented/svc.env"

echo "check against dotenvy reading the same files (release, median of $runs):"
printf '  %-16s %10s %10s %7s %11s %11s %7s\n' input floor check ratio "floor mem" "check mem" ratio
row() { # row LABEL DIR [CHECK ARGS...]
  local label=$1 dir=$2 floor_run check_run f_ms f_kib c_ms c_kib; shift 2
  # The floor must succeed; a check exits 1 when it finds drift.
  floor_run=$(measure 0 "$floor" "$dir")
  check_run=$(measure 1 "$check" check "$dir" --quiet "$@")
  read -r f_ms f_kib <<<"$floor_run"
  read -r c_ms c_kib <<<"$check_run"
  printf '  %-16s %8.1fms %8.1fms %6.2fx %8.1fMiB %8.1fMiB %6.2fx\n' "$label" \
    "$f_ms" "$c_ms" "$(echo "$c_ms / $f_ms" | bc -l)" \
    "$(echo "$f_kib / 1024" | bc -l)" "$(echo "$c_kib / 1024" | bc -l)" "$(echo "$c_kib / $f_kib" | bc -l)"
}
for n in 10 100 1000 10000; do
  row "$n services" "$work/services-$n"
done
row "one 64 MiB file" "$work/big" --max-file-size 65M
row "16 MiB, 4 loaders" "$work/commented"

# Hostile shapes.
shared=$work/compose-shared/development
mkdir -p "$shared"
awk 'BEGIN { while (size < 1024 * 1024) { line = sprintf("SHARED_VARIABLE_%d=some-value-that-is-long-enough\n", n++); printf "%s", line; size += length(line) } }' > "$shared/shared.env"
echo "JWT_SECRET_KEY=dev-secret-1" >> "$shared/shared.env"
{
  echo "services:"
  for i in $(seq 1 3000); do printf '  svc-%d:\n    env_file: shared.env\n' "$i"; done
} > "$shared/compose.yaml"
# The same with one variable referred to: parsed once for every service
# whose lookups answer it alike.
referring=$work/compose-referring/development
mkdir -p "$referring"
cp "$shared/shared.env" "$referring/shared.env"
echo 'REFERRING=${UNSET_VARIABLE:-default}' >> "$referring/shared.env"
cp "$shared/compose.yaml" "$referring/compose.yaml"
# Anchors nested 120 deep around 330,000 scalars (about 1 MiB): each
# level would keep a copy of all below it.
anchors=$work/compose-anchors/development
mkdir -p "$anchors"
{
  printf 'x-deep: '
  for i in $(seq 1 120); do printf '&a%d [' "$i"; done
  awk 'BEGIN { for (i = 0; i < 330000; i++) printf "%sv", (i ? "," : "") }'
  for _ in $(seq 1 120); do printf ']'; done
  printf '\nservices:\n  svc:\n    environment:\n      JWT_SECRET_KEY: dev-secret-1\n'
} > "$anchors/compose.yaml"
listed=$work/compose-listed/development
mkdir -p "$listed"
cp "$shared/shared.env" "$listed/shared.env"
{
  printf 'services:\n  svc:\n    env_file:\n'
  for _ in $(seq 1 2000); do echo "      - shared.env"; done
} > "$listed/compose.yaml"
doubling() { # doubling FILE: 16 bytes, then 28 lines each naming the one above twice
  { echo "A0=0123456789abcdef"; for i in $(seq 1 28); do echo "A$i=\$A$((i - 1))\$A$((i - 1))"; done; } > "$1"
}
mkdir -p "$work/doubling-env/development" "$work/doubling-compose/development"
doubling "$work/doubling-env/development/svc.env"
doubling "$work/doubling-compose/development/.env"
printf 'services:\n  svc:\n    environment:\n      JWT_SECRET_KEY: $A28\n' > "$work/doubling-compose/development/compose.yaml"
pods=$work/kube-shared/development
mkdir -p "$pods"
{
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n'
  awk 'BEGIN { while (size < 1024 * 1024) { line = sprintf("  SHARED_VARIABLE_%d: some-value-that-is-long-enough\n", n++); printf "%s", line; size += length(line) } }'
  for i in $(seq 1 3000); do
    printf -- '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-%d\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - configMapRef:\n                name: shared\n' "$i"
  done
} > "$pods/manifests.yaml"
# One service, 20,000 distinct small tables: an env_file list, a Pod's
# envFrom. Each table taken must not go through every earlier one.
many_files=$work/compose-many-files/development
mkdir -p "$many_files" "$work/floor-many"
for i in $(seq 1 20000); do printf 'VAR_%d=value-%d\n' "$i" "$i" > "$work/floor-many/f$i.env"; done
cp "$work/floor-many/"*.env "$many_files/"
{
  printf 'services:\n  svc:\n    environment:\n      JWT_SECRET_KEY: dev-secret-1\n    env_file:\n'
  for i in $(seq 1 20000); do echo "      - f$i.env"; done
} > "$many_files/compose.yaml"
many_maps=$work/kube-many-maps/development
mkdir -p "$many_maps"
{
  for i in $(seq 1 20000); do
    printf -- 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m%d\ndata:\n  VAR_%d: value-%d\n---\n' "$i" "$i" "$i"
  done
  printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - {name: JWT_SECRET_KEY, value: dev-secret-1}\n          envFrom:\n'
  for i in $(seq 1 20000); do printf '            - configMapRef: {name: m%d}\n' "$i"; done
} > "$many_maps/manifests.yaml"
# The floor of each: its files read once by dotenvy (the doubling file is
# read without its doubling lines: dotenvy would not finish it).
mkdir -p "$work/floor-shared" "$work/floor-small"
cp "$shared/shared.env" "$work/floor-shared/shared.env"
echo "A0=0123456789abcdef" > "$work/floor-small/svc.env"
hostile() { # hostile LABEL DIR FLOOR_DIR: exit 1 or 2 allowed, a clear error
  local label=$1 dir=$2 floor_dir=$3 floor_run check_run f_ms f_kib c_ms c_kib
  floor_run=$(measure 0 "$floor" "$floor_dir")
  check_run=$(measure 2 "$check" check "$dir" --quiet)
  read -r f_ms f_kib <<<"$floor_run"
  read -r c_ms c_kib <<<"$check_run"
  printf '  %-16s %8.1fms %8.1fms %6.2fx %8.1fMiB %8.1fMiB %6.2fx\n' "$label" \
    "$f_ms" "$c_ms" "$(echo "$c_ms / $f_ms" | bc -l)" \
    "$(echo "$f_kib / 1024" | bc -l)" "$(echo "$c_kib / 1024" | bc -l)" "$(echo "$c_kib / $f_kib" | bc -l)"
  if [ "$(echo "$c_ms > 2000 || $c_kib > 200 * 1024" | bc -l)" = 1 ]; then
    echo "  $label: past the bound of 2 s and 200 MiB" >&2
    exit 1
  fi
}
echo "hostile shapes, against their files read once by dotenvy (bound: 2 s, 200 MiB):"
hostile "3000 x 1MiB file" "$work/compose-shared" "$work/floor-shared"
hostile "env_file x2000" "$work/compose-listed" "$work/floor-shared"
hostile "3000 pods x 1MiB" "$work/kube-shared" "$work/floor-shared"
hostile "20000 env_files" "$work/compose-many-files" "$work/floor-many"
hostile "envFrom x20000" "$work/kube-many-maps" "$work/floor-many"
hostile "3000 x 1MiB, \$X" "$work/compose-referring" "$work/floor-shared"
hostile "nested anchors" "$work/compose-anchors" "$work/floor-small"
hostile "doubling .env" "$work/doubling-env" "$work/floor-small"
hostile "doubling Compose" "$work/doubling-compose" "$work/floor-small"
