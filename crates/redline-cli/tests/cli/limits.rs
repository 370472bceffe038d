//! Inputs that would make redline work without end are refused at once,
//! with a located message and exit code 2.

use crate::util::{self, stderr};

#[test]
fn a_horizon_centuries_away_is_refused_at_its_key() {
    let dir = util::temp_dir("limits", "horizon");
    let out = util::redline(
        Some(&dir),
        &[
            "forecast",
            "--runs",
            "10",
            "--set",
            "scenario.horizon=9999-12-31",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("key `scenario.horizon`"), "{message}");
    assert!(message.contains("at most 1043"), "{message}");
    // Twenty years still runs.
    let out = util::redline(
        Some(&dir),
        &[
            "forecast",
            "--runs",
            "10",
            "--set",
            "scenario.horizon=2045-02-07",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn an_endless_or_binary_file_is_refused_not_read() {
    let dir = util::temp_dir("limits", "files");
    let out = util::redline(Some(&dir), &["scenario", "check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.join("bad.toml"), b"[scenario]\nid = \"\xff\"\n").expect("write");
    let out = util::redline(Some(&dir), &["scenario", "check", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 2, column 7: not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn threads_and_runs_are_checked_the_same_way_everywhere() {
    let dir = util::temp_dir("limits", "options");
    for args in [
        &["forecast", "--threads", "0"][..],
        &["tournament", "--first-tournament", "--threads", "0"],
        &["forecast", "--threads", "100000"],
        &["forecast", "--runs", "0"],
        &["backtest", "--runs", "0"],
        &["report", "--runs", "0"],
        &["sensitivity", "--runs", "0"],
        &["forecast", "--format", "xml"],
    ] {
        let out = util::redline(Some(&dir), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("invalid value"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
