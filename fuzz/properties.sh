#!/usr/bin/env bash
# The long run of the "no secret in any output" property suite:
# CASES cases (default 100,000), release build. Not part of the test command.
#
#   fuzz/properties.sh
#   fuzz/properties.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
JWT_CONFIG_PROPTEST_CASES=${1:-100000} cargo test --release -p jwt-config-cli --test leaks
