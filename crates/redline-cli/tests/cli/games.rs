//! `redline match`, `tournament`, `evolve`, `strategies` and
//! `misperception-sweep` run as a user would: the real binary, in a temp dir.

use std::path::PathBuf;
use std::process::Output;

use super::util;

fn temp_dir(name: &str) -> PathBuf {
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
    assert_eq!(first, vec![1.0 / 3.0; 3]);
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
    let names: Vec<&str> = v
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
        v.as_array()
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
