#!/usr/bin/env bash
# The cold build of a service: a crate that depends on serde (with derive)
# and jwt-config, built from nothing (an empty target directory, the
# registry's sources already downloaded), against the same crate with
# envconfig in place of jwt-config, in the same run.
#
#   benches/cold-build.sh            # jwt-config at HEAD
#   benches/cold-build.sh REV        # and at REV, for a before/after
#
# Per variant: the wall time of `cargo build` (median of RUNS), the units
# cargo compiles, and how many times it compiles `syn` and `jwt-config-core`
# (a crate compiled twice is one the graph could share). Variants:
#   envconfig        serde + envconfig (the baseline)
#   HEAD / REV       serde + jwt-config, default features
#   HEAD-tokens ...  and with the `jsonwebtoken` feature
#
# jwt-config is taken from git, not the working tree. Not part of the test
# command: each round is several cold builds (minutes on two cores).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-}
runs=${RUNS:-3}
work=${WORK:-${TMPDIR:-/tmp}/jwt-config-cold-build}
rm -rf "$work"
mkdir -p "$work"

git_dep() {
  printf 'jwt-config = { git = "file://%s", rev = "%s"%s }\n' \
    "$root" "$(git -C "$root" rev-parse "$1")" "$2"
}

# A service: one struct loaded by the derive, one serde type beside it.
crate() {
  local name=$1 dep=$2 body=$3
  mkdir -p "$work/$name/src"
  cat >"$work/$name/Cargo.toml" <<EOF
[package]
name = "cold-$name"
version = "0.1.0"
edition = "2021"

[dependencies]
serde = { version = "1", features = ["derive"] }
$dep
EOF
  printf '%s\n' "$body" >"$work/$name/src/main.rs"
}

jwt_body='#[derive(jwt_config::JwtSettings)]
struct Auth {
    jwt_secret_key: jwt_config::SecretString,
    jwt_access_token_expire_minutes: u32,
}
#[derive(serde::Deserialize)]
struct Claims { sub: String }
fn main() {
    let _ = <Auth as jwt_config::JwtSettings>::from_env().map(|a| a.jwt_access_token_expire_minutes);
    let _ = std::mem::size_of::<Claims>();
}'
envconfig_body='use envconfig::Envconfig;
#[derive(Envconfig)]
struct Auth {
    #[envconfig(from = "JWT_SECRET_KEY")]
    jwt_secret_key: String,
    #[envconfig(from = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", default = "15")]
    jwt_access_token_expire_minutes: u32,
}
#[derive(serde::Deserialize)]
struct Claims { sub: String }
fn main() {
    let _ = Auth::init_from_env().map(|a| (a.jwt_secret_key, a.jwt_access_token_expire_minutes));
    let _ = std::mem::size_of::<Claims>();
}'

variants=(envconfig)
crate envconfig 'envconfig = "0.11"' "$envconfig_body"
for at in HEAD ${rev:+"$rev"}; do
  label=${at//\//-}
  crate "$label" "$(git_dep "$at" "")" "$jwt_body"
  crate "$label-tokens" "$(git_dep "$at" ', features = ["jsonwebtoken"]')" "$jwt_body"
  variants+=("$label" "$label-tokens")
done

# Fetch once, so that no round times the network.
for variant in "${variants[@]}"; do
  (cd "$work/$variant" && cargo fetch -q)
done

declare -A times units syns cores
for round in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    target="$work/target-$variant"
    rm -rf "$target"
    start=$(date +%s.%N)
    log=$(cd "$work/$variant" && CARGO_TARGET_DIR="$target" cargo build --offline -v 2>&1) || {
      echo "$variant does not build:" >&2
      echo "$log" >&2
      exit 1
    }
    end=$(date +%s.%N)
    times[$variant]+="$(echo "$end - $start" | bc) "
    # One `rustc --crate-name` a unit (a build script's build and its run
    # count apart); a crate built for the host and the target counts twice.
    units[$variant]=$(grep -c 'Running `.*rustc --crate-name ' <<<"$log" || true)
    syns[$variant]=$(grep -c 'Running `.*rustc --crate-name syn ' <<<"$log" || true)
    cores[$variant]=$(grep -c 'Running `.*rustc --crate-name jwt_config_core ' <<<"$log" || true)
  done
  echo "round $round done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
base=$(median <<<"${times[envconfig]}")
printf '%-22s %8s %8s %6s %5s %18s\n' variant wall-s ratio units syn jwt-config-core
for variant in "${variants[@]}"; do
  t=$(median <<<"${times[$variant]}")
  printf '%-22s %8.1f %8.2f %6s %5s %18s\n' "$variant" "$t" "$(echo "$t / $base" | bc -l)" \
    "${units[$variant]}" "${syns[$variant]}" "${cores[$variant]}"
done
