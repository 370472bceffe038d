//! A tournament in shards: what `redline tournament --shard I/N` writes and
//! what `redline merge` reads (serde types; the command line reads and
//! writes their JSON).
//!
//! Shard `i` of `n` plays the units `u` of [`Tournament::units`] with
//! `u mod n = i` (the tournament's pairs, then its replays, dealt out in
//! turn), and records each pair's match summaries and each replay's winner. The
//! header says which tournament: the players, the game's payoffs, the
//! conditions, repetitions, seed and replays. Merging checks that every
//! shard has the same header and holds exactly its own units, then rebuilds
//! the results as one process does ([`Tournament::results_of_units`]), so
//! the merged output is byte for byte the output of one run.

use crate::tournament::{Outcome, Tournament, UnitResult};
use redline_core::InputError;
use serde::{Deserialize, Serialize};

/// The shard file's format.
pub const SHARD_FORMAT: &str = "redline tournament shard 1";

/// Which tournament a shard belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The players' names, in order.
    pub players: Vec<String>,
    /// The game's name.
    pub game: String,
    /// `payoffs[i][j]`: the row and column players' payoffs.
    pub payoffs: Vec<Vec<[f64; 2]>>,
    /// Turns of every match (a fixed length).
    pub turns: Option<usize>,
    /// The probability that a turn is the last (a random length).
    pub prob_end: Option<f64>,
    /// The cap on a random length.
    pub max_turns: Option<usize>,
    /// Probability that a played action differs from the intended one.
    pub noise: f64,
    /// Probability that an action is seen wrongly.
    pub misperception: f64,
    /// Repetitions of each match.
    pub repetitions: usize,
    /// The seed of the tournament (replay `s` uses `seed + s`).
    pub seed: u64,
    /// Replays for the winner's spread (0: none).
    pub seeds: u64,
}

impl Header {
    /// The header of `tournament` played with `seeds` replays.
    pub fn of(tournament: &Tournament, seeds: u64) -> Header {
        let (turns, prob_end, max_turns) = tournament.conditions.length.fields();
        Header {
            players: tournament.players.iter().map(|p| p.name()).collect(),
            game: tournament.game.name.clone(),
            payoffs: tournament
                .game
                .payoffs
                .iter()
                .map(|row| row.iter().map(|&(a, b)| [a, b]).collect())
                .collect(),
            turns,
            prob_end,
            max_turns,
            noise: tournament.conditions.noise,
            misperception: tournament.conditions.misperception,
            repetitions: tournament.repetitions,
            seed: tournament.seed,
            seeds,
        }
    }
}

/// One shard's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// [`SHARD_FORMAT`].
    pub format: String,
    /// The tournament.
    pub header: Header,
    /// `(i, n)`: shard `i` of `n`.
    pub shard: (usize, usize),
    /// The units this shard played, in increasing order.
    pub units: Vec<UnitResult>,
}

/// The units of shard `i` of `n`, out of `units`.
pub fn shard_units(units: usize, i: usize, n: usize) -> Vec<usize> {
    (i..units).step_by(n.max(1)).collect()
}

/// How many units shard `i` of `n` plays, out of `units`.
pub fn shard_size(units: usize, i: usize, n: usize) -> usize {
    units.saturating_sub(i).div_ceil(n.max(1))
}

impl Shard {
    /// Plays shard `i` of `n` of `tournament` with `seeds` replays on the
    /// current rayon pool; `progress` as [`Tournament::play_units`].
    pub fn play(
        tournament: &Tournament,
        seeds: u64,
        (i, n): (usize, usize),
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Shard, InputError> {
        if n == 0 || i >= n {
            return Err(InputError::new(
                "--shard",
                format!("{i}/{n}: expected I/N with 0 ≤ I < N"),
            ));
        }
        let units = shard_units(tournament.units(seeds)?, i, n);
        Ok(Shard {
            format: SHARD_FORMAT.to_string(),
            header: Header::of(tournament, seeds),
            shard: (i, n),
            units: tournament.play_units(seeds, &units, progress)?,
        })
    }
}

/// Joins the shards of `tournament` played with `seeds` replays into its
/// outcome. Errors name the file and what is wrong: another format, another tournament's
/// shard, shards of different counts, a unit outside its shard, a unit
/// missing or repeated.
pub fn merge(
    tournament: &Tournament,
    seeds: u64,
    shards: Vec<(String, Shard)>,
) -> Result<Outcome, String> {
    let header = Header::of(tournament, seeds);
    let Some((_, first)) = shards.first() else {
        return Err("no shard files given".to_string());
    };
    let n = first.shard.1;
    let count_of_units = tournament.units(seeds).map_err(|e| e.to_string())?;
    let mut units = Vec::new();
    for (file, shard) in shards {
        if shard.format != SHARD_FORMAT {
            return Err(format!(
                "{file}: format `{}`, expected `{SHARD_FORMAT}`",
                shard.format
            ));
        }
        if shard.header != header {
            return Err(format!(
                "{file}: a shard of another tournament (players, game, conditions, repetitions, seed or replays differ)"
            ));
        }
        let (i, count) = shard.shard;
        if count != n || i >= n {
            return Err(format!(
                "{file}: shard {i}/{count}, but the first shard is one of {n}"
            ));
        }
        if let Some(u) = shard.units.iter().find(|u| u.unit % n != i) {
            return Err(format!(
                "{file}: unit {} does not belong to shard {i}/{n}",
                u.unit
            ));
        }
        let expected = shard_size(count_of_units, i, n);
        if shard.units.len() != expected {
            return Err(format!(
                "{file}: holds {} units; shard {i}/{n} plays {expected} (play it again)",
                shard.units.len()
            ));
        }
        units.extend(shard.units);
    }
    tournament.results_of_units(seeds, &units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;
    use crate::play::Conditions;
    use crate::strategy::Rule;

    fn noisy() -> Tournament {
        Tournament {
            players: Rule::parse_list("Tit For Tat,Random,Grudger,Defector").unwrap(),
            game: Game::prisoners_dilemma(),
            conditions: Conditions {
                noise: 0.05,
                ..Conditions::turns(30)
            },
            repetitions: 3,
            seed: 7,
        }
    }

    /// The tournaments the merge is checked on: noise on every pair;
    /// deterministic pairs (one match for all repetitions) beside
    /// stochastic ones; random lengths, capped at 0 turns too.
    fn tournaments() -> Vec<Tournament> {
        let deterministic = Tournament {
            players: Rule::parse_list("Tit For Tat,Random,Grudger,Defector,Alternator").unwrap(),
            conditions: Conditions::turns(20),
            ..noisy()
        };
        let random_length = |max_turns| Tournament {
            conditions: Conditions {
                length: crate::play::Length::ProbEnd {
                    prob_end: 0.1,
                    max_turns,
                },
                noise: 0.0,
                misperception: 0.02,
            },
            ..noisy()
        };
        vec![noisy(), deterministic, random_length(50), random_length(0)]
    }

    #[test]
    fn three_shards_rebuild_one_run() {
        for t in tournaments() {
            let whole = t.play_with_replays(4, Some(2), &|_, _| {}).unwrap();
            let shards: Vec<(String, Shard)> = (0..3)
                .map(|i| {
                    let s = Shard::play(&t, 4, (i, 3), &|_, _| {}).unwrap();
                    let text = serde_json::to_string(&s).unwrap();
                    (format!("shard-{i}"), serde_json::from_str(&text).unwrap())
                })
                .collect();
            assert_eq!(merge(&t, 4, shards).unwrap(), whole, "{t:?}");
            // The replays' first tournament is the tournament itself, and
            // replay s is the tournament under seed + s: counted apart here.
            assert_eq!(whole.results, t.play(&|_, _| {}).unwrap());
            let mut wins = vec![0usize; t.players.len()];
            for s in 0..4 {
                let replay = Tournament {
                    seed: t.seed + s,
                    ..t.clone()
                };
                wins[replay.play(&|_, _| {}).unwrap().ranking[0]] += 1;
            }
            let spread = whole.spread.unwrap();
            for (name, count) in &spread {
                let i = whole.results.names.iter().position(|n| n == name).unwrap();
                assert_eq!(*count, wins[i], "{name}");
            }
            assert_eq!(spread.iter().map(|s| s.1).sum::<usize>(), 4);
        }
    }

    #[test]
    fn merge_names_what_is_wrong() {
        let t = noisy();
        let a = Shard::play(&t, 0, (0, 2), &|_, _| {}).unwrap();
        let b = Shard::play(&t, 0, (1, 2), &|_, _| {}).unwrap();
        let named = |s: &Shard, f: &str| (f.to_string(), s.clone());
        let only_a = merge(&t, 0, vec![named(&a, "a.json")]).unwrap_err();
        assert!(only_a.contains("units are missing"), "{only_a}");
        let twice = merge(&t, 0, vec![named(&a, "a.json"), named(&a, "a2.json")]).unwrap_err();
        assert!(twice.contains("appears twice"), "{twice}");
        let mut lost = b.clone();
        lost.units.pop();
        let lost = merge(&t, 0, vec![named(&a, "a.json"), named(&lost, "b.json")]).unwrap_err();
        assert!(
            lost.starts_with("b.json: holds 4 units; shard 1/2 plays 5"),
            "{lost}"
        );
        let other = Tournament {
            seed: 8,
            ..t.clone()
        };
        let foreign = merge(&other, 0, vec![named(&a, "a.json"), named(&b, "b.json")]).unwrap_err();
        assert!(
            foreign.starts_with("a.json: a shard of another"),
            "{foreign}"
        );
        let mut moved = b.clone();
        moved.units[0].unit = 0;
        let misplaced =
            merge(&t, 0, vec![named(&a, "a.json"), named(&moved, "b.json")]).unwrap_err();
        assert!(
            misplaced.contains("does not belong to shard 1/2"),
            "{misplaced}"
        );
        let mut short = b.clone();
        short.units[0].matches[0].turns = 29;
        let bad = merge(&t, 0, vec![named(&a, "a.json"), named(&short, "b.json")]).unwrap_err();
        assert!(bad.contains("a match of 29 turns"), "{bad}");
        let mut inflated = b.clone();
        inflated.units[0].matches[0].scores[0] = 1e308;
        let bad = merge(&t, 0, vec![named(&a, "a.json"), named(&inflated, "b.json")]).unwrap_err();
        assert!(bad.contains("a score beyond 150"), "{bad}");
        // A plan may claim any number of replays: the units held are
        // counted before anything of the claimed size (here 2³¹ units,
        // 16 GiB of slots) is made.
        let mut held = a.units.clone();
        held.extend(b.units.clone());
        let huge = t.results_of_units(1 << 31, &held).unwrap_err();
        assert!(
            huge.starts_with("2147483647 of the 2147483657 units are missing, unit 10 the first"),
            "{huge}"
        );
        let mut old = a.clone();
        old.format = "redline tournament shard 0".into();
        let format = merge(&t, 0, vec![named(&old, "a.json"), named(&b, "b.json")]).unwrap_err();
        assert!(
            format.starts_with("a.json: format `redline tournament shard 0`"),
            "{format}"
        );
    }
}
