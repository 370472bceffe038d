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
//! A deal credits both (`blame.deal_credit_*`): "if talks succeed, he still
//! benefits". Capital drifts back toward its starting level by
//! `blame.capital_recovery_weekly` of the gap each week, and below
//! `blame.min_capital` the negotiator cannot open or advance talks.

use crate::params::{ModelParams, Stance};
use crate::state::{Event, Observer, RunState};

/// Applies the blame for a collapse of talks this week.
pub fn collapse<O: Observer>(s: &mut RunState, p: &ModelParams, obs: &mut O) {
    let b = &p.blame;
    let (negotiator_loss, leader_change) = match s.stance {
        Stance::Reject => (
            b.collapse_cost,
            b.vindication_gain * p.red_lines.deniability,
        ),
        Stance::Ambiguous => {
            let share = b.ambiguous_leader_share;
            (b.collapse_cost * (1.0 - share), -b.collapse_cost * share)
        }
        Stance::Endorse => (0.0, -b.collapse_cost),
    };
    s.negotiator_capital = (s.negotiator_capital - negotiator_loss).clamp(0.0, 1.0);
    s.leader_standing = (s.leader_standing + leader_change).clamp(0.0, 1.0);
    obs.event(
        s.week,
        Event::TalksCollapsed {
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
