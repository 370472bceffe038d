//! `redline solve` and `redline game deniability`, run as the real binary.

use std::process::{Command, Output};

use super::util;

fn redline(args: &[&str]) -> Output {
    util::redline(None, args)
}

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("equilibria", name)
}

use util::{stderr, stdout};

fn fixture(name: &str) -> String {
    format!(
        "{}/../redline-equilibria/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn solves_poker_in_behaviour_strategies_as_json() {
    let o = redline(&[
        "solve",
        &fixture("poker.efg"),
        "--method",
        "lcp",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("{\n  \"meta\": {"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["meta"]["command"], "solve");
    assert_eq!(
        v["meta"]["inputs"],
        serde_json::json!([fixture("poker.efg")])
    );
    assert_eq!(v["method"], "lcp");
    assert_eq!(v["game"], "A simple poker game");
    assert_eq!(v["players"], serde_json::json!(["Fred", "Alice"]));
    // Myerson (1991): raise with red, bluff one time in three with black; meet 2/3.
    let e = &v["equilibria"][0];
    assert_eq!(
        e["profile"],
        serde_json::json!([["1", "0", "1/3", "2/3"], ["2/3", "1/3"]])
    );
    assert_eq!(e["payoffs"], serde_json::json!(["1/3", "-1/3"]));
}

#[test]
fn prints_gambit_lines() {
    let o = redline(&[
        "solve",
        &fixture("bos_outcomes.nfg"),
        "--method",
        "enummixed",
        "--format",
        "gambit",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        vec!["NE,0,1,0,1", "NE,1,0,1,0", "NE,2/3,1/3,1/3,2/3"]
    );
}

#[test]
fn backward_induction_on_entry_deterrence() {
    let o = redline(&[
        "solve",
        &fixture("entry.efg"),
        "--method",
        "backward",
        "--format",
        "gambit",
    ]);
    assert_eq!(stdout(&o), "NE,0,1,0,1\n");
    // Imperfect information: refused with exit code 2.
    let o = redline(&["solve", &fixture("poker.efg"), "--method", "backward"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("perfect information"), "{}", stderr(&o));
}

#[test]
fn bad_input_exits_with_code_2_and_a_location() {
    let dir = temp_dir("bad");
    let bad = dir.join("bad.nfg");
    std::fs::write(&bad, "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3 x 5\n").unwrap();
    let o = redline(&["solve", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.nfg:2:7"), "{}", stderr(&o));
    let o = redline(&["solve", &fixture("poker.efg"), "--method", "lcpp"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `lcp`"), "{}", stderr(&o));
    let o = redline(&["solve", dir.join("missing.efg").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = redline(&["solve", &fixture("horse.efg"), "--method", "enummixed"]);
    assert_eq!(o.status.code(), Some(2));
    // Poker's agent form has three agents: no two-player vertex enumeration.
    let o = redline(&[
        "solve",
        &fixture("poker.efg"),
        "--method",
        "enummixed",
        "--agent",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("3 agents"), "{}", stderr(&o));
    let o = redline(&["game", "deniability", "--blame-share", "1.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--blame-share"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn deniability_game_file_solves_and_sweeps() {
    let dir = temp_dir("deniability");
    let file = dir.join("d.efg");
    let o = redline(&[
        "game",
        "deniability",
        "--blame-share",
        "1/4",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("EFG 2 R \"Deniability game\""));
    assert!(text.contains("blame-share=1/4"));
    let o = redline(&["solve", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["strategies"][0].as_array().unwrap().len(), 16);
    assert!(!v["equilibria"].as_array().unwrap().is_empty());
    let o = redline(&["game", "deniability", "--sweep", "--steps", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = stdout(&o);
    assert_eq!(
        table
            .lines()
            .filter(|l| l.trim_start().starts_with(['0', '1']))
            .count(),
        3,
        "{table}"
    );
    let o = redline(&[
        "game",
        "deniability",
        "--sweep",
        "--steps",
        "2",
        "--format",
        "json",
    ]);
    let text = stdout(&o);
    assert!(text.starts_with("{\n  \"meta\": {"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["meta"]["command"], "game deniability");
    assert_eq!(v["game"], "deniability");
    assert_eq!(v["parameters"]["p-hardliner"], "1/2");
    assert_eq!(v["sweep"].as_array().unwrap().len(), 3);
    assert_eq!(v["sweep"][1]["blame_share"], "1/2");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn logit_prints_numbers_and_the_lambda_path() {
    let o = redline(&[
        "solve",
        &fixture("poker.efg"),
        "--method",
        "logit",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["method"], "logit");
    let profile = &v["equilibria"][0]["profile"];
    // Myerson's poker has a unique equilibrium: black card raised 1/3 of the time.
    assert!((profile[0][2].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert!((profile[1][0].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let path = v["path"].as_array().unwrap();
    assert_eq!(path[0]["lambda"], 0.0);
    assert!(path.last().unwrap()["lambda"].as_f64().unwrap() >= 1e6);
    // Floating-point results print as decimals, without the noise of their
    // last bits (the payoff was 0.3333333333333335).
    assert_eq!(v["equilibria"][0]["payoffs"][0], 0.333333333333);
    let table = stdout(&redline(&[
        "solve",
        &fixture("poker.efg"),
        "--method",
        "logit",
    ]));
    assert!(table.contains("payoff 0.333333333333 "), "{table}");
}

#[test]
fn logit_on_a_tree_prints_behaviour_probabilities_per_information_set() {
    let run = |agent: bool| {
        let file = fixture("beer_quiche.efg");
        let mut args = vec!["solve", &file, "--method", "logit", "--format", "json"];
        if agent {
            args.push("--agent");
        }
        util::json(&redline(&args))
    };
    let v = run(false);
    assert_eq!(v["method"], "logit");
    assert_eq!(v["form"], "behaviour");
    assert_eq!(
        v["strategies"],
        serde_json::json!([
            ["Weak:Quiche", "Weak:Beer", "Strong:Quiche", "Strong:Beer"],
            ["Quiche:Duel", "Quiche:Not", "Beer:Duel", "Beer:Not"]
        ])
    );
    // The agent QRE's limit: both types drink beer; the receiver duels
    // after quiche and not after beer.
    let e = &v["equilibria"][0];
    assert_eq!(
        e["profile"],
        serde_json::json!([[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0]])
    );
    assert!((e["payoffs"][0].as_f64().unwrap() - 2.9).abs() < 1e-12);
    // Every point of the λ-path is a behaviour profile of the same shape,
    // uniform at λ = 0.
    let path = v["path"].as_array().unwrap();
    assert_eq!(
        path[0]["profile"],
        serde_json::json!([[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]])
    );
    for point in path {
        let profile = point["profile"].as_array().unwrap();
        for player in profile {
            let p: Vec<f64> = player
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            assert_eq!(p.len(), 4);
            assert!((p[0] + p[1] - 1.0).abs() < 1e-12 && (p[2] + p[3] - 1.0).abs() < 1e-12);
        }
    }
    // --agent is accepted and is the same computation.
    assert_eq!(run(true), v);
}

#[test]
fn deniability_parameters_from_the_flagship_scenario() {
    let scenario = format!(
        "{}/../../scenarios/iran-2025-02-07.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    if !std::path::Path::new(&scenario).exists() {
        eprintln!("skipped: no flagship scenario");
        return;
    }
    let o = redline(&[
        "game",
        "deniability",
        "--scenario",
        &scenario,
        "--p-hardliner",
        "1/4",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    // leader.deniability ~ beta(6, 3) has mean 2/3; the flag overrides firmness.
    assert!(text.contains("blame-share=667/1000"), "{text}");
    assert!(text.contains("p-hardliner=1/4"), "{text}");
    // The sweep's meta names the scenario the parameters came from.
    let v = util::json(&redline(&[
        "game",
        "deniability",
        "--scenario",
        &scenario,
        "--sweep",
        "--steps",
        "1",
        "--format",
        "json",
    ]));
    assert_eq!(v["meta"]["scenario"]["id"], "iran-2025-02-07");
    assert_eq!(v["meta"]["scenario"]["sha256"].as_str().unwrap().len(), 64);
    let o = redline(&["game", "deniability", "--scenario", "missing.toml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_sweep_is_identical_on_one_or_two_threads() {
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_redline"))
            .args([
                "game",
                "deniability",
                "--sweep",
                "--steps",
                "8",
                "--format",
                "json",
            ])
            .env_clear()
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn enummixed_on_the_agent_form_prints_behaviour_strategies() {
    let o = redline(&[
        "solve",
        &fixture("entry.efg"),
        "--method",
        "enummixed",
        "--agent",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["method"], "enummixed --agent");
    assert_eq!(v["form"], "behaviour");
    // Entry deterrence: enter and accommodate, or stay out against a fight
    // threatened with probability 1 or 1/2 (the ends of the threat component).
    let mut profiles: Vec<String> = v["equilibria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["profile"].to_string())
        .collect();
    profiles.sort();
    assert_eq!(
        profiles,
        vec![
            r#"[["0","1"],["0","1"]]"#,
            r#"[["1","0"],["1","0"]]"#,
            r#"[["1","0"],["1/2","1/2"]]"#,
        ]
    );
}

/// A random `m`×`n` bimatrix game (fixed seed) as a `.nfg` file in `dir`.
fn random_game(dir: &std::path::Path, m: usize, n: usize) -> String {
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % 100
    };
    let values: Vec<String> = (0..2 * m * n).map(|_| next().to_string()).collect();
    let path = dir.join(format!("random_{m}x{n}.nfg"));
    std::fs::write(
        &path,
        format!(
            "NFG 1 R \"random\" {{ \"1\" \"2\" }} {{ {m} {n} }}\n\"\"\n{}\n",
            values.join(" ")
        ),
    )
    .expect("write");
    path.to_string_lossy().into_owned()
}

#[test]
fn solve_past_its_work_budget_exits_2_naming_the_flag() {
    let game = fixture("random_12x12.nfg");
    for method in ["enummixed", "lcp", "logit", "enumpure"] {
        let o = redline(&["solve", &game, "--method", method, "--max-work", "1000"]);
        assert_eq!(o.status.code(), Some(2), "{method}: {}", stderr(&o));
        let message = stderr(&o);
        assert!(message.contains("random_12x12.nfg"), "{message}");
        assert!(message.contains("work budget of 1000 units"), "{message}");
        assert!(message.contains("--max-work"), "{message}");
        assert!(stdout(&o).is_empty());
    }
    // The default budget solves it.
    let o = redline(&["solve", &game, "--format", "gambit"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("NE,"));
}

#[test]
fn solve_refuses_limits_of_zero_or_absurd_size() {
    let game = fixture("random_4x4.nfg");
    for args in [
        &["--max-work", "0"][..],
        &["--max-work=-5"],
        &["--timeout", "0"],
        &["--timeout", "100000000"],
        &["--max-work", "lots"],
    ] {
        let mut all = vec!["solve", game.as_str()];
        all.extend_from_slice(args);
        let o = redline(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let flag = args[0].split('=').next().unwrap_or(args[0]);
        assert!(stderr(&o).contains(flag), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn solve_stops_at_its_timeout_with_exit_2() {
    // A 30×30 game's vertex enumeration takes far longer than a second (a
    // 16×16 one takes 9 s); with the budget raised, only --timeout stops it.
    let dir = temp_dir("timeout");
    let game = random_game(&dir, 30, 30);
    let o = redline(&[
        "solve",
        &game,
        "--timeout",
        "1",
        "--max-work",
        "1000000000000000",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--timeout 1 s"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn an_interrupt_ends_a_long_solve_and_leaves_no_output() {
    use std::os::unix::process::ExitStatusExt;
    let dir = temp_dir("interrupt");
    let game = random_game(&dir, 30, 30);
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "solve",
            &game,
            "--max-work",
            "1000000000000000",
            "--out",
            "eq.txt",
        ])
        .current_dir(&*dir)
        .env_clear()
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().expect("wait");
    assert_eq!(status.signal(), Some(2), "{status:?}");
    assert!(!dir.join("eq.txt").exists());
}

#[test]
fn sizes_and_numbers_past_the_limits_are_refused_with_a_location() {
    let dir = temp_dir("sizes");
    let long = "7".repeat(100_000);
    let cases: [(&str, String, &str); 4] = [
        (
            "counts.nfg",
            "NFG 1 R \"x\" { \"A\" \"B\" } { 99999999999 99999999999 }\n1 2\n".into(),
            "counts.nfg:1:27",
        ),
        (
            "outcome.efg",
            "EFG 2 R \"x\" { \"A\" \"B\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 9999999999 \"o\" { 1, 2 }\nt \"\" 1 \"p\" { 0, 0 }\n".into(),
            "outcome.efg:4:6",
        ),
        (
            "tiny.nfg",
            "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3 2.2e-308 5 6 7 8\n".into(),
            "tiny.nfg:2:7",
        ),
        (
            "digits.nfg",
            format!("NFG 1 R \"x\" {{ \"A\" \"B\" }} {{ 2 2 }}\n1 2 3 {long} 5 6 7 8\n"),
            "digits.nfg:2:7",
        ),
    ];
    for (name, text, location) in cases {
        std::fs::write(dir.join(name), text).expect("write");
        let o = util::redline(Some(&dir), &["solve", name]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(location), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).len() < 1000,
            "{name}: the message quotes too much"
        );
    }
}

#[test]
fn names_of_seventy_thousand_characters_are_shortened_in_tables() {
    // Player, strategy and title names once reached format widths.
    let dir = temp_dir("names");
    let long = "n".repeat(70_000);
    std::fs::write(
        dir.join("long.nfg"),
        format!(
            "NFG 1 R \"{long}\" {{ \"{long}\" \"P2\" }} {{ {{ \"{long}\" \"b\" }} {{ \"c\" \"{long}\" }} }}\n\"\"\n\n2 1 0 0 0 0 1 2\n"
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("long.efg"),
        format!(
            "EFG 2 R \"{long}\" {{ \"{long}\" \"B\" }}\n\"\"\np \"\" 1 1 \"{long}\" {{ \"{long}\" \"r\" }} 0\np \"\" 2 1 \"{long}\" {{ \"x\" \"{long}\" }} 0\nt \"\" 1 \"o\" {{ 1, 1 }}\nt \"\" 2 \"p\" {{ 0, 2 }}\nt \"\" 3 \"q\" {{ 2, 0 }}\n"
        ),
    )
    .expect("write");
    for (file, method) in [
        ("long.nfg", "enummixed"),
        ("long.nfg", "lcp"),
        ("long.nfg", "logit"),
        ("long.efg", "lcp"),
        ("long.efg", "backward"),
        ("long.efg", "enumpure"),
        ("long.efg", "logit"),
    ] {
        for format in ["table", "gambit", "json"] {
            let o = util::redline(
                Some(&dir),
                &["solve", file, "--method", method, "--format", format],
            );
            assert!(
                o.status.success(),
                "{file} {method} {format}: {}",
                stderr(&o)
            );
            let text = stdout(&o);
            assert!(!text.is_empty());
            if format == "table" {
                let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                assert!(
                    widest <= 300,
                    "{file} {method}: a line of {widest} characters"
                );
                assert!(
                    text.contains('…'),
                    "{file} {method}: not marked as shortened"
                );
            }
            if format == "json" {
                // Data keeps every name whole.
                assert!(text.contains(&long), "{file} {method}: JSON lost the name");
            }
        }
    }
}
