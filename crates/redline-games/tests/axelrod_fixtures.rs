//! The deterministic strategies against the Python `axelrod` library (4.14):
//! every ordered pair, a 200-turn match each, must give the same actions turn
//! by turn and the same scores. The fixtures were produced by
//! `scripts/axelrod_fixtures.py`.

use redline_games::game::Game;
use redline_games::play::{Conditions, play};
use redline_games::strategy::Rule;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture present");
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn every_ordered_pair_matches_the_library_turn_by_turn() {
    let fixture = fixture("axelrod_matches.json");
    let turns = fixture["turns"].as_u64().unwrap() as usize;
    let game = Game::prisoners_dilemma();
    let matches = fixture["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 24 * 24);
    let mut failures = Vec::new();
    for m in matches {
        let names: Vec<&str> = m["players"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let a = Rule::parse(names[0]).unwrap();
        let b = Rule::parse(names[1]).unwrap();
        assert_eq!(a.name(), names[0]);
        assert_eq!(b.name(), names[1]);
        let record = play([&a, &b], &game, &Conditions::turns(turns), 0, 0);
        let got = [
            game.write_actions(&record.actions[0]),
            game.write_actions(&record.actions[1]),
        ];
        let want = [
            m["actions"][0].as_str().unwrap(),
            m["actions"][1].as_str().unwrap(),
        ];
        let scores = [
            m["scores"][0].as_f64().unwrap(),
            m["scores"][1].as_f64().unwrap(),
        ];
        if got[0] != want[0] || got[1] != want[1] || record.scores != scores {
            let turn = (0..turns).find(|&t| {
                got[0].as_bytes()[t] != want[0].as_bytes()[t]
                    || got[1].as_bytes()[t] != want[1].as_bytes()[t]
            });
            failures.push(format!(
                "{} vs {}: first difference at turn {turn:?}",
                names[0], names[1]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs differ:\n{}",
        failures.len(),
        matches.len(),
        failures.join("\n")
    );
}

#[test]
fn tournament_results_match_the_library() {
    use redline_games::tournament::Tournament;
    let fixture = fixture("axelrod_tournament.json");
    let players: Vec<Rule> = fixture["players"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Rule::parse(v.as_str().unwrap()).unwrap())
        .collect();
    let t = Tournament {
        players,
        game: Game::prisoners_dilemma(),
        conditions: Conditions::turns(fixture["turns"].as_u64().unwrap() as usize),
        repetitions: fixture["repetitions"].as_u64().unwrap() as usize,
        seed: 1,
    };
    let r = t.play(&|_, _| {}).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let want_median = numbers(&fixture["median_score_per_turn"]);
    for (i, (&got, &want)) in r.median_score_per_turn.iter().zip(&want_median).enumerate() {
        assert!(
            close(got, want),
            "median score of {}: {got} vs {want}",
            r.names[i]
        );
    }
    let ranked: Vec<&str> = r.ranking.iter().map(|&i| r.names[i].as_str()).collect();
    let want_ranked: Vec<&str> = fixture["ranked_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ranked, want_ranked);
    let want_wins: Vec<Vec<usize>> = fixture["wins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            w.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap() as usize)
                .collect()
        })
        .collect();
    assert_eq!(r.wins, want_wins);
    for (got, want) in r
        .cooperation_rating
        .iter()
        .zip(numbers(&fixture["cooperating_rating"]))
    {
        assert!(close(*got, want), "{got} vs {want}");
    }
    for (row, want_row) in r
        .payoff_matrix
        .iter()
        .zip(fixture["payoff_matrix"].as_array().unwrap())
    {
        for (got, want) in row.iter().zip(numbers(want_row)) {
            assert!(close(*got, want), "{got} vs {want}");
        }
    }
}
