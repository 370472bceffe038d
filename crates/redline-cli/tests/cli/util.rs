//! What every command's tests need: the real binary in a temporary directory,
//! with a cleared environment, and its output as text or JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory for one test, under the system's temporary directory.
pub fn temp_dir(family: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("redline-{family}-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs `redline ARGS` (in `dir` when given) with a cleared environment.
pub fn redline(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redline"));
    command.args(args).env_clear();
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().expect("the binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as JSON, after checking that the command succeeded.
pub fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}
