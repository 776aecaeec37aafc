#!/usr/bin/env bash
# Regenerates the golden answers of this folder with the loaders
# themselves: python-dotenv (PyPI) and Node's dotenv (npm), pinned, in a
# scratch directory, run with an empty environment (interpolation must not
# see the machine's variables). Every input of ./env and ../compose/env.
#   jwt-config-deployment/tests/golden/loaders/generate.sh
# The test command needs none of this: it reads the answers committed here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/py"
"$work/py/bin/pip" install -q python-dotenv==1.2.2
(cd "$work" && npm init -y >/dev/null && npm install -q dotenv@16.6.1 >/dev/null)
mkdir -p "$here/answers"
python_reads='import json, sys
from dotenv import dotenv_values
print(json.dumps(dotenv_values(sys.argv[1]), sort_keys=True))'
node_reads='const fs = require("fs");
const dotenv = require(process.argv[2] + "/node_modules/dotenv");
const parsed = dotenv.parse(fs.readFileSync(process.argv[1]));
console.log(JSON.stringify(Object.fromEntries(Object.entries(parsed).sort())));'
for input in "$here"/env/*.env "$here"/../compose/env/*.env; do
  name=$(basename "$input" .env)
  env -i "$work/py/bin/python" -c "$python_reads" "$input" > "$here/answers/$name.python.json"
  env -i "$(command -v node)" -e "$node_reads" "$input" "$work" > "$here/answers/$name.node.json"
done
