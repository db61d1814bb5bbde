//! The `baohou-hq` binary: all of it lives in the library (see `lib.rs`).

fn main() -> std::process::ExitCode {
    baohou_hq::main()
}
