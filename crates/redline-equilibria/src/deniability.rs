//! The deniability game of mechanisms M1–M2: a signalling game in which a
//! leader's public rejection of talks may or may not tell the counterpart
//! whether talks are really blocked.
//!
//! Nature draws the leader's type: hardliner (probability `p_hardliner`) or
//! pragmatist. The leader, knowing his type, chooses a public stance
//! (reject or endorse) and, privately, a permission (allow or block talks);
//! the two choices are one move with four actions, which is strategically
//! the same as two successive moves. The counterpart sees only the stance
//! and chooses to engage (reciprocal offers) or pressure (talks continue, if
//! allowed, under maximum pressure). Allowed talks then succeed with
//! probability `success_engaged` or `success_pressured`.
//!
//! Payoffs (leader of type T, counterpart):
//! - endorsing costs the leader `endorse_cost_T` (domestic standing);
//! - pressure costs the leader `pressure_cost`;
//! - allowed talks that succeed give `deal_value_T` and `counterpart_deal`;
//! - allowed talks that fail cost the counterpart `counterpart_failure` and
//!   the leader `failure_cost`, of which the share `blame_share` falls on the
//!   negotiator instead when the leader had publicly rejected talks (the
//!   blame ledger of M2: "responsibility falls elsewhere");
//! - when talks are blocked, engaging costs the counterpart
//!   `counterpart_wasted` and pressuring earns it `counterpart_pressure_blocked`.
//!
//! Every number is a parameter with a default; the defaults are judgment,
//! chosen so that the pragmatist's incentive to separate flips inside the
//! unit interval of the blame share (see docs/model/equilibria.md).

use crate::efg::{ExtensiveGame, parse_efg};
use crate::number::{Q, format_q, one, parse_number, zero};
use crate::reduced::{ReducedForm, reduced_strategic_form};
use crate::solve::{Equilibrium, enummixed};
use redline_core::InputError;
use redline_core::input_error::did_you_mean;

/// Parameters of the deniability game (utility units are arbitrary; only
/// differences matter).
#[derive(Clone, Debug, PartialEq)]
pub struct DeniabilityParams {
    /// Prior probability that the leader is a hardliner.
    pub p_hardliner: Q,
    /// Share of a failure's cost that falls on the negotiator when the leader rejected talks publicly.
    pub blame_share: Q,
    /// Probability that allowed talks succeed when the counterpart engages.
    pub success_engaged: Q,
    /// Probability that allowed talks succeed under pressure.
    pub success_pressured: Q,
    /// The pragmatist's value of a deal.
    pub deal_value_pragmatist: Q,
    /// The hardliner's value of a deal (negative: he does not want one).
    pub deal_value_hardliner: Q,
    /// The leader's cost of failed talks (before blame shifting).
    pub failure_cost: Q,
    /// The leader's cost of being pressured.
    pub pressure_cost: Q,
    /// The pragmatist's cost of endorsing talks in public.
    pub endorse_cost_pragmatist: Q,
    /// The hardliner's cost of endorsing talks in public.
    pub endorse_cost_hardliner: Q,
    /// The counterpart's value of a deal.
    pub counterpart_deal: Q,
    /// The counterpart's cost of failed talks.
    pub counterpart_failure: Q,
    /// The counterpart's cost of engaging a leader who blocks talks.
    pub counterpart_wasted: Q,
    /// The counterpart's gain from pressuring a leader who blocks talks.
    pub counterpart_pressure_blocked: Q,
}

fn q(s: &str) -> Q {
    parse_number(s).unwrap_or_else(zero)
}

impl Default for DeniabilityParams {
    fn default() -> Self {
        DeniabilityParams {
            p_hardliner: q("1/2"),
            blame_share: q("1/2"),
            success_engaged: q("3/5"),
            success_pressured: q("3/10"),
            deal_value_pragmatist: q("4"),
            deal_value_hardliner: q("-2"),
            failure_cost: q("2"),
            pressure_cost: q("1"),
            endorse_cost_pragmatist: q("2"),
            endorse_cost_hardliner: q("3"),
            counterpart_deal: q("3"),
            counterpart_failure: q("1"),
            counterpart_wasted: q("1"),
            counterpart_pressure_blocked: q("1"),
        }
    }
}

impl DeniabilityParams {
    /// Parameter names as on the command line (`--p-hardliner`), with accessors.
    pub const NAMES: [&'static str; 14] = [
        "p-hardliner",
        "blame-share",
        "success-engaged",
        "success-pressured",
        "deal-value-pragmatist",
        "deal-value-hardliner",
        "failure-cost",
        "pressure-cost",
        "endorse-cost-pragmatist",
        "endorse-cost-hardliner",
        "counterpart-deal",
        "counterpart-failure",
        "counterpart-wasted",
        "counterpart-pressure-blocked",
    ];

    fn field(&mut self, name: &str) -> Option<&mut Q> {
        Some(match name {
            "p-hardliner" => &mut self.p_hardliner,
            "blame-share" => &mut self.blame_share,
            "success-engaged" => &mut self.success_engaged,
            "success-pressured" => &mut self.success_pressured,
            "deal-value-pragmatist" => &mut self.deal_value_pragmatist,
            "deal-value-hardliner" => &mut self.deal_value_hardliner,
            "failure-cost" => &mut self.failure_cost,
            "pressure-cost" => &mut self.pressure_cost,
            "endorse-cost-pragmatist" => &mut self.endorse_cost_pragmatist,
            "endorse-cost-hardliner" => &mut self.endorse_cost_hardliner,
            "counterpart-deal" => &mut self.counterpart_deal,
            "counterpart-failure" => &mut self.counterpart_failure,
            "counterpart-wasted" => &mut self.counterpart_wasted,
            "counterpart-pressure-blocked" => &mut self.counterpart_pressure_blocked,
            _ => return None,
        })
    }

    /// Sets a parameter from its command-line name and a number (`0.3`, `3/10`);
    /// probabilities and the blame share must lie in [0, 1].
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), InputError> {
        let origin = format!("--{name}");
        let parsed = parse_number(value).ok_or_else(|| {
            InputError::new(&origin, format!("`{value}` is not a number"))
                .hint("write a decimal (0.3) or a fraction (3/10)")
        })?;
        let probability = matches!(
            name,
            "p-hardliner" | "blame-share" | "success-engaged" | "success-pressured"
        );
        if probability && (parsed < zero() || parsed > one()) {
            return Err(InputError::new(
                &origin,
                format!("{value} is outside [0, 1]"),
            ));
        }
        match self.field(name) {
            Some(f) => {
                *f = parsed;
                Ok(())
            }
            None => {
                let mut e = InputError::new(&origin, format!("unknown parameter `{name}`"));
                if let Some(s) = did_you_mean(name, Self::NAMES) {
                    e = e.hint(format!("did you mean `{s}`?"));
                }
                Err(e)
            }
        }
    }

    /// Every parameter with its value, in [`Self::NAMES`] order.
    pub fn values(&self) -> Vec<(&'static str, Q)> {
        let mut copy = self.clone();
        Self::NAMES
            .iter()
            .map(|n| (*n, copy.field(n).map(|f| f.clone()).unwrap_or_else(zero)))
            .collect()
    }
}

/// The scenario parameters the game takes, with the game parameter each sets:
/// the leader's deniability (the share of a failure's blame that falls
/// elsewhere, M2) is the blame share; the firmness of his red lines (M1) is
/// read as the prior that he is a hardliner.
pub const SCENARIO_KEYS: [(&str, &str); 2] = [
    ("leader.deniability", "blame-share"),
    ("leader.firmness", "p-hardliner"),
];

impl DeniabilityParams {
    /// Takes the central values (point value or mean) of the scenario's
    /// [`SCENARIO_KEYS`], rounded to thousandths so the game file stays
    /// readable; the other parameters keep their defaults.
    pub fn from_scenario(scenario: &redline_core::Scenario) -> Result<Self, InputError> {
        let mut params = DeniabilityParams::default();
        for (key, name) in SCENARIO_KEYS {
            let parameter = scenario.parameter(key).ok_or_else(|| {
                scenario.error(key, format!("the deniability game needs `{key}`"))
            })?;
            let redline_core::scenario::ParamValue::Number(distribution) = &parameter.value else {
                return Err(scenario.error_at(
                    parameter.loc,
                    key,
                    "expected a number or a distribution",
                ));
            };
            let thousandths = (distribution.central() * 1000.0).round();
            if !(0.0..=1000.0).contains(&thousandths) {
                return Err(scenario.error_at(parameter.loc, key, "must lie in [0, 1]"));
            }
            params.set(name, &format!("{}/1000", thousandths as i64))?;
        }
        Ok(params)
    }
}

/// The leader's four moves: (stance, permission).
pub const LEADER_ACTIONS: [(&str, bool, bool); 4] = [
    ("reject, allow", true, true),
    ("reject, block", true, false),
    ("endorse, allow", false, true),
    ("endorse, block", false, false),
];

/// Builds the game as `.efg` text (exact numbers).
pub fn deniability_efg(params: &DeniabilityParams) -> String {
    let p = params;
    let mut out = String::new();
    out.push_str("EFG 2 R \"Deniability game\" { \"Leader\" \"Counterpart\" }\n");
    let summary: Vec<String> = p
        .values()
        .iter()
        .map(|(n, v)| format!("{n}={}", format_q(v)))
        .collect();
    out.push_str(&format!(
        "\"redline game deniability: {}\"\n\n",
        summary.join(" ")
    ));
    out.push_str(&format!(
        "c \"\" 1 \"Type\" {{ \"hardliner\" {} \"pragmatist\" {} }} 0\n",
        format_q(&p.p_hardliner),
        format_q(&(one() - &p.p_hardliner))
    ));
    let mut outcome = 0usize;
    let mut chance_sets = 1usize;
    let mut terminal = |name: String, leader: Q, counterpart: Q, out: &mut String| {
        outcome += 1;
        out.push_str(&format!(
            "t \"\" {outcome} \"{name}\" {{ {}, {} }}\n",
            format_q(&leader),
            format_q(&counterpart)
        ));
    };
    for (t, (type_name, deal_value, endorse_cost)) in [
        (
            "hardliner",
            &p.deal_value_hardliner,
            &p.endorse_cost_hardliner,
        ),
        (
            "pragmatist",
            &p.deal_value_pragmatist,
            &p.endorse_cost_pragmatist,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        out.push_str(&format!(
            "p \"\" 1 {} \"{type_name}\" {{ \"reject, allow\" \"reject, block\" \"endorse, allow\" \"endorse, block\" }} 0\n",
            t + 1
        ));
        for (stance, reject, allow) in LEADER_ACTIONS {
            let stance_word = if reject { "reject" } else { "endorse" };
            out.push_str(&format!(
                "p \"\" 2 {} \"after {stance_word}\" {{ \"engage\" \"pressure\" }} 0\n",
                if reject { 1 } else { 2 }
            ));
            for engage in [true, false] {
                let response = if engage { "engage" } else { "pressure" };
                let mut base = zero();
                if !reject {
                    base -= endorse_cost;
                }
                if !engage {
                    base -= &p.pressure_cost;
                }
                if allow {
                    let success = if engage {
                        &p.success_engaged
                    } else {
                        &p.success_pressured
                    };
                    // Each chance node gets its own information set (Gambit
                    // treats a shared chance set as imperfect recall).
                    chance_sets += 1;
                    let chance = chance_sets;
                    out.push_str(&format!(
                        "c \"\" {chance} \"talks {chance} ({response})\" {{ \"success\" {} \"failure\" {} }} 0\n",
                        format_q(success),
                        format_q(&(one() - success))
                    ));
                    let borne = if reject {
                        one() - &p.blame_share
                    } else {
                        one()
                    };
                    terminal(
                        format!("{type_name}, {stance}, {response}, deal"),
                        &base + deal_value,
                        p.counterpart_deal.clone(),
                        &mut out,
                    );
                    terminal(
                        format!("{type_name}, {stance}, {response}, talks fail"),
                        &base - &p.failure_cost * borne,
                        -p.counterpart_failure.clone(),
                        &mut out,
                    );
                } else {
                    let counterpart = if engage {
                        -p.counterpart_wasted.clone()
                    } else {
                        p.counterpart_pressure_blocked.clone()
                    };
                    terminal(
                        format!("{type_name}, {stance}, {response}"),
                        base,
                        counterpart,
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

/// The game as a parsed tree.
pub fn deniability_game(params: &DeniabilityParams) -> ExtensiveGame {
    // The generator's own output always parses; a failure here is a bug, reported as an empty game.
    parse_efg("<deniability>", &deniability_efg(params)).unwrap_or_else(|_| ExtensiveGame {
        title: String::new(),
        comment: String::new(),
        players: Vec::new(),
        nodes: Vec::new(),
        infosets: Vec::new(),
        outcomes: Vec::new(),
    })
}

/// How an equilibrium uses the public stance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Signal {
    /// The two types take different pure stances: the stance reveals the type.
    Separating,
    /// Both types reject in public: the rejection says nothing (cheap talk).
    PoolingReject,
    /// Both types endorse in public.
    PoolingEndorse,
    /// At least one type mixes over stances: partly informative.
    Hybrid,
}

impl Signal {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Separating => "separating",
            Signal::PoolingReject => "pooling-reject",
            Signal::PoolingEndorse => "pooling-endorse",
            Signal::Hybrid => "hybrid",
        }
    }
}

/// One equilibrium of the deniability game, read in the model's terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The equilibrium (mixed strategies on the reduced strategic form).
    pub equilibrium: Equilibrium,
    /// Probability of a public rejection, for the hardliner and the pragmatist.
    pub reject: [Q; 2],
    /// Probability of allowing talks, for the hardliner and the pragmatist.
    pub allow: [Q; 2],
    /// How the stance is used.
    pub signal: Signal,
    /// P(hardliner | rejection), when rejection happens.
    pub posterior_reject: Option<Q>,
    /// P(talks allowed | rejection): talks behind a public "no".
    pub allow_given_reject: Option<Q>,
    /// P(counterpart engages) after a rejection and after an endorsement.
    pub engage: [Q; 2],
}

/// Solves the game (all extreme equilibria, exact) and reads each one.
pub fn analyse(params: &DeniabilityParams) -> Vec<Reading> {
    let game = deniability_game(params);
    let Ok(form) = reduced_strategic_form(&game) else {
        return Vec::new();
    };
    let Ok(found) = enummixed(&form.game) else {
        return Vec::new();
    };
    found
        .into_iter()
        .map(|e| read(params, &game, &form, e))
        .collect()
}

fn read(
    params: &DeniabilityParams,
    game: &ExtensiveGame,
    form: &ReducedForm,
    e: Equilibrium,
) -> Reading {
    let b = form.behaviour(game, &e.profile);
    let leader = &b[0];
    let reject = [&leader[0][0] + &leader[0][1], &leader[1][0] + &leader[1][1]];
    let allow = [&leader[0][0] + &leader[0][2], &leader[1][0] + &leader[1][2]];
    let reject_allow = [leader[0][0].clone(), leader[1][0].clone()];
    let pure = |x: &Q| *x == zero() || *x == one();
    let signal = if pure(&reject[0]) && pure(&reject[1]) {
        if reject[0] != reject[1] {
            Signal::Separating
        } else if reject[0] == one() {
            Signal::PoolingReject
        } else {
            Signal::PoolingEndorse
        }
    } else {
        Signal::Hybrid
    };
    let p = &params.p_hardliner;
    let mass = p * &reject[0] + (one() - p) * &reject[1];
    let (posterior_reject, allow_given_reject) = if mass == zero() {
        (None, None)
    } else {
        let allowed = p * &reject_allow[0] + (one() - p) * &reject_allow[1];
        (Some(p * &reject[0] / &mass), Some(allowed / &mass))
    };
    let engage = [b[1][0][0].clone(), b[1][1][0].clone()];
    Reading {
        equilibrium: e,
        reject,
        allow,
        signal,
        posterior_reject,
        allow_given_reject,
        engage,
    }
}

/// One row of the blame-share sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepRow {
    /// The blame share.
    pub blame_share: Q,
    /// The equilibria at that share.
    pub readings: Vec<Reading>,
}

/// Solves the game at `steps + 1` evenly spaced blame shares from 0 to 1,
/// in parallel; rows come back in blame-share order whatever the threads.
pub fn sweep(params: &DeniabilityParams, steps: usize) -> Vec<SweepRow> {
    use rayon::prelude::*;
    let steps = steps.max(1);
    (0..=steps)
        .into_par_iter()
        .map(|k| {
            let mut p = params.clone();
            p.blame_share = Q::new((k as i64).into(), (steps as i64).into());
            SweepRow {
                blame_share: p.blame_share.clone(),
                readings: analyse(&p),
            }
        })
        .collect()
}
