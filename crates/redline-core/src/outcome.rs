//! The outcomes redline forecasts, with the definitions they are scored by.
//!
//! An outcome is a generic [`Kind`] of event (talks, a deal, sanctions, a
//! strike, war, a test) instantiated in a scenario, for strikes once per
//! striking actor. A scenario names its outcomes (the Iran cases keep the
//! twelve ids their outputs and records have always used: `talks_secret` …
//! `nuclear_test`) or takes the names [`Kind::default_id`] gives; every
//! definition is the checkable event of DESIGN.md's table, so that a forecast
//! and the historical record mean the same thing.

use std::fmt;

/// A generic kind of crisis outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Unacknowledged official talks, direct or through a mediator.
    TalksSecret,
    /// Officially acknowledged negotiations, direct or mediated.
    TalksPublic,
    /// A signed or announced interim or framework arrangement.
    InterimDeal,
    /// A comprehensive agreement.
    ComprehensiveDeal,
    /// A guarantor formally starts the sanctions route (as a snapback notification).
    SanctionsTriggered,
    /// The guarantors' sanctions apply (again).
    SanctionsReimposed,
    /// The target gives formal notice of withdrawal from its treaty.
    TreatyWithdrawal,
    /// An overt military strike on the target by a named actor.
    Strike,
    /// Direct military exchanges on at least 5 days within 30 days.
    War,
    /// The target's leadership decides to build a nuclear weapon.
    WeaponizationDecision,
    /// A nuclear explosive test.
    NuclearTest,
}

impl Kind {
    /// Every kind, in the order tables show them by default.
    pub const ALL: [Kind; 11] = [
        Kind::TalksSecret,
        Kind::TalksPublic,
        Kind::InterimDeal,
        Kind::ComprehensiveDeal,
        Kind::SanctionsTriggered,
        Kind::SanctionsReimposed,
        Kind::TreatyWithdrawal,
        Kind::Strike,
        Kind::War,
        Kind::WeaponizationDecision,
        Kind::NuclearTest,
    ];

    /// The kind's name in scenario files (`kind = "strike"`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::TalksSecret => "talks_secret",
            Kind::TalksPublic => "talks_public",
            Kind::InterimDeal => "interim_deal",
            Kind::ComprehensiveDeal => "comprehensive_deal",
            Kind::SanctionsTriggered => "sanctions_triggered",
            Kind::SanctionsReimposed => "sanctions_reimposed",
            Kind::TreatyWithdrawal => "treaty_withdrawal",
            Kind::Strike => "strike",
            Kind::War => "war",
            Kind::WeaponizationDecision => "weaponization_decision",
            Kind::NuclearTest => "nuclear_test",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Every name, for messages and "did you mean".
    pub fn names() -> impl Iterator<Item = &'static str> {
        Kind::ALL.into_iter().map(Kind::name)
    }

    /// True for the kinds that belong to one actor (a strike by whom).
    pub fn needs_actor(self) -> bool {
        self == Kind::Strike
    }

    /// The id an outcome of this kind takes when the scenario names none:
    /// the kind's name, and for a strike `strike_<actor>`.
    pub fn default_id(self, actor: Option<&str>) -> String {
        match (self, actor) {
            (Kind::Strike, Some(actor)) => format!("strike_{actor}"),
            _ => self.name().to_string(),
        }
    }
}

/// The names a definition is written with: the scenario's actors.
#[derive(Clone, Copy, Debug)]
pub struct Names<'a> {
    /// The target state ("Iran").
    pub target: &'a str,
    /// The coercer ("the United States").
    pub coercer: &'a str,
    /// The actor of a strike ("Israel"), when the kind has one.
    pub actor: Option<&'a str>,
    /// The guarantors, joined ("the E3").
    pub guarantors: &'a str,
    /// The target's treaty ("the NPT").
    pub treaty: &'a str,
}

impl Kind {
    /// A short label for tables and charts, when the scenario gives none.
    pub fn default_label(self, names: &Names<'_>) -> String {
        match self {
            Kind::TalksSecret => "Secret talks".into(),
            Kind::TalksPublic => "Public talks".into(),
            Kind::InterimDeal => "Interim deal".into(),
            Kind::ComprehensiveDeal => "Comprehensive deal".into(),
            Kind::SanctionsTriggered => "Sanctions triggered".into(),
            Kind::SanctionsReimposed => "Sanctions imposed".into(),
            Kind::TreatyWithdrawal => format!("{} withdrawal", names.treaty),
            Kind::Strike => format!("Strike by {}", names.actor.unwrap_or("?")),
            Kind::War => "War".into(),
            Kind::WeaponizationDecision => "Weaponization decision".into(),
            Kind::NuclearTest => "Nuclear test".into(),
        }
    }

    /// What counts as the outcome happening, when the scenario gives no
    /// definition of its own.
    pub fn default_definition(self, n: &Names<'_>) -> String {
        let (t, c) = (n.target, n.coercer);
        match self {
            Kind::TalksSecret => format!(
                "official representatives of {t} and {c} talk (directly or through a mediator) without public acknowledgment at the time"
            ),
            Kind::TalksPublic => format!(
                "officially acknowledged negotiations on the nuclear file between {t} and {c}, direct or mediated"
            ),
            Kind::InterimDeal => format!(
                "a signed or jointly announced interim or framework arrangement between {t} and {c} that limits the program in exchange for relief"
            ),
            Kind::ComprehensiveDeal => {
                format!("a comprehensive agreement between {t} and {c} on the nuclear file")
            }
            Kind::SanctionsTriggered => format!(
                "{} formally start the sanctions route against {t} (a notification, or a sanctions resolution tabled)",
                n.guarantors
            ),
            Kind::SanctionsReimposed => format!(
                "sanctions of {} against {t} take effect (imposed anew or restored)",
                n.guarantors
            ),
            Kind::TreatyWithdrawal => {
                format!("{t} gives formal notice of withdrawal from {}", n.treaty)
            }
            Kind::Strike => format!(
                "an overt military strike by {} on {t}'s territory (covert sabotage and assassinations do not count)",
                n.actor.unwrap_or("?")
            ),
            Kind::War => format!(
                "direct military exchanges between {t} and a striking state on at least 5 days within 30 days"
            ),
            Kind::WeaponizationDecision => format!(
                "{t}'s leadership decides to build a nuclear weapon (a model state; in history, as publicly assessed by intelligence services)"
            ),
            Kind::NuclearTest => format!("a nuclear explosive test by {t}"),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One outcome of a scenario: a kind, for whom, and its names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Outcome {
    /// The id outputs, records and `--assume` use (`israeli_strike`).
    pub id: String,
    /// A short label for tables and charts ("Israeli strike").
    pub label: String,
    /// What counts as it happening.
    pub definition: String,
    /// Its generic kind.
    pub kind: Kind,
    /// The actor id, for kinds that have one (the striker).
    pub actor: Option<String>,
}

impl Outcome {
    /// The fixed id (`talks_secret`, …).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The short label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The definition.
    pub fn definition(&self) -> &str {
        &self.definition
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("peace"), None);
    }

    #[test]
    fn strikes_are_named_by_actor() {
        assert_eq!(Kind::Strike.default_id(Some("us")), "strike_us");
        assert_eq!(Kind::War.default_id(None), "war");
        let names = Names {
            target: "North Korea",
            coercer: "the United States",
            actor: Some("the United States"),
            guarantors: "the UN Security Council",
            treaty: "the NPT",
        };
        assert!(
            Kind::Strike
                .default_definition(&names)
                .contains("by the United States on North Korea's territory")
        );
    }
}
