//! `enummixed` against lrslib's lrsnash (Avis's reverse search, exact),
//! an implementation independent of redline and Gambit: the extreme
//! equilibria lrsnash printed on random games of up to 12×12 and on a
//! degenerate game, recorded by scripts/lrsnash_crosscheck.py in
//! tests/fixtures/lrsnash.json.

use redline_equilibria::nfg::parse_nfg;
use redline_equilibria::number::{Q, parse_number};
use redline_equilibria::solve::enummixed;
use serde_json::Value;

fn fixtures() -> String {
    format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn enummixed_finds_exactly_the_extreme_equilibria_lrsnash_finds() {
    let text = std::fs::read_to_string(format!("{}/lrsnash.json", fixtures())).unwrap();
    let recorded: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    let mut games = 0;
    for (name, equilibria) in &recorded {
        if !name.ends_with(".nfg") {
            continue;
        }
        games += 1;
        let game_text = std::fs::read_to_string(format!("{}/{name}", fixtures())).unwrap();
        let game = parse_nfg(name, &game_text).unwrap();
        let mut theirs: Vec<Vec<Q>> = equilibria
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| parse_number(v.as_str().unwrap()).unwrap())
                    .collect()
            })
            .collect();
        theirs.sort();
        let mut ours: Vec<Vec<Q>> = enummixed(&game)
            .unwrap()
            .into_iter()
            .map(|e| e.profile.concat())
            .collect();
        ours.sort();
        assert!(!theirs.is_empty(), "{name}: no equilibria recorded");
        assert_eq!(ours, theirs, "{name}");
    }
    assert!(games >= 5, "only {games} games recorded");
}
