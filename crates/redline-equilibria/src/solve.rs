//! Solvers on the strategic form, in exact rational arithmetic.
//!
//! - [`enumpure`]: every pure-strategy Nash equilibrium, any number of players.
//! - [`enummixed`]: every extreme Nash equilibrium of a two-player game, by
//!   enumerating the vertices of the two best-response polytopes and pairing
//!   the completely labelled ones (Mangasarian 1964; Avis, Rosenberg, Savani &
//!   von Stengel 2010). Degenerate games are handled: all feasible bases are
//!   visited, so every vertex is found even when several bases share it.
//! - [`lemke_howson`]: one equilibrium per dropped label by complementary
//!   pivoting (Lemke & Howson 1964), with a lexicographic ratio test so that
//!   degenerate games do not cycle.
//!
//! Every equilibrium is checked with [`is_equilibrium`] (no pure strategy of
//! any player does better, exactly) before it is returned.

use crate::budget::{Budget, Stop, times};
use crate::nfg::NormalFormGame;
use crate::number::{Q, one, zero};
use crate::tableau::{Tableau, slack_rows};
use crate::vertex;
use crate::wide::{Wide, by_entry_words, entry_words};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};
use std::collections::{HashMap, HashSet};

/// An integer payoff matrix, `[row][column]`.
type Matrix = Vec<Vec<BigInt>>;

/// The unnormalised points (x, y) at the end of a Lemke–Howson path.
type PathEnd = (Vec<Q>, Vec<Q>);

/// A mixed-strategy profile: one probability vector per player.
pub type Profile = Vec<Vec<Q>>;

/// An equilibrium: the profile and each player's expected payoff.
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibrium {
    /// Probabilities, one list per player in the game's strategy order.
    pub profile: Profile,
    /// Expected payoff of each player.
    pub payoffs: Vec<Q>,
}

/// For each player `i` and strategy `s`, the payoff to `i` of playing `s`
/// while the others follow `profile`.
pub fn strategy_values(game: &NormalFormGame, profile: &Profile) -> Vec<Vec<Q>> {
    let shape = game.shape();
    let n = shape.len();
    let supports: Vec<Vec<usize>> = profile
        .iter()
        .map(|p| (0..p.len()).filter(|&s| !p[s].is_zero()).collect())
        .collect();
    let mut values: Vec<Vec<Q>> = shape.iter().map(|&k| vec![zero(); k]).collect();
    for i in 0..n {
        // Odometer over the others' supports.
        let others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
        if others.iter().any(|&j| supports[j].is_empty()) {
            continue;
        }
        let mut digits = vec![0usize; others.len()];
        let mut pure = vec![0usize; n];
        loop {
            let mut prob = one();
            for (d, &j) in digits.iter().zip(&others) {
                let s = supports[j][*d];
                pure[j] = s;
                prob *= &profile[j][s];
            }
            for (s, value) in values[i].iter_mut().enumerate() {
                pure[i] = s;
                *value += &prob * game.payoff(&pure, i);
            }
            let mut k = 0;
            while k < digits.len() {
                digits[k] += 1;
                if digits[k] < supports[others[k]].len() {
                    break;
                }
                digits[k] = 0;
                k += 1;
            }
            if k == digits.len() {
                break;
            }
        }
    }
    values
}

/// Each player's expected payoff under `profile`.
pub fn expected_payoffs(game: &NormalFormGame, profile: &Profile) -> Vec<Q> {
    let values = strategy_values(game, profile);
    values
        .iter()
        .zip(profile)
        .map(|(v, p)| v.iter().zip(p).map(|(a, b)| a * b).sum())
        .collect()
}

/// The largest gain any player gets from switching to a pure strategy.
pub fn max_regret(game: &NormalFormGame, profile: &Profile) -> Q {
    let values = strategy_values(game, profile);
    let mut worst = zero();
    for (v, p) in values.iter().zip(profile) {
        let expected: Q = v.iter().zip(p).map(|(a, b)| a * b).sum();
        for x in v {
            let gain = x - &expected;
            if gain > worst {
                worst = gain;
            }
        }
    }
    worst
}

/// Whether `profile` is a well-formed mixed profile (shape, probabilities
/// non-negative and adding to one) and a Nash equilibrium, exactly.
pub fn is_equilibrium(game: &NormalFormGame, profile: &Profile) -> bool {
    let shape = game.shape();
    profile.len() == shape.len()
        && profile.iter().zip(&shape).all(|(p, &k)| {
            p.len() == k && p.iter().all(|x| *x >= zero()) && p.iter().sum::<Q>() == one()
        })
        && max_regret(game, profile).is_zero()
}

fn checked(game: &NormalFormGame, profile: Profile) -> Option<Equilibrium> {
    if is_equilibrium(game, &profile) {
        let payoffs = expected_payoffs(game, &profile);
        Some(Equilibrium { profile, payoffs })
    } else {
        None
    }
}

/// The pure profile as a mixed profile.
pub fn pure_profile(shape: &[usize], pure: &[usize]) -> Profile {
    shape
        .iter()
        .zip(pure)
        .map(|(&k, &s)| {
            (0..k)
                .map(|t| if t == s { one() } else { zero() })
                .collect()
        })
        .collect()
}

/// All pure-strategy Nash equilibria, in contingency order (first player fastest).
pub fn enumpure(game: &NormalFormGame) -> Vec<Equilibrium> {
    // An unlimited budget without a stop flag never stops.
    enumpure_within(game, &Budget::unlimited()).unwrap_or_default()
}

/// [`enumpure`] within a work budget: each contingency costs the number of
/// deviations it checks, the sum of the players' strategy counts.
pub fn enumpure_within(game: &NormalFormGame, budget: &Budget) -> Result<Vec<Equilibrium>, Stop> {
    let shape = game.shape();
    let deviations = shape.iter().fold(0u64, |a, &k| a.saturating_add(k as u64));
    let mut found = Vec::new();
    for index in 0..game.payoffs.len() {
        budget.spend(deviations)?;
        let mut pure = game.profile(index);
        let here = game.payoffs[index].clone();
        let mut stable = true;
        'players: for i in 0..shape.len() {
            let own = pure[i];
            for s in 0..shape[i] {
                pure[i] = s;
                if game.payoff(&pure, i) > &here[i] {
                    stable = false;
                    pure[i] = own;
                    break 'players;
                }
            }
            pure[i] = own;
        }
        if stable {
            let profile = pure_profile(&shape, &pure);
            found.push(Equilibrium {
                profile,
                payoffs: here,
            });
        }
    }
    Ok(found)
}

/// Error for solvers that need exactly two players.
#[derive(Clone, Debug, PartialEq)]
pub struct NotTwoPlayer(pub usize);

impl std::fmt::Display for NotTwoPlayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "this method needs a two-player game, and the game has {} players",
            self.0
        )
    }
}

/// Player 1's and player 2's payoffs as positive integer matrices `A[i][j]`,
/// `B[i][j]` (a positive affine transform of each player's payoffs, which
/// leaves the equilibria unchanged).
///
/// The common denominator can grow with every distinct denominator, so each
/// step is paid for by its size in words, squared.
fn positive_integer_matrices(
    game: &NormalFormGame,
    budget: &Budget,
) -> Result<(Matrix, Matrix), Stop> {
    let (m, n) = (game.strategies[0].len(), game.strategies[1].len());
    let convert = |player: usize| -> Result<Vec<Vec<BigInt>>, Stop> {
        let values: Vec<&Q> = game.payoffs.iter().map(|p| &p[player]).collect();
        let min = values.iter().copied().min().cloned().unwrap_or_else(zero);
        let mut lcm = BigInt::one();
        for v in &values {
            let words = (lcm.bits() / 64 + v.denom().bits() / 64 + 1) as usize;
            budget.spend(times(words, words))?;
            if !v.denom().is_one() {
                lcm = lcm.lcm(v.denom());
            }
        }
        let words = (lcm.bits() / 64 + 1) as usize;
        budget.spend(times(values.len(), words.saturating_mul(words)))?;
        let scale = Q::from_integer(lcm);
        Ok((0..m)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        let v = (&game.payoffs[i + m * j][player] - &min) * &scale;
                        v.to_integer() + BigInt::one()
                    })
                    .collect()
            })
            .collect::<Vec<Vec<BigInt>>>())
    };
    Ok((convert(0)?, convert(1)?))
}

fn transpose(a: &[Vec<BigInt>]) -> Vec<Vec<BigInt>> {
    let rows = a.len();
    let cols = a.first().map_or(0, Vec::len);
    (0..cols)
        .map(|j| (0..rows).map(|i| a[i][j].clone()).collect())
        .collect()
}

/// Why [`enummixed`] did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum SolverError {
    /// The game does not have two players.
    NotTwoPlayer(usize),
    /// The work budget ran out, or the solve was stopped.
    Stopped(Stop),
}

impl From<Stop> for SolverError {
    fn from(stop: Stop) -> Self {
        SolverError::Stopped(stop)
    }
}

impl std::fmt::Display for SolverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SolverError::NotTwoPlayer(n) => NotTwoPlayer(*n).fmt(f),
            SolverError::Stopped(stop) => stop.fmt(f),
        }
    }
}

fn normalise(v: &[Q]) -> Vec<Q> {
    let total: Q = v.iter().sum();
    v.iter().map(|x| x / &total).collect()
}

/// A vertex of a best-response polytope: the `k`-th nondegenerate one or
/// the `k`-th degenerate one of [`vertex::Vertices`].
#[derive(Clone, Copy)]
enum VertexRef {
    Simple(usize),
    Degenerate(usize),
}

/// All extreme Nash equilibria of a two-player game, by vertex enumeration.
///
/// The vertices of both best-response polytopes are enumerated by reverse
/// search ([`crate::vertex`]), in parallel, keeping only label sets (and the
/// points of degenerate vertices); the completely labelled pairs are the
/// extreme equilibria, whose points are then recomputed from their labels.
pub fn enummixed(game: &NormalFormGame) -> Result<Vec<Equilibrium>, SolverError> {
    enummixed_within(game, &Budget::unlimited())
}

/// [`enummixed`] within a work budget: the tableaux' pivots and ratio tests
/// (see [`crate::budget`]), the pairing of vertices and the rebuilding and
/// checking of the equilibria found. The number of vertices can grow
/// exponentially with the strategies; this is what stops it.
pub fn enummixed_within(
    game: &NormalFormGame,
    budget: &Budget,
) -> Result<Vec<Equilibrium>, SolverError> {
    if game.num_players() != 2 {
        return Err(SolverError::NotTwoPlayer(game.num_players()));
    }
    let (m, n) = (game.strategies[0].len(), game.strategies[1].len());
    let (a, b) = positive_integer_matrices(game, budget)?;
    let bt = transpose(&b);
    // P = {x ≥ 0 : Bᵀx ≤ 1}: x_i has label i, the slack of column j label m+j.
    let p_label = |v: usize| v;
    // Q = {y ≥ 0 : A y ≤ 1}: y_j has label m+j, the slack of row i label i.
    let q_label = |v: usize| if v < n { m + v } else { v - n };
    let (p_vertices, q_vertices) = rayon::join(
        || vertex::enumerate(&bt, &p_label, m + n, budget),
        || vertex::enumerate(&a, &q_label, m + n, budget),
    );
    let (p_vertices, q_vertices) = (p_vertices?, q_vertices?);
    let words = |matrix: &[Vec<BigInt>]| {
        let w = entry_words(&slack_rows(matrix)).min(1 << 16);
        times(w, w)
    };
    // Rebuilding a vertex is at most one pivot per row of its tableau.
    let rebuild = |matrix: &[Vec<BigInt>]| {
        let rows = matrix.len();
        let cols = matrix.first().map_or(0, Vec::len) + rows + 1;
        times(rows, rows)
            .saturating_mul(cols as u64)
            .saturating_mul(words(matrix))
    };
    let (rebuild_p, rebuild_q) = (rebuild(&bt), rebuild(&a));
    // Checking a pair: every strategy's value against the other's mixture.
    let check = times(m, n).saturating_mul(4);
    let words = p_vertices.words;
    let full: Vec<u64> = (0..words)
        .map(|w| {
            let bits = (m + n).saturating_sub(64 * w).min(64);
            if bits == 64 {
                u64::MAX
            } else {
                (1u64 << bits) - 1
            }
        })
        .collect();
    let covers = |x: &[u64], y: &[u64]| x.iter().zip(y).zip(&full).all(|((p, q), f)| p | q == *f);
    // A nondegenerate vertex of P has exactly m labels and one of Q exactly
    // n, so a nondegenerate pair matches only when Q's labels are the
    // complement of P's (looked up by hash); pairs with a degenerate vertex
    // are tested one by one.
    let q_simple: HashMap<&[u64], usize> = (0..q_vertices.simple_count())
        .map(|k| (q_vertices.simple_labels(k), k))
        .collect();
    let q_degenerate = |x: &[u64]| -> Vec<VertexRef> {
        (0..q_vertices.degenerate.len())
            .filter(|&k| covers(x, &q_vertices.degenerate[k].0))
            .map(VertexRef::Degenerate)
            .collect()
    };
    let mut pairs: Vec<(VertexRef, VertexRef)> = Vec::new();
    let degenerate_q = q_vertices.degenerate.len() as u64;
    for k in 0..p_vertices.simple_count() {
        budget.spend(1 + degenerate_q)?;
        let x = p_vertices.simple_labels(k);
        let complement: Vec<u64> = x.iter().zip(&full).map(|(p, f)| f & !p).collect();
        if let Some(&l) = q_simple.get(complement.as_slice()) {
            pairs.push((VertexRef::Simple(k), VertexRef::Simple(l)));
        }
        for y in q_degenerate(x) {
            pairs.push((VertexRef::Simple(k), y));
        }
    }
    for (k, (x, _)) in p_vertices.degenerate.iter().enumerate() {
        budget.spend(q_vertices.simple_count() as u64 + degenerate_q)?;
        for l in 0..q_vertices.simple_count() {
            if covers(x, q_vertices.simple_labels(l)) {
                pairs.push((VertexRef::Degenerate(k), VertexRef::Simple(l)));
            }
        }
        for y in q_degenerate(x) {
            pairs.push((VertexRef::Degenerate(k), y));
        }
    }
    let point = |matrix: &[Vec<BigInt>],
                 label: &dyn Fn(usize) -> usize,
                 found: &vertex::Vertices,
                 v: VertexRef|
     -> Option<Vec<Q>> {
        match v {
            VertexRef::Simple(k) => vertex::vertex_point(matrix, label, found.simple_labels(k)),
            VertexRef::Degenerate(k) => Some(found.degenerate[k].1.clone()),
        }
    };
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for (x, y) in pairs {
        budget.spend(rebuild_p.saturating_add(rebuild_q).saturating_add(check))?;
        let (Some(x), Some(y)) = (
            point(&bt, &p_label, &p_vertices, x),
            point(&a, &q_label, &q_vertices, y),
        ) else {
            debug_assert!(
                false,
                "a nondegenerate vertex could not be rebuilt from its labels"
            );
            continue;
        };
        let profile = vec![normalise(&x), normalise(&y)];
        if seen.insert(profile.clone())
            && let Some(e) = checked(game, profile)
        {
            found.push(e);
        }
    }
    Ok(found)
}

/// The equilibrium reached by Lemke–Howson from the artificial equilibrium
/// after dropping `label` (`0..m` for player 1's strategies, `m..m+n` for
/// player 2's). `None` only if the path fails, which exact pivoting rules out.
pub fn lemke_howson_from(
    game: &NormalFormGame,
    label: usize,
) -> Result<Option<Equilibrium>, NotTwoPlayer> {
    if game.num_players() != 2 {
        return Err(NotTwoPlayer(game.num_players()));
    }
    let unlimited = Budget::unlimited();
    let tableaux = LemkeHowsonTableaux::new(game, &unlimited).map_err(|_| NotTwoPlayer(2))?;
    Ok(lemke_howson_on(game, &tableaux, label, &unlimited).unwrap_or(None))
}

/// The matrices of both best-response polytopes and the integer width
/// their tableaux need, prepared once for all the labels of a game.
struct LemkeHowsonTableaux {
    a: Vec<Vec<BigInt>>,
    bt: Vec<Vec<BigInt>>,
    words: usize,
}

impl LemkeHowsonTableaux {
    fn new(game: &NormalFormGame, budget: &Budget) -> Result<Self, Stop> {
        let (a, b) = positive_integer_matrices(game, budget)?;
        let bt = transpose(&b);
        let words = entry_words(&slack_rows(&bt)).max(entry_words(&slack_rows(&a)));
        Ok(LemkeHowsonTableaux { a, bt, words })
    }
}

/// [`lemke_howson_from`] on prepared matrices, the end point checked.
fn lemke_howson_on(
    game: &NormalFormGame,
    t: &LemkeHowsonTableaux,
    label: usize,
    budget: &Budget,
) -> Result<Option<Equilibrium>, Stop> {
    if label >= t.a.len() + t.bt.len() {
        return Ok(None);
    }
    let Some((x, y)) = by_entry_words!(t.words, lemke_howson_path, &t.bt, &t.a, label, budget)?
    else {
        return Ok(None);
    };
    budget.spend(times(t.a.len(), t.bt.len()).saturating_mul(4))?;
    Ok(checked(game, vec![normalise(&x), normalise(&y)]))
}

/// The Lemke–Howson path on `P = {x ≥ 0 : Bᵀx ≤ 1}` (`bt`) and
/// `Q = {y ≥ 0 : A y ≤ 1}` (`a`) after dropping `label`, with the tableaux'
/// integers of type `I`: the unnormalised (x, y) at its end.
fn lemke_howson_path<I: crate::wide::PivotInt>(
    bt: &[Vec<BigInt>],
    a: &[Vec<BigInt>],
    label: usize,
    budget: &Budget,
) -> Result<Option<PathEnd>, Stop> {
    let (m, n) = (a.len(), bt.len());
    // x: vars 0..m, slacks m..m+n; y: vars 0..n, slacks n..n+m.
    let mut tp = Tableau::<I>::polytope(bt);
    let mut tq = Tableau::<I>::polytope(a);
    let lex_p: Vec<usize> = (m..m + n).collect();
    let lex_q: Vec<usize> = (n..n + m).collect();
    let q_var = |l: usize| if l >= m { l - m } else { n + l };
    let q_label = |v: usize| if v < n { m + v } else { v - n };
    let mut entering = label;
    let mut on_p = label < m;
    // A Lemke–Howson path can be exponentially long (Savani & von Stengel
    // 2006); the budget, paid each pivot, bounds it.
    loop {
        budget.spend(tp.take_work().saturating_add(tq.take_work()).max(1))?;
        let leaving_label = if on_p {
            let Some(r) = tp.lex_min_ratio_row(entering, &lex_p) else {
                return Ok(None);
            };
            let leaving = tp.basis[r];
            tp.pivot(r, entering);
            leaving
        } else {
            let c = q_var(entering);
            let Some(r) = tq.lex_min_ratio_row(c, &lex_q) else {
                return Ok(None);
            };
            let leaving = tq.basis[r];
            tq.pivot(r, c);
            q_label(leaving)
        };
        if leaving_label == label {
            let point = |tab: &Tableau<I>, dim: usize| {
                let mut z = vec![zero(); dim];
                for (r, &v) in tab.basis.iter().enumerate() {
                    if v < dim {
                        z[v] = Q::from_integer(tab.rhs(r).to_big());
                    }
                }
                z
            };
            return Ok(Some((point(&tp, m), point(&tq, n))));
        }
        entering = leaving_label;
        on_p = !on_p;
    }
}

/// Lemke–Howson from every label in turn (`0..m+n`), keeping the distinct
/// equilibria in the order found; stops after `stop_after` when it is not 0.
pub fn lemke_howson(
    game: &NormalFormGame,
    stop_after: usize,
) -> Result<Vec<Equilibrium>, NotTwoPlayer> {
    match lemke_howson_within(game, stop_after, &Budget::unlimited()) {
        Ok(found) => Ok(found),
        Err(SolverError::NotTwoPlayer(n)) => Err(NotTwoPlayer(n)),
        // An unlimited budget without a stop flag never stops.
        Err(SolverError::Stopped(_)) => Ok(Vec::new()),
    }
}

/// [`lemke_howson`] within a work budget (its tableaux' pivots and ratio
/// tests, and the check of each end point).
pub fn lemke_howson_within(
    game: &NormalFormGame,
    stop_after: usize,
    budget: &Budget,
) -> Result<Vec<Equilibrium>, SolverError> {
    if game.num_players() != 2 {
        return Err(SolverError::NotTwoPlayer(game.num_players()));
    }
    let labels = game.strategies[0].len() + game.strategies[1].len();
    let tableaux = LemkeHowsonTableaux::new(game, budget)?;
    let mut found: Vec<Equilibrium> = Vec::new();
    for label in 0..labels {
        if let Some(e) = lemke_howson_on(game, &tableaux, label, budget)?
            && !found.contains(&e)
        {
            found.push(e);
            if stop_after != 0 && found.len() >= stop_after {
                break;
            }
        }
    }
    Ok(found)
}
