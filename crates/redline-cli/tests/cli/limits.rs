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
        &["sensitivity", "--samples", "100000000"],
        &["report", "--sensitivity-samples", "1000000"],
        &[
            "evolve",
            "--strategies",
            "Tit For Tat,Defector",
            "--replicator",
            "--steps",
            "1000000000",
        ],
        &[
            "reciprocity",
            "events.tsv",
            "--dyad",
            "USA,IRN",
            "--horizon",
            "1000000000",
        ],
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

#[test]
fn options_that_would_do_nothing_say_so() {
    let dir = util::temp_dir("limits", "nothing");
    // An actor the record does not know: an error naming the known ones, not a silent table.
    let out = util::redline(Some(&dir), &["credibility", "--actor", "IRM"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did you mean `IRN`?"),
        "{}",
        stderr(&out)
    );
    let out = util::redline(Some(&dir), &["credibility", "--actor", "NOPE"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("IRN, ISR, USA"), "{}", stderr(&out));
    // Zero iterations of a bargaining model.
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let input = repository.join("examples/bargaining/enrichment.csv");
    let input = input.to_string_lossy();
    let out = util::redline(
        Some(&dir),
        &["bargain", &input, "--model", "smp", "--max-iterations", "0"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_name_of_any_length_is_shortened_not_a_crash() {
    // A 70,000-character name once set a format width and panicked.
    let dir = util::temp_dir("limits", "names");
    let long = "x".repeat(70_000);
    std::fs::write(
        dir.join("long.nfg"),
        format!(
            "NFG 1 R \"t\" {{ \"{long}\" \"P2\" }} {{ {{ \"a\" \"b\" }} {{ \"c\" \"d\" }} }}\n\"\"\n\n0 1 2 -2 -1 -1 -3 0\n"
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("long.csv"),
        format!("Big,\"d\",2,1,\nActor,Description,Power,Pstn1,Sal1,\n{long},x,10,1,50,\nB,y,10,90,50,\n"),
    )
    .expect("write");
    for args in [&["solve", "long.nfg"][..], &["bargain", "long.csv"]] {
        let out = util::redline(Some(&dir), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 120, "{args:?}: a line of {widest} characters");
        assert!(
            text.contains('…'),
            "{args:?}: the name is not marked as shortened"
        );
    }
}

#[test]
fn events_whose_dates_span_centuries_are_refused_not_filled() {
    // Two events three centuries apart, by day: 118,000 empty days to fill
    // once took gigabytes; now the span is refused with what to do instead.
    let dir = util::temp_dir("limits", "span");
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let example = std::fs::read_to_string(repository.join("examples/events/usa-irn-2024.tsv"))
        .expect("example");
    let row = example.lines().next().expect("a row");
    let at = |date: &str| {
        let mut fields: Vec<&str> = row.split('\t').collect();
        fields[1] = date;
        fields.join("\t")
    };
    std::fs::write(
        dir.join("span.tsv"),
        format!("{}\n{}\n", at("17000101"), at("20240101")),
    )
    .expect("write");
    let out = util::redline(Some(&dir), &["events", "span.tsv", "--period", "day"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--from/--to"), "{}", stderr(&out));
    // By month the same span is 3,889 periods: fine.
    let out = util::redline(Some(&dir), &["events", "span.tsv", "--period", "month"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn threads_that_cannot_start_are_an_error_not_a_panic() {
    // Under a limit on address space, 256 threads' stacks (2 MiB each) do
    // not fit; 2 do. The ensemble once fell back to rayon's global pool,
    // which panicked for want of threads.
    let dir = util::temp_dir("limits", "threads");
    let limited = |threads: &str| {
        std::process::Command::new("sh")
            .args([
                "-c",
                "ulimit -v 400000 && exec \"$0\" forecast --runs 50 --threads \"$1\"",
                env!("CARGO_BIN_EXE_redline"),
                threads,
            ])
            .current_dir(&*dir)
            .env_clear()
            .output()
            .expect("sh")
    };
    let out = limited("256");
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(
        message.contains("could not start 256 threads") && message.contains("try fewer --threads"),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    let out = limited("2");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn long_keys_are_shown_by_their_start_and_length() {
    // A megabyte key was echoed whole; thousands of long keys in a table the
    // shared parameters also have were merged by scanning (seconds a megabyte).
    let dir = util::temp_dir("limits", "keys");
    let flagship =
        std::fs::read_to_string(util::repository().join("scenarios/iran-2025-02-07.toml"))
            .expect("flagship");
    let huge = "k".repeat(1 << 20);
    std::fs::write(
        dir.join("huge.toml"),
        format!("{flagship}\n[zz]\n{huge} = 1\n"),
    )
    .expect("write");
    let many: String = (0..5000)
        .map(|i| format!("{}{i} = 1\n", "q".repeat(200)))
        .collect();
    std::fs::write(
        dir.join("many.toml"),
        flagship.replacen("[leader]\n", &format!("[leader]\n{many}"), 1),
    )
    .expect("write");
    for (file, key, length) in [
        ("huge.toml", "zz.kkk", 3 + (1 << 20)),
        ("many.toml", "leader.qqq", 7 + 201),
    ] {
        let out = util::redline(Some(&dir), &["scenario", "check", file]);
        let message = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            &message[..message.len().min(500)]
        );
        assert!(message.len() < 600, "{} bytes of message", message.len());
        assert!(message.contains(&format!("key `{key}")), "{message}");
        assert!(
            message.contains(&format!("… ({length} characters)`")),
            "{message}"
        );
        assert!(message.contains("unknown key"), "{message}");
    }
    // The same for a key given with --set.
    let long = "s".repeat(100_000);
    let out = util::redline(
        Some(&dir),
        &[
            "forecast",
            "--runs",
            "1",
            "--set",
            &format!("leader.{long}=1"),
        ],
    );
    let message = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        &message[..message.len().min(500)]
    );
    assert!(message.len() < 600, "{} bytes of message", message.len());
    assert!(message.contains("key `leader.sss"), "{message}");
    assert!(message.contains("… (100007 characters)`"), "{message}");
}
