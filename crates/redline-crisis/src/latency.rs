//! M6 — nuclear latency: stockpile, breakout time, inspections, and the
//! weaponization decision; with the NPT exit it depends on.
//!
//! `nuclear.production_kg_weekly` is the program's capacity to make 60 %
//! material (or its equivalent in separative work); the 60 % stockpile grows by
//! `production_kg_weekly · capacity · accumulating` each week, where
//! `nuclear.accumulating` is 1 when the program is actually piling up 60 %
//! material (2025) and 0 when it is not (under the JCPOA, say) — and only
//! while the target enriches at or above the stock's grade
//! (`nuclear.stock_grade_percent`): a deal's agreed enrichment level below it
//! stops production. Under a deal in force the stock above the deal's agreed
//! cap is diluted by `nuclear.downblend_weekly` of the excess each week
//! (M4 sets both terms). Breakout time,
//! the weeks to one significant quantity of weapon-grade uranium, is
//!
//! ```text
//! breakout = (conversion_weeks + max(0, feed_kg − stockpile) / production_kg_weekly) / capacity
//! ```
//!
//! so that with a large 60 % stock it is a week or two (as US officials said
//! in 2024) and a strike that destroys a share of capacity lengthens it;
//! capacity recovers by `nuclear.recovery_weekly` of the loss each week.
//!
//! The weaponization decision has the weekly hazard (`crate::hazard`)
//!
//! ```text
//! logit h = logit h₀ + β_strike·[struck] + β_snapback·[UN sanctions back] + β_npt·[NPT exit]
//!           + β_hostility·H_us + β_deal·[deal] + β_war·[a war has been fought]
//! ```
//!
//! after which a device is ready after `weaponization.weeks_to_device`
//! full-capacity weeks, and tested with `weaponization.test_weekly` per week.
//! Outsiders detect the decision with `weaponization.detection_weekly` per
//! week (it then raises strike hazards, M7). NPT withdrawal (Article X notice)
//! has the weekly hazard `logit h = logit h₀ + β_snapback·[UN sanctions back] + β_strike·[struck]
//! + β_hostility·H_us + β_deal·[deal]` and ends inspector access.

use crate::assume::{Assumptions, Forcing};
use crate::draws::WeekDraws;
use crate::hazard::happens;
use crate::params::ModelParams;
use crate::roles::Slot;
use crate::state::{Event, Observer, RunState, Talks};

/// The stockpile in weapons' worth: kg over `nuclear.feed_kg`, the feed one
/// significant quantity needs. Latency enters the strike decisions (M7) and
/// the deal zone (M4) through it, so that production matters even where the
/// stock is already above one weapon's feed.
pub fn weapons_worth(s: &RunState, p: &ModelParams) -> f64 {
    s.stockpile_kg / p.nuclear.feed_kg.max(1e-9)
}

/// Breakout time in weeks for the current stockpile and capacity.
pub fn breakout_weeks(s: &RunState, p: &ModelParams) -> f64 {
    let n = &p.nuclear;
    let feed_gap = (n.feed_kg - s.stockpile_kg).max(0.0);
    let production = n.production_kg_weekly.max(1e-9);
    (n.conversion_weeks + feed_gap / production) / s.capacity.max(1e-3)
}

/// One week of the program and of the decisions about it.
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    d: &WeekDraws,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    let n = &p.nuclear;
    // Material and capacity: the stock grows while the program enriches to
    // its grade, and a deal in force dilutes it down to the agreed cap.
    if s.enrichment_percent >= n.stock_grade_percent {
        s.stockpile_kg += n.production_kg_weekly * s.capacity * n.accumulating;
    }
    if s.talks.deal() {
        let cap = s.deal_terms.stockpile_kg;
        if s.stockpile_kg > cap {
            s.stockpile_kg = cap + (s.stockpile_kg - cap) * (1.0 - n.downblend_weekly);
        }
        let access = if s.talks == Talks::Comprehensive {
            n.access_comprehensive
        } else {
            n.access_interim
        };
        s.access = s.access.max(access);
    }
    s.capacity += n.recovery_weekly * (1.0 - s.capacity).max(0.0);
    s.breakout_weeks = breakout_weeks(s, p);

    let struck = f64::from(u8::from(s.struck()));
    let reimposed = f64::from(u8::from(s.sanctions_in_force));
    let deal = f64::from(u8::from(s.talks.deal()));

    // NPT withdrawal.
    if !s.npt_withdrawn {
        let x = n.npt_base.logit
            + n.npt_snapback * reimposed
            + n.npt_strike * struck
            + n.npt_hostility * s.coercer_hostility()
            + n.npt_deal * deal;
        if assumptions.forcing(Slot::TreatyWithdrawal, s.week) == Forcing::Force {
            obs.event(s.week, Event::Assumed(Slot::TreatyWithdrawal));
        }
        if assumptions.decide(Slot::TreatyWithdrawal, s.week, happens(d.npt, x)) {
            s.npt_withdrawn = true;
            s.access = 0.0;
            s.record(Slot::TreatyWithdrawal);
            obs.event(s.week, Event::NptWithdrawal);
        }
    }

    // An assumed test needs the decision and a device: if the decision has
    // not come by the test's week it comes in it, and the device is ready in
    // it whatever the build would have taken (`weaponization.weeks_to_device`
    // is 26 to 104 weeks in the shared parameters, so a test assumed within a
    // year could not otherwise happen).
    let test_forced = assumptions.forcing(Slot::NuclearTest, s.week) == Forcing::Force;

    // The weaponization decision and its progress.
    if !s.weaponization_decided {
        let x = n.decide_base.logit
            + n.decide_strike * struck
            + n.decide_snapback * reimposed
            + n.decide_npt * f64::from(u8::from(s.npt_withdrawn))
            + n.decide_hostility * s.coercer_hostility()
            + n.decide_deal * deal
            + n.decide_war * f64::from(u8::from(s.has(Slot::War)));
        let natural = happens(d.decide, x);
        let forced = assumptions.forcing(Slot::WeaponizationDecision, s.week) == Forcing::Force;
        let decided = assumptions.decide(Slot::WeaponizationDecision, s.week, natural);
        // `Assumptions::parse` refuses a decision assumed after the test, so
        // the decision is never held off in the test's week.
        if forced || (test_forced && !decided) {
            obs.event(s.week, Event::Assumed(Slot::WeaponizationDecision));
        }
        if decided || test_forced {
            s.weaponization_decided = true;
            s.record(Slot::WeaponizationDecision);
            obs.event(s.week, Event::WeaponizationDecided);
        }
    } else {
        let was_ready = s.weaponization_progress >= n.weeks_to_device;
        s.weaponization_progress += s.capacity;
        if !was_ready && s.weaponization_progress >= n.weeks_to_device {
            obs.event(s.week, Event::DeviceReady);
        }
        if !s.weaponization_detected && d.detect < n.detection_weekly {
            s.weaponization_detected = true;
            obs.event(s.week, Event::WeaponizationDetected);
        }
    }
    if test_forced && s.weaponization_progress < n.weeks_to_device {
        s.weaponization_progress = n.weeks_to_device;
        obs.event(s.week, Event::DeviceReady);
    }
    let ready = s.weaponization_decided && s.weaponization_progress >= n.weeks_to_device;
    if test_forced {
        obs.event(s.week, Event::Assumed(Slot::NuclearTest));
    }
    if !s.has(Slot::NuclearTest)
        && assumptions.decide(Slot::NuclearTest, s.week, ready && d.test < n.test_weekly)
    {
        s.record(Slot::NuclearTest);
        obs.event(s.week, Event::NuclearTest);
    }
}
