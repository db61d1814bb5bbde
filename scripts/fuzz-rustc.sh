#!/usr/bin/env bash
# The fuzz build's rustc (RUSTC_WRAPPER, set by scripts/fuzz.sh): libFuzzer's coverage
# instrumentation ($FUZZ_COVERAGE_FLAGS) goes only into the crates that read the targets'
# input ($FUZZ_INSTRUMENTED: the targets, our crates and the parsers under them), and only as
# built for the fuzz targets (cargo passes --target), never into a build script or a proc macro,
# which would not link against libFuzzer. The rest (the HTTP and TLS stacks, PostgreSQL's client,
# the object store, the PDF writer) is built plain with the same profile: coverage there guides
# nothing the targets are about, and instrumenting it made the fuzz build the longest step of the
# test command after the main build.
set -euo pipefail
: "${FUZZ_INSTRUMENTED:?set by scripts/fuzz.sh}" "${FUZZ_COVERAGE_FLAGS:?set by scripts/fuzz.sh}"
rustc=$1
shift
crate=""
for_target=no
previous=""
for arg in "$@"; do
  case "$previous" in
    --crate-name) crate=$arg ;;
    --target) for_target=yes ;;
  esac
  previous=$arg
done
if [ -n "$crate" ] && [ "$for_target" = yes ]; then
  case " $FUZZ_INSTRUMENTED " in
    # The flags are words to split: none holds a space or a glob character.
    *" $crate "*) exec "$rustc" "$@" $FUZZ_COVERAGE_FLAGS ;;
  esac
fi
exec "$rustc" "$@"
