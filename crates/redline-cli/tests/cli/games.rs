//! `redline match`, `tournament`, `evolve`, `strategies` and
//! `misperception-sweep` run as a user would: the real binary, in a temp dir.

use std::process::Output;

use super::util;

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("games", name)
}

fn redline(args: &[&str]) -> Output {
    util::redline(None, args)
}

use util::json;

fn bad_input(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn match_gives_actions_and_total_scores() {
    let v = json(&redline(&[
        "match",
        "Tit For Tat",
        "Prober",
        "--turns",
        "20",
        "--format",
        "json",
    ]));
    assert_eq!(v["players"], serde_json::json!(["Tit For Tat", "Prober"]));
    // Prober opens D, C, C and, since Tit For Tat did not cooperate on both of
    // moves 2 and 3, plays Tit For Tat: (C,D), (D,C), then 18 × (C,C).
    assert_eq!(v["actions"][0], format!("CD{}", "C".repeat(18)));
    assert_eq!(v["actions"][1], format!("DC{}", "C".repeat(18)));
    assert_eq!(v["scores"], serde_json::json!([59.0, 59.0]));
    // Default length 200; a ladder game writes levels as digits.
    let v = json(&redline(&[
        "match",
        "GRIT Ladder",
        "Defector",
        "--game",
        "ladder-5",
        "--format",
        "json",
    ]));
    let a = v["actions"][0].as_str().unwrap();
    assert_eq!(a.len(), 200);
    assert!(a.starts_with("3210004"));
}

#[test]
fn match_reads_a_game_file_and_reports_its_errors() {
    let dir = temp_dir("file");
    let good = dir.join("chicken.toml");
    std::fs::write(&good, "name = \"chicken\"\nactions = [\"S\", \"T\"]\npayoffs = [[[3, 3], [1, 5]], [[5, 1], [0, 0]]]\n").unwrap();
    let v = json(&redline(&[
        "match",
        "Cooperator",
        "Defector",
        "--turns",
        "4",
        "--game",
        good.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["actions"], serde_json::json!(["SSSS", "TTTT"]));
    assert_eq!(v["scores"], serde_json::json!([4.0, 20.0]));
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "actions = [\"C\", \"D\"]\npayoffs = [[[3, 3], [0, 5]], [[5, 0], [1]]]\n",
    )
    .unwrap();
    let err = bad_input(&redline(&[
        "match",
        "Cooperator",
        "Defector",
        "--game",
        bad.to_str().unwrap(),
    ]));
    assert!(err.contains("payoffs[1][1]"), "{err}");
}

#[test]
fn bad_input_exits_with_code_2() {
    let err = bad_input(&redline(&["match", "Tit For Tatt", "Defector"]));
    assert!(err.contains("did you mean `Tit For Tat`"), "{err}");
    bad_input(&redline(&[
        "match",
        "Cooperator",
        "Defector",
        "--noise",
        "1.5",
    ]));
    bad_input(&redline(&[
        "match",
        "Cooperator",
        "Defector",
        "--game",
        "chiken",
    ]));
    bad_input(&redline(&["tournament", "--strategies", "Tit For Tat"]));
    bad_input(&redline(&[
        "tournament",
        "--strategies",
        "Tit For Tat,Defector",
        "--prob-end",
        "0",
    ]));
    bad_input(&redline(&[
        "evolve",
        "--strategies",
        "Tit For Tat,Defector",
    ]));
}

#[test]
fn tournament_json_shape_and_library_names() {
    let v = json(&redline(&[
        "tournament",
        "--strategies",
        "Tit For Tat, First by Tideman and Chieruzzi: (D, D), First by Davis, Defector",
        "--repetitions",
        "2",
        "--format",
        "json",
    ]));
    let ranking: Vec<&str> = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(ranking.len(), 4);
    assert!(ranking.contains(&"First by Davis: 10"));
    assert!(ranking.contains(&"First by Tideman and Chieruzzi: (D, D)"));
    let players = v["players"].as_array().unwrap();
    for p in players {
        for key in [
            "name",
            "median_score_per_turn",
            "wins",
            "cooperation_rating",
        ] {
            assert!(!p[key].is_null(), "{key} missing in {p}");
        }
    }
    // Defector never cooperates; the matrix is 4 × 4, Defector vs Defector is P = 1.
    assert_eq!(players[3]["cooperation_rating"], 0.0);
    let m = v["payoff_matrix"].as_array().unwrap();
    assert_eq!(m.len(), 4);
    assert_eq!(m[3][3], 1.0);
}

#[test]
fn tournament_output_does_not_depend_on_threads() {
    let run = |threads: &str| {
        let out = redline(&[
            "tournament",
            "--all",
            "--turns",
            "50",
            "--repetitions",
            "3",
            "--noise",
            "0.05",
            "--misperception",
            "0.05",
            "--seed",
            "9",
            "--threads",
            threads,
            "--format",
            "json",
        ]);
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
}

#[test]
fn first_tournament_reports_the_spread_of_the_winner() {
    let v = json(&redline(&[
        "tournament",
        "--first-tournament",
        "--seeds",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(v["players"].as_array().unwrap().len(), 15);
    let winners = v["winner_spread"]["winners"].as_array().unwrap();
    let total: u64 = winners
        .iter()
        .map(|w| w["tournaments_won"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 3);
}

#[test]
fn csv_output_quotes_names_with_commas() {
    let out = redline(&[
        "tournament",
        "--strategies",
        "Tit For Tat,First by Feld",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Rank,Name,Median_score,Cooperation_rating,Wins\n"));
    assert!(text.contains("\"First by Feld: 1.0, 0.5, 200\""), "{text}");
}

#[test]
fn evolve_gives_shares_over_time() {
    let v = json(&redline(&[
        "evolve",
        "--strategies",
        "Tit For Tat,Defector,Cooperator",
        "--moran",
        "--population",
        "5",
        "--seed",
        "1",
        "--format",
        "json",
    ]));
    assert_eq!(v["method"], "moran");
    let shares = v["shares"].as_array().unwrap();
    assert_eq!(shares.len(), v["steps"].as_array().unwrap().len());
    let first: Vec<f64> = shares[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    // Equal thirds, printed to twelve significant digits.
    assert_eq!(first, vec![0.333_333_333_333; 3]);
    assert!(!v["fixated"].is_null());
    let v = json(&redline(&[
        "evolve",
        "--strategies",
        "Defector,Cooperator",
        "--replicator",
        "--steps",
        "1",
        "--turns",
        "10",
        "--format",
        "json",
    ]));
    // From (1/2, 1/2): fitness 3 and 1.5 per turn, so x_D = 0.5 × 3 / 2.25 = 2/3.
    let x = v["shares"][1][0].as_f64().unwrap();
    assert!((x - 2.0 / 3.0).abs() < 1e-12, "{x}");
}

#[test]
fn evolve_without_a_method_names_both() {
    let out = redline(&["evolve", "--strategies", "Tit For Tat,Defector"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("--moran") && text.contains("--replicator"),
        "{text}"
    );
    let both = redline(&[
        "evolve",
        "--strategies",
        "Tit For Tat,Defector",
        "--moran",
        "--replicator",
    ]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn strategies_lists_every_name_of_the_issue() {
    let v = json(&redline(&["strategies", "--format", "json"]));
    assert_eq!(v["meta"]["command"], "strategies");
    let names: Vec<&str> = v["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for name in [
        "Cooperator",
        "Defector",
        "Tit For Tat",
        "Grudger",
        "Tit For 2 Tats",
        "Two Tits For Tat",
        "Win-Stay Lose-Shift",
        "Alternator",
        "Suspicious Tit For Tat",
        "Prober",
        "Cycler CCD",
        "Cycler DDC",
        "Bully",
        "Soft Go By Majority",
        "Hard Tit For Tat",
        "First by Davis: 10",
        "First by Downing",
        "First by Nydegger",
        "First by Shubik",
        "First by Tideman and Chieruzzi: (D, D)",
        "First by Stein and Rapoport: 0.05: (D, D)",
        "First by Grofman",
        "Random: 0.5",
        "GTFT: 0.33",
        "First by Joss: 0.9",
        "Anti Tit For Tat",
        "Cycler DC",
        "Win-Shift Lose-Stay: D",
        "GRIT: 5",
        "GRIT Ladder: 5",
        "Contrite Tit For Tat",
    ] {
        assert!(names.contains(&name), "{name} missing");
    }
    assert!(
        v["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s["source"].as_str().unwrap().is_empty())
    );
}

#[test]
fn misperception_sweep_shape() {
    let v = json(&redline(&[
        "misperception-sweep",
        "--strategies",
        "Tit For Tat,Contrite Tit For Tat",
        "--steps",
        "2",
        "--repetitions",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(v["misperception"], serde_json::json!([0.0, 0.1, 0.2]));
    let tft = &v["players"][0];
    assert_eq!(tft["mutual_defection_rate"][0], 0.0);
    assert!(tft["mutual_defection_rate"][2].as_f64().unwrap() > 0.0);
}

/// The `meta` object every repeated-games JSON document opens with.
fn meta_of(out: &Output) -> serde_json::Value {
    let text = util::stdout(out);
    assert!(text.starts_with("{\n  \"meta\": {"), "{text}");
    json(out)["meta"].clone()
}

#[test]
fn every_json_output_opens_with_meta() {
    let dir = temp_dir("meta");
    let game = dir.join("chicken.toml");
    std::fs::write(&game, "name = \"chicken\"\nactions = [\"S\", \"T\"]\npayoffs = [[[3, 3], [1, 5]], [[5, 1], [0, 0]]]\n").unwrap();
    let game = game.to_str().unwrap();
    let m = meta_of(&redline(&[
        "match",
        "Tit For Tat",
        "Prober",
        "--turns",
        "20",
        "--seed",
        "4",
        "--game",
        game,
        "--format",
        "json",
    ]));
    assert_eq!(m["command"], "match");
    assert_eq!(m["seed"], 4);
    assert_eq!(m["turns"], 20);
    assert_eq!(m["game"], "chicken");
    assert_eq!(m["inputs"], serde_json::json!([game]));
    assert!(m["redline"].is_string());

    let m = meta_of(&redline(&[
        "tournament",
        "--strategies",
        "Tit For Tat,Defector",
        "--repetitions",
        "2",
        "--prob-end",
        "0.1",
        "--noise",
        "0.05",
        "--seed",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(m["command"], "tournament");
    assert_eq!(m["seed"], 3);
    assert_eq!(m["repetitions"], 2);
    assert_eq!(m["prob_end"], 0.1);
    assert_eq!(m["noise"], 0.05);
    assert!(m.get("turns").is_none() && m.get("inputs").is_none(), "{m}");

    let m = meta_of(&redline(&[
        "evolve",
        "--strategies",
        "Tit For Tat,Defector",
        "--moran",
        "--seed",
        "2",
        "--turns",
        "10",
        "--repetitions",
        "1",
        "--format",
        "json",
    ]));
    assert_eq!(m["command"], "evolve");
    assert_eq!(m["seed"], 2);
    assert_eq!(m["repetitions"], 1);

    let m = meta_of(&redline(&["strategies", "--format", "json"]));
    assert_eq!(m["command"], "strategies");

    let m = meta_of(&redline(&[
        "misperception-sweep",
        "--strategies",
        "Tit For Tat,Defector",
        "--steps",
        "1",
        "--repetitions",
        "1",
        "--turns",
        "10",
        "--format",
        "json",
    ]));
    assert_eq!(m["command"], "misperception-sweep");
    assert_eq!(m["repetitions"], 1);
    // Misperception is the sweep's axis, not a setting.
    assert!(m.get("misperception").is_none(), "{m}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn numbers_print_without_rounding_noise() {
    // Tit For Tat, Grudger, Defector, Feld and Random over 3 repetitions: the
    // mean of per-turn scores leaves floating-point noise in the last bits
    // (Defector's median score was 1.5350000000000001).
    let args = [
        "tournament",
        "--strategies",
        "Tit For Tat,Grudger,Defector,First by Feld,Random",
        "--repetitions",
        "3",
    ];
    for format in ["json", "csv"] {
        let mut with_format = args.to_vec();
        with_format.extend(["--format", format]);
        let out = redline(&with_format);
        assert!(out.status.success());
        let text = util::stdout(&out);
        for noise in ["0000000", "9999999"] {
            assert!(!text.contains(noise), "{format}: {text}");
        }
    }
    // Tit For Tat against itself scores 3 a turn: 20 turns make 60.
    let v = json(&redline(&[
        "match",
        "Tit For Tat",
        "Tit For Tat",
        "--turns",
        "20",
        "--format",
        "json",
    ]));
    assert_eq!(v["scores"], serde_json::json!([60.0, 60.0]));
}

#[test]
fn output_goes_through_the_report_layer() {
    // The command modules of the games, equilibria and bargaining families
    // build no JSON by hand, and their libraries write no output text.
    let root = format!("{}/../..", env!("CARGO_MANIFEST_DIR"));
    for module in ["games", "equilibria", "bargain"] {
        let path = format!("{root}/crates/redline-cli/src/commands/{module}.rs");
        let text = std::fs::read_to_string(&path).unwrap();
        for forbidden in ["json!", "serde_json", "to_string_pretty"] {
            assert!(!text.contains(forbidden), "{path} uses {forbidden}");
        }
    }
    for library in ["redline-games", "redline-equilibria", "redline-bargain"] {
        let path = format!("{root}/crates/{library}/Cargo.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let dependencies = text
            .split("\n[dependencies]")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .unwrap_or("");
        assert!(
            !dependencies.contains("serde_json"),
            "{library} depends on serde_json"
        );
    }
}
