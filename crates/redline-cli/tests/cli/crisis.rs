//! The crisis commands as a user runs them: the real binary, in a temporary
//! directory, with a cleared environment.

use std::path::Path;
use std::process::Output;

use super::util;

fn redline(dir: &Path, args: &[&str]) -> Output {
    util::redline(Some(dir), args)
}

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("crisis", name)
}

use util::{stderr, stdout};

const FLAGSHIP: &str = redline_scenarios::FLAGSHIP;

#[test]
fn forecast_table_lists_every_outcome() {
    let dir = temp_dir("table");
    let out = redline(&dir, &["forecast", "--runs", "500"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Iran, as of 7 February 2025"), "{text}");
    // The flagship keeps the twelve outcome ids its outputs have always had.
    for id in [
        "talks_secret",
        "talks_public",
        "interim_deal",
        "comprehensive_deal",
        "snapback_triggered",
        "un_sanctions_reimposed",
        "npt_withdrawal",
        "israeli_strike",
        "us_strike",
        "war",
        "weaponization_decision",
        "nuclear_test",
    ] {
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
    // The forecast covers 52 whole weeks from 7 February 2025: it ends on
    // 6 February 2026 (the file's 2026-02-07 rounded down to whole weeks), and
    // every place that names the horizon names that date.
    assert_eq!(v["scenario"]["horizon"], "2026-02-06");
    assert_eq!(v["scenario"]["weeks"], 52);
    assert_eq!(v["meta"]["command"], "forecast");
    assert_eq!(v["meta"]["seed"], 9);
    assert_eq!(v["meta"]["runs"], 1500);
    assert_eq!(v["meta"]["scenario"]["id"], "iran-2025-02-07");
    assert_eq!(
        v["meta"]["scenario"]["sha256"].as_str().map(str::len),
        Some(64)
    );
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
        // The parameter interval is kept apart from the Monte Carlo one.
        let parameter = &o["parameter_interval"];
        assert_eq!(parameter["level"], 0.9, "{o}");
        let (plo, phi) = (
            parameter["low"].as_f64().expect("low"),
            parameter["high"].as_f64().expect("high"),
        );
        assert!(0.0 <= plo && plo <= p && p <= phi && phi <= 1.0, "{o}");
        assert!(o["design_effect"].as_f64().expect("deff") >= 1.0, "{o}");
    }
    assert_eq!(v["runs_per_draw"], 10);
    assert_eq!(v["draws"], 150);
    assert_eq!(v["meta"]["runs_per_draw"], 10);
}

/// Groups of 7 runs per parameter draw: 1,500 runs make 214 full draws and
/// one of 2, and chunks of 518 runs; the JSON, parameter intervals included,
/// is byte-identical on 1 and 2 threads.
#[test]
fn parameter_intervals_are_thread_independent_with_a_partial_last_draw() {
    let dir = temp_dir("draws");
    let run = |threads: &str| {
        redline(
            &dir,
            &[
                "forecast",
                "--runs",
                "1500",
                "--runs-per-draw",
                "7",
                "--threads",
                threads,
                "--format",
                "json",
            ],
        )
    };
    let (one, two) = (run("1"), run("2"));
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout, "byte-identical on 1 and 2 threads");
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("JSON");
    assert_eq!(
        (v["runs_per_draw"].as_u64(), v["draws"].as_u64()),
        (Some(7), Some(215))
    );
    // One run per draw: no parameter interval, and the Wilson interval of independent runs.
    let single = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "1500",
            "--runs-per-draw",
            "1",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&single.stdout).expect("JSON");
    for o in v["outcomes"].as_array().expect("outcomes") {
        assert!(o["parameter_interval"].is_null(), "{o}");
        assert_eq!(o["design_effect"], 1.0, "{o}");
    }
    let zero = redline(&dir, &["forecast", "--runs-per-draw", "0"]);
    assert_eq!(zero.status.code(), Some(2), "{}", stderr(&zero));
}

#[test]
fn compare_names_each_strategy_once_with_its_paired_difference() {
    let dir = temp_dir("compare");
    let out = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "1000",
            "--compare",
            "grit,max-pressure,grit,tit-for-tat",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["strategy"], "max-pressure");
    // grit named twice and the scenario's own strategy named again: each once.
    let comparison = v["comparison"].as_array().expect("comparison");
    let names: Vec<&str> = comparison
        .iter()
        .map(|c| c["strategy"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["grit", "tit-for-tat"]);
    // The paired difference is computed run by run; its mean must equal the
    // difference of the two separately counted probabilities, and lie in its
    // own interval.
    let own = v["outcomes"].as_array().expect("outcomes");
    let mut some_interval_excludes_zero = false;
    for c in comparison {
        for (o, base) in c["outcomes"].as_array().expect("outcomes").iter().zip(own) {
            assert_eq!(o["id"], base["id"]);
            let f = |x: &serde_json::Value| x.as_f64().expect("number");
            let d = f(&o["difference"]);
            let (lo, hi) = (f(&o["difference_ci95"][0]), f(&o["difference_ci95"][1]));
            assert!(
                (d - (f(&o["probability"]) - f(&base["probability"]))).abs() < 1e-12,
                "{o}"
            );
            assert!(lo <= d && d <= hi, "{o}");
            some_interval_excludes_zero |= lo > 0.0 || hi < 0.0;
        }
        assert!(c["any_talks"]["difference"].is_number());
    }
    // GRIT against maximum pressure moves some outcome beyond noise.
    assert!(some_interval_excludes_zero);
    // The compared strategies' forecasts are those of separate runs under
    // that strategy (common random numbers make them the same runs).
    let alone = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "1000",
            "--set",
            "counterpart.strategy=grit",
            "--format",
            "json",
        ],
    );
    assert!(alone.status.success(), "{}", stderr(&alone));
    let a: serde_json::Value = serde_json::from_slice(&alone.stdout).expect("JSON");
    for (x, y) in a["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .zip(comparison[0]["outcomes"].as_array().expect("outcomes"))
    {
        assert_eq!(x["probability"], y["probability"]);
        assert_eq!(x["ci95"], y["ci95"]);
    }
}

#[test]
fn compare_table_shows_differences_in_points() {
    let dir = temp_dir("compare-table");
    let out = redline(&dir, &["forecast", "--runs", "300", "--compare", "grit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(" pp ("), "{text}");
    assert!(
        text.contains("paired difference from max-pressure"),
        "{text}"
    );
}

#[test]
fn the_horizon_reads_the_same_everywhere() {
    let dir = temp_dir("horizon");
    let table = redline(&dir, &["forecast", "--runs", "50"]);
    assert!(table.status.success(), "{}", stderr(&table));
    assert!(String::from_utf8_lossy(&table.stdout).contains("horizon 2026-02-06 (52 weeks)"));
    let late = redline(
        &dir,
        &["forecast", "--runs", "50", "--assume", "war@2026-02-06"],
    );
    assert_eq!(late.status.code(), Some(2));
    assert!(
        stderr(&late).contains("2025-02-07 to 2026-02-06"),
        "{}",
        stderr(&late)
    );
    let json = redline(&dir, &["forecast", "--runs", "50", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let last = v["outcomes"][0]["cumulative"]
        .as_array()
        .and_then(|c| c.last())
        .expect("points");
    assert_eq!(last["date"], v["scenario"]["horizon"]);
}

#[test]
fn an_assumed_outcome_is_never_dated_before_its_date() {
    let dir = temp_dir("assume-median");
    // 2025-05-01 falls in the week that starts on 2025-04-25.
    let out = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "200",
            "--assume",
            "israeli_strike@2025-05-01",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let strike = v["outcomes"]
        .as_array()
        .and_then(|o| o.iter().find(|o| o["id"] == "israeli_strike"))
        .expect("strike");
    assert_eq!(strike["median_date"], "2025-05-01");
    assert_eq!(v["meta"]["assume"][0], "israeli_strike@2025-05-01");
    let table = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "200",
            "--assume",
            "israeli_strike@2025-05-01",
        ],
    );
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("overrides: --assume israeli_strike@2025-05-01"),
        "{text}"
    );
    assert!(text.contains("week of 2025-05-01"), "{text}");
}

#[test]
fn an_assumed_reimposition_brings_its_trigger_a_clock_before_and_nothing_earlier() {
    // Issue 13's first example: the assumption used to leave 37 % of runs
    // with UN sanctions back before the week of 14 September.
    let dir = temp_dir("assume-reimposed");
    let out = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "500",
            "--assume",
            "un_sanctions_reimposed@2025-09-14",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v = util::json(&out);
    let cumulative = |id: &str| -> Vec<(String, f64)> {
        let outcome = v["outcomes"]
            .as_array()
            .and_then(|o| o.iter().find(|o| o["id"] == id))
            .unwrap_or_else(|| panic!("{id}"));
        outcome["cumulative"]
            .as_array()
            .expect("points")
            .iter()
            .map(|p| {
                (
                    p["date"].as_str().expect("date").to_string(),
                    p["p"].as_f64().expect("p"),
                )
            })
            .collect()
    };
    // Each point is the share by the end of a week, dated the next week's
    // start: nothing by 12 September (the assumed week's start), all by 19.
    for (id, last_zero) in [
        ("un_sanctions_reimposed", "2025-09-12"),
        ("snapback_triggered", "2025-08-08"),
    ] {
        for (date, p) in cumulative(id) {
            let expected = if date.as_str() <= last_zero { 0.0 } else { 1.0 };
            assert_eq!(p, expected, "{id} by {date}");
        }
    }
}

#[test]
fn assumptions_that_cannot_hold_exit_2_with_the_reason_and_the_nearest_date() {
    let dir = temp_dir("assume-refused");
    let cases: &[(&[&str], &[&str])] = &[
        (
            // Issue 13's second example: it used to give 0 % in silence.
            &["--assume", "snapback_triggered@2025-10-24"],
            &[
                "redline: error: --assume snapback_triggered@2025-10-24:1:20: `snapback_triggered` cannot happen on 2025-10-24: the route ends on the termination day, 2025-10-18",
                "(the latest date it can is 2025-09-18)",
            ],
        ),
        (
            &["--assume", "un_sanctions_reimposed@2025-03-01"],
            &[
                "--assume un_sanctions_reimposed@2025-03-01:1:24:",
                "before the as-of date 2025-02-07",
                "(the earliest date it can is 2025-03-14)",
            ],
        ),
        (
            &[
                "--assume",
                "israeli_strike@2025-06-02",
                "--assume",
                "war@2025-05-01",
            ],
            &[
                "--assume war@2025-05-01:1:5: `war` cannot happen on 2025-05-01: war needs a strike by then",
                "(the earliest date it can is 2025-06-02)",
            ],
        ),
        (
            &[
                "--set",
                "snapback.enabled=false",
                "--assume",
                "snapback_triggered@2025-06-02",
            ],
            &["switched off", "(no date in the forecast can)"],
        ),
        (
            &[
                "north-korea-2017-08-08",
                "--assume",
                "sanctions_reimposed@2017-08-20",
            ],
            &[
                "snapback.clock_days: 32 days, 5 weeks in the weekly model",
                "(the earliest date it can is 2017-09-12)",
            ],
        ),
    ];
    for (args, words) in cases {
        let args: Vec<&str> = ["forecast", "--runs", "10"]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        let out = redline(&dir, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        for word in *words {
            assert!(err.contains(word), "{args:?}: `{err}` lacks `{word}`");
        }
    }
}

#[test]
fn an_outcome_never_seen_shows_its_real_upper_bound() {
    let dir = temp_dir("zero");
    // With the snapback switched off it cannot be triggered in any run.
    let out = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "10000",
            "--set",
            "snapback.enabled=false",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text
        .lines()
        .find(|l| l.starts_with("snapback_triggered"))
        .expect("row");
    // Wilson's upper bound for 0 of 10,000 is 3.84/10003.84 = 0.038 %; it
    // printed as 0.0% before.
    assert!(row.contains("0.0%–0.038%"), "{row}");
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
        text.starts_with("strategy,outcome,label,probability,ci95_low,ci95_high,parameter_level,parameter_low,parameter_high,difference,difference_ci95_low,difference_ci95_high,median_date\n")
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
        FLAGSHIP.replace("\nred_line = {", "\nred_lin = {"),
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
            "mediator_available = { value = 1,",
            "mediator_available = { value = 2,",
        ),
    );
    write(
        "prob.toml",
        FLAGSHIP.replace(
            "permission_allow = { dist = \"beta\", alpha = 3, beta = 7, unit = \"probability\", range = [0, 1]",
            "permission_allow = { value = 1.5, unit = \"probability\", range = [0, 2]",
        ),
    );
    write(
        "nan.toml",
        FLAGSHIP.replace(
            "econ_pressure = { dist = \"uniform\", low = 0.6, high = 0.8,",
            "econ_pressure = { value = nan,",
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
                "leader.red_lin",
                "unknown key",
                "did you mean `leader.red_line`",
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
                "talks.mediator_available",
                "outside the valid range",
            ],
        ),
        (
            &["scenario", "check", "prob.toml"],
            &[
                "prob.toml:",
                "initial.permission_allow",
                "not a probability",
            ],
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
        .position(|l| l.starts_with("red_line = {"))
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
    let firmness = v["parameters"]
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

#[test]
fn backtest_scores_the_historical_cases_and_not_the_flagship() {
    let dir = temp_dir("backtest");
    let out = redline(&dir, &["backtest", "--runs", "400", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let cases = v["cases"].as_array().expect("cases");
    let scenarios: std::collections::BTreeSet<&str> = cases
        .iter()
        .map(|c| c["scenario"].as_str().expect("id"))
        .collect();
    assert!(
        scenarios.len() >= 4
            && scenarios.contains("iran-2013-02-07")
            && scenarios.contains("iran-2018-05-08")
    );
    assert!(
        !scenarios.contains("iran-2025-02-07"),
        "the flagship is not scored"
    );
    assert_eq!(v["unscored"][0]["scenario"], "iran-2025-02-07");
    // Every record covers its scenario's outcomes: nothing is left out for
    // want of a row or for a row the scenario does not forecast.
    for left in v["left_out"].as_array().expect("left_out") {
        let reason = left["reason"].as_str().expect("reason");
        assert!(
            reason == "not_coded" || reason == "not_applicable",
            "{left}"
        );
    }
    // The library tests the conflict side: at least ten scored positives
    // among strikes, wars, nuclear tests and treaty exits.
    let conflict = [
        "strike_by_coercer",
        "strike_by_ally",
        "war",
        "nuclear_test",
        "treaty_withdrawal",
    ];
    let positives = cases
        .iter()
        .filter(|c| {
            c["happened"] == true && conflict.contains(&c["family"].as_str().expect("family"))
        })
        .count();
    assert!(positives >= 10, "{positives} conflict positives");
    // The scores are the means over the cases (recomputed here, not by the code under test).
    let n = cases.len() as f64;
    let brier: f64 = cases
        .iter()
        .map(|c| {
            let y = if c["happened"].as_bool().expect("bool") {
                1.0
            } else {
                0.0
            };
            (c["p"].as_f64().expect("p") - y).powi(2)
        })
        .sum::<f64>()
        / n;
    assert!((v["brier"].as_f64().expect("brier") - brier).abs() < 1e-12);
    let baselines = v["baselines"].as_array().expect("baselines");
    assert_eq!(baselines[0]["name"], "always 50%");
    assert!((baselines[0]["brier"].as_f64().expect("b") - 0.25).abs() < 1e-12);
    assert_eq!(baselines.len(), 2);
    assert!(
        baselines[1]["redline_brier_skill"].is_number(),
        "the skill says whose skill against what"
    );
}

#[test]
fn backtest_names_the_outcomes_it_leaves_out() {
    // The 2019 record codes `talks_secret` as unknown: it is named, not dropped in silence.
    let dir = temp_dir("backtest-left-out");
    let common = ["backtest", "--scenarios", "iran-2019-06-20", "--runs", "50"];
    let out = redline(&dir, &[&common[..], &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let left_out = v["left_out"].as_array().expect("left_out");
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    assert_eq!(left_out[0]["scenario"], "iran-2019-06-20");
    assert_eq!(left_out[0]["outcome"], "talks_secret");
    assert_eq!(left_out[0]["reason"], "not_coded");
    assert!(left_out[0]["p"].is_number());
    assert_eq!(v["cases"].as_array().expect("cases").len(), 11);
    assert!(
        v["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .all(|c| c["outcome"] != "talks_secret")
    );
    let table = redline(&dir, &common);
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("talks_secret"))
        .expect("talks_secret is listed");
    assert!(line.contains("left out: not coded in the record"), "{text}");
    assert!(text.contains("1 left out"), "{text}");
    assert!(
        text.contains("redline's Brier skill vs this baseline"),
        "{text}"
    );
}

/// Dotted keys of the parameters in a TOML text (tables with `value` or `dist`).
fn parameter_keys(text: &str) -> Vec<String> {
    use redline_core::tree::{self, Node, Origins, Value};
    fn walk(prefix: &str, node: &Node, out: &mut Vec<String>) {
        if tree::is_parameter(node) {
            out.push(prefix.to_string());
        } else if let Value::Table(entries) = &node.value {
            for e in entries {
                let key = if prefix.is_empty() {
                    e.key.clone()
                } else {
                    format!("{prefix}.{}", e.key)
                };
                if !matches!(e.key.as_str(), "scenario" | "actors" | "calendar")
                    || !prefix.is_empty()
                {
                    walk(&key, &e.node, out);
                }
            }
        }
    }
    let mut origins = Origins::default();
    let origin = origins.add("t", text);
    let root = tree::parse_document(&origins, origin, text).expect("TOML");
    let mut keys = Vec::new();
    walk("", &root, &mut keys);
    keys
}

#[test]
fn historical_scenarios_check_and_share_the_behavioural_parameters() {
    let dir = temp_dir("historical");
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let shared = parameter_keys(
        &std::fs::read_to_string(format!("{root}/shared/parameters.toml")).expect("shared"),
    );
    assert!(shared.len() > 80, "{}", shared.len());
    let mut case_keys = None;
    // Every Iran case: they share the dyad (shared/iran.toml) and its key set.
    let mut ids: Vec<String> = std::fs::read_dir(root)
        .expect("scenarios")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some(name.strip_suffix(".toml")?.to_string()))
        .filter(|id| id.starts_with("iran-"))
        .collect();
    ids.sort();
    assert!(ids.len() >= 12, "{ids:?}");
    for id in &ids {
        let path = format!("{root}/{id}.toml");
        let out = redline(&dir, &["scenario", "check", &path]);
        assert!(out.status.success(), "{id}: {}", stderr(&out));
        // A case sets only facts of the case: none of the shared (behavioural) parameters,
        // and the same set of keys as every other case. The shared file's `initial.*`
        // words (talks under way, sanctions in force, …) are defaults of the as-of state,
        // a fact of each case, which a case may set and others leave at the default.
        let keys: Vec<String> = parameter_keys(&std::fs::read_to_string(&path).expect("scenario"))
            .into_iter()
            .filter(|key| !(key.starts_with("initial.") && shared.contains(key)))
            .collect();
        for key in &keys {
            assert!(
                !shared.contains(key),
                "{id} overrides the shared parameter {key}"
            );
        }
        match &case_keys {
            None => case_keys = Some(keys),
            Some(first) => assert_eq!(first, &keys, "{id} sets different case parameters"),
        }
    }
}

#[test]
fn calibrate_from_events_feeds_m8() {
    let dir = temp_dir("calibrate-events");
    // 300 weeks in which Iran keeps half of its own last level and answers 0.4 of the
    // US's last week; both sides get independent standard normal shocks.
    let mut text = String::from("date,source,target,cameo_code,goldstein,note,source_url\n");
    let mut noise = redline_core::RandomStream::new(7, 0, "test.events");
    let (mut iran, mut us_previous) = (0.0f64, 0.0f64);
    for week in 0..300 {
        let date = redline_core::Date::parse("2015-01-05")
            .expect("date")
            .add_days(7 * week);
        let us = noise.standard_normal();
        iran = 0.5 * iran + 0.4 * us_previous + 0.5 * noise.standard_normal();
        text.push_str(&format!(
            "{date},USA,IRN,040,{us:.4},synthetic,\n{date},IRN,USA,040,{iran:.4},synthetic,\n"
        ));
        us_previous = us;
    }
    std::fs::write(dir.join("events.csv"), text).expect("write");
    let out = redline(
        &dir,
        &[
            "calibrate",
            "--events",
            "events.csv",
            "--no-redlines",
            "--out",
            "m8.toml",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let params = redline(
        &dir,
        &[
            "scenario", "params", "--with", "m8.toml", "--format", "json",
        ],
    );
    assert!(params.status.success(), "{}", stderr(&params));
    let v: serde_json::Value = serde_json::from_slice(&params.stdout).expect("JSON");
    let find = |key: &str| {
        v["parameters"]
            .as_array()
            .expect("list")
            .iter()
            .find(|p| p["key"] == key)
            .cloned()
            .expect(key)
    };
    for key in [
        "reciprocity.target_response",
        "reciprocity.inertia",
        "reciprocity.target_baseline",
    ] {
        let p = find(key);
        assert_eq!(p["overridden"], true, "{key}");
        assert!(
            p["source"].as_str().expect("source").contains("events.csv"),
            "{key}: {p}"
        );
    }
    // The estimates are near the values that generated the data.
    let inertia: f64 = find("reciprocity.inertia")["value"]
        .as_str()
        .expect("value")
        .parse()
        .expect("number");
    assert!((inertia - 0.5).abs() < 0.2, "{inertia}");
    // M8's response is the US coefficient over (1 − inertia): 0.4 / 0.5 = 0.8.
    let response: f64 = find("reciprocity.target_response")["value"]
        .as_str()
        .expect("value")
        .parse()
        .expect("number");
    assert!((response - 0.8).abs() < 0.25, "{response}");
    let forecast = redline(&dir, &["forecast", "--with", "m8.toml", "--runs", "200"]);
    assert!(forecast.status.success(), "{}", stderr(&forecast));
}

#[test]
fn fit_writes_estimates_and_a_fragment_that_forecast_reads() {
    let dir = temp_dir("fit");
    let out = redline(
        &dir,
        &[
            "fit",
            "--keys",
            "talks.open_base_annual",
            "--runs",
            "100",
            "--generations",
            "2",
            "--format",
            "json",
            "--fitted",
            "fitted.toml",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["meta"]["command"], "fit");
    assert_eq!(v["estimates"][0]["key"], "talks.open_base_annual");
    assert!(v["cases"].as_array().expect("cases").len() >= 16);
    let interval = &v["estimates"][0]["interval"];
    assert!(interval[0].as_f64() <= interval[1].as_f64(), "{interval}");
    let forecast = redline(
        &dir,
        &[
            "forecast",
            "--with",
            "fitted.toml",
            "--runs",
            "200",
            "--quiet",
        ],
    );
    assert!(forecast.status.success(), "{}", stderr(&forecast));
    // A key that no case takes from the shared parameters: exit 2, named.
    let bad = redline(
        &dir,
        &["fit", "--keys", "initial.econ_pressure", "--runs", "10"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("initial.econ_pressure"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_fit_in_shards_merges_to_the_bytes_of_one_run() {
    let dir = temp_dir("fit-shards");
    let common = [
        "fit",
        "--scenarios",
        "iran-2013-02-07,north-korea-2006-06-20",
        "--keys",
        "talks.open_base_annual,retaliation.probability",
        "--runs",
        "100",
        "--generations",
        "3",
        "--starts",
        "3",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        common.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = redline(&dir, &refs);
        assert!(out.status.success(), "{}", stderr(&out));
        out
    };
    let single = run(with(&["--format", "json", "--fitted", "single.toml"]));
    run(with(&["--shard", "0/2", "--out", "part0.json"]));
    run(with(&["--shard", "1/2", "--out", "part1.json"]));
    // Shards given in any order.
    let merged = redline(
        &dir,
        &[
            "fit",
            "merge",
            "part1.json",
            "part0.json",
            "--format",
            "json",
            "--fitted",
            "merged.toml",
        ],
    );
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert_eq!(
        single.stdout, merged.stdout,
        "the merged fit is the single run's"
    );
    let read = |f: &str| std::fs::read(dir.join(f)).expect("written");
    assert_eq!(read("single.toml"), read("merged.toml"));
    let v: serde_json::Value = serde_json::from_slice(&single.stdout).expect("JSON");
    assert_eq!(v["starts"].as_array().expect("starts").len(), 3);
    // A missing shard is named, exit 2.
    let missing = redline(&dir, &["fit", "merge", "part0.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("1/2"), "{}", stderr(&missing));
}

#[test]
fn backtest_cv_fits_each_case_only_on_what_ended_before_it() {
    let dir = temp_dir("cv");
    let out = redline(
        &dir,
        &[
            "backtest",
            "--cv",
            "rolling",
            "--scenarios",
            "iraq-1980-10-01,north-korea-1993-02-25,north-korea-1994-03-21",
            "--keys",
            "npt.base_annual",
            "--fit-runs",
            "50",
            "--generations",
            "2",
            "--runs",
            "300",
            "--bootstrap",
            "200",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["scheme"], "rolling");
    let folds = v["folds"].as_array().expect("folds");
    // Osirak (1980–81) has nothing before it; North Korea 1993 has Osirak;
    // North Korea 1994 (as of 21 March 1994) has both, 1993's horizon
    // having ended on 25 February 1994.
    assert_eq!(folds.len(), 3);
    assert_eq!(folds[0]["held_out"], serde_json::json!(["iraq-1980-10-01"]));
    assert_eq!(folds[0]["training"], serde_json::json!([]));
    assert_eq!(
        folds[1]["held_out"],
        serde_json::json!(["north-korea-1993-02-25"])
    );
    assert_eq!(folds[1]["training"], serde_json::json!(["iraq-1980-10-01"]));
    assert_eq!(
        folds[2]["held_out"],
        serde_json::json!(["north-korea-1994-03-21"])
    );
    assert_eq!(
        folds[2]["training"],
        serde_json::json!(["iraq-1980-10-01", "north-korea-1993-02-25"])
    );
    let forecasts = v["forecasts"].as_array().expect("forecasts");
    let counted: u64 = v["reliability"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(counted as usize, forecasts.len(), "every forecast in a bin");
    // The first case is forecast on the priors: fitted and judgment agree.
    for f in forecasts
        .iter()
        .filter(|f| f["scenario"] == "iraq-1980-10-01")
    {
        assert_eq!(f["fitted"], f["judgment"]);
        assert_eq!(f["base_rate"], 0.5, "no history: ½");
    }
    let against: Vec<&str> = v["skill"]
        .as_array()
        .expect("skill")
        .iter()
        .map(|s| s["against"].as_str().expect("name"))
        .collect();
    assert_eq!(against.len(), 3, "{against:?}");
    let html = redline(
        &dir,
        &[
            "backtest",
            "--cv",
            "loo",
            "--scenarios",
            "iraq-1980-10-01,north-korea-1993-02-25",
            "--keys",
            "npt.base_annual",
            "--fit-runs",
            "50",
            "--generations",
            "1",
            "--runs",
            "100",
            "--format",
            "html",
        ],
    );
    assert!(html.status.success(), "{}", stderr(&html));
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(
        page.contains("<svg") && page.contains("Reliability"),
        "{page}"
    );
    assert!(page.contains("leave one out"));
    // A case without a record: exit 2, named.
    let bad = redline(
        &dir,
        &[
            "backtest",
            "--cv",
            "rolling",
            "--scenarios",
            "iran-2025-02-07",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("iran-2025-02-07"), "{}", stderr(&bad));
}

#[test]
fn the_flagship_runs_on_fitted_parameters_unless_asked_for_the_judgments() {
    let dir = temp_dir("params");
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["forecast", "--runs", "2000", "--format", "json", "--quiet"];
        all.extend_from_slice(args);
        let out = redline(&dir, &all);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let fitted = json(&[]);
    let judgment = json(&["--params", "judgment"]);
    assert!(
        fitted["meta"]["params"]
            .as_str()
            .expect("params")
            .contains("fitted on the case library")
    );
    assert_eq!(
        judgment["meta"]["params"],
        "the judgments (--params judgment)"
    );
    assert_ne!(
        fitted["meta"]["scenario"]["sha256"], judgment["meta"]["scenario"]["sha256"],
        "the fitted values change the resolved scenario"
    );
    // A historical case predates the fit's cases: judgments, whatever --params says.
    let old = json(&["iran-2013-02-07"]);
    assert!(
        old["meta"]["params"]
            .as_str()
            .expect("params")
            .contains("before"),
        "{}",
        old["meta"]["params"]
    );
    // The user's --set wins over the fitted value.
    let params = redline(
        &dir,
        &[
            "scenario",
            "params",
            "--set",
            "talks.open_base_annual=0.5",
            "--format",
            "json",
        ],
    );
    assert!(params.status.success(), "{}", stderr(&params));
    let v: serde_json::Value = serde_json::from_slice(&params.stdout).expect("JSON");
    let rows = v["parameters"].as_array().expect("parameters");
    let row = |key: &str| {
        rows.iter()
            .find(|p| p["key"] == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    assert_eq!(row("talks.open_base_annual")["value"], "0.5");
    assert!(
        row("talks.collapse_weekly")["source"]
            .as_str()
            .expect("source")
            .starts_with("redline fit:")
    );
}

#[test]
fn runs_out_writes_one_row_per_run_and_outcome_that_happened() {
    let dir = temp_dir("runs-out");
    let out = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "2000",
            "--format",
            "json",
            "--quiet",
            "--runs-out",
            "runs.csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let text = std::fs::read_to_string(dir.join("runs.csv")).expect("runs.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("run,outcome,week,date"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    for o in v["outcomes"].as_array().expect("outcomes") {
        let id = o["id"].as_str().expect("id");
        let p = o["probability"].as_f64().expect("p");
        let n = rows.iter().filter(|r| r[1] == id).count();
        assert_eq!(
            n as f64,
            (p * 2000.0).round(),
            "{id}: a row per run it happened in"
        );
    }
    let mut previous = 0;
    for r in &rows {
        let run: u64 = r[0].parse().expect("run");
        assert!(run < 2000 && run >= previous, "runs in order");
        previous = run;
        let week: u32 = r[2].parse().expect("week");
        assert!((1..=52).contains(&week), "{week}");
        assert!(r[3] >= "2025-02-07" && r[3] <= "2026-02-06", "{}", r[3]);
    }
    // The same runs whatever the threads.
    let again = redline(
        &dir,
        &[
            "forecast",
            "--runs",
            "2000",
            "--threads",
            "1",
            "--quiet",
            "--runs-out",
            "runs1.csv",
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read(dir.join("runs1.csv")).expect("runs1"),
        text.as_bytes()
    );
    // --runs-out records the scenario's own strategy: not with --compare.
    let both = redline(
        &dir,
        &["forecast", "--runs-out", "x.csv", "--compare", "grit"],
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(!dir.join("x.csv").exists());
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_is_refused_by_a_build_without_it() {
    let dir = temp_dir("no-parquet");
    for args in [
        &["forecast", "--runs", "100", "--runs-out", "runs.parquet"][..],
        &[
            "forecast",
            "--runs",
            "100",
            "--format",
            "parquet",
            "--out",
            "f.parquet",
        ][..],
    ] {
        let out = redline(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("--features parquet"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!dir.join("runs.parquet").exists() && !dir.join("f.parquet").exists());
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_files_hold_the_csv_tables_and_the_provenance() {
    use redline_report::parquet::{Cell, read};
    let dir = temp_dir("parquet");
    let run = |args: &[&str]| {
        let out = redline(&dir, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    };
    run(&[
        "forecast",
        "--runs",
        "1000",
        "--format",
        "parquet",
        "--out",
        "f.parquet",
    ]);
    let csv = run(&["forecast", "--runs", "1000", "--format", "csv"]);
    let table = read(std::fs::read(dir.join("f.parquet")).expect("written")).expect("Parquet");
    let csv = String::from_utf8(csv.stdout).expect("UTF-8");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(table.columns, header);
    assert_eq!(table.rows.len(), lines.count());
    let meta = &table.metadata[0];
    assert_eq!(meta.0, "redline.meta");
    let meta: serde_json::Value =
        serde_json::from_str(meta.1.as_deref().expect("value")).expect("meta JSON");
    assert_eq!(meta["command"], "forecast");
    assert_eq!(meta["runs"], 1000);
    // The per-run file: the CSV's rows, typed.
    run(&[
        "forecast",
        "--runs",
        "1000",
        "--quiet",
        "--runs-out",
        "runs.csv",
    ]);
    run(&[
        "forecast",
        "--runs",
        "1000",
        "--quiet",
        "--runs-out",
        "runs.parquet",
    ]);
    let runs = read(std::fs::read(dir.join("runs.parquet")).expect("written")).expect("Parquet");
    assert_eq!(runs.columns, ["run", "outcome", "week", "date"]);
    let text = std::fs::read_to_string(dir.join("runs.csv")).expect("runs.csv");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(runs.rows.len(), rows.len());
    let first: Vec<&str> = rows[0].split(',').collect();
    assert_eq!(runs.rows[0][0], Cell::Int(first[0].parse().expect("run")));
    assert_eq!(runs.rows[0][1], Cell::Text(first[1].to_string()));
    assert_eq!(runs.rows[0][2], Cell::Int(first[2].parse().expect("week")));
    let date = redline_core::Date::parse(first[3]).expect("date");
    assert_eq!(
        runs.rows[0][3],
        Cell::Date(redline_report::parquet::epoch_days(date))
    );
    // Parquet is binary: a file, not standard output.
    let out = redline(&dir, &["forecast", "--runs", "100", "--format", "parquet"]);
    assert_eq!(out.status.code(), Some(2));
}
