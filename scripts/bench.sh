#!/usr/bin/env bash
# The shipped app's figures on this machine: builds the release app and the .deb
# (scripts/package.sh), then prints the package and binary sizes, and runs the app benchmark
# (tests/examples/bench_app.rs) in a real window under Xvfb through tauri-driver: WebKitGTK's floor
# (a hello-world window, tests/bench/webkit_floor.py), then cold start to the agenda and resident
# memory above that floor with the demo portfolio and with 10,000 guarantees, the time to open a
# guarantee's file and a visit with 50 photos. Then the core's figures with their targets:
# 证据核查 over a year of 10,000 guarantees (crates/core/examples/bench_evidence.rs), the
# report's PDF, text only and with 12 photos (crates/core/examples/bench_report.rs), 12 phone
# photos sent through the phone's door into a visit (tests/examples/bench_phone.rs), the day's
# 检查前准备 for 4 site visits (tests/examples/bench_briefing.rs), and the same
# report made by LibreOffice from a .docx and by Chromium from HTML, whole processes side by side
# (tests/examples/bench_pdf_tools.rs; installs chromium, LibreOffice Writer and GNU time). Then
# head office under 200 laptops syncing at once, on SQLite and on PostgreSQL with fsync on
# (tests/examples/bench_hq_load.rs; installs postgresql).
#
#   bash scripts/bench.sh [RUNS]      # default 5 launches per portfolio
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/package.sh >/dev/null
bash scripts/tauri-driver.sh
mkdir -p artifacts

echo "==> sizes (release build)"
mib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }
deb=$(ls target/release/bundle/deb/*.deb)
printf '  %-40s %7s MiB   (target < 20 MiB)\n' "$(basename "$deb")" "$(mib "$(stat -c %s "$deb")")"
printf '  %-40s %7s MiB\n' "installed (the package's Installed-Size)" \
  "$(mib $(( $(dpkg-deb -f "$deb" Installed-Size) * 1024 )))"
printf '  %-40s %7s MiB\n' "target/release/baohou-app" "$(mib "$(stat -c %s target/release/baohou-app)")"
for f in target/release/bundle/appimage/*.AppImage; do
  [ -e "$f" ] && printf '  %-40s %7s MiB\n' "$(basename "$f")" "$(mib "$(stat -c %s "$f")")"
done

echo "==> the app in a real window (Xvfb, tauri-driver, WebKitWebDriver), beside WebKitGTK's floor"
bash scripts/apt-install.sh python3-gi gir1.2-webkit2-4.1
export PATH="$PWD/target/tools/bin:$PATH"
xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp" \
  cargo run --quiet --release --locked -p baohou-tests --example bench_app -- "${1:-5}"

echo "==> 证据核查 on 概览, 10,000 guarantees with two years of visits"
cargo run --quiet --release --locked -p baohou-core --example bench_evidence

echo "==> the 保后检查表 PDF, text only and with 12 phone photos"
cargo run --quiet --release --locked -p baohou-core --example bench_report

echo "==> 12 phone photos sent from the phone to the laptop (the phone's door, over loopback)"
cargo run --quiet --release --locked -p baohou-tests --example bench_phone

echo "==> 检查前准备 for a day of 4 site visits (one PDF, a page per stop)"
cargo run --quiet --release --locked -p baohou-tests --example bench_briefing

echo "==> the same report by Baohou, by LibreOffice from a .docx and by Chromium from HTML"
bash scripts/apt-install.sh chromium libreoffice-writer time
cargo build --quiet --release --locked -p baohou-tests --bins
cargo run --quiet --release --locked -p baohou-tests --example bench_pdf_tools

echo "==> head office under a company's load: 200 laptops syncing a day's reports at once"
echo "    (target: every report once, p50/p95 per report and reports/s printed; one laptop alone first)"
bash scripts/apt-install.sh postgresql
cargo build --quiet --release --locked -p baohou-tests --example bench_hq_load
target/release/examples/bench_hq_load 1 20
target/release/examples/bench_hq_load 200 2
echo "    the same on a disk whose flush takes 4 ms (tests/bench/slow_fsync.c preloaded; this machine's takes ~0.1 ms)"
bash scripts/apt-install.sh gcc libc6-dev
gcc -O2 -shared -fPIC -o target/slow_fsync.so tests/bench/slow_fsync.c -ldl
LD_PRELOAD="$PWD/target/slow_fsync.so" SLOW_FSYNC_MS=4 target/release/examples/bench_hq_load 200 2
pg_dir=$(mktemp -d /tmp/baohou-bench-pg.XXXXXX)
trap 'bash scripts/pg.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
eval "$(PG_FSYNC=on bash scripts/pg.sh start "$pg_dir")"
BAOHOU_TEST_PG=$BAOHOU_TEST_PG target/release/examples/bench_hq_load 1 20
BAOHOU_TEST_PG=$BAOHOU_TEST_PG target/release/examples/bench_hq_load 200 2
