//! `--out`: written atomically, through symbolic links, keeping permissions,
//! and never over something that is not a regular file.

use crate::util::{self, stderr};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn forecast_to(dir: &Path, out: &str) -> std::process::Output {
    util::redline(
        Some(dir),
        &["forecast", "--runs", "50", "--format", "csv", "--out", out],
    )
}

/// Files in `dir` whose names start with a dot: leftover temporary files.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn a_symlink_is_written_through() {
    let dir = util::temp_dir("output", "symlink");
    std::fs::write(dir.join("real.csv"), "old\n").expect("write");
    let _ = std::fs::remove_file(dir.join("link.csv"));
    std::os::unix::fs::symlink("real.csv", dir.join("link.csv")).expect("symlink");
    let out = forecast_to(&dir, "link.csv");
    assert!(out.status.success(), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.join("link.csv")).expect("link");
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let text = std::fs::read_to_string(dir.join("real.csv")).expect("real");
    assert!(text.starts_with("strategy,outcome"), "{text}");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn an_existing_file_keeps_its_permissions() {
    let dir = util::temp_dir("output", "mode");
    let target = dir.join("private.csv");
    std::fs::write(&target, "old\n").expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = forecast_to(&dir, "private.csv");
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = std::fs::metadata(&target)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .starts_with("strategy")
    );
}

#[test]
fn a_new_file_gets_the_umasks_permissions_not_a_temporary_files() {
    // Written through a temporary file (0600), a new output would be
    // unreadable by the user's group; it gets 0666 less the umask instead.
    let dir = util::temp_dir("output", "umask");
    for (umask, expected) in [("022", 0o644), ("027", 0o640)] {
        let target = dir.join(format!("shared-{umask}.json"));
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" strategies --format json --out \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_redline"))
            .arg(&target)
            .output()
            .expect("sh runs");
        assert!(out.status.success(), "{}", stderr(&out));
        let mode = std::fs::metadata(&target)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, expected, "umask {umask}: {mode:o}");
    }
}

#[test]
fn a_fifo_or_a_directory_is_refused_not_replaced() {
    let dir = util::temp_dir("output", "fifo");
    let fifo = dir.join("pipe");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let out = forecast_to(&dir, "pipe");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
        let kind = std::fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type();
        assert!(!kind.is_file(), "the FIFO was replaced by a regular file");
    }
    std::fs::create_dir_all(dir.join("sub")).expect("dir");
    let out = forecast_to(&dir, "sub");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(dir.join("sub").is_dir());
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn an_out_that_cannot_be_written_fails_before_the_work() {
    let dir = util::temp_dir("output", "early");
    std::fs::write(dir.join("plain.txt"), "x").expect("write");
    for out in ["missing/forecast.json", "plain.txt/forecast.json"] {
        // A million runs would take many seconds; the refusal comes first.
        let result = util::redline(Some(&dir), &["forecast", "--runs", "1000000", "--out", out]);
        assert_eq!(result.status.code(), Some(2), "{out}: {}", stderr(&result));
        assert!(stderr(&result).contains("--out"), "{}", stderr(&result));
    }
    assert!(!dir.join("missing").exists());
}

#[test]
fn an_interrupt_leaves_no_partial_output() {
    use std::os::unix::process::ExitStatusExt;
    let dir = util::temp_dir("output", "interrupt");
    for args in [
        &["forecast", "--runs", "50000000", "--out", "f.json"][..],
        &["sensitivity", "--samples", "500", "--out", "s.json"],
        &["report", "--runs", "50000000", "--out", "r.html"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
            .args(args)
            .current_dir(&*dir)
            .env_clear()
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(400));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().expect("wait");
        // Interrupted by SIGINT (what a shell reports as 130), not a clean exit.
        assert_eq!(status.signal(), Some(2), "{args:?}: {status:?}");
        let left: Vec<_> = std::fs::read_dir(&*dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
}

#[test]
fn a_closed_standard_output_is_an_error_and_a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let binary = env!("CARGO_BIN_EXE_redline");
    // `>&-`: the runtime puts /dev/null there, and the output would vanish.
    let closed = Command::new("sh")
        .args(["-c", "exec \"$0\" forecast --runs 20 >&-", binary])
        .env_clear()
        .output()
        .expect("sh");
    assert_eq!(closed.status.code(), Some(1), "{}", stderr(&closed));
    assert!(
        stderr(&closed).contains("standard output is closed"),
        "{}",
        stderr(&closed)
    );
    // /dev/null opened for writing is a choice to discard the output.
    let discarded = Command::new(binary)
        .args(["forecast", "--runs", "20"])
        .env_clear()
        .stdout(Stdio::null())
        .output()
        .expect("spawn");
    assert!(discarded.status.success(), "{}", stderr(&discarded));
    // A reader that left before the output came (`| head` done reading):
    // killed by SIGPIPE, as `cat` would be, with nothing on standard error.
    let mut child = Command::new(binary)
        .args(["forecast", "--runs", "2000"])
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let left = child.wait_with_output().expect("wait");
    assert_eq!(left.status.signal(), Some(13), "{:?}", left.status);
    assert!(left.stderr.is_empty(), "{}", stderr(&left));
}

#[test]
fn a_kill_during_the_final_write_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    let dir = util::temp_dir("output", "kill");
    // By day, 60 dyads over 3,000 days: 180,000 periods, about 40 MB of
    // JSON, all of it written after the temporary file is created.
    std::fs::write(dir.join("span.csv"), crate::data::span_csv(60, 3000)).expect("write");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["events", "span.csv", "--period", "day", "--format", "json"])
        .args(["--out", "big.json"])
        .current_dir(&*dir)
        .env_clear()
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let temporary = || {
        leftovers(&dir)
            .into_iter()
            .find(|n| n.starts_with(".big.json.") && n.ends_with(".tmp"))
    };
    let pid = child.id().to_string();
    let signal = |name: &str| {
        std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .expect("kill")
    };
    // Wait for the final write to begin (its temporary file), then stop the
    // process there, so that the kill lands in the write however fast it is.
    let mut waited = 0;
    while temporary().is_none() {
        assert!(child.try_wait().expect("wait").is_none(), "finished first");
        assert!(waited < 60_000, "no temporary file after a minute");
        std::thread::sleep(std::time::Duration::from_millis(1));
        waited += 1;
    }
    signal("-STOP");
    assert!(
        temporary().is_some(),
        "the write ended before it was stopped"
    );
    signal("-TERM");
    signal("-CONT");
    let status = child.wait().expect("wait");
    // Killed by SIGTERM (what a shell reports as 143), not a clean exit.
    assert_eq!(status.signal(), Some(15), "{status:?}");
    assert!(leftovers(&dir).is_empty(), "left {:?}", leftovers(&dir));
    assert!(
        !dir.join("big.json").exists(),
        "a partial output was renamed"
    );
}
