#!/usr/bin/env bash
# The compile time of 50 derived structs: a rebuild of that crate alone
# (its dependencies built beforehand), median of RUNS rounds, each round
# building every variant once so that the machine's noise falls on all alike.
#
#   benches/compile-time.sh            # HEAD: built-in table, a 50-setting file, and the peers
#   benches/compile-time.sh REV        # and jwt-config at REV, with each table too
#
# jwt-config is taken from git (HEAD, REV), not from the working tree, so
# that editing the tree while this runs changes nothing.
#
# Variants:
#   hand-written  50 loaders written with std::env::var (the baseline)
#   envconfig     the same 50 structs with #[derive(Envconfig)]
#   serde         the same 50 structs with #[derive(Deserialize)], loaded with envy
#   built-in      #[derive(JwtSettings)] against the built-in table (HEAD)
#   org-50        the same structs with JWT_CONFIG_REGISTRY naming a 50-setting file (HEAD)
#   REV           the same structs with jwt-config at git revision REV (built-in table)
#   REV-org-50    and with the 50-setting file (a REV that reads registry
#                 files: older ones build it against the built-in table)
#
# Figures are ratios to hand-written in the same run. Not part of the test
# command: it builds every variant's dependencies (a few minutes, cold).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-}
runs=${RUNS:-5}
structs=${STRUCTS:-50}
work=${WORK:-${TMPDIR:-/tmp}/jwt-config-compile-time}
mkdir -p "$work"

# The structs of issue 12's comparison: 8 settings, the two lifetimes with
# their legacy aliases.
derived_structs() {
  for i in $(seq 1 "$structs"); do
    cat <<EOF
#[derive(jwt_config::JwtSettings)]
pub struct Service$i {
    pub jwt_secret_key: jwt_config::SecretString,
    pub jwt_algorithm: jwt_config::Algorithm,
    #[jwt(alias = "JWT_ACCESS_EXPIRY_MINUTES")]
    pub jwt_access_token_expire_minutes: u32,
    #[jwt(alias = "JWT_REFRESH_EXPIRY_DAYS")]
    pub jwt_refresh_token_expire_days: u32,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<Vec<String>>,
    pub service_id: Option<String>,
    pub service_secret: Option<jwt_config::SecretString>,
}

pub fn load$i() -> Result<Service$i, jwt_config::LoadError> {
    <Service$i as jwt_config::JwtSettings>::from_env()
}

EOF
  done
}

hand_written_structs() {
  cat <<'EOF'
use std::env::var;

fn minutes(name: &str, alias: &str, default: u32) -> Result<u32, String> {
    match var(name).or_else(|_| var(alias)) {
        Ok(text) => text.trim().parse().map_err(|_| format!("{name}: not a number")),
        Err(_) => Ok(default),
    }
}

EOF
  for i in $(seq 1 "$structs"); do
    cat <<EOF
pub struct Service$i {
    pub jwt_secret_key: String,
    pub jwt_algorithm: String,
    pub jwt_access_token_expire_minutes: u32,
    pub jwt_refresh_token_expire_days: u32,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<Vec<String>>,
    pub service_id: Option<String>,
    pub service_secret: Option<String>,
}

pub fn load$i() -> Result<Service$i, String> {
    Ok(Service$i {
        jwt_secret_key: var("JWT_SECRET_KEY").map_err(|_| "JWT_SECRET_KEY: not set".to_owned())?,
        jwt_algorithm: var("JWT_ALGORITHM").unwrap_or_else(|_| "HS256".to_owned()),
        jwt_access_token_expire_minutes: minutes("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "JWT_ACCESS_EXPIRY_MINUTES", 15)?,
        jwt_refresh_token_expire_days: minutes("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "JWT_REFRESH_EXPIRY_DAYS", 7)?,
        jwt_issuer: var("JWT_ISSUER").ok(),
        jwt_audience: var("JWT_AUDIENCE").ok().map(|a| a.split(',').map(str::to_owned).collect()),
        service_id: var("SERVICE_ID").ok(),
        service_secret: var("SERVICE_SECRET").ok(),
    })
}

EOF
  done
}

envconfig_structs() {
  echo 'use envconfig::Envconfig;'
  for i in $(seq 1 "$structs"); do
    cat <<EOF
#[derive(Envconfig)]
pub struct Service$i {
    #[envconfig(from = "JWT_SECRET_KEY")]
    pub jwt_secret_key: String,
    #[envconfig(from = "JWT_ALGORITHM", default = "HS256")]
    pub jwt_algorithm: String,
    #[envconfig(from = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", default = "15")]
    pub jwt_access_token_expire_minutes: u32,
    #[envconfig(from = "JWT_REFRESH_TOKEN_EXPIRE_DAYS", default = "7")]
    pub jwt_refresh_token_expire_days: u32,
    #[envconfig(from = "JWT_ISSUER")]
    pub jwt_issuer: Option<String>,
    #[envconfig(from = "JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,
    #[envconfig(from = "SERVICE_ID")]
    pub service_id: Option<String>,
    #[envconfig(from = "SERVICE_SECRET")]
    pub service_secret: Option<String>,
}

pub fn load$i() -> Result<Service$i, envconfig::Error> {
    Service$i::init_from_env()
}

EOF
  done
}

serde_structs() {
  for i in $(seq 1 "$structs"); do
    cat <<EOF
#[derive(serde::Deserialize)]
pub struct Service$i {
    pub jwt_secret_key: String,
    #[serde(default)]
    pub jwt_algorithm: Option<String>,
    #[serde(alias = "jwt_access_expiry_minutes")]
    pub jwt_access_token_expire_minutes: Option<u32>,
    #[serde(alias = "jwt_refresh_expiry_days")]
    pub jwt_refresh_token_expire_days: Option<u32>,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<Vec<String>>,
    pub service_id: Option<String>,
    pub service_secret: Option<String>,
}

pub fn load$i() -> Result<Service$i, envy::Error> {
    envy::from_env::<Service$i>()
}

EOF
  done
}

# The built-in table and 37 more settings of several kinds: 50 in all.
org_file() {
  printf 'schema = 1\nextends = "standard"\n'
  for i in $(seq 1 37); do
    case $((i % 3)) in
      0) kind='kind = "integer"
min = 0
max = 1000
default = "10"' ;;
      1) kind='kind = "duration"
unit = "seconds"
min = 1
max = 3600
default = { development = "60", test = "30", staging = "30", production = "15" }' ;;
      *) kind='kind = "text"' ;;
    esac
    printf '\n[[setting]]\nname = "ACME_SETTING_%02d"\n%s\ncategory = "ACME_MISMATCH"\ndescription = "Setting %d."\n' "$i" "$kind" "$i"
  done
}

# make_crate DIR DEPENDENCIES SOURCE-GENERATOR
make_crate() {
  local dir=$1 deps=$2 generator=$3
  mkdir -p "$dir/src"
  {
    printf '[package]\nname = "fifty"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n'
    printf '%b' "$deps"
  } > "$dir/Cargo.toml"
  "$generator" > "$dir/src/lib.rs"
}

# jwt-config at a git revision, as a git dependency: cargo checks such a
# dependency by its revision, as it checks envconfig by its version, not by
# the modification time of every source file as it does a path dependency
# (that scan alone costs a no-op build some 20 ms here).
jwt_config_at() {
  printf 'jwt-config = { git = "file://%s", rev = "%s" }\n' "$root" "$(git -C "$root" rev-parse "$1")"
}

variants=(hand-written envconfig serde built-in org-50)
make_crate "$work/hand-written" "" hand_written_structs
make_crate "$work/envconfig" 'envconfig = "0.11"\n' envconfig_structs
make_crate "$work/serde" 'serde = { version = "1", features = ["derive"] }\nenvy = "0.4"\n' serde_structs
make_crate "$work/built-in" "$(jwt_config_at HEAD)" derived_structs
make_crate "$work/org-50" "$(jwt_config_at HEAD)" derived_structs
org_file > "$work/org-50/jwt-config.toml"
if [ -n "$rev" ]; then
  make_crate "$work/$rev" "$(jwt_config_at "$rev")" derived_structs
  make_crate "$work/$rev-org-50" "$(jwt_config_at "$rev")" derived_structs
  org_file > "$work/$rev-org-50/jwt-config.toml"
  variants+=("$rev" "$rev-org-50")
fi

registry_of() {
  case $1 in
    *org-50) echo "$work/$1/jwt-config.toml" ;;
    *) echo builtin ;;
  esac
}

# Cargo runs rustc through this wrapper, which times the compilation of the
# 50 structs alone. Cargo's own work (checking that every dependency is
# fresh) grows with the size of the dependency graph, not with the derive,
# so it is reported apart.
wrapper=$work/time-rustc
cat > "$wrapper" <<'EOF'
#!/usr/bin/env bash
case " $* " in
  *" --crate-name fifty "*)
    start=$(date +%s%N)
    "$@"
    status=$?
    echo $(( ($(date +%s%N) - start) / 1000000 )) > "$JWT_CONFIG_RUSTC_TIME"
    exit $status ;;
  *) exec "$@" ;;
esac
EOF
chmod +x "$wrapper"
export RUSTC_WRAPPER=$wrapper JWT_CONFIG_RUSTC_TIME=$work/rustc-time

build() {
  local variant=$1
  (cd "$work/$variant" && JWT_CONFIG_REGISTRY=$(registry_of "$variant") cargo build -q)
}

echo "dependencies of ${variants[*]} (not timed)..." >&2
for variant in "${variants[@]}"; do build "$variant"; done

declare -A rustc cargo
for round in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    touch "$work/$variant/src/lib.rs"
    start=$(date +%s%N)
    build "$variant"
    end=$(date +%s%N)
    cargo[$variant]+="$(( (end - start) / 1000000 )) "
    rustc[$variant]+="$(cat "$JWT_CONFIG_RUSTC_TIME") "
  done
  echo "round $round/$runs done" >&2
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
hand=$(echo "${rustc[hand-written]}" | median)
peer=$(echo "${rustc[envconfig]}" | median)
echo "$structs structs, rebuild of the crate alone, median of $runs rounds (ms)"
printf '  %-14s %6s  %8s  %10s  %11s   %s\n' variant rustc /hand /envconfig "cargo build" "rustc runs"
for variant in "${variants[@]}"; do
  r=$(echo "${rustc[$variant]}" | median)
  c=$(echo "${cargo[$variant]}" | median)
  printf '  %-14s %6d  %7.2fx  %9.2fx  %11d   %s\n' "$variant" "$r" \
    "$(echo "$r / $hand" | bc -l)" "$(echo "$r / $peer" | bc -l)" "$c" "${rustc[$variant]% }"
done
