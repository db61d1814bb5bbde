#!/usr/bin/env bash
# Soak figures (issue 29), outside the test command: each prints its figures and fails on a loss.
#   - kill -9 at varying moments in a stream of autosaved edits, 1,000 times: acknowledged saves
#     lost (must be 0), integrity_check after each;
#   - 1,000 faulted connections between a laptop's sync client and the real baohou-hq (cuts,
#     500s, stalls, slow links) with head office killed and restarted every few seconds: every
#     report at head office exactly once, byte-identical;
#   - issue 29's hostile CSV (1 MB: one line of a million commas, then 10,000 short lines)
#     imported by the CLI: refused in under 1 s with a peak under 100 MB (/usr/bin/time).
# Built as the test command builds (debug, the same features), so nothing is compiled twice.
#   bash scripts/soak.sh [KILLS] [FAULTS]      # default 1000 1000
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-1000}; faults=${2:-1000}
args=(--locked --workspace --features baohou-app/custom-protocol)
cargo build "${args[@]}" --all-targets
echo "==> kill -9 × $kills in a stream of saves"
BAOHOU_SOAK_KILLS=$kills cargo test "${args[@]}" --test security \
  kill_9_in_a_stream_of_saves -- --nocapture 2>&1 | grep -E "^kill -9:|test result|panicked"
echo "==> $faults faulted syncs"
target/debug/examples/soak_sync "$faults"
echo "==> the CSV of a million commas (issue 29)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/commas.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("合同编号," + "," * 1_000_000 + "\n")
    f.write("".join(f"WT-{n},甲公司\n" for n in range(10_000)))
PY
BAOHOU_PASSPHRASE=soak-csv-passphrase-7 target/debug/baohou init --db "$work/b.sqlite3" >/dev/null
before=$(sha256sum "$work/b.sqlite3")
set +e
BAOHOU_PASSPHRASE=soak-csv-passphrase-7 /usr/bin/time -f "%e %M" -o "$work/time" \
  target/debug/baohou import --db "$work/b.sqlite3" --lang zh-CN --apply "$work/commas.csv" \
  >"$work/out" 2>&1
status=$?
set -e
read -r seconds kib < <(tail -1 "$work/time")
echo "csv: $(stat -c %s "$work/commas.csv") bytes · exit $status · $seconds s (target < 1) · peak $(( kib / 1024 )) MB (target < 100) · $(head -c 300 "$work/out" | tr '\n' ' ')"
[ "$status" -ne 0 ] || { echo "the hostile CSV was not refused" >&2; exit 1; }
[ "$(sha256sum "$work/b.sqlite3")" = "$before" ] || { echo "the database changed" >&2; exit 1; }
awk -v s="$seconds" -v k="$kib" 'BEGIN { exit !(s < 1 && k < 100 * 1024) }' \
  || { echo "over the target" >&2; exit 1; }
