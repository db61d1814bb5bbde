#!/usr/bin/env bash
# Installs the .deb (built by scripts/package.sh) on a clean Debian 12, as a company's IT would:
# a minimal system made with debootstrap in target/clean-system, which has none of this machine's
# packages, then `apt-get install ./baohou_<version>_amd64.deb`, which brings the package's
# dependencies and recommendations from Debian. Checks that every library the installed app links
# is there, then starts the installed /usr/bin/baohou-app --demo inside that system on a virtual
# display and drives it through tauri-driver (tests/package.rs): the demo written, the lock
# screen, unlocked to the agenda. Screenshots: artifacts/clean-system-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts target
root="$PWD/target/clean-system"
base="$PWD/target/clean-system-base"
mirror="${BAOHOU_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
deb=$(ls target/release/bundle/deb/baohou_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "no .deb: run scripts/package.sh first" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "debootstrap and chroot need root" >&2; exit 1; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null

# Unmounts everything under the clean system; it is deleted only once nothing is mounted there.
release() {
  { findmnt -rn -o TARGET | grep "^$root/" || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
  if findmnt -rn -o TARGET | grep -q "^$root/"; then
    echo "still mounted under $root: not deleting it" >&2; return 1
  fi
}
display=""
cleanup() {
  [ -n "$display" ] && kill "$display" 2>/dev/null
  release || true
}
trap cleanup EXIT

# The minimal Debian 12, made once per checkout and copied fresh for every run.
if [ ! -f "$base/etc/debian_version" ]; then
  echo "==> debootstrap bookworm (minbase) from $mirror"
  rm -rf "$base"
  debootstrap --variant=minbase bookworm "$base" "$mirror" >target/debootstrap.log 2>&1 \
    || { tail -20 target/debootstrap.log; exit 1; }
fi
release
rm -rf "$root"
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mkdir -p /tmp/.X11-unix "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"

echo "==> apt-get install ./$(basename "$deb") on the clean system"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$(basename "$deb")" >target/clean-install.log 2>&1 \
  || { tail -30 target/clean-install.log; exit 1; }
in_root dpkg-query -W -f='installed: ${Package} ${Version}, ${Installed-Size} KiB\n' baohou
in_root dpkg -L baohou | grep -E 'bin/|\.desktop$|icons/.*128x128' | sed 's/^/  /'
missing=$(in_root ldd /usr/bin/baohou-app | grep 'not found' || true)
[ -z "$missing" ] || { echo "FAILED: libraries the package does not bring: $missing" >&2; exit 1; }
echo "ok: every library the app links is installed"

# The test's own instruments, not the package's: WebKitWebDriver and tauri-driver.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends webkit2gtk-driver >>target/clean-install.log 2>&1
if [ ! -x target/tools/bin/tauri-driver ]; then
  cargo install tauri-driver --version 2.1.0 --locked --root target/tools --quiet
fi
install -m 755 target/tools/bin/tauri-driver "$root/usr/local/bin/tauri-driver"
cat >target/clean-system-driver <<WRAP
#!/bin/sh
exec chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY=\$DISPLAY /usr/local/bin/tauri-driver "\$@"
WRAP
chmod +x target/clean-system-driver

echo "==> the installed app, started inside the clean system (tests/package.rs)"
Xvfb :96 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
display=$!
sleep 1
DISPLAY=:96 BAOHOU_CLEAN_SYSTEM="$root" BAOHOU_TAURI_DRIVER="$PWD/target/clean-system-driver" \
  cargo test --workspace --features baohou-app/custom-protocol --locked --test package -- --ignored
