#!/usr/bin/env bash
# Windows' build tested under wine (issue 30), after scripts/windows.sh built it:
# - the CLI and report suites (tests/cli.rs, tests/report.rs) against baohou.exe instead of the
#   Linux program (BAOHOU_TEST_EXE);
# - head office's baohou-hq.exe serving on loopback, a Linux laptop's reports sent to it and
#   each held there once, byte-identical (tests/sync.rs with BAOHOU_TEST_HQ_EXE), and the same
#   test with baohou.exe as the laptop and the Linux head office;
# - tests/windows.rs: a database written by baohou.exe read and printed alike by the Linux
#   program (due, the report's text and fonts); baohou-app.exe telling the officer that WebView2
#   is missing (wine has none, so the window itself is never shown here) in a message box,
#   screenshotted under Xvfb; the installer's archive, a silent install on a fresh profile, its
#   Start-menu and uninstall entries, and the uninstaller keeping the database unless asked.
#   bash scripts/windows-test.sh        # after scripts/windows.sh
# Debian 12's wine 8.0 lacks bcryptprimitives.dll, whose ProcessPrng every Rust program for
# Windows imports: for these tests only, a stand-in built here from scripts/windows/prng.c is
# put where Windows keeps the real one, in the test prefixes' system32. It is never staged or
# installed: Windows 10 and 11 have the real DLL.
set -euo pipefail
cd "$(dirname "$0")/.."

# The programs as scripts/windows.sh staged them for the installer.
out=$PWD/target/windows/stage
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
setup=$PWD/target/windows/baohou_${version}_x64-setup.exe
for f in "$out/baohou.exe" "$out/baohou-hq.exe" "$out/baohou-app.exe" "$setup"; do
  [ -f "$f" ] || { echo "no $f: build Windows' programs first (bash scripts/windows.sh)" >&2; exit 1; }
done
test_dir=$PWD/target/windows/test
mkdir -p "$test_dir" artifacts
prng=$test_dir/bcryptprimitives.dll
x86_64-w64-mingw32-gcc -O2 -shared -o "$prng" scripts/windows/prng.c scripts/windows/prng.def -ladvapi32

export WINEPREFIX=$PWD/target/windows/wine-prefix WINEDEBUG=-all
# The prefix is made once (about 7 s); every later start reuses it.
[ -f "$WINEPREFIX/system.reg" ] || /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
cp "$prng" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
# Wine brings no Chinese font: its dialogs' fonts are linked to Noto Sans CJK (fonts-noto-cjk),
# as Windows links them to Microsoft YaHei, so that the screenshot shows the Chinese sentence.
for font in Tahoma "MS Shell Dlg" "MS Shell Dlg 2" "Microsoft Sans Serif" "Segoe UI"; do
  /usr/lib/wine/wine64 reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\FontLink\SystemLink' \
    /v "$font" /t REG_MULTI_SZ /d "NotoSansCJK-Regular.ttc,Noto Sans CJK SC" /f >/dev/null 2>&1
done
/usr/lib/wine/wineserver -w   # settled before the tests start programs on their own displays
/usr/lib/wine/wine64 "$out/baohou.exe" --version

CARGO_ARGS=(--workspace --features baohou-app/custom-protocol --locked)
echo "==> the CLI and report suites against baohou.exe under wine"
# Skipped: a file name of GBK bytes, which only a Unix file system holds (wine shows its Windows
# programs every Unix name through UTF-8).
BAOHOU_TEST_EXE="$out/baohou.exe" cargo test "${CARGO_ARGS[@]}" --test cli --test report -- \
  --skip a_file_whose_name_is_gbk_bytes_is_read_and_named_legibly

once=every_completed_report_arrives_once_with_identical_bytes_and_a_second_sync_moves_nothing
echo "==> baohou-hq.exe under wine on loopback; a Linux laptop's reports sent to it once"
BAOHOU_TEST_HQ_EXE="$out/baohou-hq.exe" cargo test "${CARGO_ARGS[@]}" --test sync -- --exact "$once"
echo "==> baohou.exe under wine sending its reports to the Linux head office once"
BAOHOU_TEST_EXE="$out/baohou.exe" cargo test "${CARGO_ARGS[@]}" --test sync -- --exact "$once"

echo "==> a Windows database on Linux; the window's program without WebView2; the installer"
# Displays from :90 up: the end-to-end tests' xvfb-run, from :99 up, may run at the same time
# (scripts/test.sh runs these tests beside them).
BAOHOU_TEST_EXE="$out/baohou.exe" BAOHOU_TEST_APP_EXE="$out/baohou-app.exe" \
  BAOHOU_TEST_SETUP_EXE="$setup" BAOHOU_TEST_PRNG_DLL="$prng" \
  xvfb-run -a -n 90 -s "-screen 0 1366x768x24 -nolisten tcp" \
  cargo test "${CARGO_ARGS[@]}" --test windows -- --ignored --test-threads=1
