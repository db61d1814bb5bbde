#!/usr/bin/env bash
# Soak figures (issue 29), outside the test command: each prints its figures and fails on a loss.
#   - kill -9 at varying moments in a stream of autosaved edits, 1,000 times: acknowledged saves
#     lost (must be 0), integrity_check after each;
#   - 1,000 faulted connections between a laptop's sync client and the real baohou-hq (cuts,
#     500s, stalls, slow links) with head office killed and restarted every few seconds: every
#     report at head office exactly once, byte-identical.
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
