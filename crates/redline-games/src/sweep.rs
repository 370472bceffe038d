//! Misperception sweeps: how each strategy's score and the frequency of
//! mutual-defection spirals change as misperception rises.
//!
//! The same tournament is played at each misperception level with the same
//! seed (common random numbers): what differs between two levels is the
//! misperception probability, not the other draws.

use crate::tournament::{Results, Tournament};
use redline_core::InputError;

/// One level of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepLevel {
    /// The misperception probability.
    pub misperception: f64,
    /// The tournament's results at that level.
    pub results: Results,
}

/// `steps + 1` evenly spaced levels from `from` to `to`.
pub fn levels(from: f64, to: f64, steps: usize) -> Vec<f64> {
    if steps == 0 {
        return vec![from];
    }
    (0..=steps)
        .map(|i| from + (to - from) * i as f64 / steps as f64)
        .collect()
}

/// Plays `tournament` at each misperception level.
pub fn misperception_sweep(
    tournament: &Tournament,
    levels: &[f64],
    threads: Option<usize>,
) -> Result<Vec<SweepLevel>, InputError> {
    levels
        .iter()
        .map(|&m| {
            let mut t = tournament.clone();
            t.conditions.misperception = m;
            let results = t.play_on(threads, &|_, _| {})?;
            Ok(SweepLevel {
                misperception: m,
                results,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;
    use crate::play::Conditions;
    use crate::strategy::Rule::*;

    #[test]
    fn spirals_grow_with_misperception_for_tit_for_tat() {
        let t = Tournament {
            players: vec![TitForTat, TitForTat, ContriteTitForTat, ContriteTitForTat],
            game: Game::prisoners_dilemma(),
            conditions: Conditions::turns(200),
            repetitions: 20,
            seed: 11,
        };
        let sweep = misperception_sweep(&t, &levels(0.0, 0.2, 2), Some(1)).unwrap();
        assert_eq!(sweep.len(), 3);
        let tft: Vec<f64> = sweep
            .iter()
            .map(|l| l.results.mutual_defection_rate[0])
            .collect();
        // No errors, no spirals; then more spirals with more misperception.
        assert_eq!(tft[0], 0.0);
        assert!(tft[1] > 0.02 && tft[2] > tft[1], "{tft:?}");
        let score: Vec<f64> = sweep
            .iter()
            .map(|l| l.results.median_score_per_turn[0])
            .collect();
        assert_eq!(score[0], 3.0);
        assert!(score[1] < score[0] && score[2] < score[0], "{score:?}");
        // Contrite Tit For Tat, which doubts isolated defections, spirals less.
        let ctft: Vec<f64> = sweep
            .iter()
            .map(|l| l.results.mutual_defection_rate[2])
            .collect();
        assert!(ctft[1] < tft[1] && ctft[2] < tft[2], "{ctft:?} vs {tft:?}");
    }
}
