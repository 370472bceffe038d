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

use crate::game::Game;
use crate::play::{Arena, Conditions, Length, MatchSummary, play_into};
use crate::strategy::Rule;
use rayon::prelude::*;
use redline_core::InputError;
use std::sync::atomic::{AtomicUsize, Ordering};

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
        self.conditions.validate()
    }

    /// The pairs `(i, j)`, `i ≤ j`, in the order their seeds are numbered.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let n = self.players.len();
        (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect()
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
            .map_init(Arena::default, |arena, (p, &(i, j))| {
                // A deterministic match (deterministic players, fixed length,
                // no errors) is the same in every repetition: play it once, as
                // the library's deterministic cache does.
                let deterministic = self.conditions.noise == 0.0
                    && self.conditions.misperception == 0.0
                    && matches!(self.conditions.length, Length::Fixed(_))
                    && !self.players[i].is_stochastic()
                    && !self.players[j].is_stochastic();
                let distinct = if deterministic { 1 } else { self.repetitions };
                let mut out: Vec<MatchSummary> = (0..distinct)
                    .map(|r| {
                        let index = ((p as u64) << 32) | r as u64;
                        play_into(
                            arena,
                            [&self.players[i], &self.players[j]],
                            &self.game,
                            &self.conditions,
                            self.seed,
                            index,
                        )
                    })
                    .collect();
                out.resize(self.repetitions, out[0]);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                out
            })
            .collect();
        Ok(self.aggregate(&pairs, &summaries))
    }

    /// Plays the tournament on `threads` threads (`None`: rayon's default).
    pub fn play_on(
        &self,
        threads: Option<usize>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Results, InputError> {
        match threads {
            None => self.play(progress),
            Some(0) => Err(InputError::new(
                "--threads",
                "at least one thread is needed",
            )),
            Some(n) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| InputError::new("--threads", e.to_string()))?;
                pool.install(|| self.play(progress))
            }
        }
    }

    fn aggregate(&self, pairs: &[(usize, usize)], summaries: &[Vec<MatchSummary>]) -> Results {
        let n = self.players.len();
        let reps = self.repetitions;
        let mut score_sums = vec![vec![0.0; reps]; n];
        let mut wins = vec![vec![0usize; reps]; n];
        let mut payoff_sums = vec![vec![0.0; n]; n];
        let mut cooperations = vec![0usize; n];
        let mut turns = vec![0usize; n];
        let mut mutual = vec![0usize; n];
        for (&(i, j), matches) in pairs.iter().zip(summaries) {
            for (r, m) in matches.iter().enumerate() {
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

/// How often each player wins the tournament over `seeds` seeds (`seed`,
/// `seed + 1`, …): the spread of the winner, rather than one winner.
pub fn winner_spread(
    tournament: &Tournament,
    seeds: u64,
    threads: Option<usize>,
) -> Result<Vec<(String, usize)>, InputError> {
    let mut counts = vec![0usize; tournament.players.len()];
    for s in 0..seeds {
        let t = Tournament {
            seed: tournament.seed.wrapping_add(s),
            ..tournament.clone()
        };
        let results = t.play_on(threads, &|_, _| {})?;
        counts[results.ranking[0]] += 1;
    }
    let mut spread: Vec<(String, usize)> = tournament
        .players
        .iter()
        .map(Rule::name)
        .zip(counts)
        .filter(|(_, c)| *c > 0)
        .collect();
    spread.sort_by_key(|s| std::cmp::Reverse(s.1));
    Ok(spread)
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
