#!/usr/bin/env bash
# The fuzz build's rustc (RUSTC_WRAPPER, set by scripts/fuzz.sh): libFuzzer's coverage
# instrumentation ($FUZZ_COVERAGE_FLAGS) goes only into the crates that read the targets'
# input ($FUZZ_INSTRUMENTED: our crates and the parsers under them). The rest (the HTTP and TLS
# stacks, PostgreSQL, the object store, the PDF writer, the proc macros) is built plain, with
# the same profile: coverage there guides nothing the targets reach, and instrumenting it made
# the fuzz build the longest step of the test command after the main build.
set -euo pipefail
rustc=$1
shift
crate=
previous=
for arg in "$@"; do
  if [ "$previous" = --crate-name ]; then
    crate=$arg
    break
  fi
  previous=$arg
done
case " $FUZZ_INSTRUMENTED " in
  *" $crate "*) exec "$rustc" "$@" $FUZZ_COVERAGE_FLAGS ;;
  *) exec "$rustc" "$@" ;;
esac
