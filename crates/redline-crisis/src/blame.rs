//! M2 — plausible deniability and the blame ledger.
//!
//! "He can allow negotiations to proceed while publicly disavowing them,
//! ensuring that if things go wrong, responsibility falls elsewhere"; when
//! the JCPOA failed in 2018 "responsibility for the deal's failure fell on
//! Rouhani and his negotiators rather than on himself" (founding analysis).
//! This is the mirror image of Fearon's (1994) audience costs: a leader who
//! has *not* committed in public pays little for a failure.
//!
//! When talks collapse, a cost `κ` (`blame.collapse_cost`) is shared. The
//! leader's share is `1 − deniability` under a public rejection,
//! `blame.ambiguous_leader_share` under an ambiguous stance, and 1 if he
//! endorsed the talks:
//!
//! ```text
//! negotiator capital −= κ · (1 − leader share)
//! leader standing    −= κ · leader share
//! leader standing    += γ_vindication · deniability        (under a public rejection only)
//! ```
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
    let leader_share = match s.stance {
        Stance::Reject => 1.0 - p.red_lines.deniability,
        Stance::Ambiguous => b.ambiguous_leader_share,
        Stance::Endorse => 1.0,
    };
    let negotiator_loss = b.collapse_cost * (1.0 - leader_share);
    let vindication = if s.stance == Stance::Reject { b.vindication_gain * p.red_lines.deniability } else { 0.0 };
    let leader_change = vindication - b.collapse_cost * leader_share;
    s.negotiator_capital = (s.negotiator_capital - negotiator_loss).clamp(0.0, 1.0);
    s.leader_standing = (s.leader_standing + leader_change).clamp(0.0, 1.0);
    obs.event(s.week, Event::TalksCollapsed { stance: s.stance, negotiator_loss, leader_change });
}

/// Credits a deal.
pub fn deal<O: Observer>(s: &mut RunState, p: &ModelParams, obs: &mut O) {
    s.negotiator_capital = (s.negotiator_capital + p.blame.deal_credit_negotiator).clamp(0.0, 1.0);
    s.leader_standing = (s.leader_standing + p.blame.deal_credit_leader).clamp(0.0, 1.0);
    obs.event(s.week, Event::DealCredit);
}

/// Weekly recovery of the negotiator's capital toward its starting level.
pub fn recover(s: &mut RunState, p: &ModelParams) {
    s.negotiator_capital += p.blame.capital_recovery_weekly * (p.initial.negotiator_capital - s.negotiator_capital);
}
