#!/usr/bin/env bash
# The packages (built by scripts/package.sh) installed on clean Debian 12 systems, each made with
# debootstrap in a folder of target/ and holding none of this machine's packages:
# - the .deb, as a company's IT would install it: `apt-get install ./baohou_<version>_amd64.deb`,
#   which brings the package's dependencies and recommendations from Debian; every library the
#   installed app links must then be there;
# - the AppImage, on a desktop without WebKitGTK or GTK: only the libraries the AppImage leaves to
#   every desktop (target/release/bundle/appimage/excluded-libraries.txt: glibc, X, GL, fonts)
#   and a Chinese font; every library its app and WebKit's helpers link must be there or inside.
# In each, the installed app is started with --demo on a virtual display and driven through
# tauri-driver inside that system (tests/package.rs): the demo written, the lock screen, unlocked
# to the agenda. Screenshots: artifacts/clean-system-*.png, artifacts/clean-desktop-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts target
base="$PWD/target/clean-system-base"
mirror="${BAOHOU_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
deb="target/release/bundle/deb/baohou_${version}_amd64.deb"
appimage="target/release/bundle/appimage/baohou_${version}_amd64.AppImage"
for f in "$deb" "$appimage"; do [ -f "$f" ] || { echo "no $f: run scripts/package.sh first" >&2; exit 1; }; done
[ "$(id -u)" -eq 0 ] || { echo "debootstrap and chroot need root" >&2; exit 1; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null

# Unmounts everything under a system's folder; it is deleted only once nothing is mounted there.
release() {
  { findmnt -rn -o TARGET | grep "^$1/" || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
  if findmnt -rn -o TARGET | grep -q "^$1/"; then
    echo "still mounted under $1: not deleting it" >&2; return 1
  fi
}
# Ends what still runs inside a system (the AppImage's runtime removes its extracted copy after
# the app quits), then deletes the system; a system that cannot be deleted is left with a warning.
discard() {
  local pids
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(for p in /proc/[0-9]*; do [ "$(readlink "$p/root" 2>/dev/null)" = "$1" ] && basename "$p"; done || true)
    [ -z "$pids" ] && break
    kill $pids 2>/dev/null || true
    sleep 0.5
  done
  release "$1" && rm -rf "$1" || echo "warning: $1 was not deleted" >&2
}
display=""
cleanup() {
  [ -n "$display" ] && kill "$display" 2>/dev/null
  release "$PWD/target/clean-system" || true
  release "$PWD/target/clean-desktop" || true
}
trap cleanup EXIT

# The minimal Debian 12, made once per checkout and copied fresh for every run.
if [ ! -f "$base/etc/debian_version" ]; then
  echo "==> debootstrap bookworm (minbase) from $mirror"
  rm -rf "$base"
  debootstrap --variant=minbase bookworm "$base" "$mirror" >target/debootstrap.log 2>&1 \
    || { tail -20 target/debootstrap.log; exit 1; }
fi
fresh_system() {
  release "$1"
  rm -rf "$1"
  cp -a "$base" "$1"
  cp /etc/resolv.conf "$1/etc/resolv.conf"
  mount -t proc proc "$1/proc"
  mount -t sysfs sys "$1/sys"
  mount --bind /dev "$1/dev"
  mount --bind /dev/pts "$1/dev/pts"
  mkdir -p /tmp/.X11-unix "$1/tmp/.X11-unix"
  mount --bind /tmp/.X11-unix "$1/tmp/.X11-unix"
  in_root "$1" apt-get update -qq
}
in_root() { local r="$1"; shift; chroot "$r" env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
apt_in() { local r="$1"; shift; in_root "$r" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>target/clean-install.log 2>&1 || { tail -30 target/clean-install.log; exit 1; }; }

# tauri-driver inside a system, and a wrapper that starts it there (BAOHOU_TAURI_DRIVER).
driver_in() {
  local r="$1" env="$2"
  bash scripts/tauri-driver.sh
  install -m 755 target/tools/bin/tauri-driver "$r/usr/local/bin/tauri-driver"
  cat >"$r.driver" <<WRAP
#!/bin/sh
exec chroot "$r" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY=\$DISPLAY $env /usr/local/bin/tauri-driver "\$@"
WRAP
  chmod +x "$r.driver"
}
run_test() {
  DISPLAY=:96 BAOHOU_CLEAN_SYSTEM="$1" BAOHOU_TAURI_DRIVER="$1.driver" \
    cargo test --workspace --features baohou-app/custom-protocol --locked --test package -- --ignored --exact "$2"
}
: >target/clean-install.log
Xvfb :96 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
display=$!

# ---- the .deb ----
root="$PWD/target/clean-system"
fresh_system "$root"
echo "==> apt-get install ./$(basename "$deb") on a clean Debian 12"
cp "$deb" "$root/tmp/"
apt_in "$root" "/tmp/$(basename "$deb")"
in_root "$root" dpkg-query -W -f='installed: ${Package} ${Version}, ${Installed-Size} KiB\n' baohou
in_root "$root" dpkg -L baohou | grep -E 'bin/|\.desktop$|icons/.*128x128/apps' | sed 's/^/  /'
missing=$(in_root "$root" ldd /usr/bin/baohou-app | grep 'not found' || true)
[ -z "$missing" ] || { echo "FAILED: libraries the package does not bring: $missing" >&2; exit 1; }
echo "ok: every library the app links is installed"
# The test's own instruments, not the package's: WebKitWebDriver and tauri-driver.
apt_in "$root" --no-install-recommends webkit2gtk-driver
driver_in "$root" ""
echo "==> the installed app, started inside that system (tests/package.rs)"
run_test "$root" the_installed_deb_opens_its_demo_and_unlocks_to_the_agenda
discard "$root"   # kept only when something failed, to look into

# ---- the AppImage ----
root="$PWD/target/clean-desktop"
fresh_system "$root"
echo "==> $(basename "$appimage") on a clean Debian 12 desktop without WebKitGTK or GTK"
# The desktop: the packages of the libraries the AppImage leaves out, and a Chinese font.
packages=$(while read -r lib; do
  dpkg -S "$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || echo "unowned: $lib" >&2
done <"$(dirname "$appimage")/excluded-libraries.txt" | cut -d: -f1 | sort -u)
apt_in "$root" --no-install-recommends $packages fonts-noto-cjk
for p in libwebkit2gtk-4.1-0 libgtk-3-0 libjavascriptcoregtk-4.1-0 libsoup-3.0-0; do
  if in_root "$root" dpkg -s "$p" >/dev/null 2>&1; then echo "FAILED: $p is on the clean desktop" >&2; exit 1; fi
done
echo "  the desktop: $(echo $packages | wc -w) packages of base libraries (none of WebKitGTK, GTK, libsoup)"
install -m 755 "$appimage" "$root/opt/baohou.AppImage"
# Every library the app and WebKit's helpers link is on the desktop or inside the AppImage.
in_root "$root" sh -c 'cd /tmp && /opt/baohou.AppImage --appimage-extract >/dev/null'
missing=$(in_root "$root" sh -c 'cd /tmp/squashfs-root && for f in usr/bin/baohou-app usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKit*Process usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/injected-bundle/*.so usr/lib/*.so*; do LD_LIBRARY_PATH=usr/lib ldd "$f" | grep "not found" | sed "s|^|$f: |"; done' || true)
rm -rf "$root/tmp/squashfs-root"
[ -z "$missing" ] || { echo "FAILED: libraries neither on the desktop nor in the AppImage:" >&2; echo "$missing" | sort -u >&2; exit 1; }
echo "ok: every library the app and WebKit's helpers link is on the desktop or in the AppImage"
# The test's instruments: WebKitWebDriver from this machine with its own libraries, loaded for it
# alone (ld.so --library-path), so they cannot stand in for one the AppImage lacks.
mkdir -p "$root/opt/webdriver/lib"
cp /usr/bin/WebKitWebDriver "$root/opt/webdriver/"
ldd /usr/bin/WebKitWebDriver | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | while read -r lib; do
  [ -e "$root$lib" ] || cp -L "$lib" "$root/opt/webdriver/lib/"
done
printf '#!/bin/sh\nexec /lib64/ld-linux-x86-64.so.2 --library-path /opt/webdriver/lib /opt/webdriver/WebKitWebDriver "$@"\n' \
  >"$root/usr/local/bin/WebKitWebDriver"
chmod +x "$root/usr/local/bin/WebKitWebDriver"
# No FUSE inside the test's chroot: the AppImage's runtime extracts itself and runs from there.
driver_in "$root" "APPIMAGE_EXTRACT_AND_RUN=1"
echo "==> the AppImage, started inside that desktop (tests/package.rs)"
run_test "$root" the_appimage_runs_its_demo_on_a_desktop_without_webkit
discard "$root"
