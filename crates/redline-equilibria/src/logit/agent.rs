//! The agent logit QRE of an extensive game, in behaviour strategies
//! (McKelvey & Palfrey 1998, "Quantal response equilibria for extensive form
//! games", *Experimental Economics* 1:9–41; Turocy 2005 for the homotopy;
//! Turocy 2010, "Computing sequential equilibria using agent quantal
//! response equilibria", *Economic Theory* 42:255–269).
//! This is what Gambit computes for a tree (`gambit-logit` without `-S`,
//! pygambit's `logit_solve(game, use_strategic=False)`).
//!
//! Each personal information set `h` is an agent that plays a logit
//! response to the expected payoffs of its actions **conditional on
//! reaching `h`**: `U_h(a) = Σ_{z∈h} μ(z) V_i(z·a)`, where `V_i` is player
//! `i`'s expected payoff below a node under the profile and the belief `μ`
//! over the nodes of `h` comes from Bayes' rule (weights: the probability of
//! reaching each node, chance included). Every agent mixes at an interior
//! point, so `μ` is defined whenever chance can reach `h`; when it cannot,
//! the belief is uniform. Gambit uses the same conditional values and the
//! same uniform fallback (`LogBehavProfile`, src/solvers/logit/logbehav.imp),
//! and its λ-path agrees with ours (tests/pygambit.rs). Conditioning is also
//! what makes the limit sequentially rational (limits of these agent QRE are
//! sequential equilibria, Turocy 2010): with unconditional values an agent's
//! payoff differences would be scaled by the probability of reaching it, so
//! a rarely reached agent would respond with precision λ·P(h) instead of λ.
//!
//! In log-probabilities `v_ha = ln σ_h(a)` the branch solves, for every
//! information set, `Σ_a exp(v_ha) = 1` and
//! `v_ha − v_h0 − λ (U_h(a) − U_h(0)) = 0` for `a ≥ 1`, from the uniform
//! profile at λ = 0, on the path follower of the strategic form
//! ([`super`]). Beliefs are computed from log reach probabilities (a sum of
//! `v`s and log chance probabilities, normalised by their maximum), so they
//! stay exact when reach probabilities underflow far along the path.
//!
//! The Jacobian is analytic. With the `v` as independent coordinates
//! (`∂σ_c/∂v_c = σ_c`), `∂U_h(a)/∂v_c = Σ_{z∈h} μ(z) [n_c(z) (V_i(z·a) −
//! U_h(a)) + D_c(z·a)]`, where `n_c(z)` is 1 when the path to `z` takes
//! action `c` (the change of belief) and `D_c(y) = ∂V_i(y)/∂v_c` follows from
//! one bottom-up pass, `D_c(y) = Σ_b σ_b D_c(y·b) + [y ∈ h_c] σ_c V(y·c)`
//! (Turocy 2010; Gambit's `DiffActionValue`). Finite differences would cost the same
//! number of tree passes (one per column) but, multiplied by λ up to 10⁶,
//! their truncation error would stall the Newton corrector far along the
//! path.
//!
//! At λ ≥ `lambda_max` the actions with probability above `1e-6` form each
//! agent's support, and Newton on the support's conditional indifference
//! equations (in log-probabilities, so probabilities stay positive) refines
//! the point to the equilibrium it approximates (first with the near-best
//! actions outside the support as further indifferences, see [`NEAR`]).
//! Information sets that the refined profile no longer reaches keep the
//! beliefs of the path's end (the limit beliefs, as in a sequential
//! equilibrium). Mixtures that only the rates at which probabilities vanish
//! pin down (an agent off the limit's path that mixes) stay as they are at
//! the path's end, within O(1/λ) of the limit. The result is accepted
//! only if its Nash regret in the extensive game — each player's
//! best-response value against the others' behaviour, by dynamic
//! programming over the player's information sets, minus the player's
//! payoff — is below `1e-9`. Games without perfect recall are refused: the
//! derivatives above, and behaviour-strategy best responses, assume it.

use super::{
    Equations, LogitError, LogitResult, PathPoint, System, at_lambdas, check_size, newton,
    step_cost, trace,
};
use crate::budget::{Budget, times};
use crate::efg::{ExtensiveGame, NodeKind, accumulated_payoffs};
use crate::number::to_f64;
use crate::reduced::own_histories;

/// Probabilities below this at the end of the path are taken to be zero.
const SUPPORT: f64 = 1e-6;

/// An action outside the support whose log-probability at the end of the
/// path is within this of its set's best is tried as a best reply of the
/// limit: such probabilities vanish only polynomially in λ (e.g. as c/λ,
/// when an agent stays indifferent in the limit and its tiny mixture keeps
/// another agent indifferent), while those of worse actions vanish as
/// e^(−λ·gap), below e^-50 at λ = 10⁶ unless the gap is under 5·10⁻⁵.
const NEAR: f64 = 50.0;

/// What happens at a node.
enum Move {
    Terminal,
    /// Chance, with the actions' probabilities.
    Chance(Vec<f64>),
    /// A player's move at the given information set (index into `Tree::sets`).
    Personal(usize),
}

/// A personal information set.
struct Set {
    player: usize,
    /// Index of its first action in the flat profile.
    offset: usize,
    actions: usize,
    /// Its nodes, in prefix order.
    members: Vec<usize>,
}

/// The game tree in floating point, with personal information sets in the
/// order of the flat profile: player by player, each player's sets in the
/// game's order (the order of `solution`'s `infoset:action` labels and of
/// Gambit's behaviour profiles).
struct Tree {
    /// Nodes in prefix order (every parent before its children).
    order: Vec<usize>,
    moves: Vec<Move>,
    children: Vec<Vec<usize>>,
    /// Payoffs accumulated from the root, at terminal nodes.
    payoffs: Vec<Vec<f64>>,
    sets: Vec<Set>,
    players: usize,
    /// The length of the flat profile.
    size: usize,
    /// The largest absolute payoff.
    largest: f64,
    /// Each player's part of the flat profile.
    ranges: Vec<std::ops::Range<usize>>,
}

/// A profile evaluated on the tree.
struct Eval {
    /// `V(node)`, per player.
    value: Vec<Vec<f64>>,
    /// `μ` over each set's members.
    belief: Vec<Vec<f64>>,
    /// Whether the set's belief comes from Bayes' rule (else it is fixed).
    bayes: Vec<bool>,
    /// `U_h(a)`, in the order of the flat profile.
    action_value: Vec<f64>,
}

impl Tree {
    fn new(game: &ExtensiveGame) -> Result<Tree, String> {
        let n = game.players.len();
        let count = game.nodes.len();
        if count == 0 {
            return Err("the game has no nodes".into());
        }
        let mut set_of = vec![None; game.infosets.len()];
        let mut sets = Vec::new();
        let mut ranges = Vec::with_capacity(n);
        let mut size = 0;
        for p in 0..n {
            let start = size;
            for h in game.player_infosets(p) {
                let actions = game.infosets[h].actions.len();
                if actions == 0 {
                    return Err(format!(
                        "information set {} of player {} has no actions",
                        game.infosets[h].number,
                        p + 1
                    ));
                }
                set_of[h] = Some(sets.len());
                sets.push(Set {
                    player: p,
                    offset: size,
                    actions,
                    members: Vec::new(),
                });
                size += actions;
            }
            ranges.push(start..size);
        }
        // The parser builds well-formed trees; a game built in code is checked
        // here, so that nothing below can index out of range or loop.
        let malformed = |what: &str| Err(format!("the game tree is malformed: {what}"));
        let mut moves = Vec::with_capacity(count);
        for node in &game.nodes {
            let actions = match node.kind {
                NodeKind::Terminal => {
                    moves.push(Move::Terminal);
                    0
                }
                NodeKind::Chance(h) | NodeKind::Personal(h) if h >= game.infosets.len() => {
                    return malformed("a node's information set does not exist");
                }
                NodeKind::Chance(h) => {
                    let set = &game.infosets[h];
                    if set.player.is_some() || set.probs.len() != set.actions.len() {
                        return malformed("a chance node's information set is not chance's");
                    }
                    moves.push(Move::Chance(set.probs.iter().map(to_f64).collect()));
                    set.actions.len()
                }
                NodeKind::Personal(h) => {
                    let Some(s) = set_of[h] else {
                        return malformed("a personal node's information set has no player");
                    };
                    moves.push(Move::Personal(s));
                    sets[s].actions
                }
            };
            if node.children.len() != actions || node.children.iter().any(|&c| c >= count) {
                return malformed("a node's children do not match its actions");
            }
            if node.outcome.is_some_and(|o| {
                game.outcomes
                    .get(o)
                    .is_none_or(|outcome| outcome.payoffs.len() != n)
            }) {
                return malformed("a node's outcome does not exist");
            }
        }
        let mut order = Vec::with_capacity(count);
        let mut seen = vec![false; count];
        let mut stack = vec![0usize];
        while let Some(node) = stack.pop() {
            if std::mem::replace(&mut seen[node], true) {
                return malformed("a node is reached twice");
            }
            order.push(node);
            stack.extend(game.nodes[node].children.iter().rev());
        }
        for &node in &order {
            if let Move::Personal(s) = moves[node] {
                sets[s].members.push(node);
            }
        }
        // Perfect recall: every node of a set has the same own history.
        let histories = own_histories(game);
        for (h, s) in set_of.iter().enumerate() {
            let Some(s) = *s else { continue };
            let set = &sets[s];
            if let Some((&first, rest)) = set.members.split_first()
                && rest
                    .iter()
                    .any(|&z| histories[z][set.player] != histories[first][set.player])
            {
                return Err(format!(
                    "the agent logit QRE needs perfect recall, and information set {} of player {} is reached by different own histories",
                    game.infosets[h].number,
                    set.player + 1
                ));
            }
        }
        let totals = accumulated_payoffs(game);
        let payoffs: Vec<Vec<f64>> = totals
            .iter()
            .map(|t| t.iter().map(to_f64).collect())
            .collect();
        let largest = order
            .iter()
            .filter(|&&z| matches!(moves[z], Move::Terminal))
            .flat_map(|&z| payoffs[z].iter())
            .fold(0.0f64, |m, x| m.max(x.abs()));
        Ok(Tree {
            order,
            moves,
            children: game.nodes.iter().map(|x| x.children.clone()).collect(),
            payoffs,
            sets,
            players: n,
            size,
            largest,
            ranges,
        })
    }

    /// The probability of the `j`-th action at `node` under the flat profile `p`.
    fn prob(&self, node: usize, j: usize, p: &[f64]) -> f64 {
        match &self.moves[node] {
            Move::Terminal => 0.0,
            Move::Chance(probs) => probs[j],
            Move::Personal(s) => p[self.sets[*s].offset + j],
        }
    }

    /// `V(node)` for every node, per player, bottom-up.
    fn values(&self, p: &[f64]) -> Vec<Vec<f64>> {
        let mut value = vec![Vec::new(); self.children.len()];
        for &node in self.order.iter().rev() {
            value[node] = match self.moves[node] {
                Move::Terminal => self.payoffs[node].clone(),
                _ => {
                    let mut v = vec![0.0; self.players];
                    for (j, &child) in self.children[node].iter().enumerate() {
                        let q = self.prob(node, j, p);
                        if q != 0.0 {
                            for (x, c) in v.iter_mut().zip(&value[child]) {
                                *x += q * c;
                            }
                        }
                    }
                    v
                }
            };
        }
        value
    }

    /// Values, beliefs and conditional action values at the log-profile
    /// `logp` (`-∞` for an action played with probability 0). Sets that
    /// nothing reaches get `fallback`'s belief, or the uniform one.
    fn evaluate(&self, logp: &[f64], fallback: Option<&[Vec<f64>]>) -> Eval {
        let p: Vec<f64> = logp.iter().map(|v| v.exp()).collect();
        let mut log_reach = vec![f64::NEG_INFINITY; self.children.len()];
        log_reach[self.order[0]] = 0.0;
        for &node in &self.order {
            for (j, &child) in self.children[node].iter().enumerate() {
                let step = match &self.moves[node] {
                    Move::Terminal => f64::NEG_INFINITY,
                    Move::Chance(probs) => probs[j].ln(),
                    Move::Personal(s) => logp[self.sets[*s].offset + j],
                };
                log_reach[child] = log_reach[node] + step;
            }
        }
        let value = self.values(&p);
        let mut belief = Vec::with_capacity(self.sets.len());
        let mut bayes = Vec::with_capacity(self.sets.len());
        let mut action_value = vec![0.0; self.size];
        for (s, set) in self.sets.iter().enumerate() {
            let top = set
                .members
                .iter()
                .map(|&z| log_reach[z])
                .fold(f64::NEG_INFINITY, f64::max);
            let mu: Vec<f64> = if top.is_finite() {
                bayes.push(true);
                let w: Vec<f64> = set
                    .members
                    .iter()
                    .map(|&z| (log_reach[z] - top).exp())
                    .collect();
                let total: f64 = w.iter().sum();
                w.iter().map(|x| x / total).collect()
            } else {
                bayes.push(false);
                match fallback.and_then(|f| f.get(s)) {
                    Some(mu) if mu.len() == set.members.len() => mu.clone(),
                    _ => vec![1.0 / set.members.len() as f64; set.members.len()],
                }
            };
            for a in 0..set.actions {
                action_value[set.offset + a] = set
                    .members
                    .iter()
                    .zip(&mu)
                    .map(|(&z, m)| m * value[self.children[z][a]][set.player])
                    .sum();
            }
            belief.push(mu);
        }
        Eval {
            value,
            belief,
            bayes,
            action_value,
        }
    }

    /// `∂U_h(a)/∂v_c` for every action `(h, a)` of the flat profile (rows)
    /// and every `c` in `columns`: one top-down pass for `n_c` and one
    /// bottom-up pass for `D_c` per column (see the module's notes).
    fn value_jacobian(&self, logp: &[f64], eval: &Eval, columns: &[usize]) -> Vec<Vec<f64>> {
        let p: Vec<f64> = logp.iter().map(|v| v.exp()).collect();
        let nodes = self.children.len();
        let mut jac = vec![vec![0.0; columns.len()]; self.size];
        let mut after = vec![false; nodes];
        let mut d = vec![vec![0.0; self.players]; nodes];
        // The set and action of each column.
        let owner: Vec<(usize, usize)> = self
            .sets
            .iter()
            .enumerate()
            .flat_map(|(s, set)| (0..set.actions).map(move |a| (s, a)))
            .collect();
        for (k, &c) in columns.iter().enumerate() {
            let (target, b) = owner[c];
            let takes = |node: usize, j: usize| {
                j == b && matches!(self.moves[node], Move::Personal(s) if s == target)
            };
            after[self.order[0]] = false;
            for &node in &self.order {
                for (j, &child) in self.children[node].iter().enumerate() {
                    after[child] = after[node] || takes(node, j);
                }
            }
            for &node in self.order.iter().rev() {
                let mut here = vec![0.0; self.players];
                for (j, &child) in self.children[node].iter().enumerate() {
                    let q = self.prob(node, j, &p);
                    if q != 0.0 {
                        for (x, dc) in here.iter_mut().zip(&d[child]) {
                            *x += q * dc;
                        }
                    }
                    if takes(node, j) {
                        for (x, v) in here.iter_mut().zip(&eval.value[child]) {
                            *x += p[c] * v;
                        }
                    }
                }
                d[node] = here;
            }
            for (s, set) in self.sets.iter().enumerate() {
                let i = set.player;
                for a in 0..set.actions {
                    let u = eval.action_value[set.offset + a];
                    let mut total = 0.0;
                    for (&z, &mu) in set.members.iter().zip(&eval.belief[s]) {
                        if mu == 0.0 {
                            continue;
                        }
                        let child = self.children[z][a];
                        if eval.bayes[s] && after[z] {
                            total += mu * (eval.value[child][i] - u);
                        }
                        total += mu * d[child][i];
                    }
                    jac[set.offset + a][k] = total;
                }
            }
        }
        jac
    }

    /// The branch's equations and their Jacobian at `x = (v, λ)`.
    fn branch(&self, x: &[f64]) -> Equations {
        let n = self.size;
        let (v, lambda) = (&x[..n], x[n]);
        let eval = self.evaluate(v, None);
        let all: Vec<usize> = (0..n).collect();
        let du = self.value_jacobian(v, &eval, &all);
        let u = &eval.action_value;
        let mut h = vec![0.0; n];
        let mut jac = vec![vec![0.0; n + 1]; n];
        let mut size = vec![0.0; n];
        for set in &self.sets {
            let o = set.offset;
            h[o] = (0..set.actions).map(|a| v[o + a].exp()).sum::<f64>() - 1.0;
            for a in 0..set.actions {
                jac[o][o + a] = v[o + a].exp();
            }
            for a in 1..set.actions {
                let row = o + a;
                h[row] = v[row] - v[o] - lambda * (u[row] - u[o]);
                // The values are belief-weighted sums of payoffs: rounding
                // is relative to the largest payoff, not to |U|.
                size[row] = lambda * (u[row].abs() + u[o].abs() + 2.0 * self.largest);
                for c in 0..n {
                    jac[row][c] = -lambda * (du[row][c] - du[o][c]);
                }
                jac[row][row] += 1.0;
                jac[row][o] -= 1.0;
                jac[row][n] = -(u[row] - u[o]);
            }
        }
        Equations {
            value: h,
            jacobian: jac,
            size,
        }
    }

    /// The uniform profile at λ = 0.
    fn start(&self) -> Vec<f64> {
        let mut x = vec![0.0; self.size + 1];
        for set in &self.sets {
            let v = -(set.actions as f64).ln();
            x[set.offset..set.offset + set.actions].fill(v);
        }
        x
    }

    /// A flat profile as one list per player.
    fn split(&self, p: &[f64]) -> Vec<Vec<f64>> {
        self.ranges.iter().map(|r| p[r.clone()].to_vec()).collect()
    }

    /// The flat behaviour profile of log-probabilities `v`. Newton solves
    /// `Σ_a σ_h(a) = 1` only to a tolerance (on the branch, one relative to
    /// |v| and λ), so each set is rescaled to sum to 1 up to rounding (and a
    /// set with one action played is exactly pure).
    fn probabilities(&self, v: &[f64]) -> Vec<f64> {
        let mut p: Vec<f64> = v.iter().map(|x| x.exp()).collect();
        for set in &self.sets {
            let probs = &mut p[set.offset..set.offset + set.actions];
            let total: f64 = probs.iter().sum();
            if total > 0.0 && total.is_finite() {
                probs.iter_mut().for_each(|x| *x /= total);
            }
        }
        p
    }

    /// The behaviour profile of log-probabilities `v`, one list per player.
    fn behaviour(&self, v: &[f64]) -> Vec<Vec<f64>> {
        self.split(&self.probabilities(v))
    }

    /// Newton on the conditional indifference equations of the supports of
    /// the log-profile `end`; the refined log-profile (`-∞` off the support)
    /// once the equations hold to 1e-12. First with the actions [`NEAR`] the
    /// support added as further indifferences (the system is then solved in
    /// the least-squares sense, and holds only if the limit really makes
    /// them best replies): in a limit where an agent's mixture is pinned
    /// only by such an indifference, the support alone leaves it where the
    /// path ended, within O(1/λ) of the limit. Then without them.
    fn refine(&self, end: &[f64]) -> Option<Vec<f64>> {
        let limit_beliefs = self.evaluate(end, None).belief;
        let mut columns = Vec::new();
        let mut supports = Vec::new();
        let mut near = Vec::new();
        for set in &self.sets {
            let actions = set.offset..set.offset + set.actions;
            let support: Vec<usize> = actions
                .clone()
                .filter(|&c| end[c].exp() > SUPPORT)
                .collect();
            let (Some(&first), Some(best)) = (
                support.first(),
                actions.clone().map(|c| end[c]).reduce(f64::max),
            ) else {
                return None;
            };
            near.extend(
                actions
                    .filter(|&c| !support.contains(&c) && end[c] - best > -NEAR)
                    .map(|c| (first, c)),
            );
            // Rows of this set: the sum, then one indifference per further action.
            supports.push((columns.len(), support.clone()));
            columns.extend(support);
        }
        let full = |y: &[f64]| {
            let mut logp = vec![f64::NEG_INFINITY; self.size];
            for (&c, &v) in columns.iter().zip(y) {
                logp[c] = v;
            }
            logp
        };
        // The equations, with `extra` indifferences `U(a) = U(first)` below the square system.
        let equations = |extra: &[(usize, usize)], y: &[f64]| -> (Vec<f64>, Vec<Vec<f64>>) {
            let logp = full(y);
            let eval = self.evaluate(&logp, Some(&limit_beliefs));
            let du = self.value_jacobian(&logp, &eval, &columns);
            let u = &eval.action_value;
            let m = columns.len();
            let mut h = vec![0.0; m + extra.len()];
            let mut jac = vec![vec![0.0; m]; m + extra.len()];
            for (row, support) in &supports {
                let row = *row;
                h[row] = support.iter().map(|&c| logp[c].exp()).sum::<f64>() - 1.0;
                for k in 0..support.len() {
                    jac[row][row + k] = y[row + k].exp();
                }
                let first = support[0];
                for (r, &c) in support.iter().enumerate().skip(1) {
                    h[row + r] = u[c] - u[first];
                    for k in 0..m {
                        jac[row + r][k] = du[c][k] - du[first][k];
                    }
                }
            }
            for (r, &(first, c)) in extra.iter().enumerate() {
                h[m + r] = u[c] - u[first];
                for k in 0..m {
                    jac[m + r][k] = du[c][k] - du[first][k];
                }
            }
            (h, jac)
        };
        // Start from the end point renormalised on the supports.
        let mut start = Vec::with_capacity(columns.len());
        for (_, support) in &supports {
            let total: f64 = support.iter().map(|&c| end[c].exp()).sum();
            start.extend(support.iter().map(|&c| end[c] - total.ln()));
        }
        let solve = |extra: &[(usize, usize)]| -> Option<Vec<f64>> {
            let system: &System = &|y: &[f64]| equations(extra, y);
            let y = newton(system, start.clone(), 1e-13, 50)?;
            let (h, _) = system(&y);
            (super::max_abs(&h) < 1e-12).then(|| full(&y))
        };
        if !near.is_empty()
            && let Some(refined) = solve(&near)
        {
            return Some(refined);
        }
        solve(&[])
    }

    /// Each player's expected payoff, and the largest Nash regret: a player's
    /// best-response value against the others' behaviour minus its payoff.
    /// The best response is built by dynamic programming: the player's
    /// information sets from the last (in prefix order of their first nodes)
    /// to the first, each taking the action with the highest value weighted
    /// by the probability that chance and the others reach its nodes, the
    /// sets below already best-responding (exact with perfect recall).
    fn regret(&self, p: &[f64]) -> (f64, Vec<f64>) {
        let root = self.order[0];
        let payoffs = self.values(p)[root].clone();
        let mut position = vec![0usize; self.children.len()];
        for (k, &node) in self.order.iter().enumerate() {
            position[node] = k;
        }
        let mut worst = 0.0f64;
        for i in 0..self.players {
            let mut others = vec![0.0; self.children.len()];
            others[root] = 1.0;
            for &node in &self.order {
                for (j, &child) in self.children[node].iter().enumerate() {
                    let q = match self.moves[node] {
                        Move::Personal(s) if self.sets[s].player == i => 1.0,
                        _ => self.prob(node, j, p),
                    };
                    others[child] = others[node] * q;
                }
            }
            let mut mine: Vec<&Set> = self
                .sets
                .iter()
                .filter(|s| s.player == i && !s.members.is_empty())
                .collect();
            mine.sort_by_key(|s| position[s.members[0]]);
            let mut q = p.to_vec();
            for set in mine.iter().rev() {
                let value = self.values(&q);
                let worth = |a: usize| -> f64 {
                    set.members
                        .iter()
                        .map(|&z| others[z] * value[self.children[z][a]][i])
                        .sum()
                };
                let mut best = 0;
                for a in 1..set.actions {
                    if worth(a) > worth(best) {
                        best = a;
                    }
                }
                for a in 0..set.actions {
                    q[set.offset + a] = if a == best { 1.0 } else { 0.0 };
                }
            }
            let gap = self.values(&q)[root][i] - payoffs[i];
            // `f64::max` would drop a NaN; a NaN must fail the caller's check.
            if gap.is_nan() {
                return (f64::NAN, payoffs);
            }
            worst = worst.max(gap);
        }
        (worst, payoffs)
    }
}

/// Traces the principal branch of the agent logit QRE correspondence of
/// `game` up to `lambda_max` and returns it with the Nash equilibrium at its
/// end (behaviour probabilities, each player's information sets in the
/// game's order), or a message when the game lacks perfect recall, the path
/// cannot be followed, or its end fails the check.
pub fn agent_logit(game: &ExtensiveGame, lambda_max: f64) -> Result<LogitResult, String> {
    agent_logit_within(game, lambda_max, &Budget::unlimited()).map_err(|e| e.to_string())
}

/// The cost of one evaluation of the branch's equations: a pass over the
/// tree per column of the Jacobian (the flat profile's actions), each over
/// every node and player.
fn evaluation_cost(tree: &Tree) -> u64 {
    let nodes = tree.children.len();
    times(tree.size + 1, nodes)
        .saturating_mul(tree.players.max(1) as u64)
        .saturating_add(times(tree.size, tree.size))
}

/// [`agent_logit`] within a work budget (see [`evaluation_cost`] and the
/// strategic form's `logit_within`); refining the end and the regret check
/// are paid for too.
pub fn agent_logit_within(
    game: &ExtensiveGame,
    lambda_max: f64,
    budget: &Budget,
) -> Result<LogitResult, LogitError> {
    let actions: usize = game
        .infosets
        .iter()
        .filter(|h| h.player.is_some())
        .map(|h| h.actions.len())
        .sum();
    check_size(actions)?;
    let tree = Tree::new(game)?;
    let n = tree.size;
    let cost = step_cost(n, evaluation_cost(&tree));
    let points = trace(
        &|x: &[f64]| tree.branch(x),
        tree.start(),
        lambda_max,
        budget,
        cost,
    )?;
    let path = points
        .iter()
        .map(|x| PathPoint {
            lambda: x[n],
            profile: tree.behaviour(&x[..n]),
        })
        .collect();
    let end = points.last().ok_or("logit: an empty path")?;
    // Two Newton runs of fifty iterations, then one pass over the tree per
    // information set and player for the regret.
    budget.spend(cost.saturating_mul(101).saturating_add(
        times(tree.sets.len(), tree.children.len()).saturating_mul(tree.players as u64),
    ))?;
    let logp = tree.refine(&end[..n]).unwrap_or_else(|| end[..n].to_vec());
    let p = tree.probabilities(&logp);
    let (regret, payoffs) = tree.regret(&p);
    if regret.is_nan() || regret >= 1e-9 {
        return Err(LogitError::Failed(format!(
            "logit: the end of the agent QRE path (λ = {:.3e}) is not within 1e-9 of an equilibrium (regret {regret:.2e})",
            end[n]
        )));
    }
    Ok(LogitResult {
        path,
        equilibrium: tree.split(&p),
        payoffs,
        regret,
    })
}

/// The agent QRE on the principal branch at each of `lambdas` (λ ≥ 0; at
/// the first crossing when the branch bends back), traced as in
/// [`agent_logit`] and then solved with λ fixed.
pub fn agent_qre_at(game: &ExtensiveGame, lambdas: &[f64]) -> Result<Vec<PathPoint>, String> {
    let tree = Tree::new(game)?;
    if let Some(bad) = lambdas.iter().find(|l| !l.is_finite() || **l < 0.0) {
        return Err(format!(
            "logit: λ = {bad} is not a finite non-negative number"
        ));
    }
    let top = lambdas.iter().copied().fold(0.0, f64::max);
    let system = |x: &[f64]| tree.branch(x);
    let points =
        trace(&system, tree.start(), top, &Budget::unlimited(), 0).map_err(|e| e.to_string())?;
    let n = tree.size;
    Ok(at_lambdas(&system, &points, lambdas)?
        .iter()
        .map(|x| PathPoint {
            lambda: x[n],
            profile: tree.behaviour(&x[..n]),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::parse_efg;

    /// Beer–quiche (Cho & Kreps 1987), whose sets have two nodes each.
    const BEER_QUICHE: &str = include_str!("../../tests/fixtures/beer_quiche.efg");

    #[test]
    fn the_analytic_jacobian_matches_finite_differences() {
        let game = parse_efg("bq", BEER_QUICHE).unwrap();
        let tree = Tree::new(&game).unwrap();
        // An interior point off the branch, with unequal probabilities.
        let x = [-0.3, -1.35, -0.8, -0.6, -1.1, -0.4, -0.2, -1.7, 2.5];
        let jac = tree.branch(&x).jacobian;
        for c in 0..x.len() {
            let (mut up, mut down) = (x, x);
            up[c] += 1e-6;
            down[c] -= 1e-6;
            let hu = tree.branch(&up).value;
            let hd = tree.branch(&down).value;
            for r in 0..tree.size {
                let numeric = (hu[r] - hd[r]) / 2e-6;
                assert!(
                    (numeric - jac[r][c]).abs() < 1e-7,
                    "row {r}, column {c}: {numeric} vs {}",
                    jac[r][c]
                );
            }
        }
    }

    #[test]
    fn beliefs_survive_underflow() {
        let game = parse_efg("bq", BEER_QUICHE).unwrap();
        let tree = Tree::new(&game).unwrap();
        // Both types eat quiche with probability e^-2000 and e^-2001: the
        // reach probabilities underflow, the belief after quiche does not.
        let logp = [-2000.0, 0.0, -2001.0, 0.0, -0.7, -0.7, -0.7, -0.7];
        let eval = tree.evaluate(&logp, None);
        let weak = 0.1 / (0.1 + 0.9 * (-1.0f64).exp());
        assert!((eval.belief[2][0] - weak).abs() < 1e-12);
        assert!(eval.bayes[2]);
    }

    #[test]
    fn refuses_games_without_perfect_recall() {
        // Player 1 forgets its first move at its second set.
        let text = r#"EFG 2 R "forgetful" { "1" "2" } ""
p "" 1 1 "" { "L" "R" } 0
p "" 1 2 "" { "l" "r" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 0 }
p "" 1 2 "" { "l" "r" } 0
t "" 3 "" { 0, 0 }
t "" 4 "" { 1, 0 }
"#;
        let game = parse_efg("f", text).unwrap();
        assert!(
            agent_logit(&game, 1e6)
                .unwrap_err()
                .contains("perfect recall")
        );
    }

    #[test]
    fn a_game_without_decisions() {
        let text = "EFG 2 R \"c\" { \"1\" } \"\"\nc \"\" 1 \"\" { \"a\" 1/4 \"b\" 3/4 } 0\nt \"\" 1 \"\" { 4 }\nt \"\" 2 \"\" { 8 }\n";
        let game = parse_efg("c", text).unwrap();
        let r = agent_logit(&game, 1e6).unwrap();
        assert_eq!(r.equilibrium, vec![Vec::<f64>::new()]);
        assert_eq!(r.payoffs, vec![7.0]);
    }
}
