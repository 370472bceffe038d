//! The crisis model's parameters: what it reads from a scenario, by key.
//!
//! Numbers ([`ModelParams`]) may be uncertain and are drawn per run; they are
//! read by one function, [`ModelParams::read`], over any
//! [`ParamSource`]: at load time a validating reader, in each run a replay of
//! that run's draws. Words, switches and dates ([`Settings`]) are fixed for a
//! scenario and read once.
//!
//! Naming: `*.base_annual` is a probability per year at the reference state
//! (all covariates zero; for the talks hazards, the state
//! `talks.reference.*`); coefficients are log-odds per unit of their
//! covariate; `*_weekly` is a probability per week. docs/MODEL.md gives each
//! equation.

use crate::keys;
use crate::roles::{MAX_STRIKERS, Striker};
use crate::state::{InitialWeaponization, Talks};
use crate::strategy::Strategy;
use redline_core::scenario::{Bounds, ParamReader, ParamSource};
use redline_core::{Date, InputError, Scenario};

/// A logistic hazard: a base rate and named coefficients (the covariates
/// are set by the mechanism that uses it).
#[derive(Clone, Copy, Debug, Default)]
pub struct BaseRate {
    /// Log-odds of the weekly probability at the reference state: the
    /// per-year base rate, converted once (`crate::hazard`).
    pub logit: f64,
}

impl BaseRate {
    fn annual<S: ParamSource>(src: &mut S, key: &str) -> BaseRate {
        let annual = src.number(key, Bounds::PROBABILITY);
        BaseRate {
            logit: crate::hazard::logit(crate::hazard::weekly_from_annual(annual)),
        }
    }
}

/// Red lines and the leader's private permission (M1).
#[derive(Clone, Copy, Debug, Default)]
pub struct RedLineParams {
    /// Firmness of a "negotiable" red line, 0 (bends freely) to 1 (absolute).
    pub firmness: f64,
    /// How far the leader can disown talks he allowed (M2), 0–1.
    pub deniability: f64,
    /// Block → allow: base rate.
    pub allow_base: BaseRate,
    /// … per unit of economic pressure.
    pub allow_econ: f64,
    /// … per unit of deadline proximity.
    pub allow_deadline: f64,
    /// … per unit of threat of attack.
    pub allow_threat: f64,
    /// … per unit of leader standing above 0.5.
    pub allow_standing: f64,
    /// … cost of allowing talks under his own public rejection, scaled by (1 − deniability).
    pub allow_exposure: f64,
    /// … cost per unit of firmness.
    pub allow_firmness: f64,
    /// Allow → block: base rate.
    pub revoke_base: BaseRate,
    /// … per unit of the counterpart's hostility.
    pub revoke_hostility: f64,
    /// Reject → ambiguous (public softening): base rate.
    pub soften_base: BaseRate,
    /// … while secret talks make progress.
    pub soften_talks: f64,
    /// … per unit of economic pressure.
    pub soften_econ: f64,
    /// … per unit of deadline proximity.
    pub soften_deadline: f64,
    /// … per unit of firmness.
    pub soften_firmness: f64,
    /// Ambiguous → endorse, once a framework is agreed: base rate.
    pub endorse_base: BaseRate,
    /// Ambiguous/endorse → reject: base rate.
    pub harden_base: BaseRate,
    /// … per unit of the counterpart's hostility.
    pub harden_hostility: f64,
    /// Allow → block: log-odds while at war.
    pub revoke_war: f64,
    /// Standing the leader gains when a war begins (rally round the flag).
    pub war_rally: f64,
}

/// Blame ledger (M2).
#[derive(Clone, Copy, Debug, Default)]
pub struct BlameParams {
    /// Political capital a collapse costs, shared between leader and negotiator.
    pub collapse_cost: f64,
    /// Leader's share of the blame when his public stance is ambiguous.
    pub ambiguous_leader_share: f64,
    /// Standing the leader gains from a collapse he publicly opposed, per unit of deniability.
    pub vindication_gain: f64,
    /// Standing the leader gains from a deal.
    pub deal_credit_leader: f64,
    /// Capital the negotiator gains from a deal.
    pub deal_credit_negotiator: f64,
    /// Weekly share of the gap to its starting level that capital recovers.
    pub capital_recovery_weekly: f64,
    /// Capital below which the negotiator cannot open or advance talks.
    pub min_capital: f64,
    /// Political capital a deal's breakdown costs, shared as a collapse's is.
    pub breakdown_cost: f64,
}

/// Back channel and negotiation ladder (M3, M4).
#[derive(Clone, Copy, Debug, Default)]
pub struct TalksParams {
    /// Opening secret talks through the mediator: base rate.
    pub open_base: BaseRate,
    /// … when a trusted mediator is available.
    pub open_mediator: f64,
    /// … per unit of negotiator capital above 0.5.
    pub open_capital: f64,
    /// … per unit of hostility (both sides' mean).
    pub open_hostility: f64,
    /// Mean weeks to move up one rung at the reference state.
    pub weeks_per_stage: f64,
    /// Advancing: log-odds when the relevant win-sets overlap.
    pub advance_zone: f64,
    /// … per unit of normalised gap between win-sets.
    pub advance_gap: f64,
    /// … per unit of relief leverage.
    pub advance_leverage: f64,
    /// … per unit of deadline proximity.
    pub advance_deadline: f64,
    /// … per unit of mutual cooperation (Goldstein mean / 10).
    pub advance_cooperation: f64,
    /// Collapse per week at the reference state.
    pub collapse_weekly: f64,
    /// … per unit of hostility.
    pub collapse_hostility: f64,
    /// … per unit of normalised gap.
    pub collapse_gap: f64,
    /// … in a week with a strike on Iran.
    pub collapse_strike: f64,
    /// Weeks after a collapse before talks can reopen.
    pub cooldown_weeks: f64,
    /// Is a mediator (Oman) available, 0 or 1.
    pub mediator_available: f64,
    /// Stages the climb from indirect talks to a framework counts as when
    /// direct talks are ruled out (it stands for indirect → direct → framework).
    pub indirect_framework_stages: f64,
    /// Advancing below a deal: log-odds per unit of the comprehensive gap (the
    /// final status every rung is negotiated in the shadow of).
    pub advance_final_gap: f64,
    /// Advancing: log-odds per unit of the negotiator's capital.
    pub advance_capital: f64,
    /// Going public: log-odds per unit of the standing the leader would lose
    /// if acknowledged talks collapsed.
    pub advance_public_blame: f64,
    /// The reference state at which `weeks_per_stage` and `collapse_weekly` hold.
    pub reference: TalksReference,
    /// Collapse: log-odds while at war.
    pub collapse_war: f64,
    /// Opening secret talks: log-odds while at war.
    pub open_war: f64,
}

/// The state at which the talks hazards' intercepts are taken: each covariate
/// enters as its distance from this value (`talks.reference.*`), so that
/// `talks.weeks_per_stage` is the mean weeks per rung, and
/// `talks.collapse_weekly` the weekly collapse, of talks in this state.
#[derive(Clone, Copy, Debug, Default)]
pub struct TalksReference {
    /// Mean hostility of the two sides (−Goldstein/10).
    pub hostility: f64,
    /// Relief leverage.
    pub leverage: f64,
    /// Deadline proximity.
    pub deadline: f64,
    /// Mutual cooperation.
    pub cooperation: f64,
    /// The deal zone of the next deal overlaps (1) or not (0).
    pub zone: f64,
    /// Capped gap of the next deal's win-sets.
    pub gap: f64,
    /// Capped gap of the comprehensive win-sets.
    pub final_gap: f64,
    /// The negotiator's political capital.
    pub capital: f64,
    /// The counterpart strategy's openness (log-odds).
    pub openness: f64,
    /// The standing the leader would lose if acknowledged talks collapsed.
    pub public_blame: f64,
}

/// Deals in force and their breakdown (M4).
#[derive(Clone, Copy, Debug, Default)]
pub struct DealParams {
    /// Weekly breakdown of a deal that meets both sides' demands, at the reference hostility.
    pub breakdown_weekly: f64,
    /// … log-odds per unit of hostility above the reference.
    pub breakdown_hostility: f64,
    /// … per unit of the coercer's demands the terms leave unmet (capped gap).
    pub breakdown_coercer_unmet: f64,
    /// … per unit of the target's demands the terms leave unmet (capped gap).
    pub breakdown_target_unmet: f64,
    /// … in a week with a strike on the target.
    pub breakdown_strike: f64,
}

/// Issue dimensions: the sides' acceptable sets and how red lines relax (M4).
#[derive(Clone, Copy, Debug, Default)]
pub struct IssueParams {
    /// Lowest enrichment level (% U-235) the leader accepts.
    pub leader_enrichment_floor: f64,
    /// Highest enrichment level the coercer accepts: its enrichment demand.
    pub coercer_enrichment_demand: f64,
    /// Least stockpile (kg, 60 %-equivalent) the leader insists on keeping.
    pub leader_stockpile_floor: f64,
    /// Most stockpile the counterpart tolerates.
    pub counterpart_stockpile_cap: f64,
    /// Most inspector access the leader accepts (0–1).
    pub leader_access_ceiling: f64,
    /// Least inspector access the counterpart accepts.
    pub counterpart_access_floor: f64,
    /// Least sanctions relief (share of full relief) the leader accepts.
    pub leader_relief_floor: f64,
    /// Scales that make gaps on the four dimensions comparable (%, kg, share, share).
    pub gap_scale: [f64; 4],
    /// Share of the comprehensive demands on relief and access asked for an interim deal.
    pub interim_scale: f64,
    /// Largest relief relaxation of the leader's red lines under full pressure, 0–1.
    pub relax_max: f64,
    /// How far the counterpart's bounds move toward the leader's per unit of mutual cooperation.
    pub counterpart_relax: f64,
    /// How far they move toward the leader's per unit of latency, w / (1 + w)
    /// for w weapons' worth of stockpile (the target's leverage).
    pub latency_leverage: f64,
}

/// Snapback and leverage (M5).
#[derive(Clone, Copy, Debug, Default)]
pub struct SnapbackParams {
    /// Days from notification to reimposition.
    pub clock_days: f64,
    /// Weeks before the last trigger date over which deadline proximity rises from 0 to 1.
    pub deadline_window_weeks: f64,
    /// E3 trigger: base rate.
    pub trigger_base: BaseRate,
    /// … per unit of deadline proximity.
    pub trigger_deadline: f64,
    /// … per unit of lost inspector access (1 − access).
    pub trigger_access: f64,
    /// … while talks are at direct level or beyond.
    pub trigger_talks: f64,
    /// … after a deal.
    pub trigger_deal: f64,
    /// … in a week when the IAEA Board meets.
    pub trigger_board: f64,
    /// … once a war has been fought.
    pub trigger_war: f64,
    /// Relief leverage left once UN sanctions are back.
    pub leverage_after: f64,
    /// Economic pressure added by reimposition.
    pub pressure_jump: f64,
}

/// Nuclear latency (M6) and the weaponization decision.
#[derive(Clone, Copy, Debug, Default)]
pub struct NuclearParams {
    /// 60 % uranium made, kg per week at full capacity.
    pub production_kg_weekly: f64,
    /// 20 % uranium made, kg per week at full capacity.
    pub production_20_kg_weekly: f64,
    /// Low-enriched uranium made, kg per week at full capacity.
    pub production_leu_kg_weekly: f64,
    /// 1 when the program is piling up enriched material, 0 when it is not.
    pub accumulating: f64,
    /// Separative capacity at full capacity, kg-SWU per year.
    pub separative_capacity_swu_yearly: f64,
    /// The enrichment arithmetic breakout uses (product, tails, grades).
    pub separation: crate::latency::Separation,
    /// U-235 in one significant quantity of highly enriched uranium, kg.
    pub significant_quantity_kg: f64,
    /// Weeks breakout takes beyond its separative work: the cascades'
    /// set-up and the last steps to weapon grade.
    pub conversion_weeks: f64,
    /// Weekly share of lost capacity rebuilt after a setback.
    pub recovery_weekly: f64,
    /// Weekly share of the stockpile diluted or shipped out under a comprehensive deal.
    pub downblend_weekly: f64,
    /// Inspector access under an interim deal.
    pub access_interim: f64,
    /// Inspector access under a comprehensive deal.
    pub access_comprehensive: f64,
    /// Weaponization decision: base rate.
    pub decide_base: BaseRate,
    /// … after a strike on Iran (contested: Reiter 2005; Kreps & Fuhrmann 2011; Braut-Hegghammer 2011).
    pub decide_strike: f64,
    /// … once UN sanctions are back.
    pub decide_snapback: f64,
    /// … after NPT withdrawal.
    pub decide_npt: f64,
    /// … per unit of the counterpart's hostility.
    pub decide_hostility: f64,
    /// … under a deal.
    pub decide_deal: f64,
    /// … once a war has been fought.
    pub decide_war: f64,
    /// Weeks from decision to a deliverable device at full capacity.
    pub weeks_to_device: f64,
    /// Weekly probability of a test once a device exists.
    pub test_weekly: f64,
    /// Weekly probability that outsiders detect a weaponization decision.
    pub detection_weekly: f64,
    /// NPT withdrawal: base rate.
    pub npt_base: BaseRate,
    /// … once UN sanctions are back.
    pub npt_snapback: f64,
    /// … after a strike on Iran.
    pub npt_strike: f64,
    /// … per unit of the counterpart's hostility.
    pub npt_hostility: f64,
    /// … under a deal.
    pub npt_deal: f64,
}

/// Strike hazards for one striker (M7).
#[derive(Clone, Copy, Debug, Default)]
pub struct StrikerParams {
    /// Base rate.
    pub base: BaseRate,
    /// … per unit of breakout shortness, exp(−breakout weeks / scale).
    pub breakout: f64,
    /// … once weaponization is detected.
    pub weaponization: f64,
    /// … per unit of Iran's hostility.
    pub hostility: f64,
    /// … while talks are public (indirect or beyond).
    pub talks: f64,
    /// … under a deal.
    pub deal: f64,
    /// … after the other striker has struck.
    pub other_struck: f64,
    /// … per unit of the memory of failed diplomacy (1 in the week talks
    /// collapse or a deal breaks down, halving every
    /// `strikes.failure_half_life_weeks`).
    pub failed_talks: f64,
    /// … while a deal is in reach (the spoiler's motive; allies only).
    pub deal_in_reach: f64,
    /// … per unit of weakness of the target's air defences (1 − defences).
    pub defences: f64,
    /// … per unit of weakness of the target's partners (1 − strength).
    pub partners: f64,
    /// … per unit of the coercer's posture: +1 green light, −1 veto (allies only).
    pub green_light: f64,
    /// … per unit of the memory of a lapsed ultimatum.
    pub lapsed_deadline: f64,
    /// … per unit of ln(1 + weapons' worth) above the reference's.
    pub stockpile: f64,
}

/// The coercer's answer to an ally's strike (M7): join it, defend against
/// the target's retaliation, or stand aside; a sequential logit, join first.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResponseParams {
    /// Probability of joining at the reference state.
    pub join_base: f64,
    /// … log-odds per unit of the coercer's hostility.
    pub join_hostility: f64,
    /// … per unit of the memory of failed diplomacy.
    pub join_failed_talks: f64,
    /// … while the coercer is in talks with the target.
    pub join_talks: f64,
    /// … when the target retaliates on a sustained scale.
    pub join_retaliation: f64,
    /// Probability of defending, given it does not join, at the reference state.
    pub defend_base: f64,
    /// … log-odds when the target retaliates.
    pub defend_retaliation: f64,
    /// Log-odds a defended exchange's daily fire changes by.
    pub defend_fire: f64,
}

/// Military action and its consequences (M7).
#[derive(Clone, Copy, Debug, Default)]
pub struct MilitaryParams {
    /// Each striker's decision: the coercer, then its allies (unused slots stay zero).
    pub strikers: [StrikerParams; MAX_STRIKERS],
    /// Scale (weeks) of breakout shortness.
    pub breakout_scale_weeks: f64,
    /// Share of the memory of failed diplomacy left after a week,
    /// 0.5^(1 / `strikes.failure_half_life_weeks`).
    pub failure_retention: f64,
    /// Median share of enrichment capacity a single raid destroys.
    pub setback: f64,
    /// Inspector access left after a strike.
    pub access_after_strike: f64,
    /// Goldstein shock to Iran's posture from a strike.
    pub strike_shock: f64,
    /// Probability that Iran retaliates directly.
    pub retaliation_probability: f64,
    /// … log-odds per unit of Iran's hostility.
    pub retaliation_hostility: f64,
    /// Probability of an exchange on a given day of an active exchange.
    pub exchange_daily: f64,
    /// … log-odds per unit of both sides' hostility.
    pub exchange_hostility: f64,
    /// Weekly probability that an active exchange ends.
    pub exchange_end_weekly: f64,
    /// Probability that a strike is a campaign over days, not a single raid.
    pub campaign_probability: f64,
    /// Days a campaign lasts (1–7).
    pub campaign_days: f64,
    /// Median share of capacity a campaign destroys (a raid's is `setback`).
    pub campaign_setback: f64,
    /// Shape `a` of the Kumaraswamy distribution a strike's shares are drawn from.
    pub setback_shape: f64,
    /// Median share of the stockpile a strike destroys or buries.
    pub stockpile_loss: f64,
    /// Probability that retaliation is sustained rather than limited.
    pub sustained_probability: f64,
    /// … log-odds after a campaign.
    pub sustained_campaign: f64,
    /// Weekly probability that a war ends in a ceasefire, at the reference hostility.
    pub ceasefire_weekly: f64,
    /// … log-odds per unit of both sides' mean hostility.
    pub ceasefire_hostility: f64,
    /// The coercer's answer to an ally's strike.
    pub response: ResponseParams,
    /// Log-odds of a striker's next strike per unit of the memory of its own last one.
    pub restrike: f64,
    /// Share of that memory left after a week, 0.5^(1 / `strikes.restrike_half_life_weeks`).
    pub restrike_retention: f64,
    /// ln(1 + the weapons' worth of stockpile at which the strike base rates hold).
    pub reference_stock: f64,
}

/// Respond in kind (M8).
#[derive(Clone, Copy, Debug, Default)]
pub struct ReciprocityParams {
    /// Iran's resting Goldstein level toward the US.
    pub target_baseline: f64,
    /// Weight of last week's own level (inertia).
    pub inertia: f64,
    /// How strongly Iran answers the counterpart's perceived level.
    pub target_response: f64,
    /// How strongly the counterpart's reciprocal strategies answer Iran.
    pub coercer_response: f64,
    /// Standard deviation of misperception of the other side's level.
    pub misperception_sd: f64,
    /// Hostile attribution: how much more hostile the target reads the
    /// coercer's week than it was (Goldstein points, ≥ 0).
    pub target_bias: f64,
    /// The same for the coercer reading the target.
    pub coercer_bias: f64,
    /// Standard deviation of weekly shocks.
    pub shock_sd: f64,
    /// Level below which a move reads as defection.
    pub defection_threshold: f64,
}

/// The counterpart's strategies (M9).
#[derive(Clone, Copy, Debug, Default)]
pub struct StrategyParams {
    /// Goldstein level of a cooperative week.
    pub cooperate_level: f64,
    /// Goldstein level of a hostile week.
    pub hostile_level: f64,
    /// Economic pressure added by a hostile week.
    pub pressure_per_defection: f64,
    /// Economic pressure removed by a cooperative week.
    pub relief_per_cooperation: f64,
    /// Generous tit-for-tat: probability of forgiving a defection.
    pub generosity: f64,
    /// GRIT: weeks of announced unilateral conciliation.
    pub grit_initiative_weeks: f64,
    /// Openness to talks (log-odds) under each play, in [`Play::ALL`] order.
    pub openness: [f64; 4],
    /// Share of full relief the counterpart will offer under each play.
    pub relief_ceiling: [f64; 4],
    /// The ultimatum's deadline, weeks from the offer.
    pub ultimatum_deadline_weeks: f64,
}

/// Starting state on the as-of date.
#[derive(Clone, Copy, Debug, Default)]
pub struct InitialParams {
    /// Probability that the leader privately allows talks on day one.
    pub permission_allow: f64,
    /// Negotiator's political capital.
    pub negotiator_capital: f64,
    /// Leader's domestic standing.
    pub leader_standing: f64,
    /// Economic pressure.
    pub econ_pressure: f64,
    /// Relief leverage.
    pub relief_leverage: f64,
    /// 60 % stock, kg of uranium.
    pub stockpile_kg: f64,
    /// 20 % stock, kg of uranium.
    pub stockpile_20_kg: f64,
    /// Low-enriched stock (at `nuclear.leu_grade_percent`), kg of uranium.
    pub stockpile_leu_kg: f64,
    /// IAEA access.
    pub access: f64,
    /// Iran → US Goldstein weekly mean.
    pub goldstein_target: f64,
    /// US → Iran Goldstein weekly mean.
    pub goldstein_coercer: f64,
    /// Weeks from the last strike before the as-of date to the as-of date
    /// (used only when `initial.struck_by` names a striker).
    pub weeks_since_strike: f64,
    /// Highest enrichment level (% U-235) the target produces on the as-of date.
    pub enrichment_percent: f64,
    /// The target's air defences, 1 intact, 0 destroyed.
    pub target_defences: f64,
    /// The strength of the target's armed partners, 1 intact, 0 gone.
    pub target_partners: f64,
}

/// Every number the crisis model uses, for one run.
#[derive(Clone, Copy, Debug, Default)]
pub struct ModelParams {
    /// M1.
    pub red_lines: RedLineParams,
    /// M2.
    pub blame: BlameParams,
    /// M3, M4.
    pub talks: TalksParams,
    /// M4.
    pub issues: IssueParams,
    /// M4: deals in force.
    pub deals: DealParams,
    /// M5.
    pub snapback: SnapbackParams,
    /// M6.
    pub nuclear: NuclearParams,
    /// M7.
    pub military: MilitaryParams,
    /// M8.
    pub reciprocity: ReciprocityParams,
    /// M9.
    pub strategy: StrategyParams,
    /// Initial state.
    pub initial: InitialParams,
}

/// `strategies.<key>.openness` and `.relief_ceiling`, in [`Play::ALL`] order.
const STRATEGY_KEYS: [(&str, &str); 4] = [
    (
        "strategies.max_pressure.openness",
        "strategies.max_pressure.relief_ceiling",
    ),
    (
        "strategies.tit_for_tat.openness",
        "strategies.tit_for_tat.relief_ceiling",
    ),
    (
        "strategies.generous_tit_for_tat.openness",
        "strategies.generous_tit_for_tat.relief_ceiling",
    ),
    ("strategies.grit.openness", "strategies.grit.relief_ceiling"),
];

/// The share of a memory left after a week, for a memory that halves every
/// `half_life_weeks`: 0.5^(1 / half-life).
fn weekly_retention(half_life_weeks: f64) -> f64 {
    0.5f64.powf(1.0 / half_life_weeks)
}

fn striker<S: ParamSource>(s: &mut S, keys: &Striker) -> StrikerParams {
    let base = BaseRate::annual(s, &keys.base_key);
    let mut k = |i: usize| coefficient(s, keys, i);
    StrikerParams {
        base,
        breakout: k(0),
        weaponization: k(1),
        hostility: k(2),
        talks: k(3),
        deal: k(4),
        other_struck: k(5),
        failed_talks: k(6),
        ..StrikerParams::default()
    }
}

/// A striker's coefficient `i` ([`crate::roles::STRIKE_COEFFICIENTS`]); 0 where
/// the striker has none (an ally's coefficient on the coercer).
fn coefficient<S: ParamSource>(s: &mut S, keys: &Striker, i: usize) -> f64 {
    keys.coefficient_keys[i]
        .as_ref()
        .map_or(0.0, |key| s.number(key, Bounds::ANY))
}

fn response<S: ParamSource>(s: &mut S, coercer: &Striker) -> ResponseParams {
    let key = |name: &str| format!("actors.{}.response.{name}", coercer.actor.id);
    let mut any = |name: &str| s.number(&key(name), Bounds::ANY);
    let join_hostility = any("join_hostility");
    let join_failed_talks = any("join_failed_talks");
    let join_talks = any("join_talks");
    let join_retaliation = any("join_retaliation");
    let defend_retaliation = any("defend_retaliation");
    let defend_fire = any("defend_fire");
    ResponseParams {
        join_base: s.number(&key("join_base"), Bounds::PROBABILITY),
        join_hostility,
        join_failed_talks,
        join_talks,
        join_retaliation,
        defend_base: s.number(&key("defend_base"), Bounds::PROBABILITY),
        defend_retaliation,
        defend_fire,
    }
}

impl ModelParams {
    /// Reads every numeric parameter, the strikers' by their actors' keys.
    /// The order of reads is the order of the per-run draws: keep it stable
    /// (append new keys at the end of a group).
    pub fn read<S: ParamSource>(s: &mut S, strikers: &[Striker]) -> ModelParams {
        use Bounds as B;
        let mut red_lines = RedLineParams {
            firmness: s.number(keys::LEADER_FIRMNESS, B::SHARE),
            deniability: s.number("leader.deniability", B::SHARE),
            allow_base: BaseRate::annual(s, "leader.permission.allow_base_annual"),
            allow_econ: s.number("leader.permission.allow_econ", B::ANY),
            allow_deadline: s.number("leader.permission.allow_deadline", B::ANY),
            allow_threat: s.number("leader.permission.allow_threat", B::ANY),
            allow_standing: s.number("leader.permission.allow_standing", B::ANY),
            allow_exposure: s.number("leader.permission.allow_exposure", B::NON_NEGATIVE),
            allow_firmness: s.number("leader.permission.allow_firmness", B::NON_NEGATIVE),
            revoke_base: BaseRate::annual(s, "leader.permission.revoke_base_annual"),
            revoke_hostility: s.number("leader.permission.revoke_hostility", B::ANY),
            soften_base: BaseRate::annual(s, "leader.stance.soften_base_annual"),
            soften_talks: s.number("leader.stance.soften_talks", B::ANY),
            soften_econ: s.number("leader.stance.soften_econ", B::ANY),
            soften_deadline: s.number("leader.stance.soften_deadline", B::ANY),
            soften_firmness: s.number("leader.stance.soften_firmness", B::NON_NEGATIVE),
            endorse_base: BaseRate::annual(s, "leader.stance.endorse_base_annual"),
            harden_base: BaseRate::annual(s, "leader.stance.harden_base_annual"),
            harden_hostility: s.number("leader.stance.harden_hostility", B::ANY),
            ..RedLineParams::default()
        };
        let mut blame = BlameParams {
            collapse_cost: s.number("blame.collapse_cost", B::SHARE),
            ambiguous_leader_share: s.number("blame.ambiguous_leader_share", B::SHARE),
            vindication_gain: s.number("blame.vindication_gain", B::SHARE),
            deal_credit_leader: s.number("blame.deal_credit_leader", B::SHARE),
            deal_credit_negotiator: s.number("blame.deal_credit_negotiator", B::SHARE),
            capital_recovery_weekly: s.number("blame.capital_recovery_weekly", B::SHARE),
            min_capital: s.number("blame.min_capital", B::SHARE),
            breakdown_cost: 0.0,
        };
        let mut talks = TalksParams {
            open_base: BaseRate::annual(s, "talks.open_base_annual"),
            open_mediator: s.number("talks.open_mediator", B::ANY),
            open_capital: s.number("talks.open_capital", B::ANY),
            open_hostility: s.number("talks.open_hostility", B::ANY),
            weeks_per_stage: s.number("talks.weeks_per_stage", B::POSITIVE),
            advance_zone: s.number("talks.advance_zone", B::ANY),
            advance_gap: s.number("talks.advance_gap", B::ANY),
            advance_leverage: s.number("talks.advance_leverage", B::ANY),
            advance_deadline: s.number("talks.advance_deadline", B::ANY),
            advance_cooperation: s.number("talks.advance_cooperation", B::ANY),
            collapse_weekly: s.number("talks.collapse_weekly", B::PROBABILITY),
            collapse_hostility: s.number("talks.collapse_hostility", B::ANY),
            collapse_gap: s.number("talks.collapse_gap", B::ANY),
            collapse_strike: s.number("talks.collapse_strike", B::ANY),
            cooldown_weeks: s.number("talks.cooldown_weeks", B::NON_NEGATIVE),
            mediator_available: s.number("talks.mediator_available", B::SHARE),
            indirect_framework_stages: s.number(
                "talks.indirect_framework_stages",
                Bounds {
                    min: 1.0,
                    max: 4.0,
                    what: "a number of stages in [1, 4]",
                },
            ),
            ..TalksParams::default()
        };
        let mut issues = IssueParams {
            leader_enrichment_floor: s.number("issues.enrichment.leader_floor", B::NON_NEGATIVE),
            coercer_enrichment_demand: s
                .number("issues.enrichment.coercer_demand", B::NON_NEGATIVE),
            leader_stockpile_floor: s.number("issues.stockpile.leader_floor", B::NON_NEGATIVE),
            counterpart_stockpile_cap: s
                .number("issues.stockpile.counterpart_cap", B::NON_NEGATIVE),
            leader_access_ceiling: s.number("issues.inspections.leader_ceiling", B::SHARE),
            counterpart_access_floor: s.number("issues.inspections.counterpart_floor", B::SHARE),
            leader_relief_floor: s.number("issues.relief.leader_floor", B::SHARE),
            gap_scale: [
                s.number("issues.enrichment.gap_scale", B::POSITIVE),
                s.number("issues.stockpile.gap_scale", B::POSITIVE),
                s.number("issues.inspections.gap_scale", B::POSITIVE),
                s.number("issues.relief.gap_scale", B::POSITIVE),
            ],
            interim_scale: s.number("issues.interim_scale", B::SHARE),
            relax_max: s.number("issues.relax_max", B::SHARE),
            counterpart_relax: s.number("issues.counterpart_relax", B::SHARE),
            latency_leverage: 0.0,
        };
        let mut snapback = SnapbackParams {
            clock_days: s.number("snapback.clock_days", B::POSITIVE),
            deadline_window_weeks: s.number("snapback.deadline_window_weeks", B::POSITIVE),
            trigger_base: BaseRate::annual(s, "snapback.trigger_base_annual"),
            trigger_deadline: s.number("snapback.trigger_deadline", B::ANY),
            trigger_access: s.number("snapback.trigger_access", B::ANY),
            trigger_talks: s.number("snapback.trigger_talks", B::ANY),
            trigger_deal: s.number("snapback.trigger_deal", B::ANY),
            trigger_board: s.number("snapback.trigger_board", B::ANY),
            trigger_war: 0.0,
            leverage_after: s.number("snapback.leverage_after", B::SHARE),
            pressure_jump: s.number("snapback.pressure_jump", B::SHARE),
        };
        let mut nuclear = NuclearParams {
            production_kg_weekly: s.number("nuclear.production_kg_weekly", B::NON_NEGATIVE),
            production_20_kg_weekly: 0.0,
            production_leu_kg_weekly: 0.0,
            accumulating: s.number("nuclear.accumulating", B::SHARE),
            separative_capacity_swu_yearly: 0.0,
            separation: crate::latency::Separation::default(),
            significant_quantity_kg: 0.0,
            conversion_weeks: s.number("nuclear.conversion_weeks", B::POSITIVE),
            recovery_weekly: s.number("nuclear.recovery_weekly", B::SHARE),
            downblend_weekly: s.number("nuclear.downblend_weekly", B::SHARE),
            access_interim: s.number("nuclear.access_interim", B::SHARE),
            access_comprehensive: s.number("nuclear.access_comprehensive", B::SHARE),
            decide_base: BaseRate::annual(s, "weaponization.base_annual"),
            decide_strike: s.number("weaponization.strike", B::ANY),
            decide_snapback: s.number("weaponization.snapback", B::ANY),
            decide_npt: s.number("weaponization.npt", B::ANY),
            decide_hostility: s.number("weaponization.hostility", B::ANY),
            decide_deal: s.number("weaponization.deal", B::ANY),
            decide_war: 0.0,
            weeks_to_device: s.number("weaponization.weeks_to_device", B::POSITIVE),
            test_weekly: s.number("weaponization.test_weekly", B::PROBABILITY),
            detection_weekly: s.number("weaponization.detection_weekly", B::PROBABILITY),
            npt_base: BaseRate::annual(s, "npt.base_annual"),
            npt_snapback: s.number("npt.snapback", B::ANY),
            npt_strike: s.number("npt.strike", B::ANY),
            npt_hostility: s.number("npt.hostility", B::ANY),
            npt_deal: s.number("npt.deal", B::ANY),
        };
        let mut striker_params = [StrikerParams::default(); MAX_STRIKERS];
        for (params, keys) in striker_params.iter_mut().zip(strikers) {
            *params = striker(s, keys);
        }
        let mut military = MilitaryParams {
            strikers: striker_params,
            breakout_scale_weeks: s.number("strikes.breakout_scale_weeks", B::POSITIVE),
            failure_retention: weekly_retention(
                s.number("strikes.failure_half_life_weeks", B::POSITIVE),
            ),
            setback: s.number("strikes.setback", B::SHARE),
            access_after_strike: s.number("strikes.access_after", B::SHARE),
            strike_shock: s.number("strikes.goldstein_shock", B::GOLDSTEIN),
            retaliation_probability: s.number("retaliation.probability", B::PROBABILITY),
            retaliation_hostility: s.number("retaliation.hostility", B::ANY),
            exchange_daily: s.number("retaliation.exchange_daily", B::PROBABILITY),
            exchange_hostility: s.number("retaliation.exchange_hostility", B::ANY),
            exchange_end_weekly: s.number("retaliation.exchange_end_weekly", B::PROBABILITY),
            ..MilitaryParams::default()
        };
        let reciprocity = ReciprocityParams {
            target_baseline: s.number(keys::RECIPROCITY_TARGET_BASELINE, B::GOLDSTEIN),
            inertia: s.number(keys::RECIPROCITY_INERTIA, B::SHARE),
            target_response: s.number(keys::RECIPROCITY_TARGET_RESPONSE, B::NON_NEGATIVE),
            coercer_response: s.number(keys::RECIPROCITY_COERCER_RESPONSE, B::NON_NEGATIVE),
            misperception_sd: s.number(keys::RECIPROCITY_MISPERCEPTION_SD, B::NON_NEGATIVE),
            target_bias: s.number("reciprocity.target_attribution_bias", B::NON_NEGATIVE),
            coercer_bias: s.number("reciprocity.coercer_attribution_bias", B::NON_NEGATIVE),
            shock_sd: s.number(keys::RECIPROCITY_SHOCK_SD, B::NON_NEGATIVE),
            defection_threshold: s.number("reciprocity.defection_threshold", B::GOLDSTEIN),
        };
        let mut openness = [0.0; 4];
        let mut relief_ceiling = [0.0; 4];
        for (i, (openness_key, ceiling_key)) in STRATEGY_KEYS.iter().enumerate() {
            openness[i] = s.number(openness_key, B::ANY);
            relief_ceiling[i] = s.number(ceiling_key, B::SHARE);
        }
        let mut strategy = StrategyParams {
            cooperate_level: s.number("strategies.cooperate_level", B::GOLDSTEIN),
            hostile_level: s.number("strategies.hostile_level", B::GOLDSTEIN),
            pressure_per_defection: s.number("strategies.pressure_per_defection", B::SHARE),
            relief_per_cooperation: s.number("strategies.relief_per_cooperation", B::SHARE),
            generosity: s.number("strategies.generous_tit_for_tat.generosity", B::PROBABILITY),
            grit_initiative_weeks: s.number("strategies.grit.initiative_weeks", B::NON_NEGATIVE),
            openness,
            relief_ceiling,
            ultimatum_deadline_weeks: 0.0,
        };
        let mut initial = InitialParams {
            permission_allow: s.number("initial.permission_allow", B::PROBABILITY),
            negotiator_capital: s.number("initial.negotiator_capital", B::SHARE),
            leader_standing: s.number("initial.leader_standing", B::SHARE),
            econ_pressure: s.number("initial.econ_pressure", B::SHARE),
            relief_leverage: s.number("initial.relief_leverage", B::SHARE),
            stockpile_kg: s.number("initial.stockpile_kg", B::NON_NEGATIVE),
            stockpile_20_kg: 0.0,
            stockpile_leu_kg: 0.0,
            access: s.number("initial.iaea_access", B::SHARE),
            goldstein_target: s.number("initial.goldstein_target_to_coercer", B::GOLDSTEIN),
            goldstein_coercer: s.number("initial.goldstein_coercer_to_target", B::GOLDSTEIN),
            weeks_since_strike: s.number(
                "initial.weeks_since_strike",
                Bounds {
                    min: 0.0,
                    max: 52.0,
                    what: "a number of weeks in [0, 52] (a strike counts for a year)",
                },
            ),
            enrichment_percent: 0.0,
            target_defences: 1.0,
            target_partners: 1.0,
        };
        // Keys added after the first release are read last, so that the
        // order of the older ones (and of their draws) is unchanged.
        blame.breakdown_cost = s.number("blame.breakdown_cost", B::SHARE);
        talks.advance_final_gap = s.number("talks.advance_final_gap", B::ANY);
        talks.advance_capital = s.number("talks.advance_capital", B::ANY);
        talks.advance_public_blame = s.number("talks.advance_public_blame", B::ANY);
        talks.reference = TalksReference {
            hostility: s.number("talks.reference.hostility", B::ANY),
            leverage: s.number("talks.reference.leverage", B::SHARE),
            deadline: s.number("talks.reference.deadline", B::SHARE),
            cooperation: s.number("talks.reference.cooperation", B::SHARE),
            zone: s.number("talks.reference.zone", B::SHARE),
            gap: s.number("talks.reference.gap", B::NON_NEGATIVE),
            final_gap: s.number("talks.reference.final_gap", B::NON_NEGATIVE),
            capital: s.number("talks.reference.capital", B::SHARE),
            openness: s.number("talks.reference.openness", B::ANY),
            public_blame: s.number("talks.reference.public_blame", B::NON_NEGATIVE),
        };
        let deals = DealParams {
            breakdown_weekly: s.number("deals.breakdown_weekly", B::PROBABILITY),
            breakdown_hostility: s.number("deals.breakdown_hostility", B::ANY),
            breakdown_coercer_unmet: s.number("deals.breakdown_coercer_unmet", B::ANY),
            breakdown_target_unmet: s.number("deals.breakdown_target_unmet", B::ANY),
            breakdown_strike: s.number("deals.breakdown_strike", B::ANY),
        };
        initial.enrichment_percent = s.number("initial.enrichment_percent", B::NON_NEGATIVE);

        // Part 2 of the crisis model (issue 14): campaigns, retaliation's
        // scale, war and its end, the coercer's response, the allies' own
        // covariates, and war's feedback.
        for (params, keys) in military.strikers.iter_mut().zip(strikers) {
            params.deal_in_reach = coefficient(s, keys, 7);
            params.defences = coefficient(s, keys, 8);
            params.partners = coefficient(s, keys, 9);
            params.green_light = coefficient(s, keys, 10);
            params.lapsed_deadline = coefficient(s, keys, 11);
            params.stockpile = coefficient(s, keys, 12);
        }
        // The coercer answers an ally's strike only where it has an ally.
        if let [coercer, _, ..] = strikers {
            military.response = response(s, coercer);
        }
        military.campaign_probability = s.number("strikes.campaign_probability", B::PROBABILITY);
        military.campaign_days = s.number(
            "strikes.campaign_days",
            Bounds {
                min: 1.0,
                max: 7.0,
                what: "a number of days in [1, 7]",
            },
        );
        military.campaign_setback = s.number("strikes.campaign_setback", B::SHARE);
        military.setback_shape = s.number("strikes.setback_shape", B::POSITIVE);
        military.stockpile_loss = s.number("strikes.stockpile_loss", B::SHARE);
        military.sustained_probability =
            s.number("retaliation.sustained_probability", B::PROBABILITY);
        military.sustained_campaign = s.number("retaliation.sustained_campaign", B::ANY);
        military.ceasefire_weekly = s.number("war.ceasefire_weekly", B::PROBABILITY);
        military.ceasefire_hostility = s.number("war.ceasefire_hostility", B::ANY);
        military.restrike = s.number("strikes.restrike", B::ANY);
        military.restrike_retention =
            weekly_retention(s.number("strikes.restrike_half_life_weeks", B::POSITIVE));
        military.reference_stock = s
            .number("strikes.reference_weapons_worth", B::NON_NEGATIVE)
            .ln_1p();
        red_lines.revoke_war = s.number("leader.permission.revoke_war", B::ANY);
        red_lines.war_rally = s.number("leader.war_rally", B::SHARE);
        talks.collapse_war = s.number("talks.collapse_war", B::ANY);
        talks.open_war = s.number("talks.open_war", B::ANY);
        issues.latency_leverage = s.number("issues.latency_leverage", B::SHARE);
        snapback.trigger_war = s.number("snapback.trigger_war", B::ANY);
        nuclear.decide_war = s.number("weaponization.war", B::ANY);
        initial.target_defences = s.number("initial.target_defences", B::SHARE);
        initial.target_partners = s.number("initial.target_partners", B::SHARE);
        // Latency by enrichment level (issue 14): the stocks below 60 %, what
        // each line makes, and the separative arithmetic of breakout.
        initial.stockpile_20_kg = s.number("initial.stockpile_20_kg", B::NON_NEGATIVE);
        initial.stockpile_leu_kg = s.number("initial.stockpile_leu_kg", B::NON_NEGATIVE);
        nuclear.production_20_kg_weekly =
            s.number("nuclear.production_20_kg_weekly", B::NON_NEGATIVE);
        nuclear.production_leu_kg_weekly =
            s.number("nuclear.production_leu_kg_weekly", B::NON_NEGATIVE);
        nuclear.separative_capacity_swu_yearly =
            s.number("nuclear.separative_capacity_swu_yearly", B::NON_NEGATIVE);
        nuclear.significant_quantity_kg = s.number("nuclear.significant_quantity_kg", B::POSITIVE);
        nuclear.separation = crate::latency::Separation::new(
            s.number("nuclear.weapon_uranium_kg", B::POSITIVE),
            s.number(
                "nuclear.tails_percent",
                Bounds {
                    min: 0.01,
                    max: 0.7,
                    what: "a tails assay in [0.01, 0.7] % U-235 (below natural uranium's 0.711 %)",
                },
            ),
            s.number(
                "nuclear.leu_grade_percent",
                Bounds {
                    min: 0.72,
                    max: 19.9,
                    what: "a low-enriched grade in [0.72, 19.9] % U-235 (above natural, below 20 %)",
                },
            ),
        );
        strategy.ultimatum_deadline_weeks = s.number(
            "strategies.ultimatum.deadline_weeks",
            Bounds {
                min: 1.0,
                max: 520.0,
                what: "a number of weeks in [1, 520]",
            },
        );
        ModelParams {
            red_lines,
            blame,
            talks,
            issues,
            deals,
            snapback,
            nuclear,
            military,
            reciprocity,
            strategy,
            initial,
        }
    }
}

/// How the leader's red line is set (`leader.red_line`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RedLine {
    /// Bends with context; firmness from `leader.firmness`.
    Negotiable,
    /// The public stance binds: no talks while it is rejection, no softening, no relaxing.
    Absolute,
    /// An explicit firmness in [0, 1] (1 is absolute).
    Firmness(f64),
}

/// What the leader's public rejection covers (`leader.red_line_scope`, M1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedLineScope {
    /// Direct talks with the coercer only: secret and acknowledged indirect
    /// talks stay open under the rejection (Iran in 2021, in 2013).
    Direct,
    /// Any talks with the coercer: only secret talks can run under it (2025).
    All,
}

impl RedLineScope {
    /// Every scope, as scenario files write them.
    pub const ALL: [RedLineScope; 2] = [RedLineScope::Direct, RedLineScope::All];

    /// The scope's name in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            RedLineScope::Direct => "direct",
            RedLineScope::All => "all",
        }
    }
}

/// The leader's public stance (M1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stance {
    /// Talks with the counterpart are rejected in public.
    Reject,
    /// Neither endorsed nor rejected ("neither optimistic nor pessimistic").
    Ambiguous,
    /// Talks are publicly endorsed.
    Endorse,
}

impl Stance {
    /// Lower-case name, as scenario files and traces write it.
    pub fn name(self) -> &'static str {
        match self {
            Stance::Reject => "reject",
            Stance::Ambiguous => "ambiguous",
            Stance::Endorse => "endorse",
        }
    }
}

/// What is fixed for a scenario: words, switches and dates.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The leader's red line.
    pub red_line: RedLine,
    /// What his public rejection covers.
    pub red_line_scope: RedLineScope,
    /// Public stance on the as-of date.
    pub initial_stance: Stance,
    /// The counterpart's strategy.
    pub strategy: Strategy,
    /// The strategies the scenario defines (`[playbooks.<name>]`).
    pub playbooks: Vec<Strategy>,
    /// Whether snapback is possible at all.
    pub snapback_enabled: bool,
    /// Resolution 2231's termination day.
    pub termination_day: Date,
    /// Weeks in which the monitoring body's board meets (from the calendar).
    pub board_weeks: Vec<usize>,
    /// The rung of talks on the as-of date.
    pub initial_talks: Talks,
    /// The guarantors' sanctions already apply on the as-of date.
    pub sanctions_in_force: bool,
    /// How far the target's weaponization has gone on the as-of date.
    pub initial_weaponization: InitialWeaponization,
    /// The target has already left its treaty.
    pub treaty_withdrawn: bool,
    /// Which strikers struck the target recently before the as-of date
    /// (`initial.struck_by`; set from the roles by the model).
    pub initial_struck: [bool; MAX_STRIKERS],
    /// The scenario has a mediator (an actor with that role): without one
    /// the back channel has no mediator's bonus, whatever
    /// `talks.mediator_available` says.
    pub has_mediator: bool,
    /// How many strikers decide each week: the coercer and its allies.
    pub strikers: usize,
    /// Scripted public stances: (week, stance).
    pub scripted_stances: Vec<(usize, Stance)>,
}

/// The calendar event kinds the crisis model understands.
pub const CALENDAR_EVENTS: [&str; 5] = [
    "board_meeting",
    "iaea_board",
    "stance_reject",
    "stance_ambiguous",
    "stance_endorse",
];

impl Settings {
    /// Reads the scenario's words, switches, dates and calendar.
    pub fn read(reader: &mut ParamReader<'_>) -> Result<Settings, InputError> {
        let red_line = match reader.choice_or_number(
            "leader.red_line",
            &["negotiable", "absolute"],
            Bounds::SHARE,
        ) {
            Ok(word) if word == "absolute" => RedLine::Absolute,
            Ok(_) => RedLine::Negotiable,
            Err(firmness) => RedLine::Firmness(firmness),
        };
        let scope_key = reader.choice(
            "leader.red_line_scope",
            &RedLineScope::ALL.map(RedLineScope::key),
        );
        let red_line_scope = RedLineScope::ALL
            .into_iter()
            .find(|s| s.key() == scope_key)
            .unwrap_or(RedLineScope::All);
        let initial_stance = match reader
            .choice("initial.stance", &["reject", "ambiguous", "endorse"])
            .as_str()
        {
            "ambiguous" => Stance::Ambiguous,
            "endorse" => Stance::Endorse,
            _ => Stance::Reject,
        };
        let scenario: &Scenario = reader.scenario();
        let playbooks = scenario
            .playbooks
            .iter()
            .map(|decl| Strategy::from_decl(scenario, decl))
            .collect::<Result<Vec<_>, _>>()?;
        let named = Strategy::named();
        let names: Vec<&str> = named.iter().chain(&playbooks).map(Strategy::name).collect();
        let chosen = reader.choice("counterpart.strategy", &names);
        let strategy = named
            .iter()
            .chain(&playbooks)
            .find(|s| s.name() == chosen)
            .cloned()
            .unwrap_or_else(Strategy::max_pressure);
        let snapback_enabled = reader.flag("snapback.enabled");
        let talks_key = reader.choice("initial.talks", &Talks::ALL.map(Talks::key));
        let initial_talks = Talks::ALL
            .into_iter()
            .find(|t| t.key() == talks_key)
            .unwrap_or(Talks::None);
        let sanctions_in_force = reader.flag("initial.sanctions_in_force");
        let initial_weaponization = match reader
            .choice("initial.weaponization", &["none", "decided", "device"])
            .as_str()
        {
            "decided" => InitialWeaponization::Decided,
            "device" => InitialWeaponization::Device,
            _ => InitialWeaponization::None,
        };
        let treaty_withdrawn = reader.flag("initial.treaty_withdrawn");
        let termination_day = reader.date("snapback.termination_day");
        let scenario: &Scenario = reader.scenario();
        let mut board_weeks = Vec::new();
        let mut scripted_stances = Vec::new();
        for entry in &scenario.calendar {
            let Some(week) = scenario.step_of(entry.date) else {
                if entry.date < scenario.as_of {
                    return Err(scenario.error_at(
                        entry.loc,
                        "calendar",
                        format!("{} is before as_of {}", entry.date, scenario.as_of),
                    ));
                }
                continue; // after the horizon: known, but outside this forecast
            };
            match entry.event.as_str() {
                // `iaea_board` is the older name of `board_meeting`.
                "board_meeting" | "iaea_board" => board_weeks.push(week),
                "stance_reject" => scripted_stances.push((week, Stance::Reject)),
                "stance_ambiguous" => scripted_stances.push((week, Stance::Ambiguous)),
                "stance_endorse" => scripted_stances.push((week, Stance::Endorse)),
                other => {
                    let error = scenario.error_at(
                        entry.loc,
                        "calendar.event",
                        format!("unknown calendar event `{other}`"),
                    );
                    return Err(
                        match redline_core::input_error::did_you_mean(other, CALENDAR_EVENTS) {
                            Some(near) => error.hint(format!("did you mean `{near}`?")),
                            None => error
                                .hint(format!("expected one of: {}", CALENDAR_EVENTS.join(", "))),
                        },
                    );
                }
            }
        }
        Ok(Settings {
            red_line,
            red_line_scope,
            initial_stance,
            strategy,
            playbooks,
            snapback_enabled,
            termination_day,
            board_weeks,
            initial_talks,
            sanctions_in_force,
            initial_weaponization,
            treaty_withdrawn,
            // Set from the roles by the model.
            initial_struck: [false; MAX_STRIKERS],
            has_mediator: false,
            strikers: 0,
            scripted_stances,
        })
    }

    /// The firmness in force: 1 for an absolute red line.
    pub fn firmness(&self, params: &ModelParams) -> f64 {
        match self.red_line {
            RedLine::Negotiable => params.red_lines.firmness,
            RedLine::Absolute => 1.0,
            RedLine::Firmness(f) => f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::Play;

    #[test]
    fn strategy_keys_follow_strategy_order() {
        for (strategy, (openness, ceiling)) in Play::ALL.iter().zip(STRATEGY_KEYS) {
            assert_eq!(openness, format!("strategies.{}.openness", strategy.key()));
            assert_eq!(
                ceiling,
                format!("strategies.{}.relief_ceiling", strategy.key())
            );
        }
    }
}
