#!/usr/bin/env bash
# Installs everything and runs every check and test: formatting, lints, the UI type check and
# tests, the Rust tests (core, CLI, cross-crate, the shell's binding drift check), the app in a
# real X window, the end-to-end tests that drive that window (scripts/e2e.sh), and the .deb
# installed on a clean Debian system and started there (scripts/package.sh, scripts/clean-install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
start=$(date +%s)

echo "==> UI: type check, tests, build"
(cd ui && npm run check && npm test && npm run build --silent)

echo "==> cargo fmt --check"
cargo fmt --all -- --check

# Every cargo step builds the same packages with the same features, so each dependency is compiled
# once (a different feature set rebuilds them all: minutes, and gigabytes of disk on CI).
CARGO_ARGS=(--workspace --features baohou-app/custom-protocol --locked)

echo "==> cargo clippy -D warnings"
cargo clippy "${CARGO_ARGS[@]}" --all-targets -- -D warnings

echo "==> cargo build (every crate, binary and test)"
cargo build "${CARGO_ARGS[@]}" --all-targets

echo "==> cargo test (workspace, including the Tauri shell)"
cargo test "${CARGO_ARGS[@]}"

echo "==> fuzz: every parser of files and of head office's answers, 20 s each (cargo fuzz)"
bash scripts/fuzz.sh 20

echo "==> head office on PostgreSQL (a throwaway server on loopback)"
pg_dir=$(mktemp -d /tmp/baohou-pg.XXXXXX)
trap 'bash scripts/pg.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
eval "$(bash scripts/pg.sh start "$pg_dir")"
export BAOHOU_TEST_PG
cargo test "${CARGO_ARGS[@]}" postgresql -- --ignored

echo "==> the app in a real window"
bash scripts/smoke-app.sh

echo "==> end-to-end: the officer's day in the real window (tauri-driver + WebKitWebDriver)"
bash scripts/e2e.sh

echo "==> the .deb from the release build, installed on a clean Debian 12 and started there"
bash scripts/package.sh
bash scripts/clean-install.sh

echo "==> all checks passed in $(( $(date +%s) - start )) s"
