#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets: the portfolio file, policy and checklist files, a
# photo, what travels to and from head office, a spreadsheet to import, head office's HTTP
# handlers, head office's updates applied on a laptop) for SECONDS each (default 20), from the
# shipped policy, checklist and catalog files, the seeds in fuzz/seeds, and large seeds written
# for the run (scripts/fuzz-large-seeds.py: files of 0.1 to 4.5 MB, so that each parser is also
# fuzzed at the size real files reach, whole: -max_len is the largest seed, not libFuzzer's
# 1 MB). libFuzzer with coverage, no sanitizer (safe Rust), on the machine's own toolchain,
# with the flags `cargo fuzz build --sanitizer none` (cargo-fuzz 0.13.2) gives, set here
# (installing cargo-fuzz cost the test command 2 minutes of both cores), except that coverage is
# instrumented only in the crates that read the targets' input (below). A crash
# stops the run with the input in fuzz/artifacts/TARGET/; replay it with
#   target/fuzz/x86_64-unknown-linux-gnu/release/TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
triple=x86_64-unknown-linux-gnu
targets=$(sed -n '/^\[\[bin\]\]/,/^path/s/^name = "\(.*\)"/\1/p' fuzz/Cargo.toml)
# libFuzzer's coverage instrumentation, in the order cargo-fuzz sets it by default, only in the
# crates that read the targets' input (scripts/fuzz-rustc.sh): the targets, our crates and the
# parsers of JSON, TOML, images, zip and XML, spreadsheets, text encodings, dates and amounts,
# and the HTTP layer the handlers are fuzzed through. Debug assertions and one codegen unit
# (with more, the coverage pass keeps ThinLTO from inlining) everywhere, as cargo-fuzz does.
export FUZZ_COVERAGE_FLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
-Cllvm-args=-sanitizer-coverage-stack-depth"
# Crate names: a target's name with - as _, a package's library name (kamadak-exif's is exif).
instrumented=($targets baohou_core baohou_hq serde_json toml toml_parser toml_datetime
  serde_spanned winnow image png fdeflate zune_jpeg zune_core image_webp tiff fax half weezl exif
  zip typed_path flate2 miniz_oxide zlib_rs calamine fast_float2 codepage quick_xml cfb csv
  csv_core encoding_rs base64 chrono rust_decimal atoi_simd axum axum_core matchit mime
  serde_urlencoded form_urlencoded percent_encoding serde_path_to_error http)
export FUZZ_INSTRUMENTED="${instrumented[*]//-/_}"
export RUSTC_WRAPPER=$PWD/scripts/fuzz-rustc.sh
# What the wrapper adds is not in cargo's fingerprints: a digest of it in RUSTFLAGS (which are)
# rebuilds what a change to the list, the flags or the wrapper would build differently.
instrumentation=$(cat scripts/fuzz-rustc.sh - <<<"$FUZZ_INSTRUMENTED $FUZZ_COVERAGE_FLAGS" | sha256sum | cut -c1-16)
export RUSTFLAGS="--cfg fuzzing -Cdebug-assertions -Ccodegen-units=1 --cfg fuzz_instrumentation=\"$instrumentation\""
export RUSTC_BOOTSTRAP=1   # as under cargo-fuzz, which wanted a nightly toolchain
# The fuzz targets are not linted: scripts/test.sh makes clippy-driver our crates' rustc wrapper.
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
cargo build --manifest-path fuzz/Cargo.toml --target "$triple" --release \
  --config 'profile.release.debug="line-tables-only"' --bins --target-dir target/fuzz
unset RUSTFLAGS RUSTC_WRAPPER
bin=target/fuzz/$triple/release
corpus_root=$(mktemp -d /tmp/baohou-fuzz.XXXXXX)
trap 'rm -rf "$corpus_root"' EXIT
python3 scripts/fuzz-large-seeds.py "$corpus_root/large"
for target in $targets; do
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
  mkdir -p "fuzz/artifacts/$target"
  if ! "$bin/$target" -artifact_prefix="fuzz/artifacts/$target/" "$corpus_root/$target" "${seeds[@]}" \
      -max_total_time="$seconds" -max_len="$(( largest > 4096 ? largest : 4096 ))" \
      -rss_limit_mb=2048 -timeout=10 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  echo "fuzz $target: $(grep -E '^Done [0-9]+ runs' "$log" || echo '?') · $(grep -oE 'cov: [0-9]+' "$log" | tail -1) · inputs up to $(( largest > 4096 ? largest : 4096 )) bytes"
done
