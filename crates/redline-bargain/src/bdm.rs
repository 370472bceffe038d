//! Bueno de Mesquita's expected utility model, in the reading of Scholz,
//! Calbert & Smith (2011, "Unravelling Bueno De Mesquita's group decision
//! model", *Journal of Theoretical Politics* 23(4)).
//!
//! One dimension at a time (a problem with several dimensions is run on each
//! independently, as the model is one-dimensional). Each round:
//!
//! 1. every risk exponent `r_i = 1`; the status-quo point `μ` is the
//!    Condorcet (pairwise-vote) winner among the actors' positions;
//! 2. basic utilities, with `δ` the width of the issue (the stated scale, or
//!    else `x_max − x_min` of the initial positions, fixed over the rounds):
//!    `U_s = 2 − 4(½ − ½|x_i − x_j|/δ)^{r_i}`, `U_f = 2 − 4(½ + ½|x_i − x_j|/δ)^{r_i}`,
//!    `U_b = 2 − 4(½ − ¼(|x_i − μ| + |x_i − x_j|)/δ)^{r_i}`,
//!    `U_w = 2 − 4(½ + ¼(|x_i − μ| + |x_i − x_j|)/δ)^{r_i}`, `U_sq = 2 − 4(½)^{r_i}`;
//! 3. probability that `i` beats `j`, from everyone's votes
//!    `v_k = c_k s_k (|x_k − x_j| − |x_k − x_i|)`:
//!    `P_ij = max(Σ_k v_k, 0) / Σ_k |v_k|` (0 when `x_i = x_j`);
//! 4. expected utility of `i` challenging `j`:
//!    `EU_i(j) = s_j (P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w)`;
//! 5. risk: with `S_i = Σ_{j≠i} EU_j(i)` (how attractive a target `i` is),
//!    `R_i = (2 S_i − max S − min S)/(max S − min S)` and
//!    `r_i = (1 − R_i/3)/(1 + R_i/3)`; steps 2–4 are repeated with these `r_i`;
//! 6. offers: `i` challenges every `j` with `EU_i(j) > 0`, proposing its own
//!    position; each receiver `j` picks one offer ([`OfferChoice`]) and, with
//!    `U_j = EU_j(i)` and `U_i = EU_i(j)` of that offer:
//!    `0 < U_j < U_i`: conflict, `j` loses and moves to `x_i`;
//!    `U_j < 0, |U_j| < U_i`: compromise, `j` moves `|U_j/U_i|` of the way;
//!    `U_j < 0, |U_j| ≥ U_i`: capitulation, `j` moves to `x_i`.
//!
//! Offers carry the position their sender held when the round began, so the
//! order in which receivers are processed does not matter.

#![allow(
    clippy::needless_range_loop,
    reason = "indices mirror the subscripts of the equations"
)]

use crate::problem::{BargainRun, BargainingProblem};

/// How the probability of success `P_ij` treats the votes against `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProbabilityRule {
    /// `max(Σ v_k, 0) / Σ |v_k|`: votes for and against net out. This is the
    /// form that reproduces the published figures of the 1994 example
    /// (the replication by Masad 2014 notes the paper's formula read
    /// literally does not).
    #[default]
    Net,
    /// `Σ max(v_k, 0) / Σ |v_k|`: only the votes for `i` in the numerator,
    /// the literal reading of Scholz et al.'s formula.
    PositiveOnly,
}

/// Which of several incoming offers a receiver acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OfferChoice {
    /// The offer whose sender expects most from it (`EU_i(j)` highest),
    /// ties to the nearest position, then to the first sender in input
    /// order (Scholz et al. 2011 step 11, as the replication reads it).
    #[default]
    HighestUtility,
    /// The offer that asks the receiver to move least, ties to the highest
    /// sender utility: the "least movement" reading of Bueno de Mesquita
    /// (1994).
    Nearest,
}

/// Which point stands for the status quo `μ` in `U_b` and `U_w` (it matters
/// only when `Q < 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StatusQuoPoint {
    /// The Condorcet winner among the actors' positions (Scholz et al. step 3).
    #[default]
    Median,
    /// The capability-and-salience weighted mean (what the Masad 2014
    /// replication uses in its second pass).
    Mean,
}

/// Settings of the expected utility model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BdmOptions {
    /// Probability that an alter's position stays put absent a challenge (`Q`).
    pub q: f64,
    /// Probability that, if it moves, it moves in `i`'s favour (`T`).
    pub t: f64,
    /// How `P_ij` is computed.
    pub probability: ProbabilityRule,
    /// How a receiver picks among offers.
    pub offer_choice: OfferChoice,
    /// The point standing for the status quo in `U_b`, `U_w`.
    pub status_quo: StatusQuoPoint,
    /// At most this many rounds (the run stops early when no one moves).
    pub rounds: usize,
}

impl Default for BdmOptions {
    /// `Q = T = 1` (as in Scholz et al.'s worked example and the replication),
    /// the net probability, highest-utility offers, median status quo,
    /// 10 rounds.
    fn default() -> Self {
        BdmOptions {
            q: 1.0,
            t: 1.0,
            probability: ProbabilityRule::Net,
            offer_choice: OfferChoice::HighestUtility,
            status_quo: StatusQuoPoint::Median,
            rounds: 10,
        }
    }
}

/// How a receiver resolved the offer it acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// `0 < U_j < U_i`: a confrontation the receiver loses; it moves to the sender's position.
    Conflict,
    /// `U_j < 0`, `|U_j| < U_i`: it moves `|U_j/U_i|` of the way.
    Compromise,
    /// `U_j < 0`, `|U_j| ≥ U_i`: it gives in and moves to the sender's position.
    Capitulation,
    /// `U_j ≥ U_i` (or `U_j = 0`): it stands firm.
    Stands,
}

/// The offer a receiver acted on in a round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Move {
    /// The actor who made the offer (challenged).
    pub sender: usize,
    /// What happened.
    pub resolution: Resolution,
}

/// The state of one dimension during a round: what the model computed.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// Positions at the start of the round.
    pub positions: Vec<f64>,
    /// The Condorcet winner at the start of the round.
    pub median: f64,
    /// The weighted mean at the start of the round.
    pub mean: f64,
    /// Risk exponents `r_i` computed this round.
    pub risk: Vec<f64>,
    /// `expected_utility[i][j] = EU_i(j)` with the risk exponents.
    pub expected_utility: Vec<Vec<f64>>,
    /// Positions at the end of the round.
    pub next_positions: Vec<f64>,
    /// For each receiver, the offer it acted on (`None`: no offer came).
    pub moves: Vec<Option<Move>>,
}

/// One actor's data on one dimension.
#[derive(Clone, Copy, Debug)]
struct Player {
    capability: f64,
    salience: f64,
}

/// The capability-and-salience weighted mean of `x`.
pub fn weighted_mean(capability: &[f64], salience: &[f64], x: &[f64]) -> f64 {
    let (mut t, mut w) = (0.0, 0.0);
    for k in 0..x.len() {
        t += capability[k] * salience[k] * x[k];
        w += capability[k] * salience[k];
    }
    if w > 0.0 {
        t / w
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// The Condorcet winner among the positions `x`: the position whose weighted
/// pairwise vote `Σ_k c_k s_k (|x_k − x_b| − |x_k − x_a|)` against every
/// other is ≥ 0; when none is (ties), the one with the best worst margin;
/// ties to the first in input order.
pub fn condorcet_winner(capability: &[f64], salience: &[f64], x: &[f64]) -> f64 {
    let n = x.len();
    let mut best = (f64::NEG_INFINITY, 0usize);
    for a in 0..n {
        let mut worst = f64::INFINITY;
        for b in 0..n {
            let margin: f64 = (0..n)
                .map(|k| capability[k] * salience[k] * ((x[k] - x[b]).abs() - (x[k] - x[a]).abs()))
                .sum();
            worst = worst.min(margin);
        }
        if worst > best.0 + 1e-12 {
            best = (worst, a);
        }
    }
    x[best.1]
}

fn expected_utilities(
    players: &[Player],
    x: &[f64],
    r: &[f64],
    mu: f64,
    range: f64,
    options: &BdmOptions,
) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut eu = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let u = |z: f64| 2.0 - 4.0 * z.powf(r[i]);
            let d = (x[i] - x[j]).abs() / range;
            let dm = ((x[i] - mu).abs() + (x[i] - x[j]).abs()) / range;
            let us = u(0.5 - 0.5 * d);
            let uf = u(0.5 + 0.5 * d);
            let ub = u(0.5 - 0.25 * dm);
            let uw = u(0.5 + 0.25 * dm);
            let usq = u(0.5);
            let p = if x[i] == x[j] {
                0.0
            } else {
                let (mut net, mut positive, mut total) = (0.0, 0.0, 0.0);
                for k in 0..n {
                    let v = players[k].capability
                        * players[k].salience
                        * ((x[k] - x[j]).abs() - (x[k] - x[i]).abs());
                    net += v;
                    positive += v.max(0.0);
                    total += v.abs();
                }
                let top = match options.probability {
                    ProbabilityRule::Net => net.max(0.0),
                    ProbabilityRule::PositiveOnly => positive,
                };
                if total > 0.0 { top / total } else { 0.0 }
            };
            let s = players[j].salience;
            eu[i][j] = s * (p * us + (1.0 - p) * uf) + (1.0 - s) * us
                - options.q * usq
                - (1.0 - options.q) * (options.t * ub + (1.0 - options.t) * uw);
        }
    }
    eu
}

/// Runs one round on one dimension: `capability` and `salience` (0–1) per
/// actor, positions `x`, and `range`, the width `δ` of the issue (fixed over
/// the rounds; [`run`] takes the stated scale, or else the span of the
/// initial positions, as the replications do).
pub fn round(
    capability: &[f64],
    salience: &[f64],
    x: &[f64],
    range: f64,
    options: &BdmOptions,
) -> Round {
    let n = x.len();
    let players: Vec<Player> = (0..n)
        .map(|k| Player {
            capability: capability[k],
            salience: salience[k],
        })
        .collect();
    let range = if range > 0.0 { range } else { 1.0 };
    let median = condorcet_winner(capability, salience, x);
    let mean = weighted_mean(capability, salience, x);
    let mu = match options.status_quo {
        StatusQuoPoint::Median => median,
        StatusQuoPoint::Mean => mean,
    };
    let neutral = vec![1.0; n];
    let eu0 = expected_utilities(&players, x, &neutral, median, range, options);
    let security: Vec<f64> = (0..n)
        .map(|i| (0..n).filter(|&j| j != i).map(|j| eu0[j][i]).sum())
        .collect();
    let max = security.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = security.iter().copied().fold(f64::INFINITY, f64::min);
    let risk: Vec<f64> = security
        .iter()
        .map(|s| {
            let big_r = if max > min {
                (2.0 * s - max - min) / (max - min)
            } else {
                0.0
            };
            (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
        })
        .collect();
    let eu = expected_utilities(&players, x, &risk, mu, range, options);
    let mut next = x.to_vec();
    let mut moves = vec![None; n];
    for receiver in 0..n {
        // Offers to `receiver`: senders with a positive expected utility.
        let mut chosen: Option<usize> = None;
        for sender in 0..n {
            if sender == receiver || eu[sender][receiver] <= 0.0 {
                continue;
            }
            let better = match chosen {
                None => true,
                Some(c) => {
                    let (u_new, u_old) = (eu[sender][receiver], eu[c][receiver]);
                    let (d_new, d_old) =
                        ((x[sender] - x[receiver]).abs(), (x[c] - x[receiver]).abs());
                    match options.offer_choice {
                        OfferChoice::HighestUtility => {
                            u_new > u_old || (u_new == u_old && d_new < d_old)
                        }
                        OfferChoice::Nearest => d_new < d_old || (d_new == d_old && u_new > u_old),
                    }
                }
            };
            if better {
                chosen = Some(sender);
            }
        }
        let Some(sender) = chosen else { continue };
        let u_sender = eu[sender][receiver];
        let u_receiver = eu[receiver][sender];
        let resolution = if u_receiver > 0.0 && u_receiver < u_sender {
            next[receiver] = x[sender];
            Resolution::Conflict
        } else if u_receiver < 0.0 && -u_receiver < u_sender {
            next[receiver] =
                x[receiver] + (x[sender] - x[receiver]) * (u_receiver / u_sender).abs();
            Resolution::Compromise
        } else if u_receiver < 0.0 {
            next[receiver] = x[sender];
            Resolution::Capitulation
        } else {
            Resolution::Stands
        };
        moves[receiver] = Some(Move { sender, resolution });
    }
    Round {
        positions: x.to_vec(),
        median,
        mean,
        risk,
        expected_utility: eu,
        next_positions: next,
        moves,
    }
}

/// Runs the model on every dimension of `problem` (saliences read on 0–100,
/// capabilities as given): positions after each round on the input scale,
/// and as outcome the Condorcet winner of the last positions.
pub fn run(problem: &BargainingProblem, options: &BdmOptions) -> BargainRun {
    let n = problem.num_actors();
    let dims = problem.num_dimensions();
    let capability: Vec<f64> = problem.actors.iter().map(|a| a.influence).collect();
    let mut per_dim: Vec<Vec<Vec<f64>>> = Vec::with_capacity(dims); // [d][t][i]
    for d in 0..dims {
        let salience: Vec<f64> = problem
            .actors
            .iter()
            .map(|a| a.saliences[d] / 100.0)
            .collect();
        let mut x: Vec<f64> = problem.actors.iter().map(|a| a.positions[d]).collect();
        let mut history = vec![x.clone()];
        let (lo, hi) = problem.bounds(d);
        for _ in 0..options.rounds {
            let r = round(&capability, &salience, &x, hi - lo, options);
            if r.next_positions == x {
                break;
            }
            x = r.next_positions;
            history.push(x.clone());
        }
        per_dim.push(history);
    }
    let steps = per_dim.iter().map(Vec::len).max().unwrap_or(1);
    let iterations: Vec<Vec<Vec<f64>>> = (0..steps)
        .map(|t| {
            (0..n)
                .map(|i| {
                    (0..dims)
                        .map(|d| per_dim[d][t.min(per_dim[d].len() - 1)][i])
                        .collect()
                })
                .collect()
        })
        .collect();
    let last = iterations.last().cloned().unwrap_or_default();
    let outcome = (0..dims)
        .map(|d| {
            let salience: Vec<f64> = problem
                .actors
                .iter()
                .map(|a| a.saliences[d] / 100.0)
                .collect();
            let x: Vec<f64> = last.iter().map(|p| p[d]).collect();
            condorcet_winner(&capability, &salience, &x)
        })
        .collect();
    BargainRun {
        model: "bdm".into(),
        dimensions: problem.dimensions.clone(),
        actors: problem.actors.iter().map(|a| a.name.clone()).collect(),
        iterations,
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 1994 EC car-emission example: (capability, position, salience/100).
    const EMISSION: [(f64, f64, f64); 10] = [
        (0.08, 4.0, 0.80),  // Netherlands
        (0.08, 7.0, 0.40),  // Belgium
        (0.03, 4.0, 0.20),  // Luxembourg
        (0.16, 4.0, 0.80),  // Germany
        (0.16, 10.0, 0.60), // France
        (0.16, 10.0, 0.60), // Italy
        (0.16, 10.0, 0.90), // UK
        (0.05, 7.0, 0.10),  // Ireland
        (0.05, 4.0, 1.00),  // Denmark
        (0.08, 7.0, 0.70),  // Greece
    ];

    fn columns() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        (
            EMISSION.iter().map(|e| e.0).collect(),
            EMISSION.iter().map(|e| e.2).collect(),
            EMISSION.iter().map(|e| e.1).collect(),
        )
    }

    #[test]
    fn first_round_median_and_mean() {
        let (c, s, x) = columns();
        // Published by the Scholz-style replication (Masad 2014): 7.0 and 7.38996.
        assert_eq!(condorcet_winner(&c, &s, &x), 7.0);
        assert!((weighted_mean(&c, &s, &x) - 7.38996).abs() < 5e-6);
    }

    #[test]
    fn after_one_round() {
        let (c, s, x) = columns();
        // δ = 10 − 4, the span of the positions, as in the replication.
        let r = round(&c, &s, &x, 6.0, &BdmOptions::default());
        // Published by the replication: median 10.0 and mean 7.44452 after one round,
        // Luxembourg losing a confrontation to France, Ireland compromising with France.
        let next = &r.next_positions;
        assert_eq!(condorcet_winner(&c, &s, next), 10.0);
        assert!((weighted_mean(&c, &s, next) - 7.44452).abs() < 5e-6);
        assert_eq!(next[2], 10.0);
        let france = 4;
        assert_eq!(
            r.moves[2],
            Some(Move {
                sender: france,
                resolution: Resolution::Conflict
            })
        );
        assert_eq!(
            r.moves[7],
            Some(Move {
                sender: france,
                resolution: Resolution::Compromise
            })
        );
        assert!(next[7] > 7.0 && next[7] < 10.0);
        for k in [0, 1, 3, 4, 5, 6, 8, 9] {
            assert_eq!(next[k], x[k], "actor {k} should not move");
        }
        // Risk exponents the replication reports for this round.
        let published = [
            1.1271980463,
            0.7809178392,
            0.5,
            1.1271980463,
            1.0778922989,
            1.0778922989,
            2.0,
            0.5247821722,
            1.4716965450,
            1.1404794480,
        ];
        for (r, p) in r.risk.iter().zip(published) {
            assert!((r - p).abs() < 1e-9, "{r} vs {p}");
        }
        // And the UK's expected utility of challenging Ireland: 0.55.
        assert!((r.expected_utility[6][7] - 0.55).abs() < 1e-9);
    }

    #[test]
    fn alternatives_change_the_result() {
        let (c, s, x) = columns();
        let base = round(&c, &s, &x, 6.0, &BdmOptions::default());
        let literal = round(
            &c,
            &s,
            &x,
            6.0,
            &BdmOptions {
                probability: ProbabilityRule::PositiveOnly,
                ..BdmOptions::default()
            },
        );
        assert_ne!(base.expected_utility, literal.expected_utility);
        // With Q = 1 the status-quo point does not enter.
        let mean_sq = round(
            &c,
            &s,
            &x,
            6.0,
            &BdmOptions {
                status_quo: StatusQuoPoint::Mean,
                ..BdmOptions::default()
            },
        );
        assert_eq!(base.next_positions, mean_sq.next_positions);
    }
}
