//! One run's story, week by week.
//!
//! A [`TracedWeek`] holds the state at the *end* of its week and the events of
//! the week in the order they happened. An event's own figures are taken when
//! it happens (a strike's breakout time right after the strike); the rest of
//! the week (enrichment, recovery of political capital) can move them before
//! the week ends. [`TracedWeek::narrative`] tells both, so that a sentence and
//! its week's row never seem to disagree.

use crate::params::{RedLineScope, Stance};
use crate::roles::Slot;
use crate::state::{
    Context, DealTerms, Event, Format, Observer, Permission, Response, RunState, Snapback, Talks,
};
use crate::strategy::Cause;
use crate::{CrisisModel, Strategy};
use redline_core::{Date, Outcome};

/// The state at the end of one week, and what happened in it.
#[derive(Clone, Debug)]
pub struct TracedWeek {
    /// Week index.
    pub week: usize,
    /// The date the week starts.
    pub date: Date,
    /// Public stance.
    pub stance: Stance,
    /// Private permission.
    pub permission: Permission,
    /// Talks rung.
    pub talks: Talks,
    /// The format talks are held in; `None` without talks.
    pub format: Option<Format>,
    /// Negotiator's capital.
    pub negotiator_capital: f64,
    /// Leader's standing.
    pub leader_standing: f64,
    /// Relief leverage.
    pub relief_leverage: f64,
    /// Economic pressure.
    pub econ_pressure: f64,
    /// Snapback process.
    pub snapback: Snapback,
    /// Breakout time, weeks.
    pub breakout_weeks: f64,
    /// 60 % stock, kg of uranium.
    pub stockpile_kg: f64,
    /// 20 % stock, kg of uranium.
    pub stockpile_20_kg: f64,
    /// Low-enriched stock, kg of uranium.
    pub stockpile_leu_kg: f64,
    /// IAEA access, 0–1.
    pub iaea_access: f64,
    /// Iran → US Goldstein weekly mean (−10 hostile … +10 cooperative).
    pub goldstein_target_to_coercer: f64,
    /// US → Iran Goldstein weekly mean.
    pub goldstein_coercer_to_target: f64,
    /// The deal zone overlaps on every dimension (a comprehensive deal is possible).
    pub deal_zone_overlaps: bool,
    /// Highest enrichment level the target produces at, % U-235.
    pub enrichment_percent: f64,
    /// The terms of the deal in force, if any.
    pub deal_terms: Option<DealTerms>,
    /// Events of the week.
    pub events: Vec<Event>,
}

/// Records a run for [`TracedWeek`]s.
pub struct TraceRecorder {
    as_of: Date,
    step_days: i32,
    pending: Vec<Event>,
    /// The weeks recorded so far.
    pub weeks: Vec<TracedWeek>,
}

impl TraceRecorder {
    /// A recorder for a scenario starting on `as_of` with steps of `step_days`.
    pub fn new(as_of: Date, step_days: i32) -> TraceRecorder {
        TraceRecorder {
            as_of,
            step_days,
            pending: Vec::new(),
            weeks: Vec::new(),
        }
    }
}

impl Observer for TraceRecorder {
    fn event(&mut self, _week: usize, event: Event) {
        self.pending.push(event);
    }

    fn end_of_week(&mut self, s: &RunState, c: &Context) {
        self.weeks.push(TracedWeek {
            week: s.week,
            date: self
                .as_of
                .add_days(self.step_days * i32::try_from(s.week).unwrap_or(0)),
            stance: s.stance,
            permission: s.permission,
            talks: s.talks,
            format: (s.talks != Talks::None).then_some(s.format),
            negotiator_capital: s.negotiator_capital,
            leader_standing: s.leader_standing,
            relief_leverage: s.relief_leverage,
            econ_pressure: s.econ_pressure,
            snapback: s.snapback,
            breakout_weeks: s.breakout_weeks,
            stockpile_kg: s.stockpile_kg,
            stockpile_20_kg: s.stockpile_20_kg,
            stockpile_leu_kg: s.stockpile_leu_kg,
            iaea_access: s.access,
            goldstein_target_to_coercer: s.goldstein_target,
            goldstein_coercer_to_target: s.goldstein_coercer,
            deal_zone_overlaps: c.full_zone,
            enrichment_percent: s.enrichment_percent,
            deal_terms: s.talks.deal().then_some(s.deal_terms),
            events: std::mem::take(&mut self.pending),
        });
    }
}

impl TracedWeek {
    /// The week's events as sentences, in order. Where an event's figures
    /// are taken at the event and the week goes on to move them, the
    /// sentence also gives the end-of-week value the week's row shows
    /// (same rounding), saying which is which.
    pub fn narrative(&self, names: &Names) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| self.tell(e, names))
            .collect()
    }

    /// One event of this week as a sentence ([`sentence`]), with the
    /// end-of-week value where the rest of the week moves the event's
    /// figures, and the format of talks where it is not the rung's own (a
    /// framework or a deal reached in indirect talks, public talks under a
    /// rejection of direct ones). Nothing after talks advance in a week
    /// changes their format or the stance, so the week's end tells both as
    /// they were.
    pub fn tell(&self, event: &Event, names: &Names) -> Option<String> {
        let text = sentence(event, names)?;
        Some(match *event {
            Event::TalksAdvanced(Talks::Indirect) if self.stance == Stance::Reject => {
                format!("{text} The leader's public rejection covers direct talks only.")
            }
            Event::TalksAdvanced(Talks::Framework | Talks::Interim | Talks::Comprehensive)
                if self.format == Some(Format::Indirect) =>
            {
                format!(
                    "{text} The talks are indirect: messages pass through {}.",
                    names.go_between()
                )
            }
            Event::Strike { .. } => format!(
                "{text} At the end of the week: {:.1} weeks.",
                self.breakout_weeks
            ),
            Event::TalksCollapsed { .. } | Event::DealBrokeDown { .. } => format!(
                "{text} At the end of the week: capital {:.2}, standing {:.2}.",
                self.negotiator_capital, self.leader_standing
            ),
            _ => text,
        })
    }
}

/// The names a story is told with: the scenario's actors in their roles
/// and its outcomes' labels.
#[derive(Clone, Debug)]
pub struct Names {
    /// The target ("Iran").
    pub target: String,
    /// The target's actor id ("iran").
    pub target_id: String,
    /// The coercer ("the Trump administration").
    pub coercer: String,
    /// The coercer's actor id ("us").
    pub coercer_id: String,
    /// The mediators, joined ("Oman"), if any.
    pub mediator: Option<String>,
    /// What the leader's public rejection covers.
    pub scope: RedLineScope,
    /// The guarantors, joined ("the E3"), if any.
    pub guarantors: Option<String>,
    /// The target's treaty, if any.
    pub treaty: Option<String>,
    /// The strikers' names, by striker index.
    pub strikers: Vec<String>,
    /// The strikers' actor ids, by striker index.
    pub striker_ids: Vec<String>,
    /// Each forecast outcome's slot, id and label.
    pub outcomes: Vec<(Slot, String, String)>,
    /// The states of the counterpart's playbook, by index.
    pub playbook_states: Vec<String>,
}

impl Names {
    /// The names of a model's scenario.
    pub fn of(model: &CrisisModel) -> Names {
        let roles = model.roles();
        let join = |actors: &[redline_core::Actor]| {
            (!actors.is_empty()).then(|| {
                actors
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
        };
        Names {
            target: roles.target.name.clone(),
            target_id: roles.target.id.clone(),
            coercer: roles.coercer.name.clone(),
            coercer_id: roles.coercer.id.clone(),
            mediator: join(&roles.mediators),
            scope: model.settings().red_line_scope,
            guarantors: join(&roles.guarantors),
            treaty: roles.target.treaty.clone(),
            strikers: roles
                .strikers
                .iter()
                .map(|s| s.actor.name.clone())
                .collect(),
            striker_ids: roles.strikers.iter().map(|s| s.actor.id.clone()).collect(),
            outcomes: model
                .outcomes()
                .iter()
                .map(|(o, slot)| (slot, o.id.clone(), o.label.clone()))
                .collect(),
            playbook_states: model
                .settings()
                .strategy
                .states()
                .iter()
                .map(|s| s.name.clone())
                .collect(),
        }
    }

    /// Who carries messages in indirect talks: the mediators, or
    /// "intermediaries" when the scenario has none.
    pub fn go_between(&self) -> &str {
        self.mediator.as_deref().unwrap_or("intermediaries")
    }

    /// The label of the outcome recorded in `slot`.
    pub fn label(&self, slot: Slot) -> &str {
        self.outcomes
            .iter()
            .find(|(s, _, _)| *s == slot)
            .map_or("an outcome", |(_, _, l)| l.as_str())
    }

    /// The id of the outcome recorded in `slot`.
    pub fn id(&self, slot: Slot) -> &str {
        self.outcomes
            .iter()
            .find(|(s, _, _)| *s == slot)
            .map_or("", |(_, id, _)| id.as_str())
    }
}

/// A plain sentence for an event, with the figures it carries as they were
/// when it happened. Counterpart moves (every week; they show in the
/// Goldstein columns) and talks falling back to none have no sentence.
pub fn sentence(event: &Event, names: &Names) -> Option<String> {
    let target = &names.target;
    Some(match *event {
        Event::Stance(Stance::Reject) => match names.scope {
            RedLineScope::All => {
                format!("The leader publicly rejects talks with {}.", names.coercer)
            }
            RedLineScope::Direct => format!(
                "The leader publicly rejects direct talks with {}.",
                names.coercer
            ),
        },
        Event::Stance(Stance::Ambiguous) => {
            "The leader softens in public: neither endorsing nor rejecting talks.".into()
        }
        Event::Stance(Stance::Endorse) => "The leader publicly endorses the negotiations.".into(),
        Event::Permission(Permission::Allow) => {
            "In private, the leader allows the president to pursue talks.".into()
        }
        Event::Permission(Permission::Block) => {
            "In private, the leader withdraws his permission for talks.".into()
        }
        Event::TalksAdvanced(Talks::Secret) => match &names.mediator {
            Some(mediator) => format!("Secret talks open through {mediator}."),
            None => "Secret talks open.".into(),
        },
        Event::TalksAdvanced(Talks::Indirect) => {
            "Talks become public: indirect, mediated negotiations are acknowledged.".into()
        }
        Event::TalksAdvanced(Talks::Direct) => "Negotiators meet face to face.".into(),
        Event::TalksAdvanced(Talks::Framework) => "The sides agree a framework.".into(),
        Event::TalksAdvanced(Talks::Interim) => {
            "An interim deal is signed: a freeze for limited relief.".into()
        }
        Event::TalksAdvanced(Talks::Comprehensive) => {
            "A comprehensive agreement is concluded.".into()
        }
        Event::TalksAdvanced(Talks::None) => return None,
        Event::TalksFormat(Format::Indirect) => format!(
            "The leader's rejection covers direct talks: the negotiators stop meeting face to face and talk on through {}.",
            names.go_between()
        ),
        Event::TalksFormat(format) => format!("Talks move to the {} format.", format.name()),
        Event::TalksCollapsed {
            stance,
            negotiator_loss,
            leader_change,
        } => format!(
            "Talks collapse under a public stance of {}: the president loses {:.2} of his political capital and the leader's standing {} {:.2} at the collapse.",
            stance.name(),
            negotiator_loss,
            if leader_change >= 0.0 {
                "rises by"
            } else {
                "falls by"
            },
            leader_change.abs()
        ),
        Event::DealCredit => "Both the leader and the president take credit for the deal.".into(),
        Event::DealTerms(t) => format!(
            "Its terms: enrichment up to {:.2} %, a stockpile of at most {:.0} kg, inspector access {:.2}, relief {:.2} of full relief.",
            t.enrichment_percent, t.stockpile_kg, t.access, t.relief
        ),
        Event::DealBrokeDown {
            deal,
            stance,
            negotiator_loss,
            leader_change,
        } => format!(
            "The {} breaks down under a public stance of {}: the president loses {:.2} of his political capital and the leader's standing {} {:.2} at the breakdown.",
            if deal == Talks::Comprehensive {
                "comprehensive agreement"
            } else {
                "interim deal"
            },
            stance.name(),
            negotiator_loss,
            if leader_change >= 0.0 {
                "rises by"
            } else {
                "falls by"
            },
            leader_change.abs()
        ),
        Event::CounterpartMove(_) => return None,
        Event::SnapbackTriggered => format!(
            "{} start the sanctions route: the clock to sanctions starts.",
            names.guarantors.as_deref().unwrap_or("The guarantors")
        ),
        Event::SanctionsReimposed => format!(
            "Sanctions take effect; the relief {} can offer collapses.",
            names.coercer
        ),
        Event::SnapbackLapsed => "The window for the sanctions route closes unused.".into(),
        Event::NptWithdrawal => format!(
            "{target} gives notice of withdrawal from {}; inspectors leave.",
            names.treaty.as_deref().unwrap_or("its treaty")
        ),
        Event::Strike {
            by,
            days,
            setback,
            stock_lost_share,
            breakout_before,
            breakout_after,
        } => {
            let how = if days > 1 {
                format!("A campaign over {days} days")
            } else {
                "A single raid".to_string()
            };
            let stock = if stock_lost_share >= 0.005 {
                format!(
                    " and {:.0}% of its enriched uranium",
                    100.0 * stock_lost_share
                )
            } else {
                String::new()
            };
            format!(
                "{} strikes {target}'s nuclear sites: breakout time goes from {:.1} to {:.1} weeks at the strike. {how} destroys {:.0}% of enrichment capacity{stock}.",
                names
                    .strikers
                    .get(usize::from(by))
                    .map_or("A striker", String::as_str),
                breakout_before,
                breakout_after,
                100.0 * setback,
            )
        }
        Event::Retaliation { sustained: false } => {
            format!("{target} retaliates directly with a limited salvo.")
        }
        Event::Retaliation { sustained: true } => {
            format!("{target} retaliates on a sustained scale: an exchange of fire begins.")
        }
        Event::Response(Response::Join) => format!("{} joins its ally's strike.", names.coercer),
        Event::Response(Response::Defend) => format!(
            "{} stays out of the strike but helps defend against {target}'s fire.",
            names.coercer
        ),
        Event::Response(Response::StandAside) => {
            format!("{} stands aside from its ally's strike.", names.coercer)
        }
        Event::DeadlineLapsed => format!(
            "The deadline of {}'s offer lapses without the talks it asked for.",
            names.coercer
        ),
        Event::Playbook { state, cause } => {
            let why = match cause {
                Cause::Deal => "a deal is reached",
                Cause::Collapse => "talks have broken down",
                Cause::Rejected => "its offer is rejected",
                Cause::AllyStrike => "its ally has struck",
                Cause::Deadline => "its deadline has lapsed",
                Cause::Talks => "talks have reached the rung it asked for",
            };
            let name = names
                .playbook_states
                .get(usize::from(state))
                .map_or("another state", String::as_str);
            format!(
                "{} turns to its playbook's `{name}` state: {why}.",
                names.coercer
            )
        }
        Event::Ceasefire { weeks } => format!(
            "A ceasefire ends the war after {weeks} week{}.",
            if weeks == 1 { "" } else { "s" }
        ),
        Event::ExchangeDays(n) => format!(
            "Direct exchanges of fire on {n} day{}.",
            if n == 1 { "" } else { "s" }
        ),
        Event::War => "Exchanges reach 5 days within 30: war.".into(),
        Event::WeaponizationDecided => {
            format!("{target}'s leadership decides to build a nuclear weapon.")
        }
        Event::WeaponizationDetected => {
            "Foreign intelligence detects the weaponization decision.".into()
        }
        Event::DeviceReady => "A deliverable device is ready.".into(),
        Event::NuclearTest => format!("{target} conducts a nuclear test."),
        Event::Assumed(o) => format!("(Assumed: {} happens this week.)", names.label(o)),
    })
}

/// One run told week by week.
#[derive(Clone, Debug)]
pub struct Trace {
    /// The run's index in the ensemble.
    pub run: u64,
    /// The seed of every random stream.
    pub seed: u64,
    /// The counterpart's strategy.
    pub strategy: Strategy,
    /// The outcomes that happened, with the week each first happened, in
    /// the order they happened (those of one week in display order).
    pub outcomes: Vec<(Outcome, usize)>,
    /// The run, week by week.
    pub weeks: Vec<TracedWeek>,
    /// The names the run is told with.
    pub names: Names,
}

/// Plays run `run` of `seed` and records it.
pub fn trace(
    model: &CrisisModel,
    assumptions: &crate::assume::Assumptions,
    seed: u64,
    run: u64,
) -> Trace {
    let scenario = model.scenario();
    let mut recorder = TraceRecorder::new(scenario.as_of, scenario.step_days);
    let state = model.run(seed, run, assumptions, &mut Vec::new(), &mut recorder);
    let mut outcomes: Vec<(Outcome, usize)> = model
        .outcomes()
        .iter()
        .filter_map(|(o, slot)| state.happened[slot.index()].map(|w| (o.clone(), usize::from(w))))
        .collect();
    outcomes.sort_by_key(|&(_, week)| week);
    Trace {
        run,
        seed,
        strategy: model.settings().strategy.clone(),
        outcomes,
        weeks: recorder.weeks,
        names: Names::of(model),
    }
}

/// A typical story of the ensemble: the most common sequences of outcomes,
/// each told through one run that followed it.
#[derive(Clone, Debug)]
pub struct Storyline {
    /// Outcomes in the order they first happened (empty: none happened).
    pub path: Vec<redline_core::Outcome>,
    /// Share of runs that followed this path.
    pub share: f64,
    /// The run that tells it.
    pub run: u64,
    /// That run, week by week.
    pub weeks: Vec<TracedWeek>,
}

/// Counts the kinds of branch a run shows beyond its outcomes: a campaign,
/// a limited or a sustained retaliation, each answer of the coercer to its
/// ally, a ceasefire, a lapsed deadline, a playbook's turn.
struct Branches(u16);

impl Branches {
    fn kinds(&self) -> u32 {
        self.0.count_ones()
    }
}

impl Observer for Branches {
    const READS_CONTEXT: bool = false;
    fn event(&mut self, _week: usize, event: Event) {
        let bit = match event {
            Event::Strike { days, .. } if days > 1 => 0,
            Event::Retaliation { sustained: false } => 1,
            Event::Retaliation { sustained: true } => 2,
            Event::Response(Response::Join) => 3,
            Event::Response(Response::Defend) => 4,
            Event::Response(Response::StandAside) => 5,
            Event::Ceasefire { .. } => 6,
            Event::DeadlineLapsed => 7,
            Event::Playbook { .. } => 8,
            _ => return,
        };
        self.0 |= 1 << bit;
    }
    fn end_of_week(&mut self, _state: &RunState, _context: &Context) {}
}

/// The `count` most common outcome paths over `runs` runs, each told
/// through the run, among those that followed it, that shows the most kinds
/// of branch ([`Branches`]: a campaign, a sustained exchange, the coercer's
/// answer to its ally, a ceasefire, a playbook's turn); ties go to the
/// earlier run, and paths of equal share to the one first seen.
pub fn storylines(
    model: &CrisisModel,
    assumptions: &crate::assume::Assumptions,
    seed: u64,
    runs: u64,
    count: usize,
) -> Vec<Storyline> {
    struct Path {
        outcomes: Vec<usize>,
        runs: u64,
        first: u64,
        teller: u64,
        branches: u32,
    }
    // Paths are kept as positions in the model's outcome list while counting.
    let slots: Vec<Slot> = model.outcomes().iter().map(|(_, s)| s).collect();
    let mut paths: Vec<Path> = Vec::new();
    let mut buffer = Vec::new();
    for run in 0..runs {
        let mut branches = Branches(0);
        let state = model.run(seed, run, assumptions, &mut buffer, &mut branches);
        let mut path: Vec<(u16, usize)> = slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| state.happened[s.index()].map(|w| (w, i)))
            .collect();
        path.sort();
        let path: Vec<usize> = path.into_iter().map(|(_, i)| i).collect();
        let kinds = branches.kinds();
        match paths.iter_mut().find(|p| p.outcomes == path) {
            Some(entry) => {
                entry.runs += 1;
                if kinds > entry.branches {
                    entry.teller = run;
                    entry.branches = kinds;
                }
            }
            None => paths.push(Path {
                outcomes: path,
                runs: 1,
                first: run,
                teller: run,
                branches: kinds,
            }),
        }
    }
    paths.sort_by(|a, b| b.runs.cmp(&a.runs).then(a.first.cmp(&b.first)));
    paths
        .into_iter()
        .take(count)
        .map(|path| Storyline {
            path: path
                .outcomes
                .into_iter()
                .filter_map(|i| model.outcomes().outcomes().nth(i).cloned())
                .collect(),
            share: path.runs as f64 / runs.max(1) as f64,
            run: path.teller,
            weeks: trace(model, assumptions, seed, path.teller).weeks,
        })
        .collect()
}
