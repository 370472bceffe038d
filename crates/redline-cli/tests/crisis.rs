//! The crisis commands as a user runs them: the real binary, in a temporary
//! directory, with a cleared environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FLAGSHIP: &str = include_str!("../../../scenarios/iran-2025-02-07.toml");

fn redline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .output()
        .expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("redline-crisis-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn forecast_table_lists_every_outcome() {
    let dir = temp_dir("table");
    let out = redline(&dir, &["forecast", "--runs", "500"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Iran, as of 7 February 2025"), "{text}");
    for id in redline_core::Outcome::ids() {
        assert!(text.contains(id), "missing {id}");
    }
    assert!(
        stderr(&out).is_empty(),
        "no progress bar off a terminal: {}",
        stderr(&out)
    );
}

#[test]
fn forecast_json_has_the_documented_shape_and_is_thread_independent() {
    let dir = temp_dir("json");
    let one = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "1500",
            "--seed",
            "9",
            "--threads",
            "1",
            "--format",
            "json",
        ],
    );
    let two = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "1500",
            "--seed",
            "9",
            "--threads",
            "2",
            "--format",
            "json",
        ],
    );
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout, "byte-identical on 1 and 2 threads");
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("JSON");
    assert_eq!(v["scenario"]["as_of"], "2025-02-07");
    assert_eq!(v["scenario"]["horizon"], "2026-02-07");
    assert_eq!(v["runs"], 1500);
    assert_eq!(v["seed"], 9);
    let outcomes = v["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 12);
    for o in outcomes {
        let p = o["probability"].as_f64().expect("p");
        let (lo, hi) = (
            o["ci95"][0].as_f64().expect("lo"),
            o["ci95"][1].as_f64().expect("hi"),
        );
        assert!(
            (0.0..=1.0).contains(&p)
                && lo <= p
                && p <= hi
                && (0.0..=1.0).contains(&lo)
                && hi <= 1.0,
            "{o}"
        );
        assert!(o["median_date"].is_null() == (p == 0.0), "{o}");
        let cumulative = o["cumulative"].as_array().expect("cumulative");
        assert_eq!(cumulative.len(), 52);
        let last = cumulative.last().expect("last")["p"].as_f64().expect("p");
        assert!((last - p).abs() < 1e-12);
    }
}

#[test]
fn compare_keeps_own_outcomes_and_adds_each_strategy() {
    let dir = temp_dir("compare");
    let out = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "400",
            "--compare",
            "grit,max-pressure",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["strategy"], "max-pressure");
    let comparison = v["comparison"].as_array().expect("comparison");
    assert_eq!(comparison.len(), 2);
    assert_eq!(comparison[0]["strategy"], "grit");
    // The same strategy on the same seed gives the same numbers (common random numbers).
    assert_eq!(comparison[1]["outcomes"], v["outcomes"]);
}

#[test]
fn out_writes_a_file_and_csv_has_a_row_per_outcome() {
    let dir = temp_dir("out");
    let out = redline(
        &dir,
        &[
            "forecast", "--runs", "300", "--format", "csv", "--out", "f.csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.join("f.csv")).expect("written");
    assert_eq!(text.lines().count(), 13);
    assert!(
        text.starts_with("strategy,outcome,label,probability,ci95_low,ci95_high,median_date\n")
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "f.csv")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
}

#[test]
fn trace_tells_a_run_and_shows_an_assumed_strike() {
    let dir = temp_dir("trace");
    let out = redline(
        &dir,
        &[
            "trace",
            "--run",
            "0",
            "--assume",
            "israeli_strike@2025-05-01",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Israel strikes Iran's nuclear sites: breakout time goes from"),
        "{text}"
    );
    assert!(text.contains("2025-04-25 (week 11)"), "{text}");
    let json = redline(&dir, &["trace", "--run", "0", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["weeks"].as_array().expect("weeks").len(), 52);
    assert_eq!(v["weeks"][0]["stance"], "reject");
}

#[test]
fn scenario_params_and_check() {
    let dir = temp_dir("params");
    let out = redline(&dir, &["scenario", "params", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for key in [
        "leader.red_line",
        "leader.deniability",
        "snapback.enabled",
        "counterpart.strategy",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{key},"))),
            "missing {key}"
        );
    }
    // Every row has a source.
    for line in text.lines().skip(1) {
        assert!(!line.ends_with(','), "no source: {line}");
    }
    std::fs::write(dir.join("s.toml"), FLAGSHIP).expect("write");
    let check = redline(&dir, &["scenario", "check", "s.toml"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&check).contains("ok"));
}

/// Each bad input: the file (or arguments), and what the message must say.
#[test]
fn bad_input_gets_location_and_exit_code_2() {
    let dir = temp_dir("bad");
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).expect("write");
    };
    write(
        "typo.toml",
        FLAGSHIP.replace("\ndeniability = {", "\ndeniabilty = {"),
    );
    write(
        "type.toml",
        FLAGSHIP.replace(
            "clock_days = { value = 30,",
            "clock_days = { value = \"thirty\",",
        ),
    );
    write(
        "range.toml",
        FLAGSHIP.replace(
            "cooldown_weeks = { value = 8,",
            "cooldown_weeks = { value = 800,",
        ),
    );
    write(
        "prob.toml",
        FLAGSHIP.replace(
            "collapse_weekly = { value = 0.02, unit = \"probability per week\", range = [0, 1]",
            "collapse_weekly = { value = 1.5, unit = \"probability per week\", range = [0, 2]",
        ),
    );
    write(
        "nan.toml",
        FLAGSHIP.replace(
            "collapse_cost = { value = 0.3,",
            "collapse_cost = { value = nan,",
        ),
    );
    write(
        "horizon.toml",
        FLAGSHIP.replace("horizon = 2026-02-07", "horizon = 2024-02-07"),
    );
    write(
        "date.toml",
        FLAGSHIP.replace("as_of = 2025-02-07", "as_of = \"2025-02-31\""),
    );
    write(
        "syntax.toml",
        FLAGSHIP.replace("step = \"week\"", "step = \"week"),
    );
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["scenario", "check", "typo.toml"],
            &[
                "typo.toml:",
                "leader.deniabilty",
                "unknown key",
                "did you mean `leader.deniability`",
            ],
        ),
        (
            &["scenario", "check", "type.toml"],
            &["type.toml:", "snapback.clock_days", "expected a number"],
        ),
        (
            &["scenario", "check", "range.toml"],
            &[
                "range.toml:",
                "talks.cooldown_weeks",
                "outside the valid range",
            ],
        ),
        (
            &["scenario", "check", "prob.toml"],
            &["prob.toml:", "talks.collapse_weekly", "not a probability"],
        ),
        (
            &["scenario", "check", "nan.toml"],
            &["nan.toml:", "not a finite number"],
        ),
        (
            &["scenario", "check", "horizon.toml"],
            &["horizon.toml:", "scenario.horizon", "not after as_of"],
        ),
        (
            &["scenario", "check", "date.toml"],
            &["date.toml:", "scenario.as_of", "not a day of the calendar"],
        ),
        (
            &["scenario", "check", "syntax.toml"],
            &["syntax.toml:", "TOML syntax"],
        ),
        (
            &["scenario", "check", "missing.toml"],
            &["missing.toml", "cannot read"],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--set",
                "counterpart.strategy=grti",
            ],
            &[
                "counterpart.strategy",
                "unknown value `grti`",
                "did you mean `grit`",
            ],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--set",
                "leader.deniability=inf",
            ],
            &["leader.deniability", "not a finite number"],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--set",
                "leader.deniability=1.2",
            ],
            &["leader.deniability", "outside the valid range"],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--set",
                "leader.red_line=absolut",
            ],
            &["did you mean `absolute`"],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--set",
                "snapback.enabled=maybe",
            ],
            &["snapback.enabled", "expected true or false"],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--assume",
                "israeli_strik@2025-05-01",
            ],
            &["unknown outcome", "did you mean `israeli_strike`"],
        ),
        (
            &[
                "forecast",
                "--runs",
                "10",
                "--assume",
                "israeli_strike@2025-13-01",
            ],
            &["not a day of the calendar"],
        ),
        (
            &["forecast", "--runs", "10", "--assume", "war@2030-01-01"],
            &["outside the forecast"],
        ),
        (
            &["forecast", "--runs", "10", "--compare", "grit,appeasement"],
            &["unknown strategy `appeasement`"],
        ),
        (&["forecast", "--runs", "0"], &["--runs"]),
    ];
    for (args, words) in cases {
        let out = redline(&dir, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        for word in *words {
            assert!(err.contains(word), "{args:?}: `{err}` lacks `{word}`");
        }
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // File errors carry line and column.
    let out = redline(&dir, &["scenario", "check", "typo.toml"]);
    let err = stderr(&out);
    let line = FLAGSHIP
        .lines()
        .position(|l| l.starts_with("deniability = {"))
        .expect("line")
        + 1;
    assert!(err.contains(&format!("typo.toml:{line}:1:")), "{err}");
}

#[test]
fn help_has_examples() {
    let dir = temp_dir("help");
    for command in [
        &["forecast", "--help"][..],
        &["trace", "--help"],
        &["scenario", "params", "--help"],
        &["scenario", "check", "--help"],
    ] {
        let out = redline(&dir, command);
        assert!(out.status.success());
        assert!(stdout(&out).contains("Example"), "{command:?}");
    }
}

#[test]
fn calibrate_writes_a_fragment_that_forecast_accepts() {
    let dir = temp_dir("calibrate");
    let out = redline(&dir, &["calibrate", "--out", "fragment.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fragment = std::fs::read_to_string(dir.join("fragment.toml")).expect("written");
    assert!(
        fragment.contains("leader.firmness = { value = "),
        "{fragment}"
    );
    let params = redline(
        &dir,
        &[
            "scenario",
            "params",
            "--with",
            "fragment.toml",
            "--format",
            "json",
        ],
    );
    assert!(params.status.success(), "{}", stderr(&params));
    let v: serde_json::Value = serde_json::from_slice(&params.stdout).expect("JSON");
    let firmness = v
        .as_array()
        .expect("list")
        .iter()
        .find(|p| p["key"] == "leader.firmness")
        .expect("firmness");
    assert_eq!(firmness["overridden"], true);
    assert_eq!(firmness["unit"], "share", "the scenario's metadata is kept");
    assert!(
        firmness["source"]
            .as_str()
            .expect("source")
            .contains("Beta-binomial")
    );
    let forecast = redline(
        &dir,
        &[
            "forecast",
            "--with",
            "fragment.toml",
            "--runs",
            "300",
            "--format",
            "json",
        ],
    );
    assert!(forecast.status.success(), "{}", stderr(&forecast));
}
