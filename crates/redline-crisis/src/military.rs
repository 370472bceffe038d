//! M7 — military action, retaliation and war.
//!
//! "There's no viable military solution … military action would all but
//! guarantee Iran gets the bomb" (founding analysis). Each striker — the
//! coercer and each of its allies, with its own parameters
//! `actors.<id>.strike.*` — strikes the target with the per-year hazard
//!
//! ```text
//! logit p = logit p₀ + β_breakout·exp(−breakout/scale) + β_weaponization·[decision detected]
//!           + β_hostility·H_target + β_talks·[public talks] + β_deal·[deal] + β_other·[another has struck]
//!           + β_failed·F
//! ```
//!
//! F is the memory of failed diplomacy: 1 in the week talks collapse or a
//! deal breaks down, halving every `strikes.failure_half_life_weeks`. Failed
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
//! **War** arises only through the chain hostility → strike → retaliation:
//! after a strike the target retaliates directly with probability
//! `logistic(logit p_ret + β·H_iran)`, which starts an exchange; each day of an
//! active exchange sees fire with `logistic(logit q + β·(H_iran + H_us)/2)`,
//! and the exchange ends with `retaliation.exchange_end_weekly` per week.
//! `war` is recorded when exchanges fall on at least 5 days within 30, as
//! DESIGN.md defines it.

use crate::assume::{Assumptions, Forcing};
use crate::draws::WeekDraws;
use crate::hazard::{logistic, logit, weekly_event};
use crate::params::{ModelParams, StrikerParams};
use crate::roles::{MAX_STRIKERS, Slot};
use crate::state::{Event, Observer, RunState};

/// The per-year log-odds of a strike by `who` at the state `s`.
fn strike_logit(s: &RunState, p: &ModelParams, who: &StrikerParams, other_struck: bool) -> f64 {
    let shortness = (-s.breakout_weeks / p.military.breakout_scale_weeks).exp();
    who.base.logit
        + who.breakout * shortness
        + who.weaponization * f64::from(u8::from(s.weaponization_detected))
        + who.hostility * s.target_hostility()
        + who.talks
            * f64::from(u8::from(
                s.talks >= crate::state::Talks::Indirect && s.talks.negotiating(),
            ))
        + who.deal * f64::from(u8::from(s.talks.deal()))
        + who.other_struck * f64::from(u8::from(other_struck))
        + who.failed_talks * s.failed_diplomacy
}

/// Strikes, retaliation and exchanges for one week. Returns whether the
/// target was struck this week.
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
    // Every striker decides on the state at the start of the week; then the
    // strikes land in striker order.
    let mut natural = [false; MAX_STRIKERS];
    for (i, decides) in natural.iter_mut().enumerate().take(strikers) {
        let another_struck = s.struck.iter().enumerate().any(|(j, &x)| x && j != i);
        *decides = weekly_event(
            d.strike[i],
            strike_logit(s, p, &m.strikers[i], another_struck),
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
    let mut struck = false;
    for (i, &lands) in lands.iter().enumerate().take(strikers) {
        let by = u8::try_from(i).unwrap_or(0);
        let outcome = Slot::Strike(by);
        if assumptions.forcing(outcome, s.week) == Forcing::Force || (i == 0 && strike_for_war) {
            obs.event(s.week, Event::Assumed(outcome));
        }
        if lands {
            strike(s, p, by, obs);
            s.record(outcome);
            struck = true;
        }
    }

    // Retaliation opens an exchange; a forced war is an exchange that starts
    // now. Before an assumed war no exchange opens, so no path reaches 5 days
    // of fire within 30 early.
    let war_suppressed = assumptions.forcing(Slot::War, s.week) == Forcing::Suppressed;
    if struck && !war_suppressed && !s.exchange_active {
        let p_retaliate = logistic(
            logit(m.retaliation_probability) + m.retaliation_hostility * s.target_hostility(),
        );
        if d.retaliation < p_retaliate {
            s.exchange_active = true;
            obs.event(s.week, Event::Retaliation);
        }
    }
    if forced_war {
        s.exchange_active = true;
        obs.event(s.week, Event::Assumed(Slot::War));
    }
    let mut days = 0u64;
    if s.exchange_active && !war_suppressed {
        let q = logistic(
            logit(m.exchange_daily)
                + m.exchange_hostility * 0.5 * (s.target_hostility() + s.coercer_hostility()),
        );
        for (i, &u) in d.exchange_day.iter().enumerate() {
            if u < q || forced_war {
                days |= 1 << (6 - i);
            }
        }
        if d.exchange_end < m.exchange_end_weekly && !forced_war {
            s.exchange_active = false;
        }
    }
    s.exchange_days = (s.exchange_days << 7) | days;
    if days != 0 {
        obs.event(s.week, Event::ExchangeDays(days.count_ones()));
    }
    if s.exchange_days_in_30() >= 5 && !s.has(Slot::War) {
        s.record(Slot::War);
        obs.event(s.week, Event::War);
    }
    struck
}

fn strike<O: Observer>(s: &mut RunState, p: &ModelParams, by: u8, obs: &mut O) {
    let m = &p.military;
    let before = s.breakout_weeks;
    s.capacity *= 1.0 - m.setback;
    s.access = s.access.min(m.access_after_strike);
    s.goldstein_target = (s.goldstein_target + m.strike_shock).clamp(-10.0, 10.0);
    s.goldstein_coercer = (s.goldstein_coercer + m.strike_shock).clamp(-10.0, 10.0);
    s.breakout_weeks = crate::latency::breakout_weeks(s, p);
    s.struck[usize::from(by)] = true;
    obs.event(
        s.week,
        Event::Strike {
            by,
            breakout_before: before,
            breakout_after: s.breakout_weeks,
        },
    );
}
