#!/usr/bin/env bash
# `jwt-config scan` at scale: 1,000, 2,500 and 10,000 generated source
# files (Python and TypeScript, 100 to 300 lines each, ordinary code with a
# few environment reads and hard-coded values among it) spread over 20
# service directories. One file in ten is a configuration module reading
# the environment, as in most services; then the worst case, 10,000 files
# of which every one reads the environment (no file can be passed over
# unparsed). Each tree is measured against its floor in the same run:
# `find DIR -type f -exec cat {} +`, which walks the same tree and reads
# every file once, and does nothing else (ripgrep, a closer floor, is not
# installed on the machine the figures come from). Wall time (median of
# RUNS runs) and peak memory, release build. The 10,000-file scan of the
# first shape must finish under 5 s (issue 28): the script fails past it.
#
#   RUNS=5 benches/scan-scale.sh
#   SCAN=path/to/an/older/jwt-config benches/scan-scale.sh   (to compare builds)
#   SIZES="1000 10000" benches/scan-scale.sh                  (other sizes)
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
sizes=${SIZES:-1000 2500 10000}
work=${WORK:-${TMPDIR:-/tmp}/jwt-config-scan-scale}
rm -rf "$work" && mkdir -p "$work"
cargo build -q --release -p jwt-config-cli --manifest-path "$root/Cargo.toml"
scan=${SCAN:-$root/target/release/jwt-config}

# run and measure, over $work and $runs.
source "$root/benches/measure.sh"

# The services: 12 in Python, 8 in TypeScript, each with four source
# directories, as a monorepo of backends and front-ends lays them out.
services=(auth_service billing ledger notifications search reporting
  inventory payments shipping accounts audit scheduler
  web admin_ui gateway checkout mobile_bff portal docs_site partner_api)
generate() { # generate DIR COUNT EVERY: COUNT source files under DIR, all reading the environment if EVERY is 1
  local dir=$1 count=$2 every=$3 s sub
  for s in "${!services[@]}"; do
    if [ "$s" -lt 12 ]; then
      for sub in app/api app/core app/models app/services; do mkdir -p "$dir/${services[$s]}/$sub"; done
    else
      for sub in src/routes src/lib src/models src/services; do mkdir -p "$dir/${services[$s]}/$sub"; done
    fi
  done
  # File i belongs to service i % 20 and directory (i / 20) % 4; its
  # length is 100 to 300 lines. Among its ordinary code: in a
  # configuration module (one file in ten, or every file), two or three
  # reads of unrelated variables; now and then a read of a JWT setting
  # (sometimes under its legacy name), a hard-coded lifetime or
  # algorithm, a parameter default named after a setting.
  awk -v dir="$dir" -v count="$count" -v every="$every" -v names="${services[*]}" '
    function py(path, i, target,   n, j) {
      n = 0
      printf "\"\"\"Module %d: request handling and persistence helpers.\"\"\"\n\n", i > path
      print "import logging\nimport os\nfrom dataclasses import dataclass, field\nfrom typing import Any, Optional\n" > path
      print "logger = logging.getLogger(__name__)\n" > path
      if (every || i % 10 == 5) {
        printf "DATABASE_URL = os.getenv(\"DATABASE_URL\", \"postgresql://db:5432/app_%d\")\n", i % 7 > path
        print "REDIS_URL = os.environ.get(\"REDIS_URL\", \"redis://cache:6379/0\")" > path
        print "LOG_LEVEL = os.environ[\"LOG_LEVEL\"]" > path
      } else {
        printf "DATABASE_URL = \"postgresql://db:5432/app_%d\"\nREDIS_URL = \"redis://cache:6379/0\"\nLOG_LEVEL = \"info\"\n", i % 7 > path
      }
      n += 15
      if (i % 10 == 0) { print "ACCESS_TTL = int(os.environ.get(\"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\", \"30\"))" > path; n++ }
      if (i % 50 == 7) { print "LEGACY_TTL = int(os.getenv(\"JWT_ACCESS_EXPIRY_MINUTES\", \"15\"))" > path; n++ }
      if (i % 25 == 3) { print "JWT_ALGORITHM = \"HS256\"" > path; n++ }
      if (i % 40 == 11) { print "DEFAULT_REFRESH_TOKEN_EXPIRE_DAYS = 7" > path; n++ }
      for (j = 0; n < target; j++) {
        printf "\n\n@dataclass\nclass Record%d_%d:\n    \"\"\"A row of table %d.\"\"\"\n\n    id: int\n    name: str\n    tags: list[str] = field(default_factory=list)\n    owner: Optional[str] = None\n", i, j, j > path
        printf "\n\ndef load_%d(rows: list[dict[str, Any]], limit: int = %d, strict: bool = False) -> list[Record%d_%d]:\n", j, 100 + j, i, j > path
        printf "    \"\"\"Turns raw rows into records, skipping the malformed ones.\"\"\"\n    out = []\n    for row in rows[:limit]:\n        try:\n            out.append(Record%d_%d(id=int(row[\"id\"]), name=str(row.get(\"name\", \"\"))))\n", i, j > path
        printf "        except (KeyError, ValueError) as err:\n            if strict:\n                raise\n            logger.warning(\"skipping row %%s: %%s\", row, err)\n    return out\n" > path
        printf "\n\nclass Repository%d:\n    def __init__(self, url: str = DATABASE_URL, timeout: float = %d.5):\n        self.url = url\n        self.timeout = timeout\n        self._cache: dict[int, Any] = {}\n", j, j % 9 > path
        printf "\n    def get(self, key: int) -> Optional[Any]:\n        if key in self._cache:\n            return self._cache[key]\n        value = {\"key\": key, \"source\": self.url}\n        self._cache[key] = value\n        return value\n" > path
        n += 40
        if (j == 1 && i % 30 == 13) { printf "\n\ndef make_token(subject: str, access_token_expire_minutes: int = 30) -> dict[str, Any]:\n    return {\"sub\": subject, \"ttl\": access_token_expire_minutes}\n" > path; n += 4 }
      }
      close(path)
    }
    function ts(path, i, target,   n, j) {
      n = 0
      printf "// Module %d: routes and the data they serve.\n", i > path
      print "import { Request, Response, Router } from \"express\";\nimport { Pool } from \"pg\";\n" > path
      if (every || i % 10 == 5) {
        printf "const port = Number(process.env.PORT ?? \"%d\");\n", 3000 + i % 50 > path
        print "const databaseUrl = process.env[\"DATABASE_URL\"] || \"postgres://db:5432/app\";" > path
      } else {
        printf "const port = %d;\nconst databaseUrl = \"postgres://db:5432/app\";\n", 3000 + i % 50 > path
      }
      print "const pool = new Pool({ connectionString: databaseUrl });\n" > path
      n += 8
      if (i % 10 == 0) { print "const issuer = process.env.JWT_ISSUER ?? \"https://auth.example.com\";" > path; n++ }
      if (i % 50 == 17) { print "const expiry = process.env.JWT_ACCESS_EXPIRY_MINUTES || \"15\";" > path; n++ }
      if (i % 25 == 9) { print "const jwtAlgorithm = \"HS256\";" > path; n++ }
      for (j = 0; n < target; j++) {
        printf "\nexport interface Item%d {\n  id: number;\n  name: string;\n  tags?: string[];\n  owner: string | null;\n}\n", j > path
        printf "\nexport class ItemStore%d {\n  private cache = new Map<number, Item%d>();\n  constructor(private readonly table: string = \"items_%d\", private limit = %d) {}\n\n", j, j, j, 50 + j > path
        printf "  async get(id: number): Promise<Item%d | undefined> {\n    const hit = this.cache.get(id);\n    if (hit) {\n      return hit;\n    }\n    const result = await pool.query(`SELECT * FROM ${this.table} WHERE id = $1 LIMIT ${this.limit}`, [id]);\n", j > path
        printf "    const row = result.rows[0] as Item%d | undefined;\n    if (row) {\n      this.cache.set(id, row);\n    }\n    return row;\n  }\n}\n", j > path
        printf "\nexport function route%d(router: Router, store: ItemStore%d): void {\n  router.get(\"/items%d/:id\", async (req: Request, res: Response) => {\n    const item = await store.get(Number(req.params.id));\n", j, j, j > path
        printf "    if (!item) {\n      res.status(404).json({ error: \"not found\" });\n      return;\n    }\n    res.json({ ...item, tags: (item.tags ?? []).filter((t) => t.length > 0) });\n  });\n}\n" > path
        n += 35
      }
      printf "\nexport const listening = `listening on ${port}`;\n" > path
      close(path)
    }
    BEGIN {
      split(names, service, " ")
      for (i = 0; i < count; i++) {
        s = i % 20
        d = int(i / 20) % 4
        target = 100 + (i * 37) % 201
        if (s < 12) {
          split("app/api app/core app/models app/services", subdir, " ")
          py(dir "/" service[s + 1] "/" subdir[d + 1] "/module_" i ".py", i, target)
        } else {
          split("src/routes src/lib src/models src/services", subdir, " ")
          ts(dir "/" service[s + 1] "/" subdir[d + 1] "/module" i ".ts", i, target)
        }
      }
    }'
}

for n in $sizes; do
  generate "$work/files-$n" "$n" 0
done
generate "$work/every-10000" 10000 1

echo "scan against find + cat reading the same files (release, median of $runs, $(nproc) cores):"
printf '  %-7s %7s %10s %10s %7s %9s %11s %11s %7s\n' files lines floor scan ratio "scan/file" "floor mem" "scan mem" ratio
row() { # row LABEL DIR COUNT BOUND_MS: one line of the table; past BOUND_MS (0: none) fails
  local label=$1 dir=$2 n=$3 bound=$4 lines floor_run scan_run f_ms f_kib s_ms s_kib
  lines=$(find "$dir" -type f -exec cat {} + | wc -l)
  floor_run=$(measure 0 find "$dir" -type f -exec cat {} +)
  # The generated code holds findings: the scan exits 1.
  scan_run=$(measure 1 "$scan" scan "$dir")
  read -r f_ms f_kib <<<"$floor_run"
  read -r s_ms s_kib <<<"$scan_run"
  printf '  %-7s %7s %8.1fms %8.1fms %6.2fx %7.1fus %8.1fMiB %8.1fMiB %6.2fx\n' "$label" "$lines" \
    "$f_ms" "$s_ms" "$(echo "$s_ms / $f_ms" | bc -l)" "$(echo "$s_ms * 1000 / $n" | bc -l)" \
    "$(echo "$f_kib / 1024" | bc -l)" "$(echo "$s_kib / 1024" | bc -l)" "$(echo "$s_kib / $f_kib" | bc -l)"
  if [ "$bound" -gt 0 ] && [ "$(echo "$s_ms > $bound" | bc -l)" = 1 ]; then
    echo "  $label files: past the bound of $bound ms" >&2
    exit 1
  fi
}
for n in $sizes; do
  bound=0
  if [ "$n" -eq 10000 ]; then bound=5000; fi
  row "$n" "$work/files-$n" "$n" "$bound"
done
echo "every file reading the environment (each one parsed; no bound):"
row "10000" "$work/every-10000" 10000 0
