#!/usr/bin/env bash
# Installs everything and runs every check and test: formatting, lints, the UI type check and
# tests, the Rust tests (core, CLI, cross-crate, the shell's binding drift check), the app in a
# real X window, the end-to-end tests that drive that window (scripts/e2e.sh), the .deb
# installed on a clean Debian system and started there (scripts/package.sh,
# scripts/clean-install.sh), and Windows' programs and installer tested under wine
# (scripts/windows.sh, scripts/windows-test.sh).
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

# Clippy lints our crates as they are compiled: clippy-driver is the workspace's rustc wrapper,
# as `cargo clippy` makes it, but for a build rather than a check, so that the dependencies are
# built once instead of also checked apart (cold: 17.5 min for this step, against 7.7 + 10.6 for
# separate clippy and build steps). The same lints and the same targets as
# `cargo clippy --all-targets -- -D warnings`; a lint or a warning fails the build. The cargo
# steps below run with the same wrapper, so that they find these builds fresh (it is part of our
# crates' fingerprints); the release builds run without it, and so do the fuzz build and
# tauri-driver's install, whose scripts drop it themselves.
export RUSTC_WORKSPACE_WRAPPER
RUSTC_WORKSPACE_WRAPPER=$(rustup which clippy-driver)
# What `cargo clippy -- -D warnings` gives clippy-driver:
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
echo "==> cargo build with clippy's lints, -D warnings (every crate, binary and test)"
cargo build "${CARGO_ARGS[@]}" --all-targets

# Windows' build and its tests under wine are part of the run; BAOHOU_TEST_WINDOWS=0 leaves them
# out (a quicker run by hand: they add about 15 minutes at the end of a cold run).
windows=${BAOHOU_TEST_WINDOWS:-1}

# The release builds run from here on in the background, at the lowest priority, one after the
# other: the .deb and the AppImage (scripts/package.sh), then Windows' programs and installer
# (scripts/windows.sh). They take what the steps below leave of the two cores (a
# fuzz run uses one; the end-to-end tests and the clean systems wait on windows and downloads).
# They write folders of their own (target/release, target/x86_64-pc-windows-gnu, their copies of
# the UI), never what the steps below use.
mkdir -p target
lane=$(mktemp -d target/release-lane.XXXXXX)   # this run's own: a lane left over writes elsewhere
# A process group of its own (setsid), so that a failing step stops it too; each status is
# written whole (renamed into place) once its step has ended. A new session is also a new
# scheduling group on Linux (autogroup), which shares the CPU evenly with this one whatever the
# nice value inside it: the group itself is made nice 19 too, or the lane takes a whole core
# from the steps below.
setsid nice -n 19 ionice -c 3 bash -c "
  echo 19 >/proc/self/autogroup 2>/dev/null || true
  unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
  bash scripts/package.sh >$lane/package.log 2>&1; echo \$? >$lane/s && mv $lane/s $lane/package.status
  [ $windows != 1 ] || {
    bash scripts/windows.sh >$lane/windows.log 2>&1; echo \$? >$lane/s && mv $lane/s $lane/windows.status
  }
" &
release_lane=$!
# Windows' tests under wine (scripts/windows-test.sh) start as soon as its build is ready, beside
# the steps below and at their priority (a group of its own, not nice): wine's programs mostly
# wait on one another (the run uses about 40% of a core), and at the lowest priority their
# timeouts would race the steps below. Cargo takes its lock only while it builds, so their
# `cargo test` and the steps' cargo commands wait at most for each other's fingerprint checks.
wine_lane=""
if [ "$windows" = 1 ]; then
  setsid bash -c "
    until [ -f $lane/windows.status ] || ! kill -0 $release_lane 2>/dev/null; do sleep 5; done
    [ \"\$(cat $lane/windows.status 2>/dev/null)\" = 0 ] || exit 0   # await windows says why
    bash scripts/windows-test.sh >$lane/windows-test.log 2>&1; echo \$? >$lane/t && mv $lane/t $lane/windows-test.status
  " &
  wine_lane=$!
fi
pg_dir=""
cleanup() {
  kill -- "-$release_lane" 2>/dev/null || true
  [ -z "$wine_lane" ] || kill -- "-$wine_lane" 2>/dev/null || true
  if [ -n "$pg_dir" ]; then bash scripts/pg.sh stop "$pg_dir"; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT
# Waits for the background step NAME, run by the group PID: the last LINES lines of its log, or
# 40 if it failed.
await() {
  local waited=$SECONDS
  until [ -f "$lane/$1.status" ]; do
    if ! kill -0 "$3" 2>/dev/null && [ ! -f "$lane/$1.status" ]; then
      tail -40 "$lane/$1.log" 2>/dev/null || true
      echo "the background steps ended without finishing $1: $lane" >&2
      exit 1
    fi
    sleep 5
  done
  echo "    (waited $((SECONDS - waited)) s for it)"
  if [ "$(cat "$lane/$1.status")" != 0 ]; then
    tail -40 "$lane/$1.log"
    echo "the background step $1 failed: $lane/$1.log" >&2
    exit 1
  fi
  tail -"$2" "$lane/$1.log"
}

echo "==> cargo nextest run (workspace, including the Tauri shell)"
cargo nextest run "${CARGO_ARGS[@]}" --no-fail-fast

echo "==> fuzz: every parser of files and of head office's answers, 20 s each (libFuzzer)"
bash scripts/fuzz.sh 20

echo "==> head office on PostgreSQL (a throwaway server on loopback)"
pg_dir=$(mktemp -d /tmp/baohou-pg.XXXXXX)
eval "$(bash scripts/pg.sh start "$pg_dir")"
export BAOHOU_TEST_PG
cargo test "${CARGO_ARGS[@]}" postgresql -- --ignored

echo "==> the app in a real window"
bash scripts/smoke-app.sh

echo "==> end-to-end: the officer's day in the real window (tauri-driver + WebKitWebDriver)"
bash scripts/e2e.sh

echo "==> the .deb and the AppImage from the release build, on clean Debian 12 systems"
await package 3 "$release_lane"
bash scripts/clean-install.sh

if [ "$windows" = 1 ]; then
  echo "==> Windows: the programs and the installer (built beside the steps above)"
  await windows 5 "$release_lane"
  echo "==> Windows' programs and installer under wine (tested beside the steps above)"
  await windows-test 0 "$wine_lane"
  grep -E '^==>|^test result' "$lane/windows-test.log"
fi

echo "==> all checks passed in $(( $(date +%s) - start )) s"
