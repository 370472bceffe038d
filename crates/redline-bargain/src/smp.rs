//! KTAB's Spatial Model of Politics (SMP), written from KAPSARC's
//! description of the model (Wise, Lester & Efird 2015, "An Introduction to
//! the KAPSARC Toolkit for Behavioral Analysis (KTAB) Using One-Dimensional
//! Spatial Models", KAPSARC discussion paper; KTAB's SMP tutorial,
//! `web/tutorial/SMPTutorial.md`) and by reading the MIT-licensed KTAB C++
//! sources to settle the details; no code is copied. Every equation is in
//! docs/model/bargain.md.
//!
//! Positions and saliences are on 0–1 (the input's 0–100 divided by 100).
//! One step from a state (positions `x_i`, which are also the actors'
//! ideals: KTAB's identity accommodation):
//!
//! 1. **Distance and utility.** `d_ij = sqrt(Σ_d (s_id (x_id − x_jd))² / Σ_d s_id²)`,
//!    `u(d, R) = (1 − d)(1 + d R)` for `d ≤ 1`.
//! 2. **Risk attitudes.** With risk-neutral utilities `1 − d_ij`, votes
//!    `v_k(i:j) = vote(rule, c_k, u_ki, u_kj)`, coalition strengths
//!    `C(i:j) = 1e-8 + Σ_k max(v_k(i:j), 0)`, victory probabilities from
//!    [`VictoryProb`] and the probabilistic Condorcet election [`Pce`] give
//!    each position's probability `p_i`; then `R_i` from [`BigRRange`].
//!    Actor `h` estimates `i`'s attitude as [`BigRAdjust`] of `R_h`, `R_i`.
//! 3. **Challenges.** `h`'s estimate of the gain to `k` when `i` challenges
//!    `j`: principals vote with weight `c·Σ_d s_d`; each third party `n` joins
//!    the side it prefers given the little three-actor contest and its
//!    commitment ([`ThirdParty`]); `P_ij = C_ij/(C_ij + C_ji)`;
//!    `EU = (1 − s_j) 2u_ki + s_j (P_ij 2u_ki + P_ji 2u_kj) − (u_ki + u_kj)`.
//!    Each actor challenges the target with the highest gain above 1e-5
//!    (ties to the lowest index).
//! 4. **Bargains.** The challenger's bargain interpolates both positions
//!    per dimension ([`Interpolation`], S2P2 by default, rounded to 4
//!    decimals); it is offered to both parties.
//! 5. **Choice.** Each actor `k` weighs its options (its own position, the
//!    bargains it proposes and receives) by the actors' mean utility of the
//!    resulting state, runs the same election over them, and adopts the most
//!    probable ([`Transition::Deterministic`], ties to the first option:
//!    its own position, then its own proposal, then received bargains by
//!    proposer index) or draws one ([`Transition::Stochastic`]).
//!
//! The run stops after `max_iterations`, or from the second step on once
//! the last step moved the actors less than 2 % of the first step (sum of
//! Euclidean moves, the first plus 1e-4), KTAB's stop rule.

#![allow(
    clippy::needless_range_loop,
    reason = "indices mirror the subscripts of the equations"
)]

use crate::problem::{BargainRun, BargainingProblem};
use rayon::prelude::*;
use redline_core::{InputError, RandomStream};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }
        impl $name {
            /// Every variant's name, as the CLI and KTAB spell it.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// The variant of that name (case-insensitive).
            pub fn parse(name: &str) -> Option<Self> {
                $(if name.eq_ignore_ascii_case($text) { return Some($name::$variant); })+
                None
            }
            /// The variant's name.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

named_enum!(
    /// How strongly an actor votes for the option it prefers (KTAB's `VotingRule`).
    VoteRule {
        /// `w·clip(Δu/1e-8, ±1)`.
        Binary => "binary",
        /// `w·(0.8Δu + 0.2 binary)`.
        PropBin => "propbin",
        /// `w·Δu` (KTAB's default).
        Prop => "prop",
        /// `w·(0.5Δu + 0.5Δu³)`.
        PropCbc => "propcbc",
        /// `w·Δu³`.
        Cubic => "cubic",
        /// `w·Δu` for losses, `⅔w·Δu` for gains (prospect-theory asymmetry).
        ASymProsp => "asymprosp",
    }
);

named_enum!(
    /// Victory probability from coalition strengths (KTAB's `VPModel`).
    VictoryProb {
        /// `C_ij / (C_ij + C_ji)` (default).
        Linear => "linear",
        /// Squares of the strengths.
        Square => "square",
        /// Fourth powers.
        Quartic => "quartic",
        /// Eighth powers.
        Octic => "octic",
        /// Certain victory with a 10 % advantage, linear in between.
        Binary => "binary",
    }
);

named_enum!(
    /// Probabilistic Condorcet election (KTAB's `PCEModel`).
    Pce {
        /// One-step conditional probability: `p_i ∝ Π_j P(i > j)` (default).
        Conditional => "conditional",
        /// Markov chain with uniform challenges.
        MarkovUniform => "markovuniform",
        /// Markov chain with challenges proportional to incentive.
        MarkovIncentive => "markovincentive",
    }
);

named_enum!(
    /// How `R_i` is scaled from the position probabilities (KTAB's `BigRRange`).
    BigRRange {
        /// `[0, 1]`.
        Min => "min",
        /// `[−½, 1]` (default).
        Mid => "mid",
        /// `[−1, 1]`.
        Max => "max",
    }
);

named_enum!(
    /// How far `h` adjusts its estimate of `i`'s risk attitude toward `i`'s
    /// true one (KTAB's `BigRAdjust`).
    BigRAdjust {
        /// `r_i`.
        Full => "full",
        /// `(r_h + 2 r_i)/3`.
        TwoThirds => "twothirds",
        /// `(r_h + r_i)/2`.
        Half => "half",
        /// `(2 r_h + r_i)/3` (default).
        OneThird => "onethird",
        /// `r_h`.
        None => "none",
    }
);

named_enum!(
    /// How committed a third party is to the side it joins (KTAB's `ThirdPartyCommit`).
    ThirdParty {
        /// It adopts the winner's position either way.
        Full => "full",
        /// It keeps its own position if the side it joined wins (default).
        Semi => "semi",
        /// It keeps its own position whoever wins.
        No => "no",
    }
);

named_enum!(
    /// How a bargain interpolates the two positions (KTAB's `InterVecBrgn`).
    Interpolation {
        /// Weights `s·P`.
        S1P1 => "s1p1",
        /// Weights `(s·P)²` (default).
        S2P2 => "s2p2",
        /// Move by the probability advantage, weighted by squared saliences.
        S2PMax => "s2pmax",
    }
);

/// How each actor picks among its options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// The most probable option (ties to the first).
    Deterministic,
    /// An option drawn with its probability, from the stream
    /// `RandomStream::new(seed, iteration, "smp-transition")`.
    Stochastic {
        /// The seed.
        seed: u64,
    },
}

/// The settings of an SMP run. [`SmpOptions::default`] is KTAB's default
/// for CSV input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SmpOptions {
    /// Vote rule of actors in coalitions and elections.
    pub vote_rule: VoteRule,
    /// Victory probability model.
    pub victory: VictoryProb,
    /// Probabilistic Condorcet election.
    pub pce: Pce,
    /// Deterministic or seeded stochastic transitions.
    pub transition: Transition,
    /// Range of `R_i`.
    pub big_r_range: BigRRange,
    /// Adjustment of risk estimates.
    pub big_r_adjust: BigRAdjust,
    /// Third-party commitment.
    pub third_party: ThirdParty,
    /// Bargain interpolation.
    pub interpolation: Interpolation,
    /// At most this many steps (KTAB: 100).
    pub max_iterations: usize,
}

impl Default for SmpOptions {
    fn default() -> Self {
        SmpOptions {
            vote_rule: VoteRule::Prop,
            victory: VictoryProb::Linear,
            pce: Pce::Conditional,
            transition: Transition::Deterministic,
            big_r_range: BigRRange::Mid,
            big_r_adjust: BigRAdjust::OneThird,
            third_party: ThirdParty::Semi,
            interpolation: Interpolation::S2P2,
            max_iterations: 100,
        }
    }
}

/// KTAB's stop rule: at least 2 steps, and stop when the last step moved the
/// actors less than this fraction of the first.
const MIN_DELTA_RATIO: f64 = 0.02;
/// Added to the first step's movement, against 0/0.
const MIN_SIG_DELTA: f64 = 1e-4;
/// Minimum expected gain for a challenge.
const MIN_SIG_EDU: f64 = 1e-5;
/// Minimum coalition strength in elections.
const MIN_COALITION: f64 = 1e-8;
/// Minimum coalition strength of challenge principals.
const MIN_PRINCIPAL: f64 = 1e-10;
/// Positions closer than this (Euclidean, 0–1 scale) are the same option.
const POSITION_TOLERANCE: f64 = 1e-3;

/// KTAB's vote of an actor of weight `w` between options of utility `ui`, `uj`.
pub fn vote(rule: VoteRule, w: f64, ui: f64, uj: f64) -> f64 {
    let du = ui - uj;
    let binary = (du / 1e-8).clamp(-1.0, 1.0);
    match rule {
        VoteRule::Binary => w * binary,
        VoteRule::PropBin => w * (0.8 * du + 0.2 * binary),
        VoteRule::Prop => w * du,
        VoteRule::PropCbc => w * (0.5 * du + 0.5 * du * du * du),
        VoteRule::Cubic => w * du * du * du,
        VoteRule::ASymProsp => {
            if du < 0.0 {
                w * du
            } else {
                2.0 * w * du / 3.0
            }
        }
    }
}

/// Probabilities that a coalition of strength `s1` beats one of strength
/// `s2`, and the reverse.
pub fn victory_probability(model: VictoryProb, s1: f64, s2: f64) -> (f64, f64) {
    let (x1, x2) = match model {
        VictoryProb::Linear => (s1, s2),
        VictoryProb::Square => (s1 * s1, s2 * s2),
        VictoryProb::Quartic => (s1.powi(4), s2.powi(4)),
        VictoryProb::Octic => (s1.powi(8), s2.powi(8)),
        VictoryProb::Binary => {
            let thresh = 1.10;
            if s1 >= thresh * s2 {
                (1.0, 1e-6)
            } else if s2 >= thresh * s1 {
                (1e-6, 1.0)
            } else {
                let r = s1 / (s1 + s2);
                let p = (r * (thresh + 1.0) - 1.0) / (thresh - 1.0);
                (p, 1.0 - p)
            }
        }
    };
    (x1 / (x1 + x2), x2 / (x1 + x2))
}

/// KTAB's utility of a salience-weighted distance `d` for risk attitude `r`.
pub fn utility(d: f64, r: f64) -> f64 {
    if d <= 1.0 {
        (1.0 - d) * (1.0 + d * r)
    } else {
        (1.0 - d) * (1.0 + r)
    }
}

/// Risk attitudes `R_i` from the positions' probabilities `p_i`, scaled to
/// the range (KTAB's `bigRfromProb`); all 0 when every `p_i` is equal.
pub fn risk_attitudes(p: &[f64], range: BigRRange) -> Vec<f64> {
    let p_min = p.iter().copied().fold(1.0, f64::min);
    let p_max = p.iter().copied().fold(0.0, f64::max);
    p.iter()
        .map(|&pi| {
            if p_max <= p_min {
                return 0.0;
            }
            match range {
                BigRRange::Min => (pi - p_min) / (p_max - p_min),
                BigRRange::Mid => (3.0 * pi - (p_max + 2.0 * p_min)) / (2.0 * (p_max - p_min)),
                BigRRange::Max => (2.0 * pi - (p_max + p_min)) / (p_max - p_min),
            }
        })
        .collect()
}

/// Salience-weighted distance from `ideal` to `position` for saliences `s`.
fn distance(ideal: &[f64], position: &[f64], s: &[f64]) -> f64 {
    let (mut ds, mut ss) = (0.0, 0.0);
    for d in 0..s.len() {
        let x = (ideal[d] - position[d]) * s[d];
        ds += x * x;
        ss += s[d] * s[d];
    }
    (ds / ss).sqrt()
}

/// Coalition strengths `c[i*n + j]` over `n` options from `actors` voters,
/// utilities `u(k, option)` and weights `w`.
fn coalitions(rule: VoteRule, w: &[f64], n: usize, u: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    // u(k, option): voter k's utility of an option.
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..i {
            let (mut cij, mut cji) = (MIN_COALITION, MIN_COALITION);
            for (k, &wk) in w.iter().enumerate() {
                let v = vote(rule, wk, u(k, i), u(k, j));
                if v > 0.0 {
                    cij += v;
                }
                if v < 0.0 {
                    cji -= v;
                }
            }
            c[i * n + j] = cij;
            c[j * n + i] = cji;
        }
        c[i * n + i] = MIN_COALITION;
    }
    c
}

/// The probabilistic Condorcet election over `n` options with coalition
/// strengths `c`: each option's probability.
fn election(pce: Pce, victory: VictoryProb, c: &[f64], n: usize) -> Vec<f64> {
    let mut pv = vec![0.5; n * n];
    for i in 0..n {
        for j in 0..i {
            let (pij, pji) = victory_probability(victory, c[i * n + j], c[j * n + i]);
            pv[i * n + j] = pij;
            pv[j * n + i] = pji;
        }
    }
    match pce {
        Pce::Conditional => {
            let mut p: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| pv[i * n + j]).product())
                .collect();
            let total: f64 = p.iter().sum();
            p.iter_mut().for_each(|x| *x /= total);
            p
        }
        Pce::MarkovUniform => {
            let mut p = vec![1.0 / n as f64; n];
            for _ in 0..1000 {
                let mut change = 0.0_f64;
                let q: Vec<f64> = (0..n)
                    .map(|i| {
                        let s: f64 = (0..n).map(|j| pv[i * n + j] * (p[i] + p[j])).sum();
                        let qi = s / n as f64;
                        change = change.max((qi - p[i]).abs());
                        qi
                    })
                    .collect();
                p = p.iter().zip(&q).map(|(a, b)| (a + b) / 2.0).collect();
                if change <= 1e-6 {
                    break;
                }
            }
            p
        }
        Pce::MarkovIncentive => {
            let mut incentive = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    incentive[i * n + j] =
                        c[i * n + j] * pv[i * n + j] + if i == j { 1e-10 } else { 0.0 };
                }
            }
            let column: Vec<f64> = (0..n)
                .map(|j| (0..n).map(|k| incentive[k * n + j]).sum())
                .collect();
            let challenge = |i: usize, j: usize| incentive[i * n + j] / column[j];
            let mut p = vec![1.0 / n as f64; n];
            for _ in 0..1000 {
                let mut change = 0.0_f64;
                let q: Vec<f64> = (0..n)
                    .map(|i| {
                        let qi: f64 = (0..n)
                            .map(|j| {
                                pv[i * n + j] * (p[i] * challenge(j, i) + p[j] * challenge(i, j))
                            })
                            .sum();
                        change = change.max((qi - p[i]).abs());
                        qi
                    })
                    .collect();
                p = p.iter().zip(&q).map(|(a, b)| (a + b) / 2.0).collect();
                if change <= 1e-8 {
                    break;
                }
            }
            p
        }
    }
}

/// A proposed change of two actors' positions.
#[derive(Clone, Debug)]
struct Bargain {
    initiator: usize,
    receiver: usize,
    initiator_position: Vec<f64>,
    receiver_position: Vec<f64>,
}

/// One SMP state and everything derived from it.
struct State<'a> {
    options: &'a SmpOptions,
    n: usize,
    dims: usize,
    capability: &'a [f64],
    salience: &'a [Vec<f64>],
    salience_sum: &'a [f64],
    x: Vec<Vec<f64>>,
    /// Inferred risk attitudes.
    risk: Vec<f64>,
    /// `a_util[h][i*n + j]`: `h`'s estimate of `i`'s utility of `j`'s position.
    a_util: Vec<Vec<f64>>,
}

impl<'a> State<'a> {
    fn new(
        options: &'a SmpOptions,
        capability: &'a [f64],
        salience: &'a [Vec<f64>],
        salience_sum: &'a [f64],
        x: Vec<Vec<f64>>,
    ) -> Self {
        let n = x.len();
        let dims = x[0].len();
        let mut d = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                d[i * n + j] = distance(&x[i], &x[j], &salience[i]);
            }
        }
        let neutral: Vec<f64> = d.iter().map(|&dij| utility(dij, 0.0)).collect();
        let c = coalitions(options.vote_rule, capability, n, |k, j| neutral[k * n + j]);
        let p = election(options.pce, options.victory, &c, n);
        let risk = risk_attitudes(&p, options.big_r_range);
        let a_util = (0..n)
            .map(|h| {
                let mut u = vec![0.0; n * n];
                for i in 0..n {
                    let (rh, ri) = (risk[h], risk[i]);
                    let rhi = match options.big_r_adjust {
                        BigRAdjust::Full => ri,
                        BigRAdjust::TwoThirds => (rh + 2.0 * ri) / 3.0,
                        BigRAdjust::Half => (rh + ri) / 2.0,
                        BigRAdjust::OneThird => (2.0 * rh + ri) / 3.0,
                        BigRAdjust::None => rh,
                    };
                    for j in 0..n {
                        u[i * n + j] = utility(d[i * n + j], rhi);
                    }
                }
                u
            })
            .collect();
        State {
            options,
            n,
            dims,
            capability,
            salience,
            salience_sum,
            x,
            risk,
            a_util,
        }
    }

    /// `h`'s estimate of the probability that `i` beats `j` and of the gain
    /// to `k` when `i` challenges `j` (KTAB's `probEduChlg`).
    fn challenge(&self, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        let n = self.n;
        let u = &self.a_util[h];
        let rule = self.options.vote_rule;
        let eu_sq = u[k * n + i] + u[k * n + j];
        let u_i_wins = 2.0 * u[k * n + i];
        let u_j_wins = 2.0 * u[k * n + j];
        let (si, sj) = (self.salience_sum[i], self.salience_sum[j]);
        let contrib_i = vote(rule, si * self.capability[i], u[i * n + i], u[i * n + j]);
        let contrib_j = vote(rule, sj * self.capability[j], u[j * n + i], u[j * n + j]);
        let (mut cij, mut cji) = (MIN_PRINCIPAL, MIN_PRINCIPAL);
        for c in [contrib_i, contrib_j] {
            if c > 0.0 {
                cij += c;
            }
            if c < 0.0 {
                cji -= c;
            }
        }
        let (principal_i, principal_j) = (cij, cji);
        for m in 0..n {
            if m == i || m == j {
                continue;
            }
            let wm = self.salience_sum[m] * self.capability[m];
            let (umi, umj, umm) = (u[m * n + i], u[m * n + j], u[m * n + m]);
            // The little contest (i:j) with m alone weighing in.
            let cm = vote(rule, wm, umi, umj);
            let ci = if cm > 0.0 {
                principal_i + cm
            } else {
                principal_i
            };
            let cj = if cm < 0.0 {
                principal_j - cm
            } else {
                principal_j
            };
            let pin = ci / (ci + cj);
            let pjn = 1.0 - pin;
            let (ik_def_j, j_def_ik, i_def_jk, jk_def_i) = match self.options.third_party {
                ThirdParty::Full => (3.0 * umi, 3.0 * umj, 3.0 * umi, 3.0 * umj),
                ThirdParty::Semi => (umi + umi + umm, 3.0 * umj, 3.0 * umi, umj + umj + umm),
                ThirdParty::No => (
                    umi + umi + umm,
                    umj + umj + umm,
                    umi + umi + umm,
                    umj + umj + umm,
                ),
            };
            let u_ik_j = pin * ik_def_j + pjn * j_def_ik;
            let u_i_jk = pin * i_def_jk + pjn * jk_def_i;
            let vm = vote(rule, wm, u_ik_j, u_i_jk);
            if vm > 0.0 {
                cij += vm;
            }
            if vm < 0.0 {
                cji -= vm;
            }
        }
        let pij = cij / (cij + cji);
        let pji = cji / (cij + cji);
        let contest = pij * u_i_wins + pji * u_j_wins;
        let challenge = (1.0 - sj) * u_i_wins + sj * contest;
        (pij, challenge - eu_sq)
    }

    /// Actor `i`'s bargain, if it has an advantageous target.
    fn bargain_of(&self, i: usize) -> Option<Bargain> {
        let mut best: Option<(usize, f64, f64)> = None;
        let mut best_eu = -1.0;
        for j in 0..self.n {
            if j == i {
                continue;
            }
            let (p, edu) = self.challenge(i, i, i, j);
            if edu > MIN_SIG_EDU && edu > best_eu {
                best = Some((j, p, edu));
                best_eu = edu;
            }
        }
        let (j, p, _) = best?;
        let mut bi = vec![0.0; self.dims];
        let mut bj = vec![0.0; self.dims];
        for d in 0..self.dims {
            let (ti, tj) = (self.x[i][d], self.x[j][d]);
            let (si, sj) = (self.salience[i][d], self.salience[j][d]);
            let (pi, pj) = (p, 1.0 - p);
            let (a, b) = match self.options.interpolation {
                Interpolation::S1P1 => interpolate(1, ti, si, pi, tj, sj, pj),
                Interpolation::S2P2 => interpolate(2, ti, si, pi, tj, sj, pj),
                Interpolation::S2PMax => {
                    let di = (pj - pi).max(0.0);
                    let dj = (pi - pj).max(0.0);
                    let (si2, sj2) = (si * si, sj * sj);
                    let dik = (di * sj2) / ((di * sj2) + 1e-6 + ((1.0 - di) * si2));
                    let djk = (dj * si2) / ((dj * si2) + 1e-6 + ((1.0 - dj) * sj2));
                    (ti + dik * (tj - ti), tj + djk * (ti - tj))
                }
            };
            bi[d] = a;
            bj[d] = b;
        }
        Some(Bargain {
            initiator: i,
            receiver: j,
            initiator_position: bi,
            receiver_position: bj,
        })
    }

    /// Actor `a`'s utility of position `p` (its own risk attitude).
    fn position_utility(&self, a: usize, p: &[f64]) -> f64 {
        utility(distance(&self.x[a], p, &self.salience[a]), self.risk[a])
    }

    /// The probabilities of actor `k`'s options (`None` = keep its position).
    fn option_probabilities(&self, options: &[Option<&Bargain>]) -> Vec<f64> {
        let n = self.n;
        let nb = options.len();
        let mut u = vec![0.0; n * nb];
        for a in 0..n {
            let own = &self.a_util[a];
            let sq: f64 = (0..n).map(|m| own[a * n + m]).sum();
            for (m, option) in options.iter().enumerate() {
                u[a * nb + m] = match option {
                    None => sq / n as f64,
                    Some(b) => {
                        let mut total = self.position_utility(a, &b.initiator_position)
                            + self.position_utility(a, &b.receiver_position);
                        for q in 0..n {
                            if q != b.initiator && q != b.receiver {
                                total += own[a * n + q];
                            }
                        }
                        total / n as f64
                    }
                };
            }
        }
        let c = coalitions(self.options.vote_rule, self.capability, nb, |a, m| {
            u[a * nb + m]
        });
        election(self.options.pce, self.options.victory, &c, nb)
    }

    /// Each position's probability from every actor's own (risk-aware)
    /// perspective, identical positions merged (KTAB's `pDist(-1)`): the
    /// probability that each actor's position wins.
    fn position_probabilities(&self) -> Vec<f64> {
        let n = self.n;
        let mut unique: Vec<usize> = Vec::new();
        let mut class = vec![0; n];
        for i in 0..n {
            match unique
                .iter()
                .position(|&q| euclid(&self.x[q], &self.x[i]) < POSITION_TOLERANCE)
            {
                Some(k) => class[i] = k,
                None => {
                    class[i] = unique.len();
                    unique.push(i);
                }
            }
        }
        let nu = unique.len();
        let c = coalitions(self.options.vote_rule, self.capability, nu, |a, m| {
            self.a_util[a][a * n + unique[m]]
        });
        let p = election(self.options.pce, self.options.victory, &c, nu);
        (0..n).map(|i| p[class[i]]).collect()
    }
}

fn euclid(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// KTAB's `S1P1`/`S2P2` interpolation, rounded to 4 decimals on 0–1.
fn interpolate(power: i32, ti: f64, si: f64, pi: f64, tj: f64, sj: f64, pj: f64) -> (f64, f64) {
    let round4 = |x: f64| (0.5 + x * 10000.0).floor() / 10000.0;
    let wi = si.powi(power) * pi.powi(power);
    let wj = sj.powi(power) * pj.powi(power);
    let min_w = 1e-6;
    (
        round4(((wi + min_w) * ti + wj * tj) / (wi + min_w + wj)),
        round4((wi * ti + (min_w + wj) * tj) / (wi + min_w + wj)),
    )
}

/// What an SMP run produced, beyond the positions.
#[derive(Clone, Debug, PartialEq)]
pub struct SmpRun {
    /// Positions per state on the input's 0–100 scale, `states[t][i][d]`;
    /// state 0 is the input.
    pub states: Vec<Vec<Vec<f64>>>,
    /// Each actor's position's probability of prevailing in the last state.
    pub final_probabilities: Vec<f64>,
    /// Inferred risk attitudes `R_i` in every state, `risk[t][i]`.
    pub risk: Vec<Vec<f64>>,
}

/// Runs SMP on `problem` (positions and saliences on 0–100).
///
/// Errors: an actor with no influence or no salience at all cannot vote
/// (KTAB rejects such input too).
pub fn run_detailed(
    problem: &BargainingProblem,
    options: &SmpOptions,
) -> Result<SmpRun, InputError> {
    let n = problem.num_actors();
    let dims = problem.num_dimensions();
    let (lo, hi) = problem.scale.unwrap_or((0.0, 100.0));
    if n < 2 || dims == 0 {
        return Err(InputError::new(
            &problem.name,
            "SMP needs at least 2 actors and 1 dimension",
        ));
    }
    for a in &problem.actors {
        if a.influence <= 0.0 {
            return Err(InputError::new(
                &problem.name,
                format!("actor `{}` has no influence", a.name),
            )
            .hint("SMP needs a positive influence for every actor"));
        }
        if a.saliences.iter().all(|s| *s <= 0.0) {
            return Err(InputError::new(
                &problem.name,
                format!("actor `{}` has no salience", a.name),
            )
            .hint("SMP needs a positive salience on some dimension"));
        }
        if a.positions.iter().any(|p| *p < lo || *p > hi) {
            return Err(InputError::new(
                &problem.name,
                format!("actor `{}` lies outside the scale", a.name),
            ));
        }
    }
    let width = hi - lo;
    let capability: Vec<f64> = problem.actors.iter().map(|a| a.influence).collect();
    let salience: Vec<Vec<f64>> = problem
        .actors
        .iter()
        .map(|a| a.saliences.iter().map(|s| s / 100.0).collect())
        .collect();
    let salience_sum: Vec<f64> = salience.iter().map(|s| s.iter().sum()).collect();
    let to_unit = |p: &Vec<f64>| -> Vec<f64> { p.iter().map(|x| (x - lo) / width).collect() };
    let mut x: Vec<Vec<f64>> = problem
        .actors
        .iter()
        .map(|a| to_unit(&a.positions))
        .collect();
    let mut history = vec![x.clone()];
    let mut risk = Vec::new();
    let mut first_move = 0.0;
    let mut iteration = 0;
    let final_probabilities = loop {
        iteration += 1;
        let state = State::new(options, &capability, &salience, &salience_sum, x.clone());
        risk.push(state.risk.clone());
        // Actors' searches and choices are independent: computed in parallel, combined in
        // actor order, so the result does not depend on the number of threads.
        let bargains: Vec<Option<Bargain>> = (0..n)
            .into_par_iter()
            .map(|i| state.bargain_of(i))
            .collect();
        let choices: Vec<Vec<Option<&Bargain>>> = (0..n)
            .map(|k| {
                let mut options: Vec<Option<&Bargain>> = vec![None];
                if let Some(b) = &bargains[k] {
                    options.push(Some(b));
                }
                for (i, b) in bargains.iter().enumerate() {
                    if i != k
                        && let Some(b) = b
                        && b.receiver == k
                    {
                        options.push(Some(b));
                    }
                }
                options
            })
            .collect();
        let probabilities: Vec<Vec<f64>> = choices
            .par_iter()
            .map(|options| state.option_probabilities(options))
            .collect();
        let mut rng = match options.transition {
            Transition::Deterministic => None,
            Transition::Stochastic { seed } => {
                Some(RandomStream::new(seed, iteration as u64, "smp-transition"))
            }
        };
        let mut next = x.clone();
        for k in 0..n {
            let p = &probabilities[k];
            let chosen = match rng.as_mut() {
                None => {
                    let mut best = 0;
                    for m in 1..p.len() {
                        if p[m].abs() > p[best].abs() {
                            best = m;
                        }
                    }
                    best
                }
                Some(rng) => {
                    let draw = rng.uniform();
                    let mut total = 0.0;
                    let mut pick = p.len() - 1;
                    for (m, pm) in p.iter().enumerate() {
                        total += pm;
                        if draw <= total {
                            pick = m;
                            break;
                        }
                    }
                    pick
                }
            };
            if let Some(b) = choices[k][chosen] {
                next[k] = if b.initiator == k {
                    b.initiator_position.clone()
                } else {
                    b.receiver_position.clone()
                };
            }
        }
        let moved: f64 = (0..n).map(|i| euclid(&x[i], &next[i])).sum();
        if iteration == 1 {
            first_move = moved + MIN_SIG_DELTA;
        }
        x = next;
        history.push(x.clone());
        let quiet = moved / first_move < MIN_DELTA_RATIO;
        if iteration >= options.max_iterations || (iteration >= 2 && quiet) {
            let last = State::new(options, &capability, &salience, &salience_sum, x.clone());
            risk.push(last.risk.clone());
            break last.position_probabilities();
        }
    };
    let states = history
        .iter()
        .map(|s| {
            s.iter()
                .map(|p| p.iter().map(|v| lo + v * width).collect())
                .collect()
        })
        .collect();
    Ok(SmpRun {
        states,
        final_probabilities,
        risk,
    })
}

/// Runs SMP and reports it as a [`BargainRun`]; the outcome is the
/// expected position of the last state: each distinct position weighted by
/// its probability of prevailing.
pub fn run(problem: &BargainingProblem, options: &SmpOptions) -> Result<BargainRun, InputError> {
    let detailed = run_detailed(problem, options)?;
    let last = detailed.states.last().cloned().unwrap_or_default();
    let dims = problem.num_dimensions();
    // Each distinct position counts once (actors sharing it share its probability).
    let mut outcome = vec![0.0; dims];
    let mut seen: Vec<Vec<f64>> = Vec::new();
    let (lo, hi) = problem.scale.unwrap_or((0.0, 100.0));
    let width = hi - lo;
    let mut total = 0.0;
    for (i, p) in last.iter().enumerate() {
        let unit: Vec<f64> = p.iter().map(|v| (v - lo) / width).collect();
        if seen.iter().any(|q| euclid(q, &unit) < POSITION_TOLERANCE) {
            continue;
        }
        seen.push(unit);
        let w = detailed.final_probabilities[i];
        total += w;
        for d in 0..dims {
            outcome[d] += w * p[d];
        }
    }
    if total > 0.0 {
        outcome.iter_mut().for_each(|o| *o /= total);
    }
    Ok(BargainRun {
        model: "smp".into(),
        dimensions: problem.dimensions.clone(),
        actors: problem.actors.iter().map(|a| a.name.clone()).collect(),
        iterations: detailed.states,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Actor;

    #[test]
    fn votes_by_rule() {
        // Weight 2, utility difference 0.1, by hand.
        let cases = [
            (VoteRule::Prop, 0.2),
            (VoteRule::Cubic, 0.002),
            (VoteRule::PropCbc, 2.0 * (0.05 + 0.0005)),
            (VoteRule::ASymProsp, 0.4 / 3.0),
            (VoteRule::Binary, 2.0),
            (VoteRule::PropBin, 2.0 * (0.08 + 0.2)),
        ];
        for (rule, expected) in cases {
            assert!(
                (vote(rule, 2.0, 0.6, 0.5) - expected).abs() < 1e-12,
                "{rule:?}"
            );
        }
        assert!((vote(VoteRule::ASymProsp, 2.0, 0.5, 0.6) + 0.2).abs() < 1e-12);
    }

    #[test]
    fn utility_and_distance() {
        assert!((utility(0.5, 1.0) - 0.75).abs() < 1e-12);
        assert!((utility(0.5, -0.5) - 0.375).abs() < 1e-12);
        assert!((utility(1.2, 0.5) + 0.3).abs() < 1e-12);
        // KTAB's SOE-Pol-Comp log, first matrix, row 0 column 1 (+0.592): saliences
        // (0.24, 0.48), difference (0.15, 0.45): sqrt((0.036² + 0.216²)/(0.24² + 0.48²))
        // = sqrt(0.047952/0.288) = 0.408044…
        let d = distance(&[0.30, 0.20], &[0.45, 0.65], &[0.24, 0.48]);
        assert!((d - (0.047952_f64 / 0.288).sqrt()).abs() < 1e-12);
        assert!((1.0 - d - 0.592).abs() < 5e-4);
    }

    #[test]
    fn s2p2_bargain_interpolates_and_rounds() {
        // w_i = (0.5·0.75)² = 0.140625, w_j = (0.5·0.25)² = 0.015625;
        // (0.140625·0.2 + 0.015625·0.6)/0.15625 = 0.24 (the 1e-6 shifts it by < 1e-5).
        let (bi, bj) = interpolate(2, 0.2, 0.5, 0.75, 0.6, 0.5, 0.25);
        assert_eq!((bi, bj), (0.24, 0.24));
        // Nobody cares: each keeps its own position.
        let (bi, bj) = interpolate(2, 0.2, 0.0, 0.5, 0.6, 0.0, 0.5);
        assert_eq!((bi, bj), (0.2, 0.6));
    }

    #[test]
    fn big_r_ranges() {
        let p = [0.5, 0.3, 0.2];
        // Mid: (3p − (0.5 + 0.4))/(2·0.3) → 1, 0, −0.5.
        let r = risk_attitudes(&p, BigRRange::Mid);
        for (a, b) in r.iter().zip([1.0, 0.0, -0.5]) {
            assert!((a - b).abs() < 1e-12);
        }
        let r = risk_attitudes(&p, BigRRange::Max);
        assert!((r[0] - 1.0).abs() < 1e-12 && (r[2] + 1.0).abs() < 1e-12);
        assert_eq!(risk_attitudes(&[0.5, 0.5], BigRRange::Mid), vec![0.0, 0.0]);
    }

    #[test]
    fn conditional_election_of_two_options() {
        // Coalitions 3 (for option 0) and 1: P(0 > 1) = 0.75, and with the
        // diagonal 0.5 the conditional PCE gives 0.75 and 0.25.
        let c = [MIN_COALITION, 3.0, 1.0, MIN_COALITION];
        let p = election(Pce::Conditional, VictoryProb::Linear, &c, 2);
        assert!((p[0] - 0.75).abs() < 1e-12 && (p[1] - 0.25).abs() < 1e-12);
        let p = election(Pce::Conditional, VictoryProb::Square, &c, 2);
        assert!((p[0] - 0.9).abs() < 1e-12);
        // Markov chains agree on two options: the fixed point p0 = P(0>1).
        let p = election(Pce::MarkovUniform, VictoryProb::Linear, &c, 2);
        assert!((p[0] - 0.75).abs() < 1e-5);
        // Incentives: option 1 is challenged only by 0 and vice versa (the diagonal
        // incentives are ~1e-8), so q_0 ≈ P(0 > 1)(p_0 + p_1) = 0.75.
        let p = election(Pce::MarkovIncentive, VictoryProb::Linear, &c, 2);
        assert!((p[0] - 0.75).abs() < 1e-6, "{p:?}");
        // Binary victory: a 10 % advantage is (almost) certain victory.
        let (p01, p10) = victory_probability(VictoryProb::Binary, 3.0, 1.0);
        assert!((p01 - 1.0 / (1.0 + 1e-6)).abs() < 1e-15 && p10 < 1e-5);
        // Within 10 %: linear between; equal strengths give ½.
        assert!((victory_probability(VictoryProb::Binary, 1.0, 1.0).0 - 0.5).abs() < 1e-12);
    }

    fn small() -> BargainingProblem {
        let actor = |name: &str, c: f64, x: f64, s: f64| Actor {
            name: name.into(),
            description: String::new(),
            influence: c,
            positions: vec![x, 100.0 - x],
            saliences: vec![s, 90.0 - s],
        };
        BargainingProblem {
            name: "small".into(),
            description: String::new(),
            dimensions: vec!["a".into(), "b".into()],
            actors: vec![
                actor("A", 100.0, 10.0, 60.0),
                actor("B", 60.0, 80.0, 30.0),
                actor("C", 40.0, 45.0, 50.0),
                actor("D", 20.0, 95.0, 80.0),
            ],
            scale: Some((0.0, 100.0)),
            status_quo: None,
        }
    }

    #[test]
    fn stochastic_runs_repeat_with_the_seed() {
        let options = SmpOptions {
            transition: Transition::Stochastic { seed: 7 },
            ..SmpOptions::default()
        };
        let a = run(&small(), &options).unwrap();
        let b = run(&small(), &options).unwrap();
        assert_eq!(a, b);
        let det = run(&small(), &SmpOptions::default()).unwrap();
        assert!(
            det.iterations.len() >= 3,
            "KTAB's rule runs at least 2 steps"
        );
        assert!(det.iterations.len() <= 101);
        for x in &det.outcome {
            assert!((0.0..=100.0).contains(x));
        }
    }

    #[test]
    fn every_option_runs_and_stays_on_the_scale() {
        let base = SmpOptions {
            max_iterations: 20,
            ..SmpOptions::default()
        };
        let mut variants = Vec::new();
        for name in VoteRule::NAMES {
            variants.push(SmpOptions {
                vote_rule: VoteRule::parse(name).unwrap(),
                ..base
            });
        }
        for name in VictoryProb::NAMES {
            variants.push(SmpOptions {
                victory: VictoryProb::parse(name).unwrap(),
                ..base
            });
        }
        for name in Pce::NAMES {
            variants.push(SmpOptions {
                pce: Pce::parse(name).unwrap(),
                ..base
            });
        }
        for name in BigRRange::NAMES {
            variants.push(SmpOptions {
                big_r_range: BigRRange::parse(name).unwrap(),
                ..base
            });
        }
        for name in BigRAdjust::NAMES {
            variants.push(SmpOptions {
                big_r_adjust: BigRAdjust::parse(name).unwrap(),
                ..base
            });
        }
        for name in ThirdParty::NAMES {
            variants.push(SmpOptions {
                third_party: ThirdParty::parse(name).unwrap(),
                ..base
            });
        }
        for name in Interpolation::NAMES {
            variants.push(SmpOptions {
                interpolation: Interpolation::parse(name).unwrap(),
                ..base
            });
        }
        for options in variants {
            let r = run_detailed(&small(), &options).unwrap();
            assert!(r.states.len() >= 2 && r.states.len() <= 21, "{options:?}");
            for state in &r.states {
                for p in state.iter().flatten() {
                    assert!((0.0..=100.0).contains(p), "{options:?}: {p}");
                }
            }
            let total: f64 = r.final_probabilities.iter().sum();
            assert!(
                total > 0.0 && r.final_probabilities.iter().all(|p| p.is_finite()),
                "{options:?}"
            );
        }
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let options = SmpOptions {
            transition: Transition::Stochastic { seed: 3 },
            ..SmpOptions::default()
        };
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| run_detailed(&small(), &options).unwrap())
        };
        assert_eq!(on(1), on(3));
    }

    #[test]
    fn actors_without_influence_are_rejected() {
        let mut s = small();
        s.actors[2].influence = 0.0;
        let e = run(&s, &SmpOptions::default()).unwrap_err();
        assert!(e.message.contains("`C` has no influence"));
    }

    #[test]
    fn names_parse() {
        assert_eq!(VoteRule::parse("PropCbc"), Some(VoteRule::PropCbc));
        assert_eq!(Pce::parse("markovincentive"), Some(Pce::MarkovIncentive));
        assert_eq!(VictoryProb::parse("nope"), None);
        for name in VoteRule::NAMES {
            assert_eq!(VoteRule::parse(name).unwrap().name(), *name);
        }
    }
}
