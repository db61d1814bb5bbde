#!/usr/bin/env bash
# Windows' build tested under wine (issue 30; not yet part of scripts/test.sh): the CLI suite
# (tests/cli.rs) run against baohou.exe instead of the Linux program.
#   bash scripts/windows-test.sh        # after scripts/windows.sh
# Debian 12's wine 8.0 lacks bcryptprimitives.dll, whose ProcessPrng every Rust program for
# Windows imports: for these tests only, a stand-in built here from scripts/windows/prng.c sits
# beside the programs in target/windows/test. It is never staged or installed: Windows 10 and
# 11 have the real DLL.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/x86_64-pc-windows-gnu/release
[ -x "$out/baohou.exe" ] || { echo "build Windows' programs first: bash scripts/windows.sh" >&2; exit 1; }
test_dir=$PWD/target/windows/test
mkdir -p "$test_dir"
cp "$out/baohou.exe" "$out/baohou-hq.exe" "$out/baohou-app.exe" "$test_dir/"
x86_64-w64-mingw32-gcc -O2 -shared -o "$test_dir/bcryptprimitives.dll" \
  scripts/windows/prng.c scripts/windows/prng.def -ladvapi32

export WINEPREFIX=$PWD/target/windows/wine-prefix WINEDEBUG=-all
# The prefix is made once (about 7 s); every later start reuses it.
[ -d "$WINEPREFIX" ] || /usr/lib/wine/wine64 "$test_dir/baohou.exe" --version >/dev/null

echo "==> the CLI suite against baohou.exe under wine"
BAOHOU_TEST_EXE="$test_dir/baohou.exe" \
  cargo test --workspace --features baohou-app/custom-protocol --locked --test cli
