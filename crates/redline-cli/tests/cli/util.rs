//! What every command's tests need: the real binary in a temporary directory,
//! with a cleared environment, and its output as text or JSON.

use std::path::Path;
use std::process::{Command, Output};

/// A fresh directory for one test, under the system's temporary directory,
/// removed when the test ends (pass or fail).
pub struct TestDir(tempfile::TempDir);

impl std::ops::Deref for TestDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TestDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// The repository's root (for tests that read its examples and scenarios).
pub fn repository() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository")
}

/// A fresh directory with links to the repository's `entries` (`examples`,
/// `scenarios`, …), where commands run as a user in a clone runs them.
pub fn clone_like(family: &str, name: &str, entries: &[&str]) -> TestDir {
    let dir = temp_dir(family, name);
    for entry in entries {
        std::os::unix::fs::symlink(repository().join(entry), dir.join(entry)).expect("link");
    }
    dir
}

/// A fresh directory for one test (see [`TestDir`]).
pub fn temp_dir(family: &str, name: &str) -> TestDir {
    TestDir(
        tempfile::Builder::new()
            .prefix(&format!("redline-{family}-{name}-"))
            .tempdir()
            .expect("temp dir"),
    )
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
