//! The one scenario loader as users meet it: every command that takes a
//! scenario accepts a shipped id, a path, or nothing (the flagship), and says
//! where a bad one went wrong.

use super::util::{self, stderr, stdout};
use std::path::Path;
use std::process::Output;

fn redline(dir: &Path, args: &[&str]) -> Output {
    util::redline(Some(dir), args)
}

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("scenarios", name)
}

#[test]
fn a_shipped_id_names_a_scenario_in_every_command() {
    let dir = temp_dir("id");
    let forecast = redline(&dir, &["forecast", "iran-2018-05-08", "--runs", "200"]);
    assert!(forecast.status.success(), "{}", stderr(&forecast));
    assert!(
        stdout(&forecast).contains("Iran, as of 8 May 2018"),
        "{}",
        stdout(&forecast)
    );
    let check = redline(&dir, &["scenario", "check", "iran-2013-02-07"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&check).contains("Iran, as of 7 February 2013"));
    let backtest = redline(
        &dir,
        &[
            "backtest",
            "--scenarios",
            "iran-2019-06-20",
            "--runs",
            "100",
            "--format",
            "json",
        ],
    );
    assert!(backtest.status.success(), "{}", stderr(&backtest));
    let deniability = redline(
        &dir,
        &["game", "deniability", "--scenario", "iran-2025-02-07"],
    );
    assert!(deniability.status.success(), "{}", stderr(&deniability));
}

#[test]
fn a_copy_elsewhere_extends_the_embedded_shared_parameters() {
    let dir = temp_dir("copy");
    std::fs::write(
        dir.join("case.toml"),
        redline_scenarios::by_id("iran-2021-01-20")
            .expect("shipped")
            .1,
    )
    .expect("write");
    for args in [
        &["scenario", "check", "case.toml"][..],
        &["backtest", "--scenarios", "case.toml", "--runs", "100"],
        &["game", "deniability", "--scenario", "case.toml"],
    ] {
        let out = redline(&dir, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn an_unknown_id_lists_the_shipped_ones_with_did_you_mean() {
    let dir = temp_dir("unknown");
    for args in [
        &["forecast", "iran-2018-05-09", "--runs", "10"][..],
        &["backtest", "--scenarios", "iran-2018-05-09", "--runs", "10"],
        &["game", "deniability", "--scenario", "iran-2018-05-09"],
    ] {
        let out = redline(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = stderr(&out);
        assert!(
            text.starts_with("redline: error: iran-2018-05-09: no such file"),
            "{text}"
        );
        for id in redline_scenarios::ids() {
            assert!(text.contains(id), "{text}");
        }
        assert!(text.contains("did you mean `iran-2018-05-08`?"), "{text}");
    }
}

#[test]
fn with_fragment_errors_name_the_fragment() {
    let dir = temp_dir("with");
    std::fs::write(
        dir.join("frag.toml"),
        "[leader]\ndeniability = { value = 0.2\n",
    )
    .expect("write");
    let out = redline(&dir, &["forecast", "--with", "frag.toml", "--runs", "10"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.starts_with("redline: error: frag.toml:2:"), "{text}");
    let out = redline(&dir, &["forecast", "--with", "gone.toml", "--runs", "10"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.starts_with("redline: error: gone.toml: cannot read:"),
        "{text}"
    );
    // A fragment laid over a shipped id; its unknown key is located in the fragment.
    std::fs::write(
        dir.join("typo.toml"),
        "[leader]\ndeniabilty = { value = 0.2 }\n",
    )
    .expect("write");
    let out = redline(
        &dir,
        &[
            "forecast",
            "iran-2018-05-08",
            "--with",
            "typo.toml",
            "--runs",
            "10",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.starts_with("redline: error: typo.toml:2:"), "{text}");
    assert!(text.contains("did you mean `leader.deniability`"), "{text}");
}
