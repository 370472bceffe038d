//! Repeated games: `match`, `tournament`, `evolve`, `strategies` and
//! `misperception-sweep` as tables, JSON and CSV.
//!
//! Every JSON document opens with `meta`: the common provenance
//! ([`Meta`]: version, command, seed, the game file read) and how the
//! matches were played ([`Provenance`]: game, turns or end probability,
//! noise, misperception, repetitions). Shapes:
//! - match: `{"meta", "players": [a, b], "actions": [a, b], "scores": [a, b]}`;
//! - tournament: `{"meta", "ranking": [name…], "players": [{"name",
//!   "median_score_per_turn", "wins", "cooperation_rating"}…], "payoff_matrix":
//!   [[…]…], "winner_spread": {"seeds", "winners": [{"name",
//!   "tournaments_won"}…]}}` (the spread only when several seeds were played);
//! - evolve: `{"meta", "method", "population", "mutation", "strategies",
//!   "fixated", "steps", "shares"}` (population and mutation for Moran only);
//! - strategies: `{"meta", "strategies": [{"name", "stochastic",
//!   "description", "source"}…]}`;
//! - misperception-sweep: `{"meta", "misperception": [m…], "players":
//!   [{"name", "median_score_per_turn": […], "mutual_defection_rate": […]}…]}`.
//!
//! Floating-point results are [`tidy`]: `1.535`, not `1.5350000000000001`.

use crate::decimal::{tidy, tidy_all, tidy_rows};
use crate::meta::Meta;
use crate::{csv_text, json_text};
use redline_games::evolution::Trajectory;
use redline_games::game::Game;
use redline_games::play::{Conditions, MatchRecord};
use redline_games::strategy::Rule;
use redline_games::sweep::SweepLevel;
use redline_games::tournament::Results;
use serde::Serialize;

/// The provenance of a repeated-games output: [`Meta`] (with the seed) and
/// how the matches were played, written as one `meta` object.
#[derive(Clone, Debug, Serialize)]
pub struct Provenance {
    #[serde(flatten)]
    meta: Meta,
    /// The game's name.
    game: String,
    /// Turns per match (fixed length).
    #[serde(skip_serializing_if = "Option::is_none")]
    turns: Option<usize>,
    /// The probability that a turn is the last (random length).
    #[serde(skip_serializing_if = "Option::is_none")]
    prob_end: Option<f64>,
    /// The cap on a random length.
    #[serde(skip_serializing_if = "Option::is_none")]
    max_turns: Option<usize>,
    /// Probability that a played action differs from the intended one.
    noise: f64,
    /// Probability that an action is seen wrongly (absent when swept).
    #[serde(skip_serializing_if = "Option::is_none")]
    misperception: Option<f64>,
    /// Repetitions of each match.
    #[serde(skip_serializing_if = "Option::is_none")]
    repetitions: Option<usize>,
}

impl Provenance {
    /// `meta` with the seed of every random stream, the game and the
    /// conditions of play.
    pub fn new(mut meta: Meta, seed: u64, game: &Game, conditions: &Conditions) -> Provenance {
        meta.seed = Some(seed);
        let (turns, prob_end, max_turns) = conditions.length.fields();
        Provenance {
            meta,
            game: game.name.clone(),
            turns,
            prob_end,
            max_turns,
            noise: conditions.noise,
            misperception: Some(conditions.misperception),
            repetitions: None,
        }
    }

    /// Each pair met this many times.
    pub fn repetitions(mut self, repetitions: usize) -> Provenance {
        self.repetitions = Some(repetitions);
        self
    }

    /// Misperception varies (it is the sweep's axis), so none is recorded.
    pub fn misperception_swept(mut self) -> Provenance {
        self.misperception = None;
        self
    }
}

#[derive(Serialize)]
struct MatchDocument<'a> {
    meta: &'a Provenance,
    players: [&'a str; 2],
    actions: [String; 2],
    scores: [f64; 2],
}

/// One match as JSON.
pub fn match_json(
    meta: &Provenance,
    names: [&str; 2],
    game: &Game,
    record: &MatchRecord,
) -> String {
    json_text(&MatchDocument {
        meta,
        players: names,
        actions: [
            game.write_actions(&record.actions[0]),
            game.write_actions(&record.actions[1]),
        ],
        scores: [tidy(record.scores[0]), tidy(record.scores[1])],
    })
}

/// One match as a table: the game and length, then per player its total
/// score and actions.
pub fn match_table(names: [&str; 2], game: &Game, record: &MatchRecord) -> String {
    let width = crate::name_width(names, 0);
    let mut text = format!("{} ({} turns)\n", game.name, record.actions[0].len());
    for (i, name) in names.iter().enumerate() {
        text.push_str(&format!(
            "{:<width$}  score {:>8}  {}\n",
            crate::short(name),
            tidy(record.scores[i]),
            game.write_actions(&record.actions[i])
        ));
    }
    text
}

/// How often each player won over several seeds.
#[derive(Clone, Copy, Debug)]
pub struct Spread<'a> {
    /// Tournaments played (one per seed).
    pub seeds: u64,
    /// Each winner's name and the tournaments it won.
    pub winners: &'a [(String, usize)],
}

#[derive(Serialize)]
struct TournamentPlayer<'a> {
    name: &'a str,
    median_score_per_turn: f64,
    wins: f64,
    cooperation_rating: f64,
}

#[derive(Serialize)]
struct Winner<'a> {
    name: &'a str,
    tournaments_won: usize,
}

#[derive(Serialize)]
struct WinnerSpread<'a> {
    seeds: u64,
    winners: Vec<Winner<'a>>,
}

#[derive(Serialize)]
struct TournamentDocument<'a> {
    meta: &'a Provenance,
    ranking: Vec<&'a str>,
    players: Vec<TournamentPlayer<'a>>,
    payoff_matrix: Vec<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    winner_spread: Option<WinnerSpread<'a>>,
}

/// A tournament as JSON (players in input order, the ranking by name).
pub fn tournament_json(meta: &Provenance, results: &Results, spread: Option<Spread>) -> String {
    let wins = results.median_wins();
    json_text(&TournamentDocument {
        meta,
        ranking: results
            .ranking
            .iter()
            .map(|&i| results.names[i].as_str())
            .collect(),
        players: (0..results.names.len())
            .map(|i| TournamentPlayer {
                name: &results.names[i],
                median_score_per_turn: tidy(results.median_score_per_turn[i]),
                wins: tidy(wins[i]),
                cooperation_rating: tidy(results.cooperation_rating[i]),
            })
            .collect(),
        payoff_matrix: tidy_rows(&results.payoff_matrix),
        winner_spread: spread.map(|s| WinnerSpread {
            seeds: s.seeds,
            winners: s
                .winners
                .iter()
                .map(|(name, n)| Winner {
                    name,
                    tournaments_won: *n,
                })
                .collect(),
        }),
    })
}

/// A row of the tournament CSV: the `axelrod` library's summary columns.
#[derive(Serialize)]
struct TournamentRow<'a> {
    #[serde(rename = "Rank")]
    rank: usize,
    #[serde(rename = "Name")]
    name: &'a str,
    #[serde(rename = "Median_score")]
    median_score: f64,
    #[serde(rename = "Cooperation_rating")]
    cooperation_rating: f64,
    #[serde(rename = "Wins")]
    wins: f64,
}

/// A tournament as CSV, ranked, with the header of the `axelrod` library's
/// summary (`Rank,Name,Median_score,Cooperation_rating,Wins`, ranks from 0).
pub fn tournament_csv(results: &Results) -> String {
    let wins = results.median_wins();
    csv_text(
        results
            .ranking
            .iter()
            .enumerate()
            .map(|(rank, &i)| TournamentRow {
                rank,
                name: &results.names[i],
                median_score: tidy(results.median_score_per_turn[i]),
                cooperation_rating: tidy(results.cooperation_rating[i]),
                wins: tidy(wins[i]),
            }),
    )
}

/// A tournament as a table: the ranking, then the spread of the winner.
pub fn tournament_table(
    results: &Results,
    repetitions: usize,
    game: &Game,
    spread: Option<Spread>,
) -> String {
    let wins = results.median_wins();
    let width = crate::name_width(results.names.iter().map(String::as_str), 4);
    let mut text = format!(
        "{} players, {} repetitions, {}\n{:>4}  {:<width$}  {:>12}  {:>6}  {:>11}\n",
        results.names.len(),
        repetitions,
        game.name,
        "rank",
        "name",
        "median score",
        "wins",
        "cooperation"
    );
    for (rank, &i) in results.ranking.iter().enumerate() {
        text.push_str(&format!(
            "{:>4}  {:<width$}  {:>12.4}  {:>6}  {:>11.4}\n",
            rank + 1,
            crate::short(&results.names[i]),
            results.median_score_per_turn[i],
            tidy(wins[i]),
            results.cooperation_rating[i]
        ));
    }
    if let Some(spread) = spread {
        text.push_str(&format!("\nwinner over {} seeds:\n", spread.seeds));
        for (name, n) in spread.winners {
            text.push_str(&format!("  {n:>4}  {name}\n"));
        }
    }
    text
}

/// How a population evolved.
#[derive(Clone, Copy, Debug)]
pub enum Method {
    /// A Moran process with this many individuals of each strategy at the
    /// start and this mutation probability.
    Moran {
        /// Individuals of each strategy at the start.
        population: usize,
        /// Probability that an offspring mutates.
        mutation: f64,
    },
    /// Discrete replicator dynamics.
    Replicator,
}

impl Method {
    /// `moran` or `replicator`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Moran { .. } => "moran",
            Method::Replicator => "replicator",
        }
    }
}

#[derive(Serialize)]
struct EvolveDocument<'a> {
    meta: &'a Provenance,
    method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    population: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mutation: Option<f64>,
    strategies: &'a [String],
    fixated: Option<&'a str>,
    steps: &'a [usize],
    shares: Vec<Vec<f64>>,
}

/// An evolution as JSON: the shares of each strategy at each recorded step.
pub fn evolve_json(
    meta: &Provenance,
    method: Method,
    names: &[String],
    trajectory: &Trajectory,
) -> String {
    let (population, mutation) = match method {
        Method::Moran {
            population,
            mutation,
        } => (Some(population), Some(mutation)),
        Method::Replicator => (None, None),
    };
    json_text(&EvolveDocument {
        meta,
        method: method.name(),
        population,
        mutation,
        strategies: names,
        fixated: trajectory.fixated.map(|i| names[i].as_str()),
        steps: &trajectory.steps,
        shares: tidy_rows(&trajectory.shares),
    })
}

/// An evolution as a table: the last shares, largest first, and the
/// strategy that fixated.
pub fn evolve_table(method: Method, names: &[String], trajectory: &Trajectory) -> String {
    let last = trajectory.shares.last().cloned().unwrap_or_default();
    let step = trajectory.steps.last().copied().unwrap_or(0);
    let mut order: Vec<usize> = (0..last.len()).collect();
    order.sort_by(|&a, &b| last[b].total_cmp(&last[a]));
    let mut text = format!("{}: shares after {step} steps\n", method.name());
    for i in order {
        text.push_str(&format!("  {:>7.4}  {}\n", last[i], names[i]));
    }
    if let Some(i) = trajectory.fixated {
        text.push_str(&format!("fixated: {}\n", names[i]));
    }
    text
}

#[derive(Serialize)]
struct RuleEntry {
    name: String,
    stochastic: bool,
    description: &'static str,
    source: &'static str,
}

#[derive(Serialize)]
struct StrategiesDocument<'a> {
    meta: &'a Meta,
    strategies: Vec<RuleEntry>,
}

/// The strategy library as JSON.
pub fn strategies_json(meta: &Meta, rules: &[Rule]) -> String {
    json_text(&StrategiesDocument {
        meta,
        strategies: rules
            .iter()
            .map(|r| RuleEntry {
                name: r.name(),
                stochastic: r.is_stochastic(),
                description: r.description(),
                source: r.source(),
            })
            .collect(),
    })
}

/// The strategy library as text: name and kind, description, source.
pub fn strategies_table(rules: &[Rule]) -> String {
    let mut text = String::new();
    for r in rules {
        let kind = if r.is_stochastic() {
            "stochastic"
        } else {
            "deterministic"
        };
        text.push_str(&format!(
            "{} ({kind})\n    {}\n    source: {}\n",
            r.name(),
            r.description(),
            r.source()
        ));
    }
    text
}

#[derive(Serialize)]
struct SweepPlayer<'a> {
    name: &'a str,
    median_score_per_turn: Vec<f64>,
    mutual_defection_rate: Vec<f64>,
}

#[derive(Serialize)]
struct SweepDocument<'a> {
    meta: &'a Provenance,
    misperception: Vec<f64>,
    players: Vec<SweepPlayer<'a>>,
}

/// A misperception sweep as JSON: per player, its score and its share of
/// turns in mutual defection at each level.
pub fn sweep_json(meta: &Provenance, names: &[String], sweep: &[SweepLevel]) -> String {
    let levels: Vec<f64> = sweep.iter().map(|l| l.misperception).collect();
    json_text(&SweepDocument {
        meta,
        misperception: tidy_all(&levels),
        players: names
            .iter()
            .enumerate()
            .map(|(i, name)| SweepPlayer {
                name,
                median_score_per_turn: sweep
                    .iter()
                    .map(|l| tidy(l.results.median_score_per_turn[i]))
                    .collect(),
                mutual_defection_rate: sweep
                    .iter()
                    .map(|l| tidy(l.results.mutual_defection_rate[i]))
                    .collect(),
            })
            .collect(),
    })
}

/// A misperception sweep as a table: one row per player, one column per level.
pub fn sweep_table(names: &[String], sweep: &[SweepLevel]) -> String {
    let width = crate::name_width(names.iter().map(String::as_str), 4);
    let mut text = format!(
        "median score per turn / share of turns in mutual defection, by misperception\n{:<width$}",
        ""
    );
    for l in sweep {
        text.push_str(&format!("  {:>13}", format!("m={:.3}", l.misperception)));
    }
    text.push('\n');
    for (i, name) in names.iter().enumerate() {
        text.push_str(&format!("{:<width$}", crate::short(name)));
        for l in sweep {
            text.push_str(&format!(
                "  {:>6.3} / {:>4.2}",
                l.results.median_score_per_turn[i], l.results.mutual_defection_rate[i]
            ));
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_games::tournament::Results;

    fn results() -> Results {
        // Two players; the numbers carry the rounding noise of a real run.
        Results {
            names: vec!["Tit For Tat".into(), "First by Feld: 1.0, 0.5, 200".into()],
            ranking: vec![1, 0],
            normalised_scores: vec![vec![1.5], vec![1.535_000_000_000_000_1]],
            median_score_per_turn: vec![1.5, 1.535_000_000_000_000_1],
            wins: vec![vec![0], vec![1]],
            cooperation_rating: vec![0.75, 0.1 + 0.2],
            mutual_defection_rate: vec![0.0, 0.0],
            payoff_matrix: vec![vec![3.0, 1.289_999_999_999_999_8], vec![1.5, 3.0]],
        }
    }

    fn provenance() -> Provenance {
        Provenance::new(
            Meta::new("tournament"),
            7,
            &Game::prisoners_dilemma(),
            &Conditions::turns(20),
        )
        .repetitions(3)
    }

    #[test]
    fn tournament_csv_has_the_axelrod_header_and_tidy_numbers() {
        assert_eq!(
            tournament_csv(&results()),
            "Rank,Name,Median_score,Cooperation_rating,Wins\n\
             0,\"First by Feld: 1.0, 0.5, 200\",1.535,0.3,1.0\n\
             1,Tit For Tat,1.5,0.75,0.0\n"
        );
    }

    #[test]
    fn tournament_json_opens_with_meta_and_prints_tidy_numbers() {
        let text = tournament_json(&provenance(), &results(), None);
        assert!(text.starts_with("{\n  \"meta\": {\n"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["meta"]["command"], "tournament");
        assert_eq!(v["meta"]["seed"], 7);
        assert_eq!(v["meta"]["turns"], 20);
        assert_eq!(v["meta"]["repetitions"], 3);
        assert_eq!(v["meta"]["game"], "prisoner's dilemma");
        assert!(v.get("winner_spread").is_none());
        assert!(
            text.contains("1.535,") || text.contains("1.535\n"),
            "{text}"
        );
        assert!(text.contains("1.29"), "{text}");
        assert!(!text.contains("00000000"), "{text}");
    }
}
