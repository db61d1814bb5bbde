#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets: the portfolio file, policy and checklist files, a
# photo, what travels to and from head office, a spreadsheet to import, head office's HTTP
# handlers, head office's updates applied on a laptop) for SECONDS each (default 20), from the
# shipped policy, checklist and catalog files, the seeds in fuzz/seeds, and large seeds written
# for the run (scripts/fuzz-large-seeds.py: files of 0.1 to 4.5 MB, so that each parser is also
# fuzzed at the size real files reach, whole: -max_len is the largest seed, not libFuzzer's 1 MB). libFuzzer with coverage, no
# sanitizer (safe Rust), on the machine's own toolchain (RUSTC_BOOTSTRAP lets cargo fuzz pass its
# flags to it). A crash stops the run with the input in
# fuzz/artifacts/TARGET/; replay it with
#   RUSTC_BOOTSTRAP=1 target/tools/bin/cargo-fuzz run --fuzz-dir fuzz --sanitizer none \
#     --target-dir target/fuzz TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
if [ ! -x target/tools/bin/cargo-fuzz ]; then
  echo "==> cargo install cargo-fuzz"
  cargo install cargo-fuzz --version 0.13.2 --locked --root target/tools --quiet
fi
export RUSTC_BOOTSTRAP=1
fuzz=(target/tools/bin/cargo-fuzz)
common=(--fuzz-dir fuzz --sanitizer none --target-dir target/fuzz)
"${fuzz[@]}" build "${common[@]}"
corpus_root=$(mktemp -d /tmp/baohou-fuzz.XXXXXX)
trap 'rm -rf "$corpus_root"' EXIT
python3 scripts/fuzz-large-seeds.py "$corpus_root/large"
for target in $("${fuzz[@]}" list --fuzz-dir fuzz); do
  mkdir -p "$corpus_root/$target"
  log="$corpus_root/$target.log"
  # Seeds: the files the product ships where it has them, else fuzz/seeds/TARGET.
  case "$target" in
    policy_toml) seeds=(assets/policy) ;;
    checklist_toml) seeds=(assets/checklist assets/catalog) ;;
    *) seeds=("fuzz/seeds/$target") ;;
  esac
  if [ -d "$corpus_root/large/$target" ]; then
    seeds+=("$corpus_root/large/$target")
  fi
  largest=$(find "${seeds[@]}" -type f -printf '%s\n' | sort -n | tail -1)
  if ! "${fuzz[@]}" run "${common[@]}" "$target" "$corpus_root/$target" "${seeds[@]}" -- \
      -max_total_time="$seconds" -max_len="$(( largest > 4096 ? largest : 4096 ))" \
      -rss_limit_mb=2048 -timeout=10 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  echo "fuzz $target: $(grep -E '^Done [0-9]+ runs' "$log" || echo '?') · $(grep -oE 'cov: [0-9]+' "$log" | tail -1) · inputs up to $(( largest > 4096 ? largest : 4096 )) bytes"
done
