//! The outcomes redline forecasts, with the definitions they are scored by.
//!
//! Ids are fixed (JSON, CSV, `--assume` and the outcome records use them);
//! each definition is the checkable event of DESIGN.md's table, so that a
//! forecast and the historical record mean the same thing.

use std::fmt;

/// A tracked outcome of a crisis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Unacknowledged official talks, direct or through a mediator.
    TalksSecret,
    /// Officially acknowledged negotiations on the nuclear file.
    TalksPublic,
    /// A signed or announced interim or framework arrangement (as the JPOA, 2013).
    InterimDeal,
    /// A comprehensive agreement (as the JCPOA, 2015).
    ComprehensiveDeal,
    /// A formal notification of significant non-performance under UNSCR 2231.
    SnapbackTriggered,
    /// The pre-2015 UN sanctions resolutions apply again.
    UnSanctionsReimposed,
    /// Formal notice of withdrawal from the NPT under its Article X.
    NptWithdrawal,
    /// An overt Israeli military strike on Iranian territory.
    IsraeliStrike,
    /// An overt US military strike on Iranian territory.
    UsStrike,
    /// Direct military exchanges on at least 5 days within 30 days.
    War,
    /// The leadership decides to build a nuclear weapon.
    WeaponizationDecision,
    /// A nuclear explosive test.
    NuclearTest,
}

impl Outcome {
    /// Every outcome, in the order tables show them.
    pub const ALL: [Outcome; 12] = [
        Outcome::TalksSecret,
        Outcome::TalksPublic,
        Outcome::InterimDeal,
        Outcome::ComprehensiveDeal,
        Outcome::SnapbackTriggered,
        Outcome::UnSanctionsReimposed,
        Outcome::NptWithdrawal,
        Outcome::IsraeliStrike,
        Outcome::UsStrike,
        Outcome::War,
        Outcome::WeaponizationDecision,
        Outcome::NuclearTest,
    ];

    /// Number of outcomes.
    pub const COUNT: usize = 12;

    /// The outcome's position in [`Outcome::ALL`], for array indexing.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The fixed id (`talks_secret`, …).
    pub fn id(self) -> &'static str {
        match self {
            Outcome::TalksSecret => "talks_secret",
            Outcome::TalksPublic => "talks_public",
            Outcome::InterimDeal => "interim_deal",
            Outcome::ComprehensiveDeal => "comprehensive_deal",
            Outcome::SnapbackTriggered => "snapback_triggered",
            Outcome::UnSanctionsReimposed => "un_sanctions_reimposed",
            Outcome::NptWithdrawal => "npt_withdrawal",
            Outcome::IsraeliStrike => "israeli_strike",
            Outcome::UsStrike => "us_strike",
            Outcome::War => "war",
            Outcome::WeaponizationDecision => "weaponization_decision",
            Outcome::NuclearTest => "nuclear_test",
        }
    }

    /// A short label for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::TalksSecret => "Secret talks",
            Outcome::TalksPublic => "Public talks",
            Outcome::InterimDeal => "Interim deal",
            Outcome::ComprehensiveDeal => "Comprehensive deal",
            Outcome::SnapbackTriggered => "Snapback triggered",
            Outcome::UnSanctionsReimposed => "UN sanctions reimposed",
            Outcome::NptWithdrawal => "NPT withdrawal",
            Outcome::IsraeliStrike => "Israeli strike",
            Outcome::UsStrike => "US strike",
            Outcome::War => "War",
            Outcome::WeaponizationDecision => "Weaponization decision",
            Outcome::NuclearTest => "Nuclear test",
        }
    }

    /// What counts as the outcome happening (DESIGN.md, "Outcome definitions").
    pub fn definition(self) -> &'static str {
        match self {
            Outcome::TalksSecret => {
                "official representatives of Iran and the US talk (directly or through a mediator) without public acknowledgment at the time"
            }
            Outcome::TalksPublic => {
                "officially acknowledged negotiations on the nuclear file between Iran and the US, direct or mediated"
            }
            Outcome::InterimDeal => {
                "a signed or jointly announced interim or framework arrangement that limits the program in exchange for relief (as the Joint Plan of Action of November 2013)"
            }
            Outcome::ComprehensiveDeal => "a comprehensive agreement (as the JCPOA of July 2015)",
            Outcome::SnapbackTriggered => {
                "a JCPOA participant formally notifies the Security Council of significant non-performance under Resolution 2231"
            }
            Outcome::UnSanctionsReimposed => {
                "the pre-2015 UN sanctions resolutions apply again (the 30-day clock runs out with no continuation resolution)"
            }
            Outcome::NptWithdrawal => {
                "Iran gives formal notice of withdrawal from the NPT under its Article X"
            }
            Outcome::IsraeliStrike => {
                "an overt Israeli military strike on Iranian territory (covert sabotage and assassinations do not count)"
            }
            Outcome::UsStrike => "an overt US military strike on Iranian territory",
            Outcome::War => {
                "direct military exchanges between Iran and Israel or the US on at least 5 days within 30 days"
            }
            Outcome::WeaponizationDecision => {
                "Iran's leadership decides to build a nuclear weapon (a model state; in history, as publicly assessed by US intelligence)"
            }
            Outcome::NuclearTest => "a nuclear explosive test",
        }
    }

    /// The outcome with this id.
    pub fn from_id(id: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.id() == id)
    }

    /// All ids, for error messages and "did you mean".
    pub fn ids() -> impl Iterator<Item = &'static str> {
        Outcome::ALL.into_iter().map(Outcome::id)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_index_matches_order() {
        for (i, outcome) in Outcome::ALL.into_iter().enumerate() {
            assert_eq!(Outcome::from_id(outcome.id()), Some(outcome));
            assert_eq!(outcome.index(), i);
        }
        assert_eq!(Outcome::from_id("peace"), None);
    }
}
