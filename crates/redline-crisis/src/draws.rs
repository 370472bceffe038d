//! The week's random numbers, drawn up front in fixed counts.
//!
//! Each mechanism has its own stream, keyed by (seed, run, mechanism), and
//! draws the same number of values every week whatever the state. So a
//! counterfactual (`--set`, `--assume`, `--compare`) that changes what one
//! mechanism does leaves every other mechanism's numbers untouched: the
//! variants are compared on common random numbers, and a difference between
//! them is the effect of the change, not of reshuffled luck.

use crate::roles::MAX_STRIKERS;
use redline_core::RandomStream;

/// The per-mechanism streams of one run.
pub struct Streams {
    red_lines: RandomStream,
    talks: RandomStream,
    snapback: RandomStream,
    nuclear: RandomStream,
    military: RandomStream,
    reciprocity: RandomStream,
    strategy: RandomStream,
}

/// One week's draws.
#[derive(Clone, Copy, Debug, Default)]
pub struct WeekDraws {
    /// M1: permission transition.
    pub permission: f64,
    /// M1: stance transition.
    pub stance: f64,
    /// M3: opening secret talks.
    pub open: f64,
    /// M4: advancing a rung.
    pub advance: f64,
    /// M4: collapse.
    pub collapse: f64,
    /// M5: E3 trigger.
    pub trigger: f64,
    /// M6: weaponization decision.
    pub decide: f64,
    /// M6: detection of the decision.
    pub detect: f64,
    /// M6: test.
    pub test: f64,
    /// M6: NPT notice.
    pub npt: f64,
    /// M7: each striker's decision (the coercer, then the allies; drawn for
    /// every slot, used or not, so the count per week is fixed).
    pub strike: [f64; MAX_STRIKERS],
    /// M7: retaliation.
    pub retaliation: f64,
    /// M7: an exchange ends.
    pub exchange_end: f64,
    /// M7: each day of an exchange.
    pub exchange_day: [f64; 7],
    /// M7: each striker's raid or campaign.
    pub campaign: [f64; MAX_STRIKERS],
    /// M7: each striker's setback to capacity.
    pub setback: [f64; MAX_STRIKERS],
    /// M7: each striker's loss to the stockpile.
    pub stock_loss: [f64; MAX_STRIKERS],
    /// M7: retaliation's scale.
    pub scale: f64,
    /// M7: the coercer's answer to an ally's strike (join, then defend).
    pub response: [f64; 2],
    /// M7: a war's ceasefire.
    pub ceasefire: f64,
    /// M8: misperception of the counterpart by Iran, of Iran by the counterpart (standard normals).
    pub misperception: [f64; 2],
    /// M8: shocks to Iran's and the counterpart's levels (standard normals).
    pub shock: [f64; 2],
    /// M9: generosity.
    pub strategy: f64,
}

impl Streams {
    /// The streams of run `run` under `seed`.
    pub fn new(seed: u64, run: u64) -> Streams {
        Streams {
            red_lines: RandomStream::new(seed, run, "m1.red_lines"),
            talks: RandomStream::new(seed, run, "m3m4.talks"),
            snapback: RandomStream::new(seed, run, "m5.snapback"),
            nuclear: RandomStream::new(seed, run, "m6.nuclear"),
            military: RandomStream::new(seed, run, "m7.military"),
            reciprocity: RandomStream::new(seed, run, "m8.reciprocity"),
            strategy: RandomStream::new(seed, run, "m9.strategy"),
        }
    }

    /// The draw that sets the leader's private permission on day one.
    pub fn initial_permission(&mut self) -> f64 {
        self.red_lines.uniform()
    }

    /// Fills `d` with the next week's draws.
    pub fn next_week(&mut self, d: &mut WeekDraws) {
        d.permission = self.red_lines.uniform();
        d.stance = self.red_lines.uniform();
        d.open = self.talks.uniform();
        d.advance = self.talks.uniform();
        d.collapse = self.talks.uniform();
        d.trigger = self.snapback.uniform();
        d.decide = self.nuclear.uniform();
        d.detect = self.nuclear.uniform();
        d.test = self.nuclear.uniform();
        d.npt = self.nuclear.uniform();
        for strike in &mut d.strike {
            *strike = self.military.uniform();
        }
        d.retaliation = self.military.uniform();
        d.exchange_end = self.military.uniform();
        for day in &mut d.exchange_day {
            *day = self.military.uniform();
        }
        for i in 0..MAX_STRIKERS {
            d.campaign[i] = self.military.uniform();
            d.setback[i] = self.military.uniform();
            d.stock_loss[i] = self.military.uniform();
        }
        d.scale = self.military.uniform();
        d.response = [self.military.uniform(), self.military.uniform()];
        d.ceasefire = self.military.uniform();
        let (a, b) = self.reciprocity.standard_normal_pair();
        let (c, e) = self.reciprocity.standard_normal_pair();
        d.misperception = [a, b];
        d.shock = [c, e];
        d.strategy = self.strategy.uniform();
    }
}
