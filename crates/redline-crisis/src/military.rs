//! M7 — military action, retaliation and war.
//!
//! "There's no viable military solution … military action would all but
//! guarantee Iran gets the bomb" (founding analysis). Each striker — the
//! coercer and each of its allies, with its own parameters
//! `actors.<id>.strike.*` — strikes the target with the weekly hazard
//! (`crate::hazard`: the base rate per year converted once to a week)
//!
//! ```text
//! logit h = logit h₀ + β_breakout·exp(−breakout/scale) + β_weaponization·[decision detected]
//!           + β_hostility·H_target + β_talks·[public talks] + β_deal·[deal] + β_other·[another has struck]
//!           + β_failed·F + β_lapsed·L + β_restrike·R_i
//!           + β_reach·[deal in reach] + β_defences·(1 − defences) + β_partners·(1 − partners) + β_green·G
//! ```
//!
//! F is the memory of failed diplomacy: 1 in the week talks collapse, a
//! deal breaks down or the target rejects the coercer's offer (M9), halving
//! every `strikes.failure_half_life_weeks`; L, the memory of a lapsed
//! ultimatum, is 1 in the week an offer's deadline lapses and halves alike;
//! R_i, striker i's memory of its own last strike, halves every
//! `strikes.restrike_half_life_weeks` and enters with the shared
//! `strikes.restrike` (a striker waits to assess the damage before striking
//! again). Failed
//! diplomacy raises the hazard of force ("if diplomacy fails, military action
//! must be the answer", founding analysis): Israel struck Osirak (June 1981)
//! after its diplomatic campaign to stop French and Italian supply had
//! failed, and al-Kibar (Sept 2007) after Washington chose diplomacy over a
//! strike; Desert Fox (Dec 1998) came six weeks after Iraq ended its
//! cooperation with UNSCOM (31 Oct 1998).
//!
//! A strike destroys `strikes.setback` of enrichment capacity (breakout time
//! jumps), cuts inspector access to `strikes.access_after`, and shocks both
//! sides' Goldstein levels by `strikes.goldstein_shock`; having been struck
//! enters the weaponization and NPT hazards (M6) — and so does a strike the
//! scenario states before its as-of date (`initial.struck_by`, see
//! [`crate::formats`]), which also counts as "another has struck" here. How much a strike delays a
//! program and how much it hardens the resolve to build a weapon is
//! contested: Reiter (2005, "Preventive Attacks against Nuclear Programs and
//! the 'Success' at Osiraq", *Nonproliferation Review* 12(2)) and
//! Braut-Hegghammer (2011, "Revisiting Osirak", *International Security*
//! 36(1)) find that Osirak accelerated Iraq's weapons effort; Kreps &
//! Fuhrmann (2011, "Attacking the Atom", *Journal of Strategic Studies*
//! 34(2)) find attacks delay programs modestly. Both effects are scenario
//! parameters with wide distributions.
//!
//! **Allies decide for themselves.** An ally's hazard has, besides, the
//! spoiler's motive `β_reach·[deal in reach]` (public talks whose deal zone
//! overlaps: Stedman 1997, "Spoiler Problems in Peace Processes",
//! *International Security* 22(2)), the target's weakness
//! `β_defences·(1 − defences) + β_partners·(1 − partners)` (its air defences
//! and its armed partners, 1 when intact), and the coercer's posture
//! `β_green·G`: G = −1 (veto) while the coercer is in talks with the target,
//! +1 (green light) when its move this week is hostile and the memory of
//! failed diplomacy is at least ½, 0 otherwise. The coercer's answer to an
//! ally's strike is its own decision, a sequential logit: it joins with
//! `logistic(logit j₀ + β_H·H_coercer + β_F·F + β_talks·[in talks] + β_ret·[sustained retaliation])`,
//! and otherwise defends with `logistic(logit d₀ + β_ret·[retaliation])`, or
//! stands aside. Joining is a strike of its own; defending changes the
//! log-odds of the exchange's daily fire by `response.defend_fire`.
//!
//! **Strikes are campaigns.** A strike is a campaign over
//! `strikes.campaign_days` days with probability `strikes.campaign_probability`
//! (Desert Fox, 16–19 December 1998), else a single raid (Osirak, 7 June
//! 1981; al-Kibar, 6 September 2007). It destroys a share of enrichment
//! capacity drawn from Kumaraswamy's distribution with median
//! `strikes.setback` (a raid) or `strikes.campaign_setback` (a campaign) and
//! shape `strikes.setback_shape`, and one share of every enriched stock (60 %,
//! 20 %, low-enriched) drawn from the same distribution with median
//! `strikes.stockpile_loss`.
//!
//! **War** arises only through the chain hostility → strike → retaliation:
//! after a strike the target retaliates with probability
//! `logistic(logit p_ret + β·H_target)`; the retaliation is sustained with
//! probability `logistic(logit p_sus + β_campaign·[a campaign])`, else
//! limited — one salvo on one day, as Iran's of 13 April and 1 October 2024.
//! A sustained retaliation opens an exchange: each day sees fire with
//! `logistic(logit q + β·(H_target + H_coercer)/2 + β_defend·[coercer defends])`,
//! a campaign's days are days of fire, and the exchange ends with
//! `retaliation.exchange_end_weekly` per week. `war` is recorded when days
//! of fire fall on at least 5 days within 30, as DESIGN.md defines it. A war
//! goes on — its exchange does not end by the weekly hazard — until a
//! ceasefire, `logistic(logit c₀ + β·(H_target + H_coercer)/2)` per week;
//! the ceasefire clears the record of days, so a new war needs new fire. A
//! war feeds back: the leader's standing rises by `leader.war_rally` as it
//! begins; while it lasts talks collapse and open with
//! `talks.collapse_war` and `talks.open_war`, and the leader's permission is
//! revoked with `leader.permission.revoke_war`; once fought, it enters the
//! weaponization decision (`weaponization.war`) and the guarantors' trigger
//! (`snapback.trigger_war`).

use crate::assume::{Assumptions, Forcing};
use crate::draws::WeekDraws;
use crate::hazard::{happens, logistic, logit};
use crate::params::{ModelParams, StrikerParams};
use crate::roles::{MAX_STRIKERS, Slot};
use crate::state::{Event, Observer, Response, RunState, Talks};
use crate::strategy::{Cause, Move};

/// The coercer's posture toward an ally's strike: −1 (veto) while it is in
/// talks with the target, +1 (green light) when its move this week is
/// hostile and the memory of failed diplomacy is at least ½, 0 otherwise.
pub fn posture(s: &RunState) -> f64 {
    if s.talks.negotiating() {
        -1.0
    } else if s.coercer_last_move == Move::Defect
        && (s.failed_diplomacy >= 0.5 || s.lapsed_deadline >= 0.5)
    {
        1.0
    } else {
        0.0
    }
}

/// The covariates every striker's decision reads, computed once a week
/// (a logarithm and an exponential that would otherwise be taken per striker).
struct Covariates {
    shortness: f64,
    detected: f64,
    hostility: f64,
    public_talks: f64,
    deal: f64,
    failed: f64,
    in_reach: f64,
    defences: f64,
    partners: f64,
    posture: f64,
    lapsed: f64,
    stock: f64,
}

impl Covariates {
    fn of(s: &RunState, p: &ModelParams) -> Covariates {
        let flag = |b: bool| f64::from(u8::from(b));
        Covariates {
            shortness: (-s.breakout_weeks / p.military.breakout_scale_weeks).exp(),
            detected: flag(s.weaponization_detected),
            hostility: s.target_hostility(),
            public_talks: flag(s.talks >= Talks::Indirect && s.talks.negotiating()),
            deal: flag(s.talks.deal()),
            failed: s.failed_diplomacy,
            in_reach: flag(s.deal_in_reach),
            defences: 1.0 - s.target_defences,
            partners: 1.0 - s.target_partners,
            posture: posture(s),
            lapsed: s.lapsed_deadline,
            stock: crate::latency::weapons_worth(s, p).ln_1p() - p.military.reference_stock,
        }
    }
}

/// The weekly log-odds of a strike by `who` (striker `i`) on this week's
/// covariates `x`.
fn strike_logit(
    s: &RunState,
    p: &ModelParams,
    x: &Covariates,
    i: usize,
    who: &StrikerParams,
    other_struck: bool,
) -> f64 {
    who.base.logit
        + who.breakout * x.shortness
        + who.weaponization * x.detected
        + who.hostility * x.hostility
        + who.talks * x.public_talks
        + who.deal * x.deal
        + who.other_struck * f64::from(u8::from(other_struck))
        + who.failed_talks * x.failed
        + who.deal_in_reach * x.in_reach
        + who.defences * x.defences
        + who.partners * x.partners
        + who.green_light * x.posture
        + who.lapsed_deadline * x.lapsed
        + p.military.restrike * s.strike_memory[i]
        + who.stockpile * x.stock
}

/// Strikes, retaliation, the coercer's response, exchanges and war for one
/// week. Returns whether the target was struck this week.
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    strikers: usize,
    d: &WeekDraws,
    assumptions: &Assumptions,
    obs: &mut O,
) -> bool {
    let m = &p.military;
    s.failed_diplomacy *= m.failure_retention;
    s.lapsed_deadline *= m.failure_retention;
    for memory in &mut s.strike_memory {
        *memory *= m.restrike_retention;
    }
    // Every striker decides on the state at the start of the week; then the
    // allies' strikes land, the target answers them, and the coercer answers
    // its allies.
    let covariates = Covariates::of(s, p);
    let mut natural = [false; MAX_STRIKERS];
    for (i, decides) in natural.iter_mut().enumerate().take(strikers) {
        let another_struck = s.struck.iter().enumerate().any(|(j, &x)| x && j != i);
        *decides = happens(
            d.strike[i],
            strike_logit(s, p, &covariates, i, &m.strikers[i], another_struck),
        );
    }
    let mut lands = [false; MAX_STRIKERS];
    for (i, lands) in lands.iter_mut().enumerate().take(strikers) {
        let by = u8::try_from(i).unwrap_or(0);
        *lands = assumptions.decide(Slot::Strike(by), s.week, natural[i]);
    }
    // An assumed war needs a strike: if none has come by its week and none
    // lands in it, the coercer strikes (an assumed strike, if any, was
    // required by `Assumptions::parse` to come no later).
    let forced_war = assumptions.forcing(Slot::War, s.week) == Forcing::Force;
    let strike_for_war = forced_war
        && !s.struck()
        && !lands.contains(&true)
        && assumptions.forcing(Slot::Strike(0), s.week) != Forcing::Suppressed;
    if strike_for_war {
        lands[0] = true;
    }
    let land = |s: &mut RunState, i: usize, obs: &mut O| -> u8 {
        let by = u8::try_from(i).unwrap_or(0);
        let outcome = Slot::Strike(by);
        if assumptions.forcing(outcome, s.week) == Forcing::Force || (i == 0 && strike_for_war) {
            obs.event(s.week, Event::Assumed(outcome));
        }
        let days = strike(s, p, i, d, obs);
        s.record(outcome);
        days
    };
    // The longest campaign this week (1: raids only).
    let mut campaign_days = 0u8;
    let ally_struck = (1..strikers).any(|i| lands[i]);
    if ally_struck {
        s.plan_events |= Cause::AllyStrike.bit();
    }
    for i in (1..strikers).chain(std::iter::once(0)) {
        if lands[i] {
            campaign_days = campaign_days.max(land(s, i, obs));
        }
    }
    let mut struck = ally_struck || lands[0];

    // The target's answer: none, a limited salvo, or a sustained exchange.
    // A forced war is an exchange that starts now. Before an assumed war no
    // exchange opens, so no path reaches 5 days of fire within 30 early.
    let war_suppressed = assumptions.forcing(Slot::War, s.week) == Forcing::Suppressed;
    let mut salvo = false;
    let mut retaliated = false;
    let mut sustained = false;
    if struck && !war_suppressed && !s.exchange_active {
        let p_retaliate = logistic(
            logit(m.retaliation_probability) + m.retaliation_hostility * s.target_hostility(),
        );
        if d.retaliation < p_retaliate {
            retaliated = true;
            sustained = d.scale
                < logistic(
                    logit(m.sustained_probability)
                        + m.sustained_campaign * f64::from(u8::from(campaign_days > 1)),
                );
            if sustained {
                s.exchange_active = true;
            } else {
                salvo = true;
            }
            obs.event(s.week, Event::Retaliation { sustained });
        }
    }

    // The coercer's answer to an ally's strike it did not take part in.
    if ally_struck && !lands[0] {
        let r = &m.response;
        let join = logistic(
            logit(r.join_base)
                + r.join_hostility * s.coercer_hostility()
                + r.join_failed_talks * s.failed_diplomacy
                + r.join_talks * f64::from(u8::from(s.talks != Talks::None))
                + r.join_retaliation * f64::from(u8::from(sustained))
                + m.restrike * s.strike_memory[0],
        );
        let joins = assumptions.decide(Slot::Strike(0), s.week, d.response[0] < join);
        let response = if joins {
            Response::Join
        } else if d.response[1]
            < logistic(
                logit(r.defend_base) + r.defend_retaliation * f64::from(u8::from(retaliated)),
            )
        {
            Response::Defend
        } else {
            Response::StandAside
        };
        obs.event(s.week, Event::Response(response));
        match response {
            Response::Join => {
                campaign_days = campaign_days.max(land(s, 0, obs));
                struck = true;
            }
            // It defends against the exchange under way (a salvo's one day
            // is over by the time it decides).
            Response::Defend => s.coercer_defends = s.exchange_active,
            Response::StandAside => {}
        }
    }
    if forced_war {
        s.exchange_active = true;
        obs.event(s.week, Event::Assumed(Slot::War));
    }

    // A war under way ends in a ceasefire by its own hazard (not in the
    // week it began, nor in the week an assumed war is forced).
    let hostility = 0.5 * (s.target_hostility() + s.coercer_hostility());
    if s.at_war
        && s.week > usize::from(s.war_began)
        && !forced_war
        && d.ceasefire < logistic(logit(m.ceasefire_weekly) + m.ceasefire_hostility * hostility)
    {
        let weeks = u16::try_from(s.week).unwrap_or(u16::MAX) - s.war_began;
        s.at_war = false;
        s.exchange_active = false;
        s.coercer_defends = false;
        s.exchange_days = 0;
        obs.event(s.week, Event::Ceasefire { weeks });
    }

    // Days of fire: a salvo's day, an exchange's days, and a campaign's
    // days in an exchange the target answers.
    let mut days = 0u64;
    if salvo {
        days |= 1 << 6;
    }
    if s.exchange_active && !war_suppressed {
        let q = logistic(
            logit(m.exchange_daily)
                + m.exchange_hostility * hostility
                + m.response.defend_fire * f64::from(u8::from(s.coercer_defends)),
        );
        for (i, &u) in d.exchange_day.iter().enumerate() {
            if u < q || forced_war {
                days |= 1 << (6 - i);
            }
        }
        if campaign_days > 1 {
            let n = u32::from(campaign_days.min(7));
            days |= ((1u64 << n) - 1) << (7 - n);
        }
        if !s.at_war && !forced_war && d.exchange_end < m.exchange_end_weekly {
            s.exchange_active = false;
            s.coercer_defends = false;
        }
    }
    s.exchange_days = (s.exchange_days << 7) | days;
    if days != 0 {
        obs.event(s.week, Event::ExchangeDays(days.count_ones()));
    }
    if !s.at_war && s.exchange_days_in_30() >= 5 {
        s.at_war = true;
        s.exchange_active = true;
        s.war_began = u16::try_from(s.week).unwrap_or(u16::MAX);
        s.leader_standing = (s.leader_standing + p.red_lines.war_rally).min(1.0);
        s.record(Slot::War);
        obs.event(s.week, Event::War);
    }
    struck
}

/// A share drawn at `u` from Kumaraswamy's distribution with shape `a` and
/// median `median`: F(x) = 1 − (1 − xᵃ)ᵇ, b = ln 2 / −ln(1 − medianᵃ), so
/// x = (1 − (1 − u)^(1/b))^(1/a). It is beta-like on [0, 1] with a
/// closed-form quantile (Kumaraswamy 1980, *Journal of Hydrology* 46;
/// Jones 2009, *Statistical Methodology* 6(1)): a strike's share costs two
/// powers, where a beta's quantile needs an iterative inverse of the
/// incomplete beta function on every strike.
fn kumaraswamy_share(u: f64, median: f64, a: f64) -> f64 {
    if median <= 0.0 {
        0.0
    } else if median >= 1.0 {
        1.0
    } else {
        let b = std::f64::consts::LN_2 / -(-median.powf(a)).ln_1p();
        (-((1.0 - u).ln() / b).exp_m1())
            .powf(1.0 / a)
            .clamp(0.0, 1.0)
    }
}

/// Striker `i`'s strike: a raid or a campaign, its setback to capacity and
/// stockpile drawn. Returns the days it lasted.
fn strike<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    i: usize,
    d: &WeekDraws,
    obs: &mut O,
) -> u8 {
    let m = &p.military;
    let campaign = d.campaign[i] < m.campaign_probability;
    let days: u8 = if campaign {
        m.campaign_days.round().clamp(1.0, 7.0) as u8
    } else {
        1
    };
    let median = if campaign {
        m.campaign_setback
    } else {
        m.setback
    };
    let setback = kumaraswamy_share(d.setback[i], median, m.setback_shape);
    // One share of every stock: a strike on the sites where the material
    // is kept does not choose by grade (judgment).
    let share = kumaraswamy_share(d.stock_loss[i], m.stockpile_loss, m.setback_shape);
    let before = s.breakout_weeks;
    s.capacity *= 1.0 - setback;
    s.stockpile_kg *= 1.0 - share;
    s.stockpile_20_kg *= 1.0 - share;
    s.stockpile_leu_kg *= 1.0 - share;
    s.access = s.access.min(m.access_after_strike);
    s.goldstein_target = (s.goldstein_target + m.strike_shock).clamp(-10.0, 10.0);
    s.goldstein_coercer = (s.goldstein_coercer + m.strike_shock).clamp(-10.0, 10.0);
    s.breakout_weeks = crate::latency::breakout_weeks(s, p);
    s.struck[i] = true;
    s.strike_memory[i] = 1.0;
    obs.event(
        s.week,
        Event::Strike {
            by: u8::try_from(i).unwrap_or(0),
            days,
            setback,
            stock_lost_share: share,
            breakout_before: before,
            breakout_after: s.breakout_weeks,
        },
    );
    days
}
