//! `--assume OUTCOME@DATE`: force an outcome on a date in every run, and keep
//! every run coherent with it (docs/MODEL.md, "Assumed outcomes").
//!
//! An assumption does three things:
//!
//! - **Before the date the outcome cannot happen**, by any path: its own
//!   hazard is suppressed, and so is every way the model has of reaching it
//!   indirectly (the snapback clock of an earlier natural trigger, talks that
//!   advance from secret to public, a comprehensive deal that would close the
//!   ladder before an assumed interim deal).
//! - **In the date's week it happens**, through the same code path as a
//!   natural occurrence, so its consequences follow; and **what it needs
//!   happens too, when it must**: reimposition needs the trigger a clock
//!   earlier, war a strike, a test a decision and a device, a deal talks, public
//!   talks a stance that allows them. A prerequisite is never suppressed by
//!   the outcome that needs it.
//! - After the date the mechanism runs as usual.
//!
//! What cannot happen is refused when the clauses are read, with the reason
//! and the nearest date that can ([`Assumptions::parse`]). Forcing reads the
//! week's draws like every other branch and never draws more, so every
//! mechanism still draws a fixed number of values per week; the weekly
//! queries below index fixed arrays and allocate nothing.

use crate::CrisisModel;
use crate::params::{RedLine, Stance};
use crate::roles::Slot;
use crate::state::Talks;
use redline_core::outcome::Kind;
use redline_core::scenario::ParamValue;
use redline_core::{Date, InputError};

/// What an assumption says about an outcome in a given week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forcing {
    /// The mechanism runs as usual.
    Natural,
    /// Before the assumed date: the outcome cannot happen.
    Suppressed,
    /// The assumed week: the outcome happens.
    Force,
}

/// The talks outcomes, each with the rung of the ladder it records, in
/// ladder order.
const RUNGS: [(Slot, Talks); 4] = [
    (Slot::TalksSecret, Talks::Secret),
    (Slot::TalksPublic, Talks::Indirect),
    (Slot::InterimDeal, Talks::Interim),
    (Slot::ComprehensiveDeal, Talks::Comprehensive),
];

/// The set of `--assume` clauses of a forecast.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assumptions {
    /// The week each outcome is assumed in, by [`Slot::index`].
    weeks: [Option<usize>; Slot::COUNT],
    /// The date each outcome is assumed on.
    dates: [Option<Date>; Slot::COUNT],
    /// Before this week the outcome cannot happen (0: never held off). It is
    /// the assumed week, or later when another assumption needs the outcome
    /// held off longer (an interim deal holds off a comprehensive one).
    held_until: [usize; Slot::COUNT],
}

impl Assumptions {
    /// The first and last dates an assumption may take: the as-of date to
    /// the day before the forecast ends (an event on the last day of the
    /// last week would fall outside the weeks the forecast counts).
    pub fn dates(scenario: &redline_core::Scenario) -> (Date, Date) {
        (scenario.as_of, scenario.forecast_end().add_days(-1))
    }

    /// No assumptions.
    pub fn none() -> Assumptions {
        Assumptions::default()
    }

    /// Parses `OUTCOME@YYYY-MM-DD` clauses against a model's outcomes, its
    /// scenario's calendar and its initial state, and refuses what cannot
    /// happen: a date outside the forecast, a sanctions outcome the route
    /// cannot deliver on that date, an outcome that is already so on the
    /// as-of date, talks an absolute red line forbids, and two clauses that
    /// contradict each other. Each refusal is located at its clause (the
    /// column of the date) and names the nearest date that can.
    pub fn parse(clauses: &[String], model: &CrisisModel) -> Result<Assumptions, InputError> {
        let rules = Rules::new(model);
        let mut parsed: Vec<Clause> = Vec::with_capacity(clauses.len());
        for text in clauses {
            let clause = Clause::read(text, model)?;
            rules.check(&clause)?;
            if let Some(earlier) = parsed.iter().find(|c| c.slot == clause.slot)
                && earlier.date != clause.date
            {
                return Err(clause.refuse(
                    format!(
                        "`{}` is already assumed on {} (`--assume {}`)",
                        clause.id, earlier.date, earlier.text
                    ),
                    "assume it once".to_string(),
                ));
            }
            parsed.push(clause);
        }
        rules.check_together(&parsed)?;

        let mut assumptions = Assumptions::default();
        for c in &parsed {
            assumptions.weeks[c.slot.index()] = Some(c.week);
            assumptions.dates[c.slot.index()] = Some(c.date);
            assumptions.held_until[c.slot.index()] = c.week;
        }
        // Deals last to the horizon and a comprehensive deal is the top of
        // the ladder: one reached before an assumed interim deal would leave
        // no way to it.
        if let Some(interim) = assumptions.weeks[Slot::InterimDeal.index()] {
            let held = &mut assumptions.held_until[Slot::ComprehensiveDeal.index()];
            *held = (*held).max(interim);
        }
        Ok(assumptions)
    }

    /// What the assumptions say about `outcome` in `week`.
    #[inline]
    pub fn forcing(&self, outcome: Slot, week: usize) -> Forcing {
        let i = outcome.index();
        if self.weeks[i] == Some(week) {
            Forcing::Force
        } else if week < self.held_until[i] {
            Forcing::Suppressed
        } else {
            Forcing::Natural
        }
    }

    /// Decides whether an outcome happens this week: `natural` is the
    /// mechanism's own verdict, which assumptions may override.
    #[inline]
    pub fn decide(&self, outcome: Slot, week: usize, natural: bool) -> bool {
        match self.forcing(outcome, week) {
            Forcing::Natural => natural,
            Forcing::Suppressed => false,
            Forcing::Force => true,
        }
    }

    /// What the assumptions say about the sanctions trigger in `week`, for
    /// a run whose clock runs `clock_weeks`: an assumed reimposition needs
    /// the trigger exactly one clock earlier (and none before, so the clock
    /// cannot run out early); otherwise the trigger's own assumption.
    #[inline]
    pub fn trigger(&self, week: usize, clock_weeks: usize) -> Forcing {
        match self.weeks[Slot::SanctionsReimposed.index()] {
            // `parse` refuses a reimposition less than a clock after as-of.
            Some(reimposed) => {
                let trigger = reimposed.saturating_sub(clock_weeks);
                match week.cmp(&trigger) {
                    std::cmp::Ordering::Less => Forcing::Suppressed,
                    std::cmp::Ordering::Equal => Forcing::Force,
                    std::cmp::Ordering::Greater => Forcing::Natural,
                }
            }
            None => self.forcing(Slot::SanctionsTriggered, week),
        }
    }

    /// True while an assumed reimposition is still to come: the clock that
    /// leads to it runs out whatever happens meanwhile (a deal in force
    /// would otherwise bring a continuation).
    #[inline]
    pub fn holds_clock(&self, week: usize) -> bool {
        self.weeks[Slot::SanctionsReimposed.index()].is_some_and(|w| week <= w)
    }

    /// The rungs of the talks ladder that assumptions force in `week`, in
    /// ladder order, with the outcome each records.
    #[inline]
    pub fn forced_rungs(&self, week: usize) -> impl Iterator<Item = (Slot, Talks)> + '_ {
        RUNGS
            .into_iter()
            .filter(move |&(slot, _)| self.weeks[slot.index()] == Some(week))
    }

    /// The highest rung of the ladder forced in `week`, if any.
    #[inline]
    pub fn highest_forced_rung(&self, week: usize) -> Option<Talks> {
        self.forced_rungs(week).map(|(_, rung)| rung).last()
    }

    /// The date `outcome` is assumed to happen on, if it is.
    pub fn date(&self, outcome: Slot) -> Option<Date> {
        self.dates[outcome.index()]
    }

    /// True when there are no assumptions.
    pub fn is_empty(&self) -> bool {
        self.weeks.iter().all(Option::is_none)
    }
}

/// One clause as read: the outcome, its date and week, and where to point.
struct Clause<'a> {
    text: &'a str,
    id: String,
    kind: Kind,
    slot: Slot,
    date: Date,
    week: usize,
    /// The column of the date in the clause.
    column: usize,
}

impl<'a> Clause<'a> {
    /// Reads `OUTCOME@YYYY-MM-DD`; a date outside the forecast is refused
    /// here, as every other rule needs the date's week.
    fn read(text: &'a str, model: &CrisisModel) -> Result<Clause<'a>, InputError> {
        let scenario = model.scenario();
        let outcomes = model.outcomes();
        let origin = format!("--assume {text}");
        let Some((id, date)) = text.split_once('@') else {
            return Err(InputError::new(origin, "expected OUTCOME@YYYY-MM-DD").at(1, 1));
        };
        let Some((outcome, slot)) = outcomes.by_id(id.trim()) else {
            let error =
                InputError::new(&origin, format!("unknown outcome `{}`", id.trim())).at(1, 1);
            return Err(
                match redline_core::input_error::did_you_mean(id.trim(), outcomes.ids()) {
                    Some(near) => error.hint(format!("did you mean `{near}`?")),
                    None => error.hint(format!(
                        "expected one of: {}",
                        outcomes.ids().collect::<Vec<_>>().join(", ")
                    )),
                },
            );
        };
        let column = id.len() + 2;
        let date =
            Date::parse(date.trim()).map_err(|e| InputError::new(&origin, e.0).at(1, column))?;
        let (first, last) = Assumptions::dates(scenario);
        let Some(week) = scenario.step_of(date) else {
            let nearest = if date < first {
                Nearest::Earliest(first)
            } else {
                Nearest::Latest(last)
            };
            return Err(InputError::new(
                &origin,
                format!(
                    "`{}` cannot happen on {date}: it is outside the forecast ({first} to {})",
                    outcome.id,
                    scenario.forecast_end()
                ),
            )
            .at(1, column)
            .hint(nearest.to_string()));
        };
        Ok(Clause {
            text,
            id: outcome.id.clone(),
            kind: outcome.kind,
            slot,
            date,
            week,
            column,
        })
    }

    /// The error refusing this clause.
    fn refuse(&self, why: String, hint: String) -> InputError {
        InputError::new(format!("--assume {}", self.text), why)
            .at(1, self.column)
            .hint(hint)
    }

    /// Refuses the clause: it cannot happen on its date, for `why`.
    fn cannot(&self, why: &str, nearest: Nearest) -> InputError {
        self.refuse(
            format!("`{}` cannot happen on {}: {why}", self.id, self.date),
            nearest.to_string(),
        )
    }
}

/// The nearest date on which a refused outcome could be assumed.
#[derive(Clone, Copy, Debug)]
enum Nearest {
    Earliest(Date),
    Latest(Date),
    Nowhere,
}

impl Nearest {
    /// The date of `[lo, hi]` nearest to `date` (which lies outside it).
    fn within(date: Date, lo: Date, hi: Date) -> Nearest {
        if lo > hi {
            Nearest::Nowhere
        } else if date < lo {
            Nearest::Earliest(lo)
        } else {
            Nearest::Latest(hi)
        }
    }
}

impl std::fmt::Display for Nearest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Nearest::Earliest(d) => write!(f, "the earliest date it can is {d}"),
            Nearest::Latest(d) => write!(f, "the latest date it can is {d}"),
            Nearest::Nowhere => f.write_str("no date in the forecast can"),
        }
    }
}

/// What the scenario allows: the dates each outcome can be assumed on.
struct Rules<'a> {
    model: &'a CrisisModel,
    /// The first and last days of the forecast.
    first: Date,
    last: Date,
    /// `snapback.clock_days`, smallest and largest a run can draw.
    clock_days: (f64, f64),
}

/// Weeks the snapback clock runs in the weekly step (`snapback.rs`).
fn clock_weeks(days: f64) -> usize {
    (days / 7.0).ceil().max(0.0) as usize
}

impl<'a> Rules<'a> {
    fn new(model: &'a CrisisModel) -> Rules<'a> {
        let scenario = model.scenario();
        // The model reads the key (CrisisModel::new fails without it).
        let clock_days = match scenario.parameter("snapback.clock_days").map(|p| &p.value) {
            Some(ParamValue::Number(d)) => d.support(),
            _ => (0.0, 0.0),
        };
        let (first, last) = Assumptions::dates(scenario);
        Rules {
            model,
            first,
            last,
            clock_days,
        }
    }

    /// The clock as the scenario states it, and with `weeks`, as the
    /// weekly step counts it.
    fn clock_text(&self, weeks: bool) -> String {
        let (lo, hi) = self.clock_days;
        let days = if lo == hi {
            format!("snapback.clock_days: {hi} days")
        } else {
            format!("snapback.clock_days: {lo} to {hi} days")
        };
        if weeks {
            let w = clock_weeks(hi);
            let up_to = if lo == hi { "" } else { "up to " };
            format!(
                "{days}, {up_to}{w} week{} in the weekly model",
                if w == 1 { "" } else { "s" }
            )
        } else {
            days
        }
    }

    /// The day of week `week`'s start.
    fn week_start(&self, week: usize) -> Date {
        self.model.scenario().step_date(week)
    }

    /// The last day of week `week`.
    fn week_end(&self, week: usize) -> Date {
        self.model.scenario().step_date(week + 1).add_days(-1)
    }

    /// The leader's public stance the scenario sets for `week`: the initial
    /// one or the last scripted before it.
    fn scripted_stance(&self, week: usize) -> Stance {
        let settings = self.model.settings();
        settings
            .scripted_stances
            .iter()
            .filter(|&&(w, _)| w <= week)
            .max_by_key(|&&(w, _)| w)
            .map_or(settings.initial_stance, |&(_, s)| s)
    }

    /// True when the red line is absolute: a public rejection then binds
    /// (no permission, no softening, M1).
    fn absolute(&self) -> bool {
        match self.model.settings().red_line {
            RedLine::Absolute => true,
            RedLine::Firmness(f) => f >= 1.0,
            RedLine::Negotiable => false,
        }
    }

    /// The rules of one clause alone.
    fn check(&self, c: &Clause<'_>) -> Result<(), InputError> {
        let settings = self.model.settings();
        let initial = settings.initial_talks;
        let talks = format!("initial.talks = \"{}\"", initial.key());
        // What is already so on the as-of date is recorded there (state.rs);
        // it cannot first happen later.
        let already = match c.kind {
            Kind::TalksSecret if initial >= Talks::Secret => Some(format!(
                "talks are already under way on the as-of date ({talks}), and secret talks open only when none are"
            )),
            Kind::TalksPublic if initial >= Talks::Indirect => Some(format!(
                "public talks are already under way on the as-of date ({talks})"
            )),
            Kind::InterimDeal if initial == Talks::Interim => Some(format!(
                "an interim deal is already in force on the as-of date ({talks})"
            )),
            Kind::InterimDeal | Kind::ComprehensiveDeal if initial == Talks::Comprehensive => {
                Some(format!(
                    "a comprehensive deal is already in force on the as-of date ({talks}), and deals last to the horizon"
                ))
            }
            _ => None,
        };
        if let Some(why) = already {
            return Err(c.cannot(&why, Nearest::Nowhere));
        }
        match c.kind {
            Kind::SanctionsTriggered | Kind::SanctionsReimposed => self.check_sanctions(c),
            // Under a rejection of direct talks only, secret and indirect talks
            // (and deals reached indirectly) stay open (`formats`).
            Kind::TalksSecret | Kind::TalksPublic | Kind::InterimDeal | Kind::ComprehensiveDeal
                if self.absolute()
                    && self.model.settings().red_line_scope == crate::params::RedLineScope::All =>
            {
                self.check_stance(c)
            }
            _ => Ok(()),
        }
    }

    /// The sanctions route's window (M5): a trigger completes only if its
    /// clock runs out by the termination day; sanctions return a clock after
    /// a trigger, which must fall in the forecast.
    fn check_sanctions(&self, c: &Clause<'_>) -> Result<(), InputError> {
        let settings = self.model.settings();
        if !settings.snapback_enabled {
            return Err(c.cannot(
                "the sanctions route is switched off in this scenario (snapback.enabled = false)",
                Nearest::Nowhere,
            ));
        }
        if self.model.roles().guarantors.is_empty() {
            return Err(c.cannot(
                "no actor holds the sanctions route in this scenario (no actor has the role `guarantor`)",
                Nearest::Nowhere,
            ));
        }
        let termination = settings.termination_day;
        let (_, longest) = self.clock_days;
        if c.kind == Kind::SanctionsTriggered {
            // The last notification that completes (snapback.rs), for the
            // longest clock a run can draw.
            let latest = termination.add_days(-(longest.round() as i32));
            if c.date > latest {
                return Err(c.cannot(
                    &format!(
                        "the route ends on the termination day, {termination} (snapback.termination_day), and a trigger completes only if its clock ({}) runs out by then",
                        self.clock_text(false)
                    ),
                    Nearest::within(c.date, self.first, latest.min(self.last)),
                ));
            }
        } else {
            let earliest = self.week_start(clock_weeks(longest));
            let latest = termination.min(self.last);
            if c.date > termination {
                return Err(c.cannot(
                    &format!(
                        "the route ends on the termination day, {termination} (snapback.termination_day)"
                    ),
                    Nearest::within(c.date, earliest, latest),
                ));
            }
            if c.date < earliest {
                return Err(c.cannot(
                    &format!(
                        "sanctions return when the clock after a trigger runs out ({}), and that trigger would fall before the as-of date {}",
                        self.clock_text(true),
                        self.first
                    ),
                    Nearest::within(c.date, earliest, latest),
                ));
            }
        }
        Ok(())
    }

    /// Under an absolute red line a public rejection binds: no permission,
    /// so no talks at all, and the stance never softens by itself (M1).
    fn check_stance(&self, c: &Clause<'_>) -> Result<(), InputError> {
        if self.scripted_stance(c.week) != Stance::Reject {
            return Ok(());
        }
        let steps = self.model.steps();
        let allowed = |w: usize| self.scripted_stance(w) != Stance::Reject;
        let later = (c.week..steps).find(|&w| allowed(w));
        let earlier = (0..c.week).rev().find(|&w| allowed(w));
        let nearest = match (earlier, later) {
            (Some(e), Some(l)) if c.week - e <= l - c.week => Nearest::Latest(self.week_end(e)),
            (_, Some(l)) => Nearest::Earliest(self.week_start(l)),
            (Some(e), None) => Nearest::Latest(self.week_end(e)),
            (None, None) => Nearest::Nowhere,
        };
        Err(c.cannot(
            "the leader's red line is absolute (leader.red_line) and his public stance then is rejection, which binds: no talks while it lasts",
            nearest,
        ))
    }

    /// The rules between clauses: what one outcome needs must not be
    /// assumed after it.
    fn check_together(&self, clauses: &[Clause<'_>]) -> Result<(), InputError> {
        let find = |slot: Slot| clauses.iter().find(|c| c.slot == slot);
        let before = |c: &Clause<'_>, lo: Date, hi: Date| Nearest::within(c.date, lo, hi);

        // War needs a strike by its week: an assumed one, or else the
        // coercer's (forced in the war's week if none has come by then).
        if let Some(war) = find(Slot::War) {
            let strikes: Vec<&Clause<'_>> = clauses
                .iter()
                .filter(|c| matches!(c.slot, Slot::Strike(_)))
                .collect();
            if let Some(first) = strikes.iter().min_by_key(|c| c.date)
                && first.date > war.date
            {
                return Err(war.cannot(
                    &format!(
                        "war needs a strike by then, and the strike assumed comes later (`{}` on {})",
                        first.id, first.date
                    ),
                    before(war, first.date, self.last),
                ));
            }
        }
        // A test needs the weaponization decision.
        if let (Some(test), Some(decision)) =
            (find(Slot::NuclearTest), find(Slot::WeaponizationDecision))
            && decision.date > test.date
        {
            return Err(test.cannot(
                &format!(
                    "a test needs the weaponization decision, and `{}` is assumed later, on {}",
                    decision.id, decision.date
                ),
                before(test, decision.date, self.last),
            ));
        }
        // A deal needs public talks: the ladder passes through them.
        if let Some(public) = find(Slot::TalksPublic) {
            for deal in [Slot::InterimDeal, Slot::ComprehensiveDeal]
                .into_iter()
                .filter_map(find)
            {
                if public.date > deal.date {
                    return Err(deal.cannot(
                        &format!(
                            "a deal needs public talks, and `{}` is assumed later, on {}",
                            public.id, public.date
                        ),
                        before(deal, public.date, self.last),
                    ));
                }
            }
        }
        // Deals last to the horizon and a comprehensive deal tops the
        // ladder: no interim deal after one.
        if let (Some(interim), Some(comprehensive)) =
            (find(Slot::InterimDeal), find(Slot::ComprehensiveDeal))
            && interim.date > comprehensive.date
        {
            return Err(interim.cannot(
                &format!(
                    "`{}` is assumed earlier, on {}, and a comprehensive deal lasts to the horizon: talks never come back to an interim deal",
                    comprehensive.id, comprehensive.date
                ),
                before(interim, self.first, comprehensive.date),
            ));
        }
        // Secret talks open only when no talks are under way.
        if let Some(secret) = find(Slot::TalksSecret) {
            let above = [
                Slot::TalksPublic,
                Slot::InterimDeal,
                Slot::ComprehensiveDeal,
            ]
            .into_iter()
            .filter_map(find)
            .min_by_key(|c| c.date);
            if let Some(above) = above
                && above.date < secret.date
            {
                return Err(secret.cannot(
                    &format!(
                        "secret talks open only when no talks are under way, and `{}` is assumed earlier, on {}",
                        above.id, above.date
                    ),
                    before(secret, self.first, above.date),
                ));
            }
        }
        // Sanctions return exactly one clock after the trigger.
        if let (Some(trigger), Some(reimposed)) = (
            find(Slot::SanctionsTriggered),
            find(Slot::SanctionsReimposed),
        ) {
            let (shortest, longest) = self.clock_days;
            let (lo, hi) = (clock_weeks(shortest), clock_weeks(longest));
            if lo != hi {
                return Err(reimposed.refuse(
                    format!(
                        "`{}` cannot be assumed with `{}`: sanctions return when the clock runs out, and the clock is uncertain ({}), so no one date follows the trigger in every run",
                        reimposed.id, trigger.id, self.clock_text(false)
                    ),
                    "assume one of the two; the other follows".to_string(),
                ));
            }
            let week = trigger.week + hi;
            if reimposed.week != week {
                let termination = self.model.settings().termination_day;
                let lo = self.week_start(week);
                let hi = self.week_end(week).min(termination).min(self.last);
                return Err(reimposed.cannot(
                    &format!(
                        "sanctions return when the clock runs out ({}) after `{}` on {}, in the week of {lo}",
                        self.clock_text(true),
                        trigger.id,
                        trigger.date
                    ),
                    before(reimposed, lo, hi),
                ));
            }
        }
        Ok(())
    }
}
