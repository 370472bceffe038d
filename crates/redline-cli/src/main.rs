//! `redline`: a laboratory for crisis bargaining between states.
//!
//! This binary is `redline_cli::main_entry`; it only parses arguments, calls the libraries and prints; the
//! work lives in the `redline-*` crates. Exit codes: 0 success, 1 failure,
//! 2 bad input (with file, line, column and key where they apply); killed by
//! SIGPIPE (a shell shows 141) when the reader of standard output left, and
//! by SIGINT or SIGTERM as usual, with no temporary file left behind (see
//! `output.rs`).

fn main() {
    redline_cli::main_entry();
}
