#!/usr/bin/env bash
# Baohou for Windows 10/11, cross-built on this Linux machine (issue 30): the UI, baohou-app.exe
# (the window), baohou.exe (the command line) and baohou-hq.exe (head office) in release for
# x86_64-pc-windows-gnu, with WebView2Loader.dll beside them, and the per-user NSIS installer
# target/windows/baohou_<version>_x64-setup.exe (scripts/windows/installer.nsi).
#   bash scripts/windows.sh        # prints the installer's size
# SQLCipher's libcrypto is OpenSSL built from source with the mingw compiler (rusqlite's
# bundled-sqlcipher-vendored-openssl, crates/core/Cargo.toml), so nothing of Windows' own is
# needed to build.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
# What the build and scripts/windows-test.sh need.
APT_PACKAGES=(mingw-w64 nsis wine64 p7zip-full imagemagick)
bash scripts/apt-install.sh "${APT_PACKAGES[@]}"
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"

[ -d ui/node_modules ] || bash scripts/setup.sh
# The UI is built into a folder of Windows' own, and the app embeds that one (TAURI_CONFIG is
# merged into tauri.conf.json), so this build can run beside the Linux steps, which rebuild
# ui/dist while it compiles.
ui_dist=$PWD/target/windows/ui-dist
(cd ui && npm run build --silent -- --outDir "$ui_dist" --emptyOutDir)
export TAURI_CONFIG="{\"build\": {\"frontendDist\": \"$ui_dist\"}}"

echo "==> cargo build --release --target $TARGET (baohou-app, baohou, baohou-hq)"
cargo build --release --locked --target "$TARGET" \
  -p baohou-app -p baohou-cli -p baohou-hq --features baohou-app/custom-protocol

# The app's message boxes (rfd: TaskDialogIndirect) exist on Windows only for a program whose
# manifest asks for Common Controls 6 (wine offers them regardless, so the tests cannot tell).
grep -aq 'name="Microsoft.Windows.Common-Controls"  version="6.0.0.0"' "target/$TARGET/release/baohou-app.exe" ||
  { echo "baohou-app.exe carries no manifest asking for Common Controls 6" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=target/$TARGET/release
stage=target/windows/stage
rm -rf "$stage"
mkdir -p "$stage"
cp "$out/baohou-app.exe" "$out/baohou.exe" "$out/baohou-hq.exe" "$stage/"
# With the GNU target the WebView2 loader is a DLL beside the program (webview2-com-sys ships it).
loader=$(ls -t "$out"/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -1)
cp "$loader" "$stage/"
cp assets/icons/icon.ico "$stage/baohou.ico"
cp scripts/windows/README.txt "$stage/README.txt"

setup=target/windows/baohou_${version}_x64-setup.exe
echo "==> makensis $setup"
makensis -V2 -DVERSION="$version" -DSTAGE="$PWD/$stage" -DOUT="$PWD/$setup" scripts/windows/installer.nsi
for f in "$stage"/*.exe "$stage"/WebView2Loader.dll "$setup"; do
  awk -v f="$f" -v b="$(stat -c %s "$f")" 'BEGIN { printf "%-50s %6.1f MB\n", f, b / 1048576 }'
done
