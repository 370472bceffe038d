//! One match between two strategies.
//!
//! Each turn both players choose an intended action from what they know;
//! **noise** may replace an intended action by another when it is played (both
//! players then know the played action, as in the `axelrod` library);
//! **misperception** may make a player *see* the opponent's played action as
//! another one, while the opponent knows what it really played. Noise and
//! misperception draw from separate streams, and each player's own random
//! choices from its own stream, so that changing one never shifts the others.
//!
//! The streams of a match are keyed by `(seed, index)`, with `index` the
//! match's place in a tournament (pair and repetition): the same seed gives
//! the same match on any number of threads.

use crate::game::{Action, Game};
use crate::strategy::{Rule, View};
use redline_core::{InputError, RandomStream};

/// The longest match a `prob_end` draw may produce (a guard against
/// `prob_end` values so small that a match would not fit in memory).
pub const MAX_TURNS: usize = 10_000_000;

/// How long a match lasts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Length {
    /// Exactly this many turns; the players are told the length.
    Fixed(usize),
    /// Each turn ends the match with probability `prob_end` (so the length is
    /// geometric with mean 1/prob_end), at most `max_turns`; the players are
    /// not told the length.
    ProbEnd {
        /// The probability that a turn is the last.
        prob_end: f64,
        /// A cap on the length.
        max_turns: usize,
    },
}

impl Length {
    /// The length as the fields outputs write: `(turns, prob_end,
    /// max_turns)`, the first for a fixed length, the other two for a
    /// random one.
    pub fn fields(&self) -> (Option<usize>, Option<f64>, Option<usize>) {
        match *self {
            Length::Fixed(turns) => (Some(turns), None, None),
            Length::ProbEnd {
                prob_end,
                max_turns,
            } => (None, Some(prob_end), Some(max_turns)),
        }
    }
}

/// The conditions of a match.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conditions {
    /// How long the match lasts.
    pub length: Length,
    /// Probability that a played action differs from the intended one.
    pub noise: f64,
    /// Probability that a player sees the opponent's played action wrongly.
    pub misperception: f64,
}

impl Conditions {
    /// A fixed-length match without errors.
    pub fn turns(turns: usize) -> Conditions {
        Conditions {
            length: Length::Fixed(turns),
            noise: 0.0,
            misperception: 0.0,
        }
    }

    /// Checks the probabilities and lengths, naming the offending option.
    pub fn validate(&self) -> Result<(), InputError> {
        let probability = |name: &str, p: f64| {
            if (0.0..=1.0).contains(&p) {
                Ok(())
            } else {
                Err(InputError::new(
                    name,
                    format!("{p} is not a probability in [0, 1]"),
                ))
            }
        };
        probability("--noise", self.noise)?;
        probability("--misperception", self.misperception)?;
        match self.length {
            Length::Fixed(0) => Err(InputError::new(
                "--turns",
                "a match needs at least one turn",
            )),
            Length::Fixed(n) if n > MAX_TURNS => Err(InputError::new(
                "--turns",
                format!("{n} turns is more than the limit of {MAX_TURNS}"),
            )),
            Length::ProbEnd { prob_end, .. } if !(prob_end > 0.0 && prob_end <= 1.0) => Err(
                InputError::new("--prob-end", format!("{prob_end} is not in (0, 1]")),
            ),
            _ => Ok(()),
        }
    }
}

/// What happened in a match.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchRecord {
    /// The actions each player played, turn by turn.
    pub actions: [Vec<Action>; 2],
    /// Each player's total payoff.
    pub scores: [f64; 2],
}

/// The summary a tournament keeps of a match. A shard file writes it as
/// `[turns, score₀, score₁, cooperations₀, cooperations₁, mutual defections]`:
/// a large tournament's shards hold millions.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "SummaryRow", into = "SummaryRow")]
pub struct MatchSummary {
    /// Number of turns played.
    pub turns: usize,
    /// Each player's total payoff.
    pub scores: [f64; 2],
    /// Each player's number of cooperations (action 0) played.
    pub cooperations: [usize; 2],
    /// Turns in which both players played a hostile action.
    pub mutual_defections: usize,
}

/// [`MatchSummary`] as a shard file writes it.
type SummaryRow = (usize, f64, f64, usize, usize, usize);

impl From<SummaryRow> for MatchSummary {
    fn from((turns, a, b, ca, cb, mutual_defections): SummaryRow) -> MatchSummary {
        MatchSummary {
            turns,
            scores: [a, b],
            cooperations: [ca, cb],
            mutual_defections,
        }
    }
}

impl From<MatchSummary> for SummaryRow {
    fn from(m: MatchSummary) -> SummaryRow {
        (
            m.turns,
            m.scores[0],
            m.scores[1],
            m.cooperations[0],
            m.cooperations[1],
            m.mutual_defections,
        )
    }
}

/// Reusable buffers for playing many matches without allocating.
#[derive(Default)]
pub struct Arena {
    played: [Vec<Action>; 2],
    // seen[i]: the opponent's actions as player i perceived them.
    seen: [Vec<Action>; 2],
}

impl Arena {
    /// The actions played in the last match.
    pub fn played(&self) -> &[Vec<Action>; 2] {
        &self.played
    }
}

fn perturb(action: Action, actions: usize, p: f64, rng: &mut RandomStream) -> Action {
    // Always one draw for the event, so that p never shifts later draws.
    if !rng.bernoulli(p) {
        return action;
    }
    if actions == 2 {
        1 - action
    } else {
        // Another action, uniformly: one more draw.
        ((action as u64 + 1 + rng.below(actions as u64 - 1)) % actions as u64) as Action
    }
}

/// The number of turns of a match under `length`, drawn (for `prob_end`) by
/// inversion of the geometric distribution, n = ⌈ln(1−u)/ln(1−p)⌉.
pub fn draw_turns(length: Length, rng: &mut RandomStream) -> usize {
    match length {
        Length::Fixed(n) => n,
        Length::ProbEnd {
            prob_end,
            max_turns,
        } => {
            let cap = max_turns.min(MAX_TURNS);
            if prob_end >= 1.0 {
                return 1.min(cap);
            }
            let u = rng.uniform_open();
            let n = ((1.0 - u).ln() / (1.0 - prob_end).ln()).ceil();
            if n.is_finite() && n >= 1.0 {
                (n as usize).min(cap)
            } else {
                cap.min(1)
            }
        }
    }
}

/// Plays a match into `arena` (streams keyed by `(seed, index)`) and returns its summary.
pub fn play_into(
    arena: &mut Arena,
    strategies: [&Rule; 2],
    game: &Game,
    conditions: &Conditions,
    seed: u64,
    index: u64,
) -> MatchSummary {
    let mut length_rng = RandomStream::new(seed, index, "match-length");
    let turns = draw_turns(conditions.length, &mut length_rng);
    let told = match conditions.length {
        Length::Fixed(n) => Some(n),
        Length::ProbEnd { .. } => None,
    };
    let mut noise_rng = RandomStream::new(seed, index, "noise");
    let mut seeing_rng = RandomStream::new(seed, index, "misperception");
    let mut own_rng = [
        RandomStream::new(seed, index, "player-0"),
        RandomStream::new(seed, index, "player-1"),
    ];
    let mut players = [strategies[0].player(), strategies[1].player()];
    for v in arena.played.iter_mut().chain(arena.seen.iter_mut()) {
        v.clear();
        v.reserve(turns);
    }
    let k = game.actions();
    let mut summary = MatchSummary {
        turns,
        ..MatchSummary::default()
    };
    let mut defections = [0usize; 2];
    let mut seen_defections = [0usize; 2];
    for _ in 0..turns {
        let mut intended = [0 as Action; 2];
        for i in 0..2 {
            let view = View {
                own: &arena.played[i],
                opponent: &arena.seen[i],
                own_defections: defections[i],
                opponent_defections: seen_defections[i],
                length: told,
                game,
            };
            intended[i] = players[i].act(&view, &mut own_rng[i]);
        }
        let mut played = intended;
        if conditions.noise > 0.0 {
            for a in &mut played {
                *a = perturb(*a, k, conditions.noise, &mut noise_rng);
            }
        }
        let mut seen = [played[1], played[0]];
        if conditions.misperception > 0.0 {
            for a in &mut seen {
                *a = perturb(*a, k, conditions.misperception, &mut seeing_rng);
            }
        }
        let (x, y) = game.score(played[0], played[1]);
        summary.scores[0] += x;
        summary.scores[1] += y;
        for i in 0..2 {
            arena.played[i].push(played[i]);
            arena.seen[i].push(seen[i]);
            if played[i] == 0 {
                summary.cooperations[i] += 1;
            } else {
                defections[i] += 1;
            }
            if seen[i] != 0 {
                seen_defections[i] += 1;
            }
        }
        if played[0] != 0 && played[1] != 0 {
            summary.mutual_defections += 1;
        }
    }
    summary
}

/// Plays one match and returns its full record.
pub fn play(
    strategies: [&Rule; 2],
    game: &Game,
    conditions: &Conditions,
    seed: u64,
    index: u64,
) -> MatchRecord {
    let mut arena = Arena::default();
    let summary = play_into(&mut arena, strategies, game, conditions, seed, index);
    let [a, b] = arena.played;
    MatchRecord {
        actions: [a, b],
        scores: summary.scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::Rule::*;

    fn record(a: &Rule, b: &Rule, c: &Conditions) -> (String, String) {
        let game = Game::prisoners_dilemma();
        let r = play([a, b], &game, c, 7, 0);
        (
            game.write_actions(&r.actions[0]),
            game.write_actions(&r.actions[1]),
        )
    }

    #[test]
    fn tit_for_tat_against_alternator_by_hand() {
        let (a, b) = record(&TitForTat, &Alternator, &Conditions::turns(5));
        assert_eq!((a.as_str(), b.as_str()), ("CCDCD", "CDCDC"));
        let game = Game::prisoners_dilemma();
        let r = play(
            [&TitForTat, &Alternator],
            &game,
            &Conditions::turns(5),
            7,
            0,
        );
        // CC 3/3, CD 0/5, DC 5/0, CD 0/5, DC 5/0.
        assert_eq!(r.scores, [13.0, 13.0]);
    }

    #[test]
    fn noise_changes_play_and_misperception_changes_only_perception() {
        let noisy = Conditions {
            noise: 0.5,
            ..Conditions::turns(200)
        };
        let (a, _) = record(&Cooperator, &Cooperator, &noisy);
        // About half the intended cooperations are played as defections.
        let d = a.matches('D').count();
        assert!((60..140).contains(&d), "{d}");
        let misperceiving = Conditions {
            misperception: 0.5,
            ..Conditions::turns(200)
        };
        // A Cooperator never changes what it plays, whatever it sees...
        let (a, b) = record(&Cooperator, &Cooperator, &misperceiving);
        assert!(!a.contains('D') && !b.contains('D'));
        // ...but Tit For Tat answers what it saw: a defection it was never dealt.
        let (a, b) = record(&TitForTat, &Cooperator, &misperceiving);
        assert!(a.contains('D') && !b.contains('D'));
    }

    #[test]
    fn misperception_turns_tit_for_tat_into_a_spiral() {
        let game = Game::prisoners_dilemma();
        let c = Conditions {
            misperception: 0.05,
            ..Conditions::turns(1000)
        };
        let mut arena = Arena::default();
        let s = play_into(&mut arena, [&TitForTat, &TitForTat], &game, &c, 3, 0);
        let clean = play_into(
            &mut arena,
            [&TitForTat, &TitForTat],
            &game,
            &Conditions::turns(1000),
            3,
            0,
        );
        assert_eq!(clean.mutual_defections, 0);
        assert!(s.mutual_defections > 50, "{}", s.mutual_defections);
    }

    #[test]
    fn prob_end_lengths_are_geometric() {
        let mut rng = RandomStream::new(1, 0, "t");
        let length = Length::ProbEnd {
            prob_end: 0.1,
            max_turns: usize::MAX,
        };
        let n = 20_000;
        let mean = (0..n)
            .map(|_| draw_turns(length, &mut rng) as f64)
            .sum::<f64>()
            / n as f64;
        assert!((mean - 10.0).abs() < 0.3, "{mean}");
    }

    #[test]
    fn validates_conditions() {
        let bad = Conditions {
            noise: 1.5,
            ..Conditions::turns(10)
        };
        assert_eq!(bad.validate().unwrap_err().origin, "--noise");
    }
}
