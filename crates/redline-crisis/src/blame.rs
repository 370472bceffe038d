//! M2 — plausible deniability and the blame ledger.
//!
//! "He can allow negotiations to proceed while publicly disavowing them,
//! ensuring that if things go wrong, responsibility falls elsewhere"; when
//! the JCPOA failed in 2018 "responsibility for the deal's failure fell on
//! Rouhani and his negotiators rather than on himself" (founding analysis).
//! This is the mirror image of Fearon's (1994) audience costs: a leader who
//! has *not* committed in public pays little for a failure.
//!
//! When talks collapse, a cost `κ` (`blame.collapse_cost`) falls on
//! whoever is seen to own them. Under the leader's public rejection it falls
//! on the negotiator alone, and the leader, who "always opposed it", gains
//! standing in proportion to how credibly he can disown the talks; under an
//! ambiguous stance it is shared; once he has endorsed the talks it is his:
//!
//! ```text
//!                      negotiator capital        leader standing
//! stance = reject      −κ                        +γ_vindication · deniability
//! stance = ambiguous   −κ · (1 − s)              −κ · s          (s = blame.ambiguous_leader_share)
//! stance = endorse      0                        −κ
//! ```
//!
//! Deniability also prices the leader's decision to allow talks in the first
//! place (M1): the less he can disown them, the more a private permission
//! under public rejection exposes him.
//!
//! A deal's **breakdown** (M4) costs `κ_b` (`blame.breakdown_cost`), shared by
//! the same table: the JCPOA's end in 2018 is the founding analysis's case —
//! the leader had kept his distance, so "responsibility for the deal's
//! failure fell on Rouhani and his negotiators rather than on himself".
//!
//! A deal credits both (`blame.deal_credit_*`): "if talks succeed, he still
//! benefits". Capital drifts back toward its starting level by
//! `blame.capital_recovery_weekly` of the gap each week, and below
//! `blame.min_capital` the negotiator cannot open or advance talks.
//!
//! **Blame changes later decisions** through the capital it takes: the
//! negotiator's capital K is a covariate of opening talks (M3) and of every
//! rung of the ladder (`talks.advance_capital · (K − K_ref)`, M4) — a
//! negotiator blamed for a failure cannot sell the next concession at home
//! (Putnam 1988 on the chief negotiator's domestic standing; Rouhani after
//! 2018) — and the leader's standing is a covariate of his permission (M1).

use crate::params::{ModelParams, Stance};
use crate::state::{Event, Observer, RunState, Talks};

/// Who pays a cost `cost` of failed talks or of a failed deal, by the
/// leader's public stance: (the negotiator's loss, the change in the
/// leader's standing).
pub fn shares(stance: Stance, cost: f64, p: &ModelParams) -> (f64, f64) {
    let b = &p.blame;
    match stance {
        Stance::Reject => (cost, b.vindication_gain * p.red_lines.deniability),
        Stance::Ambiguous => {
            let share = b.ambiguous_leader_share;
            (cost * (1.0 - share), -cost * share)
        }
        Stance::Endorse => (0.0, -cost),
    }
}

/// Charges the negotiator and the leader; returns what each lost or gained.
fn charge(s: &mut RunState, p: &ModelParams, cost: f64) -> (f64, f64) {
    let (negotiator_loss, leader_change) = shares(s.stance, cost, p);
    s.negotiator_capital = (s.negotiator_capital - negotiator_loss).clamp(0.0, 1.0);
    s.leader_standing = (s.leader_standing + leader_change).clamp(0.0, 1.0);
    (negotiator_loss, leader_change)
}

/// Applies the blame for a collapse of talks this week.
pub fn collapse<O: Observer>(s: &mut RunState, p: &ModelParams, obs: &mut O) {
    let (negotiator_loss, leader_change) = charge(s, p, p.blame.collapse_cost);
    obs.event(
        s.week,
        Event::TalksCollapsed {
            stance: s.stance,
            negotiator_loss,
            leader_change,
        },
    );
}

/// Applies the blame for the breakdown of the deal `deal` this week.
pub fn breakdown<O: Observer>(s: &mut RunState, p: &ModelParams, deal: Talks, obs: &mut O) {
    let (negotiator_loss, leader_change) = charge(s, p, p.blame.breakdown_cost);
    obs.event(
        s.week,
        Event::DealBrokeDown {
            deal,
            stance: s.stance,
            negotiator_loss,
            leader_change,
        },
    );
}

/// Credits a deal.
pub fn deal<O: Observer>(s: &mut RunState, p: &ModelParams, obs: &mut O) {
    s.negotiator_capital = (s.negotiator_capital + p.blame.deal_credit_negotiator).clamp(0.0, 1.0);
    s.leader_standing = (s.leader_standing + p.blame.deal_credit_leader).clamp(0.0, 1.0);
    obs.event(s.week, Event::DealCredit);
}

/// Weekly recovery of the negotiator's capital toward its starting level.
pub fn recover(s: &mut RunState, p: &ModelParams) {
    s.negotiator_capital +=
        p.blame.capital_recovery_weekly * (p.initial.negotiator_capital - s.negotiator_capital);
}
