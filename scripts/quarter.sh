#!/usr/bin/env bash
# A company's quarter, simulated end to end, and its figures (tests/examples/quarter.rs): twelve
# laptops, one head office, 2026's first quarter, syncs through a faulty network. With
# BAOHOU_TEST_PG set (eval "$(bash scripts/pg.sh start DIR)"), head office runs on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
# The same packages and features as scripts/test.sh, so nothing is compiled twice.
CARGO_ARGS=(--workspace --features baohou-app/custom-protocol --locked)
cargo build "${CARGO_ARGS[@]}" --all-targets
target/debug/examples/quarter
