//! The sequence form of a two-player extensive game with perfect recall, and
//! Lemke's algorithm on it (Koller, Megiddo & von Stengel 1996, "Efficient
//! computation of equilibria for extensive two-person games"; von Stengel
//! 1996, "Efficient computation of behavior strategies").
//!
//! A player's sequences are the empty sequence and every (information set,
//! action) pair; a realization plan `x ≥ 0` satisfies `E x = e`
//! (`x_∅ = 1`, and at each information set `h` the plan's weights on `h`'s
//! actions add up to the weight of the sequence leading to `h`). Expected
//! payoffs are bilinear, `xᵀ A y` and `xᵀ B y`, with `A`, `B` holding the
//! chance-weighted payoffs of the leaves. The equilibria are the solutions of
//! the linear complementarity problem
//! `x, y ≥ 0, Ex = e, Fy = f, Eᵀp − Ay ≥ 0 ⊥ x, Fᵀq − Bᵀx ≥ 0 ⊥ y` with `p`,
//! `q` free, solved by complementary pivoting along the linear tracing
//! procedure from a prior (see [`lemke_sequence`]) with exact integer
//! pivoting. Every answer is checked exactly: each player's realization plan
//! must earn the best-response value, computed by dynamic programming over
//! the player's information sets.

use crate::budget::{self, Budget, Stop, times};
use crate::efg::{ExtensiveGame, NodeKind, accumulated_payoffs};
use crate::number::{Q, one, zero};
use crate::reduced::Behaviour;
use crate::tableau::Tableau;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

/// The sequence form of a two-player game.
#[derive(Clone, Debug)]
pub struct SequenceForm {
    /// Each player's information sets (indices into the game's infosets).
    pub infosets: [Vec<usize>; 2],
    /// `parent[i][k]`: the sequence leading to player `i`'s `k`-th information set.
    pub parent: [Vec<usize>; 2],
    /// `first[i][k]`: the index of the sequence (k-th set, first action); the
    /// set's actions follow consecutively.
    pub first: [Vec<usize>; 2],
    /// Number of sequences of each player (the empty sequence is 0).
    pub sequences: [usize; 2],
    /// Payoff matrices `A`, `B` (`[player][σ1][σ2]`).
    pub payoffs: [Vec<Vec<Q>>; 2],
}

/// Builds the sequence form; errors on games without two players or without perfect recall.
pub fn sequence_form(game: &ExtensiveGame) -> Result<SequenceForm, String> {
    if game.players.len() != 2 {
        return Err(format!(
            "the sequence form needs two players, and the game has {}",
            game.players.len()
        ));
    }
    let infosets = [game.player_infosets(0), game.player_infosets(1)];
    let mut first: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let mut sequences = [1usize, 1usize];
    let mut local = vec![(0usize, 0usize); game.infosets.len()];
    for i in 0..2 {
        for (k, &h) in infosets[i].iter().enumerate() {
            first[i].push(sequences[i]);
            sequences[i] += game.infosets[h].actions.len();
            local[h] = (i, k);
        }
    }
    // Two n1 × n2 payoff matrices, and a tableau of about twice their
    // sides: refused before they are allocated.
    let side = 2 * (sequences[0] + sequences[1] + infosets[0].len() + infosets[1].len() + 2);
    if budget::cells(&[sequences[0], sequences[1], 2]).is_none()
        || budget::cells(&[side, 2 * side]).is_none()
    {
        return Err(format!(
            "the sequence form has {} × {} sequences, more than the {} cells redline holds",
            sequences[0],
            sequences[1],
            budget::MAX_CELLS
        ));
    }
    let mut parent: [Vec<Option<usize>>; 2] =
        [vec![None; infosets[0].len()], vec![None; infosets[1].len()]];
    let totals = accumulated_payoffs(game);
    let mut payoffs: [Vec<Vec<Q>>; 2] = [
        vec![vec![zero(); sequences[1]]; sequences[0]],
        vec![vec![zero(); sequences[1]]; sequences[0]],
    ];
    // Depth-first: (node, current sequence of each player, chance probability).
    let mut stack = vec![(0usize, [0usize, 0usize], one())];
    while let Some((node, seq, prob)) = stack.pop() {
        let here = &game.nodes[node];
        match here.kind {
            NodeKind::Terminal => {
                for (p, matrix) in payoffs.iter_mut().enumerate() {
                    matrix[seq[0]][seq[1]] += &prob * &totals[node][p];
                }
            }
            NodeKind::Chance(h) => {
                for (child, pr) in here.children.iter().zip(&game.infosets[h].probs) {
                    if !pr.is_zero() {
                        stack.push((*child, seq, &prob * pr));
                    }
                }
            }
            NodeKind::Personal(h) => {
                let (i, k) = local[h];
                match parent[i][k] {
                    None => parent[i][k] = Some(seq[i]),
                    Some(s) if s != seq[i] => {
                        return Err(format!(
                            "the sequence form needs perfect recall, and information set {} of player {} is reached by different own histories",
                            game.infosets[h].number,
                            i + 1
                        ));
                    }
                    Some(_) => {}
                }
                for (a, child) in here.children.iter().enumerate() {
                    let mut next = seq;
                    next[i] = first[i][k] + a;
                    stack.push((*child, next, prob.clone()));
                }
            }
        }
    }
    // Sets never reached through chance-probability-positive paths still need a parent:
    // their nodes were skipped only below zero-probability chance moves; treat as root.
    let parent = parent.map(|v| v.into_iter().map(|p| p.unwrap_or(0)).collect());
    Ok(SequenceForm {
        infosets,
        parent,
        first,
        sequences,
        payoffs,
    })
}

impl SequenceForm {
    /// The payoff to player `i` of each of its own sequences against the
    /// other player's realization plan `other`.
    fn sequence_values(&self, i: usize, other: &[Q]) -> Vec<Q> {
        (0..self.sequences[i])
            .map(|s| {
                (0..other.len())
                    .map(|t| {
                        let entry = if i == 0 {
                            &self.payoffs[0][s][t]
                        } else {
                            &self.payoffs[1][t][s]
                        };
                        entry * &other[t]
                    })
                    .sum()
            })
            .collect()
    }

    /// Player `i`'s best-response value against the other's realization plan
    /// (dynamic programming over `i`'s information sets, last first).
    pub fn best_response_value(&self, game: &ExtensiveGame, i: usize, other: &[Q]) -> Q {
        // value of each own sequence against `other`
        let mut seq_value = self.sequence_values(i, other);
        // Later information sets hang below earlier ones (prefix order), so sweep backwards.
        for k in (0..self.infosets[i].len()).rev() {
            let actions = game.infosets[self.infosets[i][k]].actions.len();
            let start = self.first[i][k];
            let best = (start..start + actions)
                .map(|s| seq_value[s].clone())
                .max()
                .unwrap_or_else(zero);
            let p = self.parent[i][k];
            seq_value[p] += best;
        }
        seq_value[0].clone()
    }

    /// A pure best-response realization plan of player `i` against the
    /// other's plan `other`, as the chosen action's sequence at each of `i`'s
    /// information sets (first best action on ties).
    pub fn best_response_plan(&self, game: &ExtensiveGame, i: usize, other: &[Q]) -> Vec<usize> {
        let mut seq_value = self.sequence_values(i, other);
        let mut chosen = vec![0usize; self.infosets[i].len()];
        for k in (0..self.infosets[i].len()).rev() {
            let actions = game.infosets[self.infosets[i][k]].actions.len();
            let start = self.first[i][k];
            let mut best = start;
            for s in start..start + actions {
                if seq_value[s] > seq_value[best] {
                    best = s;
                }
            }
            chosen[k] = best;
            let v = seq_value[best].clone();
            seq_value[self.parent[i][k]] += v;
        }
        chosen
    }

    /// The realization plan of the behaviour strategy of player `i` whose
    /// action probabilities at each information set are proportional to
    /// `weight(set, action)` (positive integers).
    pub fn plan_from_weights(
        &self,
        game: &ExtensiveGame,
        i: usize,
        weight: &dyn Fn(usize, usize) -> u64,
    ) -> Vec<Q> {
        let mut x = vec![zero(); self.sequences[i]];
        x[0] = one();
        for k in 0..self.infosets[i].len() {
            let actions = game.infosets[self.infosets[i][k]].actions.len();
            let start = self.first[i][k];
            let total: u64 = (0..actions).map(|a| weight(k, a)).sum();
            for a in 0..actions {
                let share = Q::new(BigInt::from(weight(k, a)), BigInt::from(total));
                x[start + a] = &x[self.parent[i][k]] * share;
            }
        }
        x
    }

    /// Player `i`'s expected payoff `xᵀ A y` (or `xᵀ B y`).
    pub fn payoff(&self, i: usize, x: &[Q], y: &[Q]) -> Q {
        let mut total = zero();
        for (s, xs) in x.iter().enumerate() {
            if xs.is_zero() {
                continue;
            }
            for (t, yt) in y.iter().enumerate() {
                if !yt.is_zero() {
                    total += xs * yt * &self.payoffs[i][s][t];
                }
            }
        }
        total
    }

    /// Whether `x` and `y` are realization plans (`Ex = e`, `Fy = f`, non-negative).
    pub fn is_realization_plan(&self, game: &ExtensiveGame, i: usize, x: &[Q]) -> bool {
        x.len() == self.sequences[i]
            && x.iter().all(|v| !v.is_negative())
            && x[0] == one()
            && (0..self.infosets[i].len()).all(|k| {
                let actions = game.infosets[self.infosets[i][k]].actions.len();
                let start = self.first[i][k];
                x[start..start + actions].iter().sum::<Q>() == x[self.parent[i][k]]
            })
    }

    /// Behaviour strategies of a pair of realization plans; a set its own plan
    /// never reaches gets the uniform distribution.
    pub fn behaviour(&self, game: &ExtensiveGame, plans: [&[Q]; 2]) -> Behaviour {
        (0..2)
            .map(|i| {
                (0..self.infosets[i].len())
                    .map(|k| {
                        let actions = game.infosets[self.infosets[i][k]].actions.len();
                        let start = self.first[i][k];
                        let reach = &plans[i][self.parent[i][k]];
                        if reach.is_zero() {
                            vec![Q::new(BigInt::one(), BigInt::from(actions)); actions]
                        } else {
                            plans[i][start..start + actions]
                                .iter()
                                .map(|v| v / reach)
                                .collect()
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// A sequence-form equilibrium: realization plans, behaviour and payoffs.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceEquilibrium {
    /// The two realization plans.
    pub plans: [Vec<Q>; 2],
    /// The equivalent behaviour profile.
    pub behaviour: Behaviour,
    /// Expected payoffs.
    pub payoffs: Vec<Q>,
}

fn integer_matrix(m: &[Vec<Q>]) -> Vec<Vec<BigInt>> {
    let lcm = m
        .iter()
        .flatten()
        .fold(BigInt::one(), |acc, v| acc.lcm(v.denom()));
    let scale = Q::from_integer(lcm);
    m.iter()
        .map(|row| row.iter().map(|v| (v * &scale).to_integer()).collect())
        .collect()
}

/// One equilibrium by Lemke's algorithm on the sequence form, verified
/// exactly; `Ok(None)` when the path ends on a ray (not expected, but then
/// nothing unverified is reported).
///
/// The start is the pair of pure realization plans that take the first
/// action at every information set, with the covering vector 1 on the
/// inequality rows: at z0 large enough this pair, with suitable free duals
/// `p`, `q`, solves the augmented system, and complementary pivoting then
/// drives z0 to 0 (Koller, Megiddo & von Stengel 1996, §4). The free
/// variables `p`, `q` enter the basis first and never leave it; the
/// equality rows `Ex = e`, `Fy = f` carry artificial variables that leave
/// the basis during the set-up and never return.
pub fn lemke_sequence(game: &ExtensiveGame) -> Result<Option<SequenceEquilibrium>, String> {
    lemke_sequence_within(game, &Budget::unlimited()).map_err(|e| e.to_string())
}

/// Why [`lemke_sequence_within`] gave no answer.
#[derive(Clone, Debug, PartialEq)]
pub enum SequenceError {
    /// The game does not suit the method, or a check failed (the message says which).
    Invalid(String),
    /// The work budget ran out, or the solve was stopped.
    Stopped(Stop),
}

impl std::fmt::Display for SequenceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SequenceError::Invalid(m) => f.write_str(m),
            SequenceError::Stopped(stop) => stop.fmt(f),
        }
    }
}

impl From<String> for SequenceError {
    fn from(m: String) -> Self {
        SequenceError::Invalid(m)
    }
}

impl From<&str> for SequenceError {
    fn from(m: &str) -> Self {
        SequenceError::Invalid(m.to_string())
    }
}

impl From<Stop> for SequenceError {
    fn from(stop: Stop) -> Self {
        SequenceError::Stopped(stop)
    }
}

/// [`lemke_sequence`] within a work budget: building the payoff matrices
/// and each prior's covering vectors (their cells), and every pivot of the
/// tableau (see [`crate::budget`]).
pub fn lemke_sequence_within(
    game: &ExtensiveGame,
    budget: &Budget,
) -> Result<Option<SequenceEquilibrium>, SequenceError> {
    budget.spend(times(game.nodes.len(), 4))?;
    let form = sequence_form(game)?;
    // Priors: uniform first; when a tie in the best replies to it makes the
    // start degenerate, skewed and then pseudo-random (seeded) priors.
    for attempt in 0..8u64 {
        let prior: [Vec<Q>; 2] = std::array::from_fn(|i| {
            let mut stream =
                redline_core::RandomStream::new(attempt, i as u64, "sequence-form-prior");
            let draws: Vec<Vec<u64>> = form.infosets[i]
                .iter()
                .map(|&h| {
                    (0..game.infosets[h].actions.len())
                        .map(|_| 1 + stream.below(1000))
                        .collect()
                })
                .collect();
            let weight = |k: usize, a: usize| -> u64 {
                match attempt {
                    0 => 1,
                    1 => a as u64 + 1,
                    2 => 1000 - a as u64,
                    _ => draws[k][a],
                }
            };
            form.plan_from_weights(game, i, &weight)
        });
        if let Some(e) = lemke_from_prior(game, &form, &prior, budget)? {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

fn lemke_from_prior(
    game: &ExtensiveGame,
    form: &SequenceForm,
    prior: &[Vec<Q>; 2],
    budget: &Budget,
) -> Result<Option<SequenceEquilibrium>, SequenceError> {
    let form = form.clone();
    let (n1, n2) = (form.sequences[0], form.sequences[1]);
    // The shifted matrices, their common denominators and the covering
    // vectors: a few passes over the n1 × n2 cells each.
    budget.spend(times(n1, n2).saturating_mul(8))?;
    let (k1, k2) = (form.infosets[0].len() + 1, form.infosets[1].len() + 1);
    // Payoffs made positive (adding a constant to every outcome of a player
    // changes no equilibrium): each leaf adds prob·(u − min + 1).
    let weights = leaf_weights(game, &form);
    let totals = accumulated_payoffs(game);
    let mut shifted = form.payoffs.clone();
    for (p, matrix) in shifted.iter_mut().enumerate() {
        let low = totals
            .iter()
            .zip(&game.nodes)
            .filter(|(_, n)| n.kind == NodeKind::Terminal)
            .map(|(v, _)| v[p].clone())
            .min()
            .unwrap_or_else(zero);
        let c = low - one();
        for s in 0..n1 {
            for t in 0..n2 {
                matrix[s][t] -= &c * &weights[s][t];
            }
        }
    }
    let a = integer_matrix(&shifted[0]);
    let b = integer_matrix(&shifted[1]);
    let constraint = |i: usize, k: usize| -> Vec<Vec<BigInt>> {
        let n = form.sequences[i];
        let mut m = vec![vec![BigInt::zero(); n]; k];
        m[0][0] = BigInt::one();
        for (row, &h) in form.infosets[i].iter().enumerate() {
            m[row + 1][form.parent[i][row]] = -BigInt::one();
            let start = form.first[i][row];
            for a in 0..game.infosets[h].actions.len() {
                m[row + 1][start + a] = BigInt::one();
            }
        }
        m
    };
    let e = constraint(0, k1);
    let f = constraint(1, k2);
    // The prior ỹ, x̃ (see `lemke_sequence`). The covering
    // vector makes each player best-respond to y + z0·ỹ (resp. x + z0·x̃),
    // the linear tracing procedure (van den Elzen & Talman 1991; von Stengel,
    // van den Elzen & Talman 2002); z0 = ∞ is the best reply to the prior.
    let scale_of =
        |v: &[Q]| Q::from_integer(v.iter().fold(BigInt::one(), |acc, q| acc.lcm(q.denom())));
    let (s1, s2) = (scale_of(&prior[1]), scale_of(&prior[0]));
    let cover1: Vec<BigInt> = (0..n1)
        .map(|s| {
            (0..n2)
                .map(|t| Q::from_integer(a[s][t].clone()) * &prior[1][t])
                .sum::<Q>()
                * &s1
        })
        .map(|q: Q| q.to_integer())
        .collect();
    let cover2: Vec<BigInt> = (0..n2)
        .map(|t| {
            (0..n1)
                .map(|s| Q::from_integer(b[s][t].clone()) * &prior[0][s])
                .sum::<Q>()
                * &s2
        })
        .map(|q: Q| q.to_integer())
        .collect();
    // Variables.
    let (xv, yv) = (0, n1);
    let (w1, w2) = (n1 + n2, 2 * n1 + n2);
    let (pv, qv) = (2 * n1 + 2 * n2, 2 * n1 + 2 * n2 + k1);
    let z0 = 2 * n1 + 2 * n2 + k1 + k2;
    let art = z0 + 1;
    let vars = art + k1 + k2;
    // Rows: (1) σ, (2) τ, (3) E, (4) F.
    let (r2, r3, r4) = (n1, n1 + n2, n1 + n2 + k1);
    let rows = n1 + n2 + k1 + k2;
    let mut t = vec![vec![BigInt::zero(); vars + 1]; rows];
    for s in 0..n1 {
        t[s][w1 + s] = BigInt::one();
        for tt in 0..n2 {
            t[s][yv + tt] = a[s][tt].clone();
            t[r2 + tt][xv + s] = b[s][tt].clone();
        }
        for j in 0..k1 {
            t[s][pv + j] = -e[j][s].clone();
            t[r3 + j][xv + s] = e[j][s].clone();
        }
        t[s][z0] = cover1[s].clone();
    }
    for tt in 0..n2 {
        t[r2 + tt][w2 + tt] = BigInt::one();
        for j in 0..k2 {
            t[r2 + tt][qv + j] = -f[j][tt].clone();
            t[r4 + j][yv + tt] = f[j][tt].clone();
        }
        t[r2 + tt][z0] = cover2[tt].clone();
    }
    for j in 0..k1 {
        t[r3 + j][art + j] = BigInt::one();
    }
    for j in 0..k2 {
        t[r4 + j][art + k1 + j] = BigInt::one();
    }
    t[r3][vars] = BigInt::one();
    t[r4][vars] = BigInt::one();
    let initial: Vec<usize> = (w1..w1 + n1)
        .chain(w2..w2 + n2)
        .chain(art..art + k1 + k2)
        .collect();
    budget.spend(times(rows, vars + 1))?;
    let mut tab = Tableau {
        vars,
        t,
        basis: initial,
        det: BigInt::one(),
        work: 0,
    };
    // Set-up: the start plans' sequences replace the artificials, the free duals
    // replace the slacks of the start plans' sequences.
    let shifted_form = SequenceForm {
        payoffs: shifted.clone(),
        ..form.clone()
    };
    let start_plan = |i: usize| -> Vec<usize> {
        let other = &prior[1 - i];
        std::iter::once(0)
            .chain(shifted_form.best_response_plan(game, i, other))
            .collect()
    };
    let (plan1, plan2) = (start_plan(0), start_plan(1));
    let bring_in = |tab: &mut Tableau, column: usize, rows: &[usize]| -> Result<(), String> {
        let replaceable = |v: usize| v >= art || (w1..w1 + n1 + n2).contains(&v);
        let row = rows
            .iter()
            .copied()
            .find(|&r| replaceable(tab.basis[r]) && !tab.t[r][column].is_zero())
            .ok_or("sequence-form Lemke: singular start")?;
        tab.pivot_any(row, column);
        Ok(())
    };
    let e_rows: Vec<usize> = (r3..r3 + k1).collect();
    let f_rows: Vec<usize> = (r4..r4 + k2).collect();
    for &s in &plan1 {
        bring_in(&mut tab, xv + s, &e_rows)?;
        budget.spend(tab.take_work())?;
    }
    for &s in &plan2 {
        bring_in(&mut tab, yv + s, &f_rows)?;
        budget.spend(tab.take_work())?;
    }
    let slack_rows1: Vec<usize> = plan1.clone();
    let slack_rows2: Vec<usize> = plan2.iter().map(|&s| r2 + s).collect();
    for j in 0..k1 {
        bring_in(&mut tab, pv + j, &slack_rows1)?;
        budget.spend(tab.take_work())?;
    }
    for j in 0..k2 {
        bring_in(&mut tab, qv + j, &slack_rows2)?;
        budget.spend(tab.take_work())?;
    }
    let free = |v: usize| (pv..z0).contains(&v);
    // z0 enters where it is needed most.
    let restricted: Vec<usize> = (0..rows).filter(|&r| !free(tab.basis[r])).collect();
    let mut worst: Option<usize> = None;
    for &r in &restricted {
        if tab.rhs(r).is_negative() {
            if !tab.t[r][z0].is_negative() {
                return Ok(None);
            }
            worst = match worst {
                None => Some(r),
                // larger rhs / T[r][z0] (both negative) needs a larger z0
                Some(w) => {
                    let lhs = tab.rhs(r) * &tab.t[w][z0];
                    let rhs = tab.rhs(w) * &tab.t[r][z0];
                    if lhs > rhs { Some(r) } else { Some(w) }
                }
            };
        }
    }
    let z = if let Some(r) = worst {
        let mut leaving = tab.basis[r];
        tab.pivot_any(r, z0);
        // Lexicographic rule relative to the basis at this point, where every
        // constrained row is feasible: its perturbation vector is `det` on
        // the row's own column, so every row starts lexicographically
        // positive and the rule cannot cycle (Dantzig, Orden & Wolfe 1955).
        let lex = tab.basis.clone();
        let mut seen = std::collections::HashSet::new();
        let complement = |v: usize| -> Option<usize> {
            if v < n1 + n2 {
                Some(v + n1 + n2)
            } else if (w1..w1 + n1 + n2).contains(&v) {
                Some(v - n1 - n2)
            } else {
                None
            }
        };
        // Lemke's path can be exponentially long; the budget, paid each
        // pivot, bounds it.
        loop {
            budget.spend(tab.take_work().max(1))?;
            let Some(entering) = complement(leaving) else {
                return Err("sequence-form Lemke: an unexpected variable left the basis".into());
            };
            let basis = tab.basis.clone();
            let allowed = |r: usize| !free(basis[r]);
            let Some(row) = tab.lex_min_ratio_row_among(entering, &lex, &allowed) else {
                return Ok(None);
            };
            let mut key = tab.basis.clone();
            key.sort_unstable();
            if !seen.insert(key) {
                // A repeated basis would mean cycling; give up on this prior.
                return Ok(None);
            }
            leaving = tab.basis[row];
            tab.pivot(row, entering);
            if leaving == z0 {
                break;
            }
        }
        tab
    } else {
        tab
    };
    let mut values = vec![zero(); n1 + n2];
    for (r, &v) in z.basis.iter().enumerate() {
        if v < n1 + n2 {
            values[v] = Q::new(z.rhs(r).clone(), z.det.clone());
        }
    }
    let x: Vec<Q> = values[..n1].to_vec();
    let y: Vec<Q> = values[n1..].to_vec();
    if !form.is_realization_plan(game, 0, &x) || !form.is_realization_plan(game, 1, &y) {
        return Err("sequence-form Lemke: the solution is not a pair of realization plans".into());
    }
    let payoffs = vec![form.payoff(0, &x, &y), form.payoff(1, &x, &y)];
    if form.best_response_value(game, 0, &y) != payoffs[0]
        || form.best_response_value(game, 1, &x) != payoffs[1]
    {
        return Err("sequence-form Lemke: the solution failed the equilibrium check".into());
    }
    let behaviour = form.behaviour(game, [&x, &y]);
    Ok(Some(SequenceEquilibrium {
        plans: [x, y],
        behaviour,
        payoffs,
    }))
}
/// Total chance probability of the leaves in each (σ1, σ2) cell.
fn leaf_weights(game: &ExtensiveGame, form: &SequenceForm) -> Vec<Vec<Q>> {
    let mut weights = vec![vec![zero(); form.sequences[1]]; form.sequences[0]];
    let mut local = vec![(0usize, 0usize); game.infosets.len()];
    for i in 0..2 {
        for (k, &h) in form.infosets[i].iter().enumerate() {
            local[h] = (i, k);
        }
    }
    let mut stack = vec![(0usize, [0usize, 0usize], one())];
    while let Some((node, seq, prob)) = stack.pop() {
        let here = &game.nodes[node];
        match here.kind {
            NodeKind::Terminal => weights[seq[0]][seq[1]] += prob,
            NodeKind::Chance(h) => {
                for (child, pr) in here.children.iter().zip(&game.infosets[h].probs) {
                    stack.push((*child, seq, &prob * pr));
                }
            }
            NodeKind::Personal(h) => {
                let (i, k) = local[h];
                for (a, child) in here.children.iter().enumerate() {
                    let mut next = seq;
                    next[i] = form.first[i][k] + a;
                    stack.push((*child, next, prob.clone()));
                }
            }
        }
    }
    weights
}
