//! Shard files of `redline tournament --shard I/N`, read (serde_json, as
//! the command line's `input::read_json`) and merged as `redline merge` does (the input split at NUL bytes: one shard per piece),
//! against the small tournament the seeds come from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_games::{game::Game, play::Conditions, shard, strategy::Rule, tournament::Tournament};

fuzz_target!(|data: &[u8]| {
    let text = redline_fuzz::text(data);
    let shards: Vec<(String, shard::Shard)> = text
        .split('\0')
        .enumerate()
        .filter_map(|(i, piece)| {
            let origin = format!("shard-{i}.json");
            let shard: shard::Shard = serde_json::from_str(piece).ok()?;
            Some((origin, shard))
        })
        .collect();
    // The tournament of the seeds (`scripts/fuzz.sh`): `redline tournament
    // --strategies "Tit For Tat,Random" --turns 3 --repetitions 2 --seed 5 --seeds 3`.
    let tournament = Tournament {
        players: vec![Rule::parse("Tit For Tat").unwrap(), Rule::parse("Random").unwrap()],
        game: Game::prisoners_dilemma(),
        conditions: Conditions::turns(3),
        repetitions: 2,
        seed: 5,
    };
    let _ = shard::merge(&tournament, 3, shards);
});
