#!/usr/bin/env bash
# The AppImage, from the release build and the .deb that scripts/package.sh made:
# target/release/bundle/appimage/baohou_<version>_amd64.AppImage, one file that runs on a Linux
# desktop without WebKitGTK or GTK installed.
#
# Tauri's bundler makes AppImages with linuxdeploy and its GTK plugin, which it downloads from
# GitHub at build time; this machine and CI reach only crates.io, PyPI, npm and Debian. So this
# script does what those tools do, with the same layout and the same WebKit relocation:
# - the AppDir holds the .deb's files (the app, its desktop entry and icons);
# - every library the app and WebKit's helper processes link, but for the base of every desktop
#   (glibc, the C++ runtime, the X and GL libraries, fontconfig and freetype: the AppImage
#   project's exclude list), is copied into usr/lib;
# - WebKit's helper processes (web, network) are copied too, and the bundled libwebkit2gtk is
#   patched to look for them relative to usr/ (AppRun starts the app there), as Tauri does;
# - the GdkPixbuf loaders, GIO modules and GSettings schemas come along, with AppRun pointing
#   GTK at them;
# - the squashfs is made by mksquashfs (Debian's squashfs-tools), behind AppImageKit's type-2
#   runtime, taken from the `appimage` crate on crates.io (pinned in scripts/appimage-runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mksquashfs >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq squashfs-tools >/dev/null

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
deb="target/release/bundle/deb/baohou_${version}_amd64.deb"
[ -f "$deb" ] || { echo "no $deb: run scripts/package.sh" >&2; exit 1; }
out_dir=target/release/bundle/appimage
appdir="$out_dir/baohou.AppDir"
out="$out_dir/baohou_${version}_amd64.AppImage"
rm -rf "$appdir" "$out" "$out_dir/excluded-libraries.txt"
mkdir -p "$appdir"

# The runtime: checked against the digest of the file the pinned crate ships.
runtime="$(cargo metadata --quiet --format-version 1 --locked --manifest-path scripts/appimage-runtime/Cargo.toml |
  python3 -c 'import json,sys,os; print(os.path.dirname(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"]=="appimage")))')/assets/runtime-x86_64"
echo "328e0d745c5c6817048c27bc3e8314871703f8f47ffa81a37cb06cd95a94b323  $runtime" | sha256sum --check --quiet

# The .deb's files: usr/bin/baohou-app, usr/share/applications/baohou.desktop, the icons.
dpkg-deb -x "$deb" "$appdir"
cp "$appdir/usr/share/applications/baohou.desktop" "$appdir/baohou.desktop"
cp "$appdir/usr/share/icons/hicolor/128x128/apps/baohou-app.png" "$appdir/baohou-app.png"
ln -s baohou-app.png "$appdir/.DirIcon"

# WebKit's helper processes and the GTK pieces loaded at run time.
multiarch=/usr/lib/x86_64-linux-gnu
webkit=$multiarch/webkit2gtk-4.1
mkdir -p "$appdir/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/injected-bundle"
cp "$webkit/WebKitWebProcess" "$webkit/WebKitNetworkProcess" "$appdir/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/"
cp "$webkit/injected-bundle/libwebkit2gtkinjectedbundle.so" "$appdir/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/injected-bundle/"
pixbuf=$(ls -d $multiarch/gdk-pixbuf-2.0/2.10.0)
mkdir -p "$appdir/usr/lib/gdk-pixbuf/loaders" "$appdir/usr/lib/gio/modules" "$appdir/usr/share/glib-2.0/schemas"
cp "$pixbuf"/loaders/*.so "$appdir/usr/lib/gdk-pixbuf/loaders/"
# The loaders' cache names each loader by its file name alone: gdk-pixbuf finds it in
# GDK_PIXBUF_MODULEDIR, wherever the AppImage is mounted.
sed "s|$pixbuf/loaders/||" "$pixbuf/loaders.cache" >"$appdir/usr/lib/gdk-pixbuf/loaders.cache"
cp $multiarch/gio/modules/*.so "$appdir/usr/lib/gio/modules/" 2>/dev/null || true
cp /usr/share/glib-2.0/schemas/gschemas.compiled "$appdir/usr/share/glib-2.0/schemas/"

# The libraries, but for those every desktop has (after the AppImage project's exclude list).
excluded='^(ld-linux-x86-64\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libresolv\.so|libutil\.so|libanl\.so|libnsl\.so|libgcc_s\.so|libstdc\+\+\.so|libGL\.so|libGLX|libGLdispatch|libOpenGL|libEGL|libgbm|libdrm|libglapi|libX11|libxcb|libfontconfig|libfreetype|libharfbuzz\.so|libexpat|libz\.so|libasound|libgpg-error|libcom_err|libuuid|libICE|libSM|libusb-1\.0)'
mkdir -p "$appdir/usr/lib"
{
  ldd "$appdir/usr/bin/baohou-app"
  ldd "$appdir"/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKit*Process
  ldd "$appdir"/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/injected-bundle/*.so
  ldd "$appdir"/usr/lib/gdk-pixbuf/loaders/*.so "$appdir"/usr/lib/gio/modules/*.so 2>/dev/null || true
} | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | while read -r lib; do
  name=$(basename "$lib")
  if [[ "$name" =~ $excluded ]]; then
    echo "$lib" >>"$out_dir/excluded-libraries.txt"   # what the desktop must have (clean-install.sh)
  else
    cp -L "$lib" "$appdir/usr/lib/$name"
  fi
done
# Loaded at run time rather than linked (libepoxy opens the GL libraries by name): the desktop's,
# like the GL libraries linked.
for lib in libGLESv2.so.2 libGL.so.1 libEGL.so.1; do
  echo "$multiarch/$lib" >>"$out_dir/excluded-libraries.txt"
done
sort -u -o "$out_dir/excluded-libraries.txt" "$out_dir/excluded-libraries.txt"
# WebKit looks for its helpers under a path compiled into it; "/usr" becomes "././" (the same
# length), so it finds them under the working folder AppRun sets: the AppImage's usr/.
sed -i "s|$webkit|././/lib/x86_64-linux-gnu/webkit2gtk-4.1|g" "$appdir/usr/lib/libwebkit2gtk-4.1.so.0"
grep -q "././/lib/x86_64-linux-gnu/webkit2gtk-4.1" "$appdir/usr/lib/libwebkit2gtk-4.1.so.0"

cat >"$appdir/AppRun" <<'EOF'
#!/bin/sh
# Starts Baohou from the AppImage: its own libraries and GTK pieces, WebKit's helpers found under
# usr/ (the working folder), a relative --db resolved against where the officer started it.
here="$(dirname "$(readlink -f "$0")")"
# The pixbuf loaders are named without their folder in the cache: dlopen finds them here.
export LD_LIBRARY_PATH="$here/usr/lib:$here/usr/lib/gdk-pixbuf/loaders${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GDK_PIXBUF_MODULEDIR="$here/usr/lib/gdk-pixbuf/loaders"
export GDK_PIXBUF_MODULE_FILE="$here/usr/lib/gdk-pixbuf/loaders.cache"
export GIO_MODULE_DIR="$here/usr/lib/gio/modules"
export GSETTINGS_SCHEMA_DIR="$here/usr/share/glib-2.0/schemas"
export XDG_DATA_DIRS="$here/usr/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
from="${OWD:-$PWD}"
cd "$here/usr" || exit 1
n=$#; i=0; prev=""
while [ "$i" -lt "$n" ]; do
  arg="$1"; shift; i=$((i + 1))
  case "$prev:$arg" in
    --db:/*) ;;
    --db:*) arg="$from/$arg" ;;
    *:--db=/*) ;;
    *:--db=*) arg="--db=$from/${arg#--db=}" ;;
  esac
  set -- "$@" "$arg"; prev="$arg"
done
exec "$here/usr/bin/baohou-app" "$@"
EOF
chmod +x "$appdir/AppRun"

mksquashfs "$appdir" "$out_dir/baohou.squashfs" -root-owned -noappend -quiet -comp xz >/dev/null
cat "$runtime" "$out_dir/baohou.squashfs" >"$out"
chmod +x "$out"
rm "$out_dir/baohou.squashfs"
echo "$out: $(du -h "$out" | cut -f1), $(ls "$appdir/usr/lib" | wc -l) libraries bundled"
