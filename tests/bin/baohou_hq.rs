//! The `baohou-hq` head-office server, built as a binary of the tests package (as
//! `bin/baohou.rs` is for the CLI) so the sync tests start the real server with the test build's
//! own features.

fn main() -> std::process::ExitCode {
    baohou_hq::main()
}
