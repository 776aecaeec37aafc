#!/usr/bin/env bash
# Regenerates the golden answers of this folder with compose-go itself: the
# compose-go oracle (../shared/tools/compose-go-oracle beside the project,
# compose-go's own dotenv and template packages) built with Debian's Go.
#   apt-get install -y golang-go && jwt-config-deployment/tests/golden/compose/generate.sh
# The test command needs none of this: it reads the answers committed here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
oracle_src="${ORACLE:-$here/../../../../../shared/tools/compose-go-oracle}"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
cp -r "$oracle_src" "$build/src"
(cd "$build/src" && go build -o "$build/cgo" .)
cgo="$build/cgo"
cd "$here"
# Each project .env: what `docker compose` reads (no shell variables).
for input in env/*.env; do
  "$cgo" project "$input" > "${input%.env}.json"
done
# Each line of templates.txt: one value of a Compose file, interpolated
# with project.json as the project's variables.
while IFS= read -r template; do
  "$cgo" subst project.json "$template"
done < templates.txt > templates.jsonl
# Each service spec: its final environment, compose-go >= 2.5 ("new") and
# 2.4 ("legacy").
for spec in service/*.spec.json; do
  "$cgo" service "$spec" > "${spec%.spec.json}.answer.json"
done
# Each line of scalars.txt: an unquoted `environment:` value, as compose-go
# passes it to the container (go-yaml's typing, then Go's fmt.Sprint).
# Needs Debian's golang-gopkg-yaml.v3-dev. TZ=UTC: Go names a timestamp's
# offset after the host's zone when they agree (see src/compose/scalar.rs).
(cd "$here/scalars" && TZ=UTC GOPATH=/usr/share/gocode GO111MODULE=off go run main.go) < scalars.txt > scalars.json
