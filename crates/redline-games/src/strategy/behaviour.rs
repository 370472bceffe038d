//! The behaviour of the strategy library: how each rule chooses its next
//! move. A [`Player`] is a rule with the memory it keeps during one match; it
//! reads a [`View`] of the match so far. Names, descriptions and lookup are
//! in [`super::catalogue`].

use super::Rule;
use crate::game::{Action, C, Game};
use redline_core::RandomStream;

/// What a player knows when it chooses its next action.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// Its own actions so far, as played (after noise).
    pub own: &'a [Action],
    /// The opponent's actions so far, as this player perceived them.
    pub opponent: &'a [Action],
    /// How many of `own` are defections (any action other than 0).
    pub own_defections: usize,
    /// How many of `opponent` are defections.
    pub opponent_defections: usize,
    /// The match length, when the match has a fixed length (the `axelrod`
    /// library tells it then, and not when each turn may end the match).
    pub length: Option<usize>,
    /// The game being played.
    pub game: &'a Game,
}

impl View<'_> {
    fn turn(&self) -> usize {
        self.own.len()
    }
    fn opponent_last_defected(&self) -> bool {
        self.opponent.last().is_some_and(|&a| a != C)
    }
    fn own_cooperations(&self) -> usize {
        self.own.len() - self.own_defections
    }
    fn opponent_cooperations(&self) -> usize {
        self.opponent.len() - self.opponent_defections
    }
}

impl Rule {
    /// A fresh player of this rule, for one match.
    pub fn player(&self) -> Player {
        Player {
            rule: self.clone(),
            memory: Memory::default(),
        }
    }
}

/// The mutable memory some strategies keep during a match.
#[derive(Clone, Debug, Default)]
struct Memory {
    // Downing's counts of the opponent's cooperations after its own C and D.
    cooperations_after_c: usize,
    cooperations_after_d: usize,
    // Shubik's and Tideman and Chieruzzi's retaliation.
    retaliating: bool,
    retaliation_length: usize,
    retaliation_remaining: usize,
    // Tideman and Chieruzzi's bookkeeping.
    own_score: f64,
    opponent_score: f64,
    last_fresh_start: usize,
    fresh_start: bool,
    remembered_defections: usize,
    // Stein and Rapoport's and Graaskamp's randomness verdict.
    opponent_is_random: bool,
    // Graaskamp's next random defection.
    next_random_defection: Option<usize>,
    // GRIT: current standing level, unreciprocated steps, whether the last
    // move was a retaliation, whether the initiative failed, mutual hostility count.
    level: Option<Action>,
    unreciprocated: usize,
    last_was_retaliation: bool,
    reciprocity_mode: bool,
    hostile_rounds: usize,
    // Contrite Tit For Tat's standings and doubt.
    own_bad: bool,
    opponent_bad: bool,
    doubtful_retaliation: Option<usize>,
}

/// A rule playing one match: the rule and its memory.
#[derive(Clone, Debug)]
pub struct Player {
    rule: Rule,
    memory: Memory,
}

/// The p-value of the chi-squared goodness-of-fit test of `[a, b]` against
/// equal expected counts (one degree of freedom), as `scipy.stats.chisquare`
/// gives it; NaN for no observations.
pub fn chi_squared_p_value(a: usize, b: usize) -> f64 {
    let n = (a + b) as f64;
    if n == 0.0 {
        return f64::NAN;
    }
    let d = a as f64 - b as f64;
    let statistic = d * d / n;
    redline_core::special::erfc((statistic / 2.0).sqrt())
}

impl Player {
    /// The rule this player follows.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The next intended action; `rng` is this player's own stream.
    pub fn act(&mut self, view: &View, rng: &mut RandomStream) -> Action {
        let d = view.game.defect();
        let binary = |defect: bool| if defect { d } else { C };
        let chance = |rng: &mut RandomStream, p: f64| {
            // As the library's random_choice: no draw when p is 0 or 1.
            if p <= 0.0 {
                d
            } else if p >= 1.0 {
                C
            } else {
                binary(rng.uniform() >= p)
            }
        };
        let m = &mut self.memory;
        let turn = view.turn();
        let opp = view.opponent;
        let own = view.own;
        let is_d = |a: Action| a != C;
        use Rule::*;
        match &self.rule {
            Cooperator => C,
            Defector => d,
            TitForTat => binary(view.opponent_last_defected()),
            Grudger => binary(view.opponent_defections > 0),
            TitFor2Tats => binary(turn >= 2 && is_d(opp[turn - 1]) && is_d(opp[turn - 2])),
            TwoTitsForTat => binary(opp[turn.saturating_sub(2)..].iter().any(|&a| is_d(a))),
            WinStayLoseShift => match (own.last(), opp.last()) {
                (Some(&a), Some(&b)) => binary(is_d(a) != is_d(b)),
                _ => C,
            },
            Alternator => match own.last() {
                Some(&a) => binary(!is_d(a)),
                None => C,
            },
            SuspiciousTitForTat => binary(opp.last().is_none_or(|&b| is_d(b))),
            Prober => match turn {
                0 => d,
                1 | 2 => C,
                _ if !is_d(opp[1]) && !is_d(opp[2]) => d,
                _ => binary(view.opponent_last_defected()),
            },
            Cycler(cycle) => {
                let symbol = cycle.as_bytes()[turn % cycle.len()];
                binary(symbol == b'D')
            }
            Bully => binary(opp.last().is_none_or(|&b| !is_d(b))),
            SoftGoByMajority => binary(view.opponent_defections > view.opponent_cooperations()),
            HardTitForTat => binary(opp[turn.saturating_sub(3)..].iter().any(|&a| is_d(a))),
            Davis { rounds } => binary(turn >= *rounds && view.opponent_defections > 0),
            Downing => {
                if turn == 0 {
                    return d;
                }
                if turn == 1 {
                    if !is_d(opp[0]) {
                        m.cooperations_after_c += 1;
                    }
                    return d;
                }
                if !is_d(opp[turn - 1]) {
                    if is_d(own[turn - 2]) {
                        m.cooperations_after_d += 1;
                    } else {
                        m.cooperations_after_c += 1;
                    }
                }
                let alpha = m.cooperations_after_c as f64 / (view.own_cooperations() + 1) as f64;
                let beta = m.cooperations_after_d as f64 / view.own_defections.max(2) as f64;
                let [r, p, s, t] = view.game.rpst();
                let cooperate = alpha * r + (1.0 - alpha) * s;
                let defect = beta * t + (1.0 - beta) * p;
                if cooperate > defect {
                    C
                } else if cooperate < defect {
                    d
                } else {
                    binary(!is_d(own[turn - 1]))
                }
            }
            Nydegger => match turn {
                0 => C,
                1 => binary(is_d(opp[0])),
                2 if is_d(opp[0]) && !is_d(opp[1]) => d,
                2 => binary(is_d(opp[1])),
                _ => {
                    let outcome = |i: usize| {
                        usize::from(is_d(own[turn - i])) + 2 * usize::from(is_d(opp[turn - i]))
                    };
                    let a = 16 * outcome(1) + 4 * outcome(2) + outcome(3);
                    const DEFECT_ON: [usize; 19] = [
                        1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55, 58, 61,
                    ];
                    binary(DEFECT_ON.contains(&a))
                }
            },
            Shubik => {
                if turn == 0 {
                    return C;
                }
                if m.retaliating {
                    count_down(m);
                    return d;
                }
                if is_d(opp[turn - 1]) && !is_d(own[turn - 1]) {
                    m.retaliating = true;
                    m.retaliation_length += 1;
                    m.retaliation_remaining = m.retaliation_length;
                    count_down(m);
                    return d;
                }
                C
            }
            TidemanChieruzzi => {
                let action = tideman_chieruzzi(m, view, d);
                final_defections(view, action, d)
            }
            SteinRapoport { alpha } => {
                let round = turn + 1;
                let action = if round < 5 {
                    C
                } else if round < 15 {
                    binary(is_d(opp[turn - 1]))
                } else {
                    if round.is_multiple_of(15) {
                        let p = chi_squared_p_value(
                            view.opponent_cooperations(),
                            view.opponent_defections,
                        );
                        m.opponent_is_random = p >= *alpha;
                    }
                    binary(m.opponent_is_random || is_d(opp[turn - 1]))
                };
                final_defections(view, action, d)
            }
            Grofman => {
                if turn == 0 || is_d(own[turn - 1]) == is_d(opp[turn - 1]) {
                    C
                } else {
                    chance(rng, 2.0 / 7.0)
                }
            }
            Feld => {
                if turn == 0 {
                    return C;
                }
                if is_d(opp[turn - 1]) {
                    return d;
                }
                let slope = (0.5 - 1.0) / 200.0;
                let p = f64::max(1.0 + slope * turn as f64, 0.5);
                chance(rng, p)
            }
            Graaskamp { alpha } => {
                if turn == 0 {
                    return C;
                }
                if turn < 56 {
                    return binary(is_d(opp[turn - 1]) || turn == 50);
                }
                let p = chi_squared_p_value(view.opponent_cooperations(), view.opponent_defections);
                m.opponent_is_random = p >= *alpha || m.opponent_is_random;
                if m.opponent_is_random {
                    return d;
                }
                let mirrors = (1..turn).all(|i| is_d(opp[i]) == is_d(own[i - 1]));
                let clone = (0..turn).all(|i| is_d(opp[i]) == is_d(own[i]));
                if mirrors || clone {
                    return binary(is_d(opp[turn - 1]));
                }
                let next = *m
                    .next_random_defection
                    .get_or_insert_with(|| 5 + rng.below(10) as usize + turn);
                if turn == next {
                    m.next_random_defection = Some(5 + rng.below(10) as usize + turn);
                    return d;
                }
                C
            }
            Joss { p } => match opp.last() {
                None => C,
                Some(&b) if is_d(b) => d,
                Some(_) => chance(rng, *p),
            },
            Tullock => {
                if turn < 11 {
                    return C;
                }
                let cooperations = opp[turn - 10..].iter().filter(|&&a| !is_d(a)).count();
                let p = f64::max(0.0, cooperations as f64 / 10.0 - 0.10);
                chance(rng, p)
            }
            Anonymous => {
                let p = (3.0 + 4.0 * rng.uniform()) / 10.0;
                chance(rng, p)
            }
            Random { p } => chance(rng, *p),
            GenerousTitForTat { p } => match opp.last() {
                None => C,
                Some(&b) if is_d(b) => {
                    let p = p.unwrap_or_else(|| {
                        let [r, pp, s, t] = view.game.rpst();
                        f64::min(1.0 - (t - r) / (r - s), (r - pp) / (t - pp))
                    });
                    chance(rng, p)
                }
                Some(_) => C,
            },
            AntiTitForTat => binary(opp.last().is_some_and(|&b| !is_d(b))),
            WinShiftLoseStay => match (own.last(), opp.last()) {
                (Some(&a), Some(&b)) => binary(is_d(a) == is_d(b)),
                _ => d,
            },
            Grit { patience, ladder } => grit(m, view, *patience, *ladder),
            ContriteTitForTat => contrite(m, view, d),
        }
    }
}

fn count_down(m: &mut Memory) {
    if m.retaliating {
        m.retaliation_remaining -= 1;
        if m.retaliation_remaining == 0 {
            m.retaliating = false;
        }
    }
}

/// The library's `FinalTransformer((D, D))`: defect on the last two moves of
/// a match of known length.
fn final_defections(view: &View, action: Action, d: Action) -> Action {
    match view.length {
        Some(length) if view.turn() < length && length - view.turn() <= 2 => d,
        _ => action,
    }
}

fn tideman_chieruzzi(m: &mut Memory, view: &View, d: Action) -> Action {
    let turn = view.turn();
    if turn == 0 {
        return C;
    }
    let last_opp = view.opponent[turn - 1];
    if last_opp != C {
        m.remembered_defections += 1;
    }
    let (mine, theirs) = view.game.score(view.own[turn - 1], last_opp);
    m.own_score += mine;
    m.opponent_score += theirs;
    if m.fresh_start {
        m.fresh_start = false;
        return C;
    }
    let current_round = turn + 1;
    let valid_fresh_start = m.last_fresh_start == 0 || current_round - m.last_fresh_start >= 20;
    if valid_fresh_start {
        let valid_points = m.own_score - m.opponent_score >= 10.0;
        let valid_rounds = view
            .length
            .is_none_or(|length| length as f64 - current_round as f64 >= 10.0);
        if valid_points && valid_rounds && last_opp == C {
            let n = view.opponent.len() as f64;
            let deviation = n.powf(0.5) / 2.0;
            let lower = n / 2.0 - 3.0 * deviation;
            let upper = n / 2.0 + 3.0 * deviation;
            let remembered = m.remembered_defections as f64;
            if remembered <= lower || remembered >= upper {
                m.last_fresh_start = current_round;
                m.retaliating = false;
                m.retaliation_length = 0;
                m.retaliation_remaining = 0;
                m.remembered_defections = 0;
                m.fresh_start = true;
                return C;
            }
        }
    }
    if m.retaliating {
        count_down(m);
        return d;
    }
    if last_opp != C {
        m.retaliating = true;
        m.retaliation_length += 1;
        m.retaliation_remaining = m.retaliation_length;
        count_down(m);
        return d;
    }
    C
}

/// GRIT (see docs/model/games.md, "GRIT"): the standing level starts at the
/// top of the ladder (a hostile status quo); each conciliatory step lowers it
/// (to 0 at once, or one rung in the ladder version).
fn grit(m: &mut Memory, view: &View, patience: usize, ladder: bool) -> Action {
    let top = view.game.defect();
    let step = if ladder { 1 } else { top };
    let turn = view.turn();
    let level = m.level.unwrap_or(top);
    if turn == 0 {
        let first = level.saturating_sub(step);
        m.level = Some(first);
        return first;
    }
    let now = view.opponent[turn - 1];
    let before = if turn >= 2 {
        view.opponent[turn - 2]
    } else {
        top
    };
    // Exploitation: the opponent raised its hostility, and not in answer to
    // a retaliation of ours. Answer with one move one step up, then go on.
    if now > before && !m.last_was_retaliation {
        m.last_was_retaliation = true;
        return level.saturating_add(step).min(top);
    }
    m.last_was_retaliation = false;
    if m.reciprocity_mode {
        // After a failed initiative: match the opponent's level; renew the
        // initiative after 4 × patience rounds of mutual hostility.
        let mutual_hostility = now != C && view.own[turn - 1] != C;
        m.hostile_rounds = if mutual_hostility {
            m.hostile_rounds + 1
        } else {
            0
        };
        if m.hostile_rounds >= 4 * patience {
            m.reciprocity_mode = false;
            m.unreciprocated = 0;
            m.hostile_rounds = 0;
            let next = now.saturating_sub(step);
            m.level = Some(next);
            return next;
        }
        m.level = Some(now);
        return now;
    }
    let reciprocated = now < before || now <= level;
    if reciprocated {
        m.unreciprocated = 0;
    } else {
        m.unreciprocated += 1;
        if m.unreciprocated > patience {
            m.reciprocity_mode = true;
            m.hostile_rounds = 0;
            m.level = Some(now);
            return now;
        }
    }
    let next = level.saturating_sub(step);
    m.level = Some(next);
    next
}

/// Contrite Tit For Tat (see docs/model/games.md): standings after Sugden
/// (1986) and Boyd (1989), with a doubt rule for misperception.
fn contrite(m: &mut Memory, view: &View, d: Action) -> Action {
    let turn = view.turn();
    let opp = view.opponent;
    if turn > 0 {
        let own_defected = view.own[turn - 1] != C;
        let opp_defected = opp[turn - 1] != C;
        let (own_bad, opp_bad) = (m.own_bad, m.opponent_bad);
        // A defection leaves its author in good standing only when it answered
        // a player in bad standing while its author was in good standing.
        let provoked = |author_bad: bool, other_bad: bool| !author_bad && other_bad;
        m.own_bad = own_defected && !provoked(own_bad, opp_bad);
        m.opponent_bad = opp_defected && !provoked(opp_bad, own_bad);
        if let Some(tau) = m.doubtful_retaliation
            && turn == tau + 2
        {
            // We retaliated at τ against an isolated defection; the opponent
            // cooperated at τ and punished us at τ + 1: what we saw was likely
            // a misperception. Accept the punishment.
            if opp[tau] == C && opp_defected {
                m.own_bad = true;
                m.opponent_bad = false;
            }
            m.doubtful_retaliation = None;
        }
    }
    if m.own_bad {
        return C;
    }
    if m.opponent_bad {
        let isolated = turn < 2 || opp[turn - 2] == C;
        if isolated && m.doubtful_retaliation.is_none() {
            m.doubtful_retaliation = Some(turn);
        }
        return d;
    }
    C
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_squared_p_values_match_scipy() {
        // scipy.stats.chisquare([c, d]).pvalue, values from scipy 1.x.
        assert!((chi_squared_p_value(10, 10) - 1.0).abs() < 1e-15);
        // [12, 2]: statistic 100/14; [30, 20]: statistic 2; [150, 50]: statistic 50.
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-11 * y;
        assert!(close(chi_squared_p_value(12, 2), 0.007526315166457882));
        assert!(close(chi_squared_p_value(30, 20), 0.15729920705028105));
        assert!(close(chi_squared_p_value(150, 50), 1.537459794428033e-12));
        assert!(chi_squared_p_value(0, 0).is_nan());
    }
}
