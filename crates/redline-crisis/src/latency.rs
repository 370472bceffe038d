//! M6 — nuclear latency: stocks by enrichment level, separative capacity,
//! breakout time, inspections, and the weaponization decision; with the NPT
//! exit it depends on.
//!
//! The target holds three stocks of enriched uranium (kg of uranium, as the
//! IAEA reports them since 2014): 60 % (`initial.stockpile_kg`), 20 %
//! (`initial.stockpile_20_kg`) and low-enriched at `nuclear.leu_grade_percent`
//! (`initial.stockpile_leu_kg`), with natural uranium (0.711 %) unlimited.
//! Each grade g grows by `nuclear.production_<g>_kg_weekly · capacity ·
//! accumulating` a week while the target enriches at or above g (a deal's
//! agreed level below it stops that line; `nuclear.accumulating` is 0 where
//! the program is not piling up material, as under the JCPOA). Under a deal in
//! force the 60 % stock above the deal's cap, and the 20 % stock when the deal
//! allows less than 20 %, are diluted or shipped out at
//! `nuclear.downblend_weekly` of the excess a week (M4 sets the terms).
//!
//! Breakout time, the weeks to one weapon's worth of weapon-grade uranium
//! (`nuclear.weapon_uranium_kg` of 90 %), is the separative work that takes
//! from the stocks over the capacity, plus the cascades' set-up and the last
//! steps (`nuclear.conversion_weeks`):
//!
//! ```text
//! breakout = conversion_weeks + SW / (swu_yearly / 52 · capacity)
//! SW = Σ_g [ P_g V(x_p) + (F_g − P_g) V(x_t) − F_g V(x_g) ],   V(x) = (2x − 1) ln(x / (1 − x))
//! ```
//!
//! where the stocks are fed highest grade first, each feeding
//! `F_g = min(stock_g, P_left (x_p − x_t)/(x_g − x_t))` and yielding
//! `P_g = F_g (x_g − x_t)/(x_p − x_t)` until the product is made, natural
//! uranium last; `x_t` is `nuclear.tails_percent`. V is the value function of
//! separative work (Cohen 1951; Glaser 2006, *Science & Global Security*
//! 14:1). So a 60 % stock above one weapon's feed leaves a week or two (as US
//! officials said in 2024); without it breakout follows the 20 % and
//! low-enriched stocks and the capacity; and a strike that destroys a share of
//! capacity lengthens it, as capacity recovers by `nuclear.recovery_weekly` of
//! the loss each week.
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

/// Grade of the 60 % stock, as a fraction of U-235.
pub const GRADE_60: f64 = 0.60;
/// Grade of the 20 % stock.
pub const GRADE_20: f64 = 0.20;
/// Natural uranium's U-235 fraction.
pub const NATURAL: f64 = 0.00711;
/// Weapon grade, the product breakout makes.
pub const WEAPON_GRADE: f64 = 0.90;

/// The value function of separative work, V(x) = (2x − 1) ln(x / (1 − x)).
pub fn separation_potential(x: f64) -> f64 {
    (2.0 * x - 1.0) * (x / (1.0 - x)).ln()
}

/// The separative work (kg-SWU) that turns `feed` kg at assay `x_f` into
/// `product` kg at `x_p` with tails at `x_t`, from the assays' values
/// `V(x_p)`, `V(x_f)`, `V(x_t)`.
fn separative_work(product: f64, feed: f64, v_p: f64, v_f: f64, v_t: f64) -> f64 {
    product * v_p + (feed - product) * v_t - feed * v_f
}

/// Feed (kg) and separative work (kg-SWU) to make `product` kg at assay
/// `x_p` from feed at `x_f`, leaving tails at `x_t` (fractions of U-235):
/// the mass balance `F = P (x_p − x_t)/(x_f − x_t)` and the work over it.
pub fn feed_and_work(product: f64, x_p: f64, x_f: f64, x_t: f64) -> (f64, f64) {
    let feed = product * (x_p - x_t) / (x_f - x_t);
    let work = separative_work(
        product,
        feed,
        separation_potential(x_p),
        separation_potential(x_f),
        separation_potential(x_t),
    );
    (feed, work)
}

/// The enrichment arithmetic of one run: the product breakout makes, the
/// tails, the low-enriched stock's grade, and their values of separative
/// work, computed once when the parameters are drawn (a run asks for
/// breakout every week).
#[derive(Clone, Copy, Debug, Default)]
pub struct Separation {
    /// Weapon-grade uranium for one weapon, kg.
    pub product_kg: f64,
    /// Tails assay, fraction.
    pub tails: f64,
    /// Low-enriched stock's assay, fraction.
    pub leu_grade: f64,
    values: [f64; 4],
    product_value: f64,
    tails_value: f64,
}

impl Separation {
    /// The arithmetic for `product_kg` of weapon grade at tails `tails_percent`
    /// with a low-enriched stock at `leu_grade_percent`. The parameters'
    /// bounds keep tails below natural uranium's assay and the low-enriched
    /// grade between it and 20 %, so every feed is richer than the tails.
    pub fn new(product_kg: f64, tails_percent: f64, leu_grade_percent: f64) -> Separation {
        let tails = tails_percent / 100.0;
        let leu_grade = leu_grade_percent / 100.0;
        let grades = [GRADE_60, GRADE_20, leu_grade, NATURAL];
        Separation {
            product_kg,
            tails,
            leu_grade,
            values: grades.map(separation_potential),
            product_value: separation_potential(WEAPON_GRADE),
            tails_value: separation_potential(tails),
        }
    }

    /// Separative work (kg-SWU) to make one weapon's worth of weapon-grade
    /// uranium from the stocks `[60 %, 20 %, low-enriched]` (kg), richest
    /// first, topped up from natural uranium.
    pub fn work_to_weapon(&self, stocks: [f64; 3]) -> f64 {
        let grades = [GRADE_60, GRADE_20, self.leu_grade, NATURAL];
        let available = [stocks[0], stocks[1], stocks[2], f64::INFINITY];
        let mut left = self.product_kg;
        let mut work = 0.0;
        for ((x_f, stock), v_f) in grades.into_iter().zip(available).zip(self.values) {
            if left <= 0.0 {
                break;
            }
            if x_f <= self.tails || stock <= 0.0 {
                continue;
            }
            let feed_per_product = (WEAPON_GRADE - self.tails) / (x_f - self.tails);
            let feed = stock.min(left * feed_per_product);
            let product = feed / feed_per_product;
            work += separative_work(product, feed, self.product_value, v_f, self.tails_value);
            left -= product;
        }
        work
    }
}

/// The highly enriched stocks (20 % and 60 %) in weapons' worth: the U-235
/// they hold over `nuclear.significant_quantity_kg`, the IAEA's significant
/// quantity (25 kg of U-235 in uranium enriched to 20 % or more; 42 kg of
/// 60 % is one). Latency enters the strike decisions (M7) and the deal zone
/// (M4) through it, so that production matters even where the 60 % stock
/// already holds more than one weapon's feed.
pub fn weapons_worth(s: &RunState, p: &ModelParams) -> f64 {
    (s.stockpile_kg * GRADE_60 + s.stockpile_20_kg * GRADE_20)
        / p.nuclear.significant_quantity_kg.max(1e-9)
}

/// Breakout time in weeks for the current stocks and capacity.
pub fn breakout_weeks(s: &RunState, p: &ModelParams) -> f64 {
    let n = &p.nuclear;
    let work = n
        .separation
        .work_to_weapon([s.stockpile_kg, s.stockpile_20_kg, s.stockpile_leu_kg]);
    let weekly = (n.separative_capacity_swu_yearly / 52.0 * s.capacity.max(1e-3)).max(1e-9);
    n.conversion_weeks + work / weekly
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
    // Material and capacity: each line grows while the program enriches to
    // its grade, and a deal in force dilutes or ships out what it does not
    // allow.
    let growth = s.capacity * n.accumulating;
    if s.enrichment_percent >= GRADE_60 * 100.0 {
        s.stockpile_kg += n.production_kg_weekly * growth;
    }
    if s.enrichment_percent >= GRADE_20 * 100.0 {
        s.stockpile_20_kg += n.production_20_kg_weekly * growth;
    }
    if s.enrichment_percent >= n.separation.leu_grade * 100.0 {
        s.stockpile_leu_kg += n.production_leu_kg_weekly * growth;
    }
    if s.talks.deal() {
        let cap = s.deal_terms.stockpile_kg;
        if s.stockpile_kg > cap {
            s.stockpile_kg = cap + (s.stockpile_kg - cap) * (1.0 - n.downblend_weekly);
        }
        if s.deal_terms.enrichment_percent < GRADE_20 * 100.0 {
            s.stockpile_20_kg *= 1.0 - n.downblend_weekly;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separative_work_matches_a_published_worked_example() {
        // 1 kg of 3.5 % from natural uranium (0.711 %) with 0.3 % tails:
        // 7.785 kg of feed and 4.34 kg-SWU (worked example, "SWU
        // calculation", nfc.rizgarmella.com, ch. 2; the value function as in
        // Whitley, Rev. Mod. Phys. 56, 41 (1984)).
        let (feed, work) = feed_and_work(1.0, 0.035, NATURAL, 0.003);
        assert!((feed - 7.785).abs() < 0.001, "{feed}");
        assert!((work - 4.34).abs() < 0.01, "{work}");
    }

    #[test]
    fn breakout_work_feeds_the_richest_stock_first_and_tops_up_from_natural() {
        let s = Separation::new(25.0, 0.4, 4.5);
        // Nothing in stock: all from natural uranium.
        let (_, natural) = feed_and_work(25.0, WEAPON_GRADE, NATURAL, 0.004);
        assert!((s.work_to_weapon([0.0; 3]) - natural).abs() < 1e-9);
        // A 60 % stock above one weapon's feed: all from it, far less work.
        let (feed_60, from_60) = feed_and_work(25.0, WEAPON_GRADE, GRADE_60, 0.004);
        assert!((s.work_to_weapon([1000.0, 1000.0, 1000.0]) - from_60).abs() < 1e-9);
        assert!(from_60 < natural / 30.0, "{from_60} against {natural}");
        // Half that feed: half the product from 60 %, the rest from 20 %.
        let (_, half_60) = feed_and_work(12.5, WEAPON_GRADE, GRADE_60, 0.004);
        let (_, half_20) = feed_and_work(12.5, WEAPON_GRADE, GRADE_20, 0.004);
        let mixed = s.work_to_weapon([feed_60 / 2.0, 1000.0, 0.0]);
        assert!((mixed - (half_60 + half_20)).abs() < 1e-9, "{mixed}");
        // Every stock shortens it, richest most.
        let base = s.work_to_weapon([0.0, 0.0, 100.0]);
        assert!(s.work_to_weapon([0.0, 0.0, 200.0]) < base);
        assert!(s.work_to_weapon([0.0, 20.0, 100.0]) < s.work_to_weapon([0.0, 0.0, 120.0]));
        assert!(s.work_to_weapon([20.0, 0.0, 100.0]) < s.work_to_weapon([0.0, 20.0, 100.0]));
    }
}
