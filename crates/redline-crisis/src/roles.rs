//! Roles, not countries: who plays each part of the crisis model, and the
//! outcomes a scenario forecasts.
//!
//! A scenario declares actors by id, each with a [`Role`]: one **target**
//! (the state whose red lines the model follows: its leader's stance and
//! permission, its negotiator's capital, its programme), one **coercer** (the
//! principal counterpart, with a strategy and a strike decision), up to
//! [`MAX_ALLIES`] **allies** of the coercer (each with a strike decision of
//! its own), **guarantors** (holders of the sanctions route, M5) and
//! **mediators** (the back channel, M3). The mechanisms read the roles, never
//! a country: a strike is "by striker *i*", parameters are keyed by actor id
//! (`actors.israel.strike.base_annual`), and each outcome is a generic
//! [`Kind`] instantiated per actor, named as the scenario names it.

use crate::params::Settings;
use crate::state::InitialWeaponization;
use redline_core::input_error::did_you_mean;
use redline_core::outcome::{Kind, Names};
use redline_core::scenario::OutcomeDecl;
use redline_core::{Actor, InputError, Outcome, Role, Scenario};

/// The most allies of the coercer a scenario may declare.
pub const MAX_ALLIES: usize = 3;

/// The most strikers: the coercer and its allies.
pub const MAX_STRIKERS: usize = 1 + MAX_ALLIES;

/// The coefficients of one striker's decision, in read order after its base
/// rate (`actors.<id>.strike.<name>`; docs/MODEL.md, M7).
pub const STRIKE_COEFFICIENTS: [&str; 13] = [
    "breakout",
    "weaponization",
    "hostility",
    "talks",
    "deal",
    "other_struck",
    "failed_talks",
    "deal_in_reach",
    "defences",
    "partners",
    "green_light",
    "lapsed_deadline",
    "stockpile",
];

/// The coefficients only an ally has: the coercer's answer to an ally's
/// strike is a decision of its own ([`RESPONSE_PARAMETERS`]), and it neither
/// spoils its own deal nor gives itself a green light.
pub const ALLY_ONLY: [&str; 3] = ["other_struck", "deal_in_reach", "green_light"];

/// The parameters of the coercer's answer to an ally's strike
/// (`actors.<coercer>.response.<name>`; docs/MODEL.md, M7): join, defend
/// or stand aside.
pub const RESPONSE_PARAMETERS: [&str; 8] = [
    "join_base",
    "join_hostility",
    "join_failed_talks",
    "join_talks",
    "join_retaliation",
    "defend_base",
    "defend_retaliation",
    "defend_fire",
];

/// Where a run records an outcome: a fixed slot per kind, and one per
/// striker, so the weekly step indexes an array and allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// Secret talks.
    TalksSecret,
    /// Public talks.
    TalksPublic,
    /// An interim deal.
    InterimDeal,
    /// A comprehensive deal.
    ComprehensiveDeal,
    /// The guarantors' sanctions route started.
    SanctionsTriggered,
    /// The guarantors' sanctions apply.
    SanctionsReimposed,
    /// The target's treaty withdrawal.
    TreatyWithdrawal,
    /// War.
    War,
    /// The weaponization decision.
    WeaponizationDecision,
    /// A nuclear test.
    NuclearTest,
    /// A strike by striker `i` (0: the coercer, then the allies in file order).
    Strike(u8),
}

impl Slot {
    /// Number of slots.
    pub const COUNT: usize = 10 + MAX_STRIKERS;

    /// The slot's index in a run's record.
    #[inline]
    pub fn index(self) -> usize {
        match self {
            Slot::TalksSecret => 0,
            Slot::TalksPublic => 1,
            Slot::InterimDeal => 2,
            Slot::ComprehensiveDeal => 3,
            Slot::SanctionsTriggered => 4,
            Slot::SanctionsReimposed => 5,
            Slot::TreatyWithdrawal => 6,
            Slot::War => 7,
            Slot::WeaponizationDecision => 8,
            Slot::NuclearTest => 9,
            Slot::Strike(i) => 10 + usize::from(i),
        }
    }

    /// The outcome family the slot belongs to across cases and dyads: the
    /// kind's name, with strikes split into the coercer's and an ally's
    /// (what the backtest's base rates and per-family scores group by).
    pub fn family(self) -> &'static str {
        match self {
            Slot::TalksSecret => Kind::TalksSecret.name(),
            Slot::TalksPublic => Kind::TalksPublic.name(),
            Slot::InterimDeal => Kind::InterimDeal.name(),
            Slot::ComprehensiveDeal => Kind::ComprehensiveDeal.name(),
            Slot::SanctionsTriggered => Kind::SanctionsTriggered.name(),
            Slot::SanctionsReimposed => Kind::SanctionsReimposed.name(),
            Slot::TreatyWithdrawal => Kind::TreatyWithdrawal.name(),
            Slot::War => Kind::War.name(),
            Slot::WeaponizationDecision => Kind::WeaponizationDecision.name(),
            Slot::NuclearTest => Kind::NuclearTest.name(),
            Slot::Strike(0) => "strike_by_coercer",
            Slot::Strike(_) => "strike_by_ally",
        }
    }

    /// The slot of a kind (for a strike, of striker `striker`).
    pub fn of(kind: Kind, striker: usize) -> Slot {
        match kind {
            Kind::TalksSecret => Slot::TalksSecret,
            Kind::TalksPublic => Slot::TalksPublic,
            Kind::InterimDeal => Slot::InterimDeal,
            Kind::ComprehensiveDeal => Slot::ComprehensiveDeal,
            Kind::SanctionsTriggered => Slot::SanctionsTriggered,
            Kind::SanctionsReimposed => Slot::SanctionsReimposed,
            Kind::TreatyWithdrawal => Slot::TreatyWithdrawal,
            Kind::Strike => Slot::Strike(u8::try_from(striker).unwrap_or(0)),
            Kind::War => Slot::War,
            Kind::WeaponizationDecision => Slot::WeaponizationDecision,
            Kind::NuclearTest => Slot::NuclearTest,
        }
    }
}

/// One striker: the coercer or an ally, with the keys of its decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Striker {
    /// The actor.
    pub actor: Actor,
    /// `actors.<id>.strike.base_annual`.
    pub base_key: String,
    /// `actors.<id>.strike.<coefficient>`, in [`STRIKE_COEFFICIENTS`] order
    /// (`None` for an ally's coefficient on the coercer).
    pub coefficient_keys: [Option<String>; STRIKE_COEFFICIENTS.len()],
}

impl Striker {
    fn new(actor: &Actor, coercer: bool) -> Striker {
        let key = |name: &str| format!("actors.{}.strike.{name}", actor.id);
        Striker {
            actor: actor.clone(),
            base_key: key("base_annual"),
            coefficient_keys: STRIKE_COEFFICIENTS
                .map(|name| (!(coercer && ALLY_ONLY.contains(&name))).then(|| key(name))),
        }
    }
}

/// The scenario's actors resolved into the model's roles.
#[derive(Clone, Debug, PartialEq)]
pub struct Roles {
    /// The target state.
    pub target: Actor,
    /// The coercer.
    pub coercer: Actor,
    /// The coercer's allies, in file order.
    pub allies: Vec<Actor>,
    /// The holders of the sanctions route.
    pub guarantors: Vec<Actor>,
    /// The back channels.
    pub mediators: Vec<Actor>,
    /// The strikers: the coercer first, then the allies.
    pub strikers: Vec<Striker>,
}

impl Roles {
    /// Resolves the scenario's actors: exactly one target and one coercer,
    /// at most [`MAX_ALLIES`] allies.
    pub fn read(scenario: &Scenario) -> Result<Roles, InputError> {
        let of = |role: Role| -> Vec<&Actor> {
            scenario.actors.iter().filter(|a| a.role == role).collect()
        };
        let one = |role: Role, what: &str| -> Result<Actor, InputError> {
            let actors = of(role);
            match actors.as_slice() {
                [actor] => Ok((*actor).clone()),
                [] => Err(scenario
                    .error("actors", format!("no actor has the role `{}`", role.name()))
                    .hint(format!(
                        "every scenario has one {what}: `[actors.<id>]` with `role = \"{}\"`",
                        role.name()
                    ))),
                [_, second, ..] => Err(scenario.error_at(
                    second.loc,
                    &format!("actors.{}.role", second.id),
                    format!("a second `{}`: the model follows one {what}", role.name()),
                )),
            }
        };
        let target = one(Role::Target, "target state")?;
        let coercer = one(Role::Coercer, "coercer")?;
        let allies: Vec<Actor> = of(Role::Ally).into_iter().cloned().collect();
        if let Some(extra) = allies.get(MAX_ALLIES) {
            return Err(scenario.error_at(
                extra.loc,
                &format!("actors.{}.role", extra.id),
                format!("more than {MAX_ALLIES} allies: the model follows at most {MAX_ALLIES} strike decisions besides the coercer's"),
            ));
        }
        let strikers = std::iter::once(Striker::new(&coercer, true))
            .chain(allies.iter().map(|a| Striker::new(a, false)))
            .collect();
        Ok(Roles {
            guarantors: of(Role::Guarantor).into_iter().cloned().collect(),
            mediators: of(Role::Mediator).into_iter().cloned().collect(),
            target,
            coercer,
            allies,
            strikers,
        })
    }

    /// The striker whose actor id is `id`.
    pub fn striker(&self, id: &str) -> Option<usize> {
        self.strikers.iter().position(|s| s.actor.id == id)
    }

    fn guarantor_names(&self) -> String {
        match self.guarantors.as_slice() {
            [] => "the guarantors".to_string(),
            [one] => one.name.clone(),
            many => many
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

/// The outcomes a scenario forecasts, in the order its outputs show them.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcomes {
    list: Vec<(Outcome, Slot)>,
}

impl Outcomes {
    /// The scenario's declared outcomes, or the model's own for its roles:
    /// talks and deals; the sanctions route when there are guarantors and it
    /// is enabled; the treaty exit when the target has a treaty it has not
    /// left; a strike per striker; war; the weaponization decision unless it
    /// is already taken; a test.
    pub fn read(
        scenario: &Scenario,
        roles: &Roles,
        settings: &Settings,
    ) -> Result<Outcomes, InputError> {
        let treaty = roles.target.treaty.clone();
        let guarantors = roles.guarantor_names();
        fn names<'a>(
            roles: &'a Roles,
            guarantors: &'a str,
            treaty: Option<&'a str>,
            actor: Option<&'a str>,
        ) -> Names<'a> {
            Names {
                target: &roles.target.name,
                coercer: &roles.coercer.name,
                actor,
                guarantors,
                treaty: treaty.unwrap_or("its treaty"),
            }
        }
        let mut list = Vec::new();
        if scenario.outcomes.is_empty() {
            let mut kinds = vec![
                (Kind::TalksSecret, None),
                (Kind::TalksPublic, None),
                (Kind::InterimDeal, None),
                (Kind::ComprehensiveDeal, None),
            ];
            if settings.snapback_enabled && !roles.guarantors.is_empty() {
                kinds.push((Kind::SanctionsTriggered, None));
                kinds.push((Kind::SanctionsReimposed, None));
            }
            if treaty.is_some() && !settings.treaty_withdrawn {
                kinds.push((Kind::TreatyWithdrawal, None));
            }
            kinds.extend((0..roles.strikers.len()).map(|i| (Kind::Strike, Some(i))));
            kinds.push((Kind::War, None));
            if settings.initial_weaponization == InitialWeaponization::None {
                kinds.push((Kind::WeaponizationDecision, None));
            }
            kinds.push((Kind::NuclearTest, None));
            for (kind, striker) in kinds {
                let actor = striker.map(|i| &roles.strikers[i].actor);
                let n = names(
                    roles,
                    &guarantors,
                    treaty.as_deref(),
                    actor.map(|a| a.name.as_str()),
                );
                list.push((
                    Outcome {
                        id: kind.default_id(actor.map(|a| a.id.as_str())),
                        label: kind.default_label(&n),
                        definition: kind.default_definition(&n),
                        kind,
                        actor: actor.map(|a| a.id.clone()),
                    },
                    Slot::of(kind, striker.unwrap_or(0)),
                ));
            }
        } else {
            for decl in &scenario.outcomes {
                let striker = match &decl.actor {
                    Some(id) => Some(Self::striker_of(scenario, roles, decl, id)?),
                    None => None,
                };
                Self::check_applicable(scenario, roles, settings, decl)?;
                let actor = striker.map(|i| &roles.strikers[i].actor);
                let n = names(
                    roles,
                    &guarantors,
                    treaty.as_deref(),
                    actor.map(|a| a.name.as_str()),
                );
                list.push((
                    Outcome {
                        id: decl.id.clone(),
                        label: decl
                            .label
                            .clone()
                            .unwrap_or_else(|| decl.kind.default_label(&n)),
                        definition: decl
                            .definition
                            .clone()
                            .unwrap_or_else(|| decl.kind.default_definition(&n)),
                        kind: decl.kind,
                        actor: decl.actor.clone(),
                    },
                    Slot::of(decl.kind, striker.unwrap_or(0)),
                ));
            }
        }
        Ok(Outcomes { list })
    }

    fn striker_of(
        scenario: &Scenario,
        roles: &Roles,
        decl: &OutcomeDecl,
        id: &str,
    ) -> Result<usize, InputError> {
        roles.striker(id).ok_or_else(|| {
            let ids: Vec<&str> = roles.strikers.iter().map(|s| s.actor.id.as_str()).collect();
            let error = scenario.error_at(
                decl.loc,
                &format!("outcomes.{}.actor", decl.id),
                format!("`{id}` is not a striker (the coercer or an ally)"),
            );
            match did_you_mean(id, ids.iter().copied()) {
                Some(near) => error.hint(format!("did you mean `{near}`?")),
                None => error.hint(format!("the strikers are: {}", ids.join(", "))),
            }
        })
    }

    fn check_applicable(
        scenario: &Scenario,
        roles: &Roles,
        settings: &Settings,
        decl: &OutcomeDecl,
    ) -> Result<(), InputError> {
        let problem = match decl.kind {
            Kind::TreatyWithdrawal if roles.target.treaty.is_none() => {
                Some("needs the target's `treaty`")
            }
            Kind::TreatyWithdrawal if settings.treaty_withdrawn => Some(
                "cannot happen: the target has already left its treaty (`initial.treaty_withdrawn`)",
            ),
            Kind::WeaponizationDecision
                if settings.initial_weaponization != InitialWeaponization::None =>
            {
                Some("cannot happen: the decision is already taken (`initial.weaponization`)")
            }
            _ => None,
        };
        match problem {
            Some(why) => Err(scenario.error_at(
                decl.loc,
                &format!("outcomes.{}", decl.id),
                format!("a `{}` outcome {why}", decl.kind),
            )),
            None => Ok(()),
        }
    }

    /// The outcomes with their slots, in display order.
    pub fn iter(&self) -> impl Iterator<Item = (&Outcome, Slot)> {
        self.list.iter().map(|(o, s)| (o, *s))
    }

    /// The outcomes, in display order.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.list.iter().map(|(o, _)| o)
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The outcome with this id, with its slot.
    pub fn by_id(&self, id: &str) -> Option<(&Outcome, Slot)> {
        self.iter().find(|(o, _)| o.id == id)
    }

    /// The outcome recorded in `slot`, if the scenario forecasts it.
    pub fn by_slot(&self, slot: Slot) -> Option<&Outcome> {
        self.iter().find(|(_, s)| *s == slot).map(|(o, _)| o)
    }

    /// Every id, for messages.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|(o, _)| o.id.as_str())
    }
}
