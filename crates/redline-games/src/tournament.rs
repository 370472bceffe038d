//! Round-robin tournaments, ranked as the `axelrod` library ranks them.
//!
//! Every pair of players meets, self-play included, in each of `repetitions`
//! repetitions. Self-play is played but counts toward nothing except the
//! diagonal of the payoff matrix. For player `i` in repetition `r`, the
//! normalised score is the mean over opponents `j ≠ i` of `i`'s payoff per
//! turn against `j`; the ranking sorts players by the median of their
//! normalised scores over repetitions, highest first (ties keep the input
//! order, as Python's stable sort does). Wins count the matches against others
//! with a strictly higher total; the cooperation rating is cooperations over
//! turns in all matches against others; the payoff matrix holds the mean over
//! repetitions of the per-turn payoff of row against column.
//!
//! Matches run in parallel, one task per pair, each match seeded by
//! `(seed, pair << 32 | repetition)`; results are combined in pair order, so
//! the output is byte-identical on any number of threads.
//!
//! A run with replays (`--seeds S`: the same tournament under `seed`,
//! `seed + 1`, …, to see how often each player wins) is cut into units: one
//! per pair of the tournament, then one per further replay
//! ([`Tournament::units`]). Any subset of units can be played apart
//! ([`Tournament::play_units`], a shard of a job array) and the results
//! rebuilt from all of them ([`Tournament::results_of_units`]), the same
//! bytes whichever process played which unit: a pair's matches are kept
//! whole, and a replay is played whole and keeps only its winner.

use crate::game::Game;
use crate::play::{Arena, Conditions, Length, MAX_TURNS, MatchSummary, play_into};
use crate::strategy::Rule;
use rayon::prelude::*;
use redline_core::InputError;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most repetitions of each match (the results hold a score per
/// player and repetition).
pub const MAX_REPETITIONS: usize = 1_000_000;

/// The most units of work ([`Tournament::units`]) one run may hold.
pub const MAX_UNITS: usize = 1 << 32;

/// A unit of work's result ([`Tournament::units`]): a pair's matches, one
/// per repetition (one for a deterministic pair), or a replay's winner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    /// The unit's number.
    pub unit: usize,
    /// A pair's matches, in repetition order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<MatchSummary>,
    /// A replay's winner (a player's index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub winner: Option<usize>,
}

/// A tournament's results and the spread of its winner over replays.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The tournament's results.
    pub results: Results,
    /// With replays (`seeds`): each player that won one, and how many, most first.
    pub spread: Option<Vec<(String, usize)>>,
}

/// An error once a host asked the work to stop (`redline_core::interrupt`:
/// the Python package on Ctrl-C): the pairs not yet begun are not played.
fn stop_if_asked() -> Result<(), InputError> {
    if redline_core::interrupt::requested() {
        return Err(InputError::new("tournament", "interrupted"));
    }
    Ok(())
}

/// Runs `work` on `threads` threads (`None`: rayon's default pool).
pub fn on_threads<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T, InputError> {
    match threads {
        None => Ok(work()),
        Some(0) => Err(InputError::new(
            "--threads",
            "at least one thread is needed",
        )),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| InputError::new("--threads", e.to_string()))?;
            Ok(pool.install(work))
        }
    }
}

/// A tournament to play.
#[derive(Clone, Debug)]
pub struct Tournament {
    /// The players, each a strategy (the same strategy may enter twice).
    pub players: Vec<Rule>,
    /// The game.
    pub game: Game,
    /// Match length, noise and misperception.
    pub conditions: Conditions,
    /// How many times each pair meets.
    pub repetitions: usize,
    /// The seed of every random stream.
    pub seed: u64,
}

/// A tournament's results.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Player names as the library prints them.
    pub names: Vec<String>,
    /// Player indices, best first.
    pub ranking: Vec<usize>,
    /// `normalised_scores[i][r]`: mean per-turn payoff of `i` against the others in repetition `r`.
    pub normalised_scores: Vec<Vec<f64>>,
    /// Median over repetitions of the normalised score.
    pub median_score_per_turn: Vec<f64>,
    /// `wins[i][r]`: matches against others won by `i` in repetition `r`.
    pub wins: Vec<Vec<usize>>,
    /// Cooperations over turns, in all matches against others.
    pub cooperation_rating: Vec<f64>,
    /// Turns of mutual defection over turns, in all matches against others.
    pub mutual_defection_rate: Vec<f64>,
    /// `payoff_matrix[i][j]`: mean over repetitions of `i`'s per-turn payoff against `j`.
    pub payoff_matrix: Vec<Vec<f64>>,
}

impl Results {
    /// The median over repetitions of each player's wins (the library's
    /// summary column "Wins").
    pub fn median_wins(&self) -> Vec<f64> {
        self.wins
            .iter()
            .map(|w| median(&w.iter().map(|&x| x as f64).collect::<Vec<_>>()))
            .collect()
    }
}

/// The median, averaging the two middle values of an even count (as
/// `numpy.nanmedian`, NaNs left out; NaN when nothing is left).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

impl Tournament {
    /// Checks the tournament's settings.
    pub fn validate(&self) -> Result<(), InputError> {
        if self.players.len() < 2 {
            return Err(InputError::new(
                "--strategies",
                "a tournament needs at least two players",
            ));
        }
        if self.repetitions == 0 {
            return Err(InputError::new(
                "--repetitions",
                "at least one repetition is needed",
            ));
        }
        if self.repetitions > MAX_REPETITIONS {
            return Err(InputError::new(
                "--repetitions",
                format!(
                    "{} repetitions is more than the limit of {MAX_REPETITIONS}",
                    self.repetitions
                ),
            ));
        }
        self.conditions.validate()
    }

    /// The pairs `(i, j)`, `i ≤ j`, in the order their seeds are numbered.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let n = self.players.len();
        (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect()
    }

    /// Whether the pair `(i, j)` plays the same match in every repetition:
    /// deterministic players, a fixed length, no errors. Such a match is
    /// played once, as the library's deterministic cache does.
    pub fn is_deterministic_pair(&self, i: usize, j: usize) -> bool {
        self.conditions.noise == 0.0
            && self.conditions.misperception == 0.0
            && matches!(self.conditions.length, Length::Fixed(_))
            && !self.players[i].is_stochastic()
            && !self.players[j].is_stochastic()
    }

    /// The matches pair `p` (= `(i, j)`) plays under `seed`: one per
    /// repetition, or only the first when the pair is deterministic.
    fn play_pair(
        &self,
        arena: &mut Arena,
        seed: u64,
        p: usize,
        (i, j): (usize, usize),
    ) -> Vec<MatchSummary> {
        let distinct = if self.is_deterministic_pair(i, j) {
            1
        } else {
            self.repetitions
        };
        (0..distinct)
            .map(|r| {
                let index = ((p as u64) << 32) | r as u64;
                play_into(
                    arena,
                    [&self.players[i], &self.players[j]],
                    &self.game,
                    &self.conditions,
                    seed,
                    index,
                )
            })
            .collect()
    }

    /// Plays the tournament on the current rayon thread pool; `progress` is
    /// called with the number of pairs done after each pair.
    pub fn play(&self, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Results, InputError> {
        self.validate()?;
        let pairs = self.pairs();
        let done = AtomicUsize::new(0);
        let total = pairs.len();
        let summaries: Vec<Vec<MatchSummary>> = pairs
            .par_iter()
            .enumerate()
            .map_init(Arena::default, |arena, (p, &pair)| {
                stop_if_asked()?;
                let out = self.play_pair(arena, self.seed, p, pair);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(out)
            })
            .collect::<Result<_, InputError>>()?;
        Ok(self.aggregate(&pairs, &summaries))
    }

    /// Plays the tournament on `threads` threads (`None`: rayon's default).
    pub fn play_on(
        &self,
        threads: Option<usize>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Results, InputError> {
        on_threads(threads, || self.play(progress))?
    }

    /// The units of work of the tournament and its replays (`seeds`: the
    /// same tournament under `seed`, `seed + 1`, …, for the spread of its
    /// winner; the first replay is the tournament itself): first one unit
    /// per pair `p` of the tournament (unit `p`), whose matches the results
    /// are made of, then one unit per further replay `s = 1, 2, …` (unit
    /// `pairs + s − 1`), of which only the winner is kept.
    pub fn units(&self, seeds: u64) -> Result<usize, InputError> {
        let pairs = self.pairs().len();
        usize::try_from(seeds.saturating_sub(1))
            .ok()
            .and_then(|replays| replays.checked_add(pairs))
            .filter(|&u| u <= MAX_UNITS)
            .ok_or_else(|| {
                InputError::new(
                    "--seeds",
                    format!("{seeds} replays is more than the {MAX_UNITS} a run may hold"),
                )
            })
    }

    /// The winner (a player's index) of replay `s`: the tournament played
    /// whole under `seed + s`.
    fn replay_winner(&self, s: u64) -> Result<usize, InputError> {
        let replay = Tournament {
            seed: self.seed.wrapping_add(s),
            ..self.clone()
        };
        Ok(replay.play(&|_, _| {})?.ranking[0])
    }

    /// Plays the units `indices` (see [`Tournament::units`]) on the current
    /// rayon thread pool, in the order given; `progress` is called with the
    /// number of units done and their count.
    pub fn play_units(
        &self,
        seeds: u64,
        indices: &[usize],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<UnitResult>, InputError> {
        self.validate()?;
        let units = self.units(seeds)?;
        let pairs = self.pairs();
        if let Some(&bad) = indices.iter().find(|&&u| u >= units) {
            return Err(InputError::new(
                "--shard",
                format!("unit {bad} is not one of the {units} units"),
            ));
        }
        let done = AtomicUsize::new(0);
        let total = indices.len();
        indices
            .par_iter()
            .map_init(Arena::default, |arena, &unit| {
                stop_if_asked()?;
                let result = match pairs.get(unit) {
                    Some(&pair) => Ok(UnitResult {
                        unit,
                        matches: self.play_pair(arena, self.seed, unit, pair),
                        winner: None,
                    }),
                    None => self
                        .replay_winner((unit - pairs.len() + 1) as u64)
                        .map(|w| UnitResult {
                            unit,
                            matches: Vec::new(),
                            winner: Some(w),
                        }),
                };
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                result
            })
            .collect()
    }

    /// The results of the tournament and, with `seeds`, how often each
    /// player won its replays, from every unit's result (each unit once, in
    /// any order). An error says which unit is missing, repeated or not
    /// what this tournament plays.
    pub fn results_of_units(&self, seeds: u64, units: &[UnitResult]) -> Result<Outcome, String> {
        self.validate().map_err(|e| e.to_string())?;
        let count = self.units(seeds).map_err(|e| e.to_string())?;
        if units.len() < count {
            // Named before anything the size of `count` is allocated: a
            // plan may claim any number of replays.
            let mut held: Vec<usize> = units.iter().map(|u| u.unit).collect();
            held.sort_unstable();
            held.dedup();
            let missing = held
                .iter()
                .enumerate()
                .find(|&(i, &u)| i != u)
                .map_or(held.len(), |(i, _)| i);
            let absent = count - held.iter().filter(|&&u| u < count).count();
            return Err(format!(
                "{absent} of the {count} units are missing, unit {missing} the first"
            ));
        }
        let pairs = self.pairs();
        let mut by_unit: Vec<Option<&UnitResult>> = vec![None; count];
        for u in units {
            let slot = by_unit
                .get_mut(u.unit)
                .ok_or_else(|| format!("unit {} is not one of the {count} units", u.unit))?;
            if slot.is_some() {
                return Err(format!("unit {} appears twice", u.unit));
            }
            if let Some(problem) = self.implausible(u, &pairs) {
                return Err(format!("unit {}: {problem}", u.unit));
            }
            *slot = Some(u);
        }
        // Each unit once and none outside: all `count` are there.
        let units: Vec<&UnitResult> = by_unit.into_iter().flatten().collect();
        let (pair_units, replays) = units.split_at(pairs.len());
        let matches: Vec<&[MatchSummary]> = pair_units.iter().map(|u| &u.matches[..]).collect();
        let mut wins = vec![0usize; self.players.len()];
        // Checked by `implausible`: a replay's unit has its winner.
        for w in replays.iter().filter_map(|r| r.winner) {
            wins[w] += 1;
        }
        Ok(self.outcome(seeds, &pairs, &matches, wins))
    }

    /// The outcome from the pairs' matches of the tournament and the wins
    /// of its further replays.
    fn outcome(
        &self,
        seeds: u64,
        pairs: &[(usize, usize)],
        matches: &[&[MatchSummary]],
        mut wins: Vec<usize>,
    ) -> Outcome {
        let results = self.aggregate(pairs, matches);
        let spread = (seeds > 0).then(|| {
            // The first replay is the tournament itself.
            wins[results.ranking[0]] += 1;
            let mut spread: Vec<(String, usize)> = results
                .names
                .iter()
                .cloned()
                .zip(wins)
                .filter(|(_, c)| *c > 0)
                .collect();
            spread.sort_by_key(|s| std::cmp::Reverse(s.1));
            spread
        });
        Outcome { results, spread }
    }

    /// Why a unit's result cannot come from this tournament, if it cannot.
    fn implausible(&self, u: &UnitResult, pairs: &[(usize, usize)]) -> Option<String> {
        let Some(&(i, j)) = pairs.get(u.unit) else {
            return match u.winner {
                Some(w) if w < self.players.len() && u.matches.is_empty() => None,
                _ => Some("a replay's unit holds its winner, a player, and no matches".into()),
            };
        };
        let distinct = if self.is_deterministic_pair(i, j) {
            1
        } else {
            self.repetitions
        };
        if u.matches.len() != distinct || u.winner.is_some() {
            return Some(format!(
                "{} matches; the pair {} against {} plays {distinct} and has no winner",
                u.matches.len(),
                self.players[i].name(),
                self.players[j].name(),
            ));
        }
        // A turn's payoff is at most the game's largest in size, so a
        // match's score at most that many times its turns.
        let largest = self
            .game
            .payoffs
            .iter()
            .flatten()
            .map(|&(a, b)| a.abs().max(b.abs()))
            .fold(0.0, f64::max);
        u.matches.iter().find_map(|m| {
            let turns_ok = match self.conditions.length {
                Length::Fixed(n) => m.turns == n,
                // At least one turn, unless the cap is 0.
                Length::ProbEnd { max_turns, .. } => {
                    let cap = max_turns.min(MAX_TURNS);
                    (cap.min(1)..=cap).contains(&m.turns)
                }
            };
            let bound = largest * m.turns as f64 * (1.0 + 1e-9);
            if !turns_ok {
                Some(format!("a match of {} turns", m.turns))
            } else if m.cooperations.iter().any(|&c| c > m.turns) || m.mutual_defections > m.turns {
                Some("more cooperations or mutual defections than turns".to_string())
            } else if !m.scores.iter().all(|s| s.abs() <= bound) {
                Some(format!(
                    "a score beyond {bound} (the game's largest payoff times the turns)"
                ))
            } else {
                None
            }
        })
    }

    /// Plays the tournament and, with `seeds`, its replays, on `threads`
    /// threads: the pairs' matches as [`Tournament::play_units`] plays
    /// them, and each further replay's winner as it does, counted as they
    /// come (so a run of many replays holds no more than one tournament).
    pub fn play_with_replays(
        &self,
        seeds: u64,
        threads: Option<usize>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Outcome, InputError> {
        let units = self.units(seeds)?;
        let pairs = self.pairs();
        let done = AtomicUsize::new(0);
        let pair_progress = |_: usize, _: usize| {
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, units);
        };
        let indices: Vec<usize> = (0..pairs.len()).collect();
        let played = on_threads(threads, || -> Result<_, InputError> {
            let played = self.play_units(seeds, &indices, &pair_progress)?;
            let wins = (1..seeds.max(1))
                .into_par_iter()
                .map(|s| {
                    stop_if_asked()?;
                    let w = self.replay_winner(s)?;
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, units);
                    Ok(w)
                })
                .try_fold(
                    || vec![0usize; self.players.len()],
                    |mut wins, w: Result<usize, InputError>| {
                        wins[w?] += 1;
                        Ok(wins)
                    },
                )
                .try_reduce(
                    || vec![0usize; self.players.len()],
                    |mut a, b| {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                        Ok(a)
                    },
                )?;
            Ok((played, wins))
        })??;
        let (played, wins) = played;
        let matches: Vec<&[MatchSummary]> = played.iter().map(|u| &u.matches[..]).collect();
        Ok(self.outcome(seeds, &pairs, &matches, wins))
    }

    fn aggregate<S: AsRef<[MatchSummary]>>(
        &self,
        pairs: &[(usize, usize)],
        summaries: &[S],
    ) -> Results {
        let n = self.players.len();
        let reps = self.repetitions;
        let mut score_sums = vec![vec![0.0; reps]; n];
        let mut wins = vec![vec![0usize; reps]; n];
        let mut payoff_sums = vec![vec![0.0; n]; n];
        let mut cooperations = vec![0usize; n];
        let mut turns = vec![0usize; n];
        let mut mutual = vec![0usize; n];
        for (&(i, j), matches) in pairs.iter().zip(summaries) {
            // A deterministic pair's one match stands for every repetition.
            let matches = matches.as_ref();
            for (r, m) in (0..reps).map(|r| (r, &matches[r.min(matches.len() - 1)])) {
                let per_turn = |k: usize| {
                    if m.turns == 0 {
                        0.0
                    } else {
                        m.scores[k] / m.turns as f64
                    }
                };
                if i == j {
                    payoff_sums[i][i] += (per_turn(0) + per_turn(1)) / 2.0;
                    continue;
                }
                payoff_sums[i][j] += per_turn(0);
                payoff_sums[j][i] += per_turn(1);
                score_sums[i][r] += per_turn(0);
                score_sums[j][r] += per_turn(1);
                if m.scores[0] > m.scores[1] {
                    wins[i][r] += 1;
                } else if m.scores[1] > m.scores[0] {
                    wins[j][r] += 1;
                }
                for (k, player) in [(0, i), (1, j)] {
                    cooperations[player] += m.cooperations[k];
                    turns[player] += m.turns;
                    mutual[player] += m.mutual_defections;
                }
            }
        }
        let opponents = (n - 1) as f64;
        let normalised_scores: Vec<Vec<f64>> = score_sums
            .iter()
            .map(|row| row.iter().map(|s| s / opponents).collect())
            .collect();
        let median_score_per_turn: Vec<f64> = normalised_scores.iter().map(|s| median(s)).collect();
        let mut ranking: Vec<usize> = (0..n).collect();
        ranking.sort_by(|&a, &b| median_score_per_turn[b].total_cmp(&median_score_per_turn[a]));
        let rate = |x: &[usize]| -> Vec<f64> {
            x.iter()
                .zip(&turns)
                .map(|(&c, &t)| c as f64 / t.max(1) as f64)
                .collect()
        };
        Results {
            names: self.players.iter().map(Rule::name).collect(),
            ranking,
            median_score_per_turn,
            normalised_scores,
            wins,
            cooperation_rating: rate(&cooperations),
            mutual_defection_rate: rate(&mutual),
            payoff_matrix: payoff_sums
                .iter()
                .map(|row| row.iter().map(|s| s / reps as f64).collect())
                .collect(),
        }
    }
}

/// Axelrod's first tournament (Axelrod 1980): its 15 entries, 200 turns, 5
/// repetitions, the prisoner's dilemma.
pub fn first_tournament(seed: u64) -> Tournament {
    Tournament {
        players: crate::strategy::first_tournament(),
        game: Game::prisoners_dilemma(),
        conditions: Conditions::turns(200),
        repetitions: 5,
        seed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::Rule::*;

    #[test]
    fn median_as_numpy() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn three_player_tournament_by_hand() {
        // 10 turns. TFT–Defector: TFT gets 0 + 9·1 = 9, D gets 5 + 9 = 14.
        // TFT–Cooperator: 30 each. Defector–Cooperator: D 50, C 0.
        let t = Tournament {
            players: vec![TitForTat, Defector, Cooperator],
            game: Game::prisoners_dilemma(),
            conditions: Conditions::turns(10),
            repetitions: 1,
            seed: 0,
        };
        let r = t.play(&|_, _| {}).unwrap();
        assert_eq!(
            r.median_score_per_turn,
            vec![(0.9 + 3.0) / 2.0, (1.4 + 5.0) / 2.0, 1.5]
        );
        assert_eq!(r.ranking, vec![1, 0, 2]);
        assert_eq!(r.wins, vec![vec![0], vec![2], vec![0]]);
        // TFT cooperates once against Defector and 10 times against Cooperator.
        assert_eq!(r.cooperation_rating[0], 11.0 / 20.0);
        assert_eq!(r.payoff_matrix[0], vec![3.0, 0.9, 3.0]);
        assert_eq!(r.payoff_matrix[1][1], 1.0);
    }
}
