//! A short, bounded fuzz run of every parser on stable, part of the default
//! tests: each shipped or example input is mutated a few hundred times by a
//! fixed-seed generator (byte flips, token insertions, deletions and
//! repetitions) and fed to its parser in process. A parser may refuse an
//! input; it may not panic. Where a writer exists, what parses writes back
//! and reads again as the same thing. (Long campaigns are issue 12's
//! cargo-fuzz targets.)

use crate::util;

/// xorshift64*: a fixed stream, so every run tries the same inputs.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that parsers of these formats treat specially.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\n",
    "\r\n",
    "=",
    ",",
    "\t",
    "#",
    "-",
    ".",
    "0",
    "1/0",
    "1e308",
    "-1e308",
    "2.2e-308",
    "99999999999",
    "inf",
    "nan",
    "NA",
    "é",
    "\u{0}",
    "p ",
    "t ",
    "c ",
    "dist = \"beta\"",
    "value = ",
    "extends = ",
    "[[calendar]]",
    "2025-02-30",
    "9999-12-31",
];

fn mutate(seed: &str, stream: &mut Stream) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..1 + stream.below(4) {
        let at = stream.below(bytes.len() + 1);
        match stream.below(4) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << stream.below(8);
            }
            1 => {
                let token = TOKENS[stream.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            2 if !bytes.is_empty() => {
                let end = (at + stream.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            _ => {
                let end = (at + stream.below(60)).min(bytes.len());
                let piece: Vec<u8> = bytes[at.min(end)..end].to_vec();
                bytes.splice(at..at, piece);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Runs `parse` on `cases` mutations of each seed file.
fn fuzz(seeds: &[&str], cases: usize, salt: u64, mut parse: impl FnMut(&str)) {
    let mut stream = Stream(0x9e37_79b9_7f4a_7c15 ^ salt);
    for seed in seeds {
        let text = std::fs::read_to_string(util::repository().join(seed)).expect(seed);
        parse(&text);
        for _ in 0..cases {
            parse(&mutate(&text, &mut stream));
        }
    }
}

#[test]
fn scenario_files_and_sets() {
    fuzz(
        &[
            "scenarios/iran-2025-02-07.toml",
            "scenarios/iran-2013-02-07.toml",
            "scenarios/shared/parameters.toml",
        ],
        600,
        1,
        |text| {
            if let Ok(scenario) = redline_core::Scenario::parse("fuzz.toml", text) {
                let _ = redline_crisis::CrisisModel::new(scenario);
            }
        },
    );
    // A playbook (`[playbooks.<id>]`) laid over the flagship as a fragment.
    let playbook =
        std::fs::read_to_string(util::repository().join("examples/playbooks/compellence.toml"))
            .expect("the example playbook");
    let mut stream = Stream(11);
    for _ in 0..600 {
        let text = mutate(&playbook, &mut stream);
        let read = |_: &std::path::Path| -> std::io::Result<String> { Ok(text.clone()) };
        let with = [std::path::PathBuf::from("playbook.toml")];
        if let Ok(s) = redline_scenarios::load(None, &with, &[], &read) {
            let _ = redline_crisis::CrisisModel::new(s);
        }
    }
    let mut stream = Stream(7);
    for base in [
        "leader.red_line=absolute",
        "snapback.enabled=false",
        "scenario.horizon=2026-01-01",
    ] {
        for _ in 0..300 {
            let set = mutate(base, &mut stream);
            if let Ok(s) = redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[set]) {
                let _ = redline_crisis::CrisisModel::new(s);
            }
        }
    }
}

#[test]
fn gambit_files_read_back_as_written() {
    use redline_equilibria::{efg, nfg};
    fuzz(&["examples/games/standoff.nfg"], 2000, 2, |text| {
        if let Ok(game) = nfg::parse_nfg("fuzz.nfg", text) {
            let again = nfg::parse_nfg("again.nfg", &nfg::write_nfg(&game));
            assert_eq!(again.ok(), Some(game), "{text:?}");
        }
    });
    fuzz(
        &[
            "examples/games/ultimatum.efg",
            "examples/games/escalation.efg",
        ],
        1500,
        3,
        |text| {
            if let Ok(game) = efg::parse_efg("fuzz.efg", text) {
                let again = efg::parse_efg("again.efg", &efg::write_efg(&game));
                assert_eq!(again.ok(), Some(game), "{text:?}");
            }
        },
    );
}

#[test]
fn bargaining_inputs() {
    fuzz(
        &[
            "examples/bargaining/enrichment.csv",
            "scenarios/bargaining/iran-2025-talks.toml",
            "scenarios/bargaining/iran-2025-enrichment.csv",
        ],
        1500,
        4,
        |text| {
            let _ = redline_bargain::read::read_any("fuzz", text);
        },
    );
}

#[test]
fn event_files_and_records() {
    use redline_data::events::{ReadOptions, read_events};
    fuzz(&["examples/events/usa-irn-2024.tsv"], 800, 5, |text| {
        // Only the first few kilobytes: the reader streams, rows are independent.
        let cut: String = text.chars().take(4_000).collect();
        let mut events = 0;
        let _ = read_events(
            cut.as_bytes(),
            &ReadOptions::new("fuzz.tsv".to_string()),
            |_| events += 1,
        );
    });
    fuzz(
        &[
            "examples/redlines/record.csv",
            "data/redlines/us-iran-2025-02-07.csv",
        ],
        1500,
        6,
        |text| {
            let _ = redline_data::credibility::parse_record(text, "fuzz.csv");
        },
    );
    fuzz(&["data/outcomes/iran-2013-02-07.csv"], 1500, 7, |text| {
        let _ = redline_data::scoring::parse_outcomes(text, "fuzz.csv");
    });
}

#[test]
fn game_files() {
    let game = "name = \"standoff\"\nactions = [\"C\", \"D\"]\npayoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]\n";
    let mut stream = Stream(8);
    for _ in 0..2000 {
        let text = mutate(game, &mut stream);
        let _ = redline_games::game::Game::from_toml("fuzz.toml", &text);
    }
}

#[test]
fn fit_shards() {
    // Two shards of one small fit, as `redline fit --starts 2 --shard I/2` writes them.
    let header = r#""header":{"inputs":["iran-2013-02-07"],"cases":[["iran-2013-02-07","00"]],"keys":["talks.open_base_annual"],"runs":20,"seed":42,"generations":1,"starts":2,"step":0.5}"#;
    let part0 = format!(
        r#"{{"format":"redline fit shard 1",{header},"shard":[0,2],"searches":[{{"start":0,"z":[0.1],"objective":3.5,"generations":1,"evaluations":7}}]}}"#
    );
    let part1 = format!(
        r#"{{"format":"redline fit shard 1",{header},"shard":[1,2],"searches":[{{"start":1,"z":[-0.4],"objective":3.25,"generations":1,"evaluations":7}}]}}"#
    );
    let read = |text: &str, origin: &str| redline_data::fit::read_shard(text, origin);
    let both = [
        (
            "part0.json".to_string(),
            read(&part0, "part0.json").expect("seed"),
        ),
        (
            "part1.json".to_string(),
            read(&part1, "part1.json").expect("seed"),
        ),
    ];
    let (_, searches) = redline_data::fit::merge(&both).expect("the seeds merge");
    assert_eq!(searches.len(), 2);
    let mut stream = Stream(13);
    for _ in 0..1500 {
        let text = mutate(&part1, &mut stream);
        if let Ok(shard) = read(&text, "fuzz.json") {
            let _ = redline_data::fit::merge(&[both[0].clone(), ("fuzz.json".to_string(), shard)]);
        }
    }
}

#[test]
fn tournament_shards() {
    use redline_games::{shard, tournament::Tournament};
    // Two shards of a small tournament, as `redline tournament --shard I/2`
    // writes them; the second is mutated and merged with the first.
    let t = Tournament {
        players: redline_games::strategy::Rule::parse_list("Tit For Tat,Random,Grudger").unwrap(),
        game: redline_games::game::Game::prisoners_dilemma(),
        // A random length: a mutated shard's match may claim any length
        // up to the cap, and sums of turns must not overflow.
        conditions: redline_games::play::Conditions {
            length: redline_games::play::Length::ProbEnd {
                prob_end: 0.3,
                max_turns: 6,
            },
            noise: 0.0,
            misperception: 0.0,
        },
        repetitions: 2,
        seed: 5,
    };
    let play = |i| shard::Shard::play(&t, 2, (i, 2), &|_, _| {}).expect("the seeds play");
    let first = ("part0.json".to_string(), play(0));
    let second = serde_json::to_string(&play(1)).unwrap();
    let read = serde_json::from_str(&second).expect("the seed reads");
    let both = [first.clone(), ("part1.json".to_string(), read)];
    assert!(
        shard::merge(&t, 2, both.to_vec()).is_ok(),
        "the seeds merge"
    );
    let mut stream = Stream(17);
    for _ in 0..1500 {
        let text = mutate(&second, &mut stream);
        if let Ok(shard) = serde_json::from_str(&text) {
            let _ = shard::merge(&t, 2, vec![first.clone(), ("fuzz.json".to_string(), shard)]);
        }
    }
}

#[test]
fn sensitivity_shards() {
    use redline_crisis::sensitivity::{self, Shard};
    // Two shards of a Morris design of 2 factors and 1 trajectory (3
    // points), as `redline sensitivity --shard I/2` writes them (the seeds
    // of the `sensitivity_shard` fuzz target); the second is mutated.
    let header = r#""kind":"redline-sensitivity-shard","method":"morris","scenario":"iran-2025-02-07","scenario_file":"scenarios/iran-2025-02-07.toml (embedded)","scenario_sha256":"5c2c1e6e3342bca4f8490554965765a8f4e92795bc0a5d783e2218f24e5f51ad","params":"judgment","seed":42,"samples":1,"runs":4,"factors":["leader.firmness","leader.deniability"],"columns":["talks_secret","war"],"labels":["Secret talks","War"],"outcomes":["war"]"#;
    let part0 = format!(
        r#"{{{header},"shard":[0,2],"evaluations":[{{"point":0,"counts":[1,0]}},{{"point":2,"counts":[3,1]}}]}}"#
    );
    let part1 =
        format!(r#"{{{header},"shard":[1,2],"evaluations":[{{"point":1,"counts":[2,2]}}]}}"#);
    let read = |text: &str| serde_json::from_str::<Shard>(text);
    let first = ("part0.json".to_string(), read(&part0).expect("seed"));
    let both = [
        first.clone(),
        ("part1.json".to_string(), read(&part1).expect("seed")),
    ];
    let merged = sensitivity::merge(&both).expect("the seeds merge");
    assert_eq!(merged.rows.len(), 3);
    let analysis = sensitivity::analyse(&merged.header, &merged.design, &merged.rows, 20);
    assert!(!analysis.outcomes.is_empty());
    let mut stream = Stream(19);
    for _ in 0..1500 {
        let text = mutate(&part1, &mut stream);
        if let Ok(shard) = read(&text) {
            let pair = [first.clone(), ("fuzz.json".to_string(), shard)];
            if let Ok(merged) = sensitivity::merge(&pair) {
                let _ = sensitivity::analyse(&merged.header, &merged.design, &merged.rows, 20);
            }
        }
    }
}
