//! The `baohou` program, built as a binary of the tests package so that the tests run it with the
//! test build's own features; a nested `cargo build -p baohou-cli` would compile every dependency
//! a second time (and did, for eight minutes on CI).

fn main() -> std::process::ExitCode {
    baohou_cli::main()
}
