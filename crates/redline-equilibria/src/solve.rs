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

use crate::nfg::NormalFormGame;
use crate::number::{Q, one, zero};
use crate::tableau::Tableau;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

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
    let shape = game.shape();
    let mut found = Vec::new();
    for index in 0..game.payoffs.len() {
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
    found
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
fn positive_integer_matrices(game: &NormalFormGame) -> (Vec<Vec<BigInt>>, Vec<Vec<BigInt>>) {
    let (m, n) = (game.strategies[0].len(), game.strategies[1].len());
    let convert = |player: usize| {
        let values: Vec<&Q> = game.payoffs.iter().map(|p| &p[player]).collect();
        let min = values.iter().copied().min().cloned().unwrap_or_else(zero);
        let lcm = values
            .iter()
            .fold(BigInt::one(), |acc, v| acc.lcm(v.denom()));
        let scale = Q::from_integer(lcm);
        (0..m)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        let v = (&game.payoffs[i + m * j][player] - &min) * &scale;
                        v.to_integer() + BigInt::one()
                    })
                    .collect()
            })
            .collect::<Vec<Vec<BigInt>>>()
    };
    (convert(0), convert(1))
}

fn transpose(a: &[Vec<BigInt>]) -> Vec<Vec<BigInt>> {
    let rows = a.len();
    let cols = a.first().map_or(0, Vec::len);
    (0..cols)
        .map(|j| (0..rows).map(|i| a[i][j].clone()).collect())
        .collect()
}

struct Vertex {
    point: Vec<Q>,
    /// The labels as a bit set (bit `l` of word `l / 64`).
    labels: Vec<u64>,
    /// How many labels.
    count: usize,
}

/// The most feasible bases [`enummixed`] visits per polytope before giving
/// up, so that a game too large to enumerate ends with an error rather than
/// by exhausting memory (random 15×15 games have about 20 000 vertices per
/// polytope; the first attempt at a 20×20 one used 24 GB before the limit).
pub const MAX_BASES: usize = 200_000;

/// Why [`enummixed`] did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum SolverError {
    /// The game does not have two players.
    NotTwoPlayer(usize),
    /// A best-response polytope has more than [`MAX_BASES`] feasible bases.
    TooManyBases,
}

impl std::fmt::Display for SolverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SolverError::NotTwoPlayer(n) => NotTwoPlayer(*n).fmt(f),
            SolverError::TooManyBases => write!(
                f,
                "a best-response polytope has more than {MAX_BASES} feasible bases: too large to enumerate"
            ),
        }
    }
}

/// All vertices of `{z ≥ 0 : M z ≤ 1}` (bounded, `M > 0`), with the labels
/// of the zero variables mapped through `label_of_var`.
fn vertices(
    m: &[Vec<BigInt>],
    label_of_var: &dyn Fn(usize) -> usize,
    labels: usize,
) -> Result<Vec<Vertex>, SolverError> {
    let start = Tableau::polytope(m);
    let d = m.first().map_or(0, Vec::len);
    let mut seen_bases: HashSet<Vec<usize>> = HashSet::new();
    let mut found: Vec<Vertex> = Vec::new();
    let mut seen_points: HashMap<Vec<Q>, usize> = HashMap::new();
    // Depth-first. The frontier holds (parent tableau, pivot) pairs and the
    // pivot is made when the entry is taken, so only tableaux with pending
    // children stay in memory, shared between their children.
    let mut frontier: Vec<(Rc<Tableau>, usize, usize)> = Vec::new();
    let mut key = start.basis.clone();
    key.sort_unstable();
    seen_bases.insert(key);
    let mut pending = Some(start);
    loop {
        let tab = match pending.take() {
            Some(tab) => tab,
            None => match frontier.pop() {
                Some((parent, r, c)) => {
                    let mut next = Tableau::clone(&parent);
                    drop(parent);
                    next.pivot(r, c);
                    next
                }
                None => break,
            },
        };
        let mut point = vec![zero(); d];
        let mut zero_vars = vec![true; tab.vars];
        for (r, &b) in tab.basis.iter().enumerate() {
            if !tab.rhs(r).is_zero() {
                zero_vars[b] = false;
                if b < d {
                    point[b] = Q::new(tab.rhs(r).clone(), tab.det.clone());
                }
            }
        }
        if !seen_points.contains_key(&point) {
            let mut mask = vec![0u64; labels.div_ceil(64)];
            for (v, &z) in zero_vars.iter().enumerate() {
                if z {
                    let l = label_of_var(v);
                    mask[l / 64] |= 1 << (l % 64);
                }
            }
            let count = mask.iter().map(|w| w.count_ones() as usize).sum();
            seen_points.insert(point.clone(), found.len());
            found.push(Vertex {
                point,
                labels: mask,
                count,
            });
        }
        let in_basis: HashSet<usize> = tab.basis.iter().copied().collect();
        let tab = Rc::new(tab);
        for c in 0..tab.vars {
            if in_basis.contains(&c) {
                continue;
            }
            for r in tab.min_ratio_rows(c) {
                let mut basis = tab.basis.clone();
                basis[r] = c;
                basis.sort_unstable();
                if seen_bases.len() >= MAX_BASES {
                    return Err(SolverError::TooManyBases);
                }
                if seen_bases.insert(basis) {
                    frontier.push((Rc::clone(&tab), r, c));
                }
            }
        }
    }
    Ok(found)
}

fn normalise(v: &[Q]) -> Vec<Q> {
    let total: Q = v.iter().sum();
    v.iter().map(|x| x / &total).collect()
}

/// All extreme Nash equilibria of a two-player game, by vertex enumeration.
pub fn enummixed(game: &NormalFormGame) -> Result<Vec<Equilibrium>, SolverError> {
    if game.num_players() != 2 {
        return Err(SolverError::NotTwoPlayer(game.num_players()));
    }
    let (m, n) = (game.strategies[0].len(), game.strategies[1].len());
    let (a, b) = positive_integer_matrices(game);
    // P = {x ≥ 0 : Bᵀx ≤ 1}: x_i has label i, the slack of column j label m+j.
    let p_vertices = vertices(&transpose(&b), &|v| v, m + n)?;
    // Q = {y ≥ 0 : A y ≤ 1}: y_j has label m+j, the slack of row i label i.
    let q_vertices = vertices(&a, &|v| if v < n { m + v } else { v - n }, m + n)?;
    // A pair is completely labelled when the labels of x and y cover all
    // m + n. A vertex of P has at least m labels and one of Q at least n; when
    // x has exactly m, y needs exactly the complement (looked up by hash) or
    // is a degenerate vertex with more than n labels (scanned).
    let words = (m + n).div_ceil(64);
    let full: Vec<u64> = (0..words)
        .map(|w| {
            let bits = (m + n - 64 * w).min(64);
            if bits == 64 {
                u64::MAX
            } else {
                (1u64 << bits) - 1
            }
        })
        .collect();
    let nonzero = |v: &&Vertex| v.point.iter().any(|c| !c.is_zero());
    let q_live: Vec<&Vertex> = q_vertices.iter().filter(nonzero).collect();
    let mut by_labels: HashMap<&[u64], Vec<usize>> = HashMap::new();
    let mut degenerate_q = Vec::new();
    for (k, y) in q_live.iter().enumerate() {
        if y.count == n {
            by_labels.entry(y.labels.as_slice()).or_default().push(k);
        } else {
            degenerate_q.push(k);
        }
    }
    let covers = |x: &Vertex, y: &Vertex| {
        x.labels
            .iter()
            .zip(&y.labels)
            .zip(&full)
            .all(|((p, q), f)| p | q == *f)
    };
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for x in p_vertices.iter().filter(nonzero) {
        let candidates: Vec<usize> = if x.count == m {
            let complement: Vec<u64> = x.labels.iter().zip(&full).map(|(p, f)| f & !p).collect();
            let mut c = by_labels
                .get(complement.as_slice())
                .cloned()
                .unwrap_or_default();
            c.extend(
                degenerate_q
                    .iter()
                    .copied()
                    .filter(|&k| covers(x, q_live[k])),
            );
            c
        } else {
            (0..q_live.len())
                .filter(|&k| covers(x, q_live[k]))
                .collect()
        };
        for k in candidates {
            let y = q_live[k];
            let profile = vec![normalise(&x.point), normalise(&y.point)];
            if seen.insert(profile.clone())
                && let Some(e) = checked(game, profile)
            {
                found.push(e);
            }
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
    let (m, n) = (game.strategies[0].len(), game.strategies[1].len());
    if label >= m + n {
        return Ok(None);
    }
    let (a, b) = positive_integer_matrices(game);
    let mut tp = Tableau::polytope(&transpose(&b)); // x: vars 0..m, slacks m..m+n
    let mut tq = Tableau::polytope(&a); // y: vars 0..n, slacks n..n+m
    let lex_p: Vec<usize> = (m..m + n).collect();
    let lex_q: Vec<usize> = (n..n + m).collect();
    let q_var = |l: usize| if l >= m { l - m } else { n + l };
    let q_label = |v: usize| if v < n { m + v } else { v - n };
    let mut entering = label;
    let mut on_p = label < m;
    for _ in 0..1_000_000 {
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
            let mut x = vec![zero(); m];
            for (r, &v) in tp.basis.iter().enumerate() {
                if v < m {
                    x[v] = Q::from_integer(tp.rhs(r).clone());
                }
            }
            let mut y = vec![zero(); n];
            for (r, &v) in tq.basis.iter().enumerate() {
                if v < n {
                    y[v] = Q::from_integer(tq.rhs(r).clone());
                }
            }
            return Ok(checked(game, vec![normalise(&x), normalise(&y)]));
        }
        entering = leaving_label;
        on_p = !on_p;
    }
    Ok(None)
}

/// Lemke–Howson from every label in turn (`0..m+n`), keeping the distinct
/// equilibria in the order found; stops after `stop_after` when it is not 0.
pub fn lemke_howson(
    game: &NormalFormGame,
    stop_after: usize,
) -> Result<Vec<Equilibrium>, NotTwoPlayer> {
    if game.num_players() != 2 {
        return Err(NotTwoPlayer(game.num_players()));
    }
    let labels = game.strategies[0].len() + game.strategies[1].len();
    let mut found: Vec<Equilibrium> = Vec::new();
    for label in 0..labels {
        if let Some(e) = lemke_howson_from(game, label)?
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
