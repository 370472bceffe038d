//! One run's story: a table of the week-end state with each week's events
//! told under its row (text, at most [`WIDTH`] columns), or every field and
//! every event with its data (JSON).
//!
//! JSON shape: `{"meta", "title", "run", "seed", "strategy", "outcomes": [{"id",
//! "label", "week", "date"}…], "weeks": [{"week", "date", "stance", "permission",
//! "talks", "format" (secret, indirect, direct; null without talks), "negotiator_capital", "leader_standing", "relief_leverage",
//! "econ_pressure", "snapback": {"state", "reimposed_in_week"}, "breakout_weeks",
//! "stockpile_kg", "stockpile_20_kg", "stockpile_leu_kg", "iaea_access", "goldstein_target_to_coercer", "goldstein_coercer_to_target",
//! "deal_zone_overlaps", "enrichment_percent", "deal_terms": null or {"enrichment_percent",
//! "stockpile_kg", "access", "relief"}, "events": [{"kind", …the event's data, "sentence"}…]}…]}`:
//! one key per field of [`TracedWeek`], named as the field. A week's values are
//! those at its end; `date` is the day it starts; an event's figures are taken
//! when it happens.

use crate::json_text;
use crate::meta::Meta;
use redline_core::Scenario;
use redline_crisis::params::Stance;
use redline_crisis::state::{DealTerms, Event, Permission, Snapback, Talks};
use redline_crisis::strategy::Move;
use redline_crisis::trace::Names;
use redline_crisis::trace::{Trace, TracedWeek};
use serde::Serialize;

/// The widest line of the text trace.
pub const WIDTH: usize = 100;

fn permission_name(p: Permission) -> &'static str {
    match p {
        Permission::Allow => "allow",
        Permission::Block => "block",
    }
}

/// Talks rungs in at most 9 characters, for the table.
fn talks_short(t: Talks) -> &'static str {
    match t {
        Talks::Comprehensive => "full deal",
        Talks::Interim => "interim",
        other => other.name(),
    }
}

/// Snapback states in at most 9 characters, for the table.
fn snapback_short(s: Snapback) -> &'static str {
    match s {
        Snapback::Available => "available",
        Snapback::Clock { .. } => "clock",
        Snapback::Reimposed => "reimposed",
        Snapback::Lapsed => "lapsed",
    }
}

/// The title: scenario, run, seed, strategy and the outcomes with their weeks.
fn title(scenario: &Scenario, trace: &Trace) -> String {
    format!(
        "{} — run {} of seed {}, counterpart: {}",
        scenario.name,
        trace.run,
        trace.seed,
        trace.strategy.name()
    )
}

/// `text` wrapped at [`WIDTH`] columns: the first line after `first`, the
/// others after `rest` (both indentation).
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The table's two header lines, in the columns of [`row`].
/// A column heading for an actor: its id, upper case, at most five characters.
fn column(id: &str) -> String {
    id.chars().take(5).collect::<String>().to_uppercase()
}

fn header(names: &Names) -> [String; 2] {
    [
        format!(
            "{:<20} {:<9} {:<9} {:<5} {:<9} {:>7} {:>8} {:>8} {:>5} {:>11}",
            "", "", "", "", "", "", "", "breakout", "stock", "Goldstein"
        ),
        format!(
            "{:<20} {:<9} {:<9} {:<5} {:<9} {:>7} {:>8} {:>8} {:>5} {:>5} {:>5}",
            "week of",
            "stance",
            "talks",
            "perm.",
            "snapback",
            "capital",
            "standing",
            "weeks",
            "kg",
            column(&names.target_id),
            column(&names.coercer_id)
        ),
    ]
}

/// A number right-aligned in `width` with `decimals`, with fewer decimals
/// when it would not fit.
fn fit(value: f64, width: usize, decimals: usize) -> String {
    let mut d = decimals;
    loop {
        let text = format!("{value:>width$.d$}");
        if text.chars().count() <= width || d == 0 {
            return text;
        }
        d -= 1;
    }
}

fn row(w: &TracedWeek) -> String {
    format!(
        "{} (week {:>2}) {:<9} {:<9} {:<5} {:<9} {} {} {} {} {} {}",
        w.date,
        w.week,
        w.stance.name(),
        talks_short(w.talks),
        permission_name(w.permission),
        snapback_short(w.snapback),
        fit(w.negotiator_capital, 7, 2),
        fit(w.leader_standing, 8, 2),
        fit(w.breakout_weeks, 8, 1),
        fit(w.stockpile_kg, 5, 0),
        fit(w.goldstein_target_to_coercer, 5, 1),
        fit(w.goldstein_coercer_to_target, 5, 1),
    )
}

/// The run as text: a title with the outcomes and overrides, a legend, then
/// one row per week (the state at the end of the week) with the week's events
/// told under it. No line is wider than [`WIDTH`] columns.
pub fn to_text(scenario: &Scenario, meta: &Meta, trace: &Trace) -> String {
    let mut out = wrap(&title(scenario, trace), "", "  ");
    let outcomes: Vec<String> = trace
        .outcomes
        .iter()
        .map(|(o, week)| format!("{} (week of {})", o.label(), scenario.step_date(*week)))
        .collect();
    let outcomes = if outcomes.is_empty() {
        "none".to_string()
    } else {
        outcomes.join(", ")
    };
    out.push_str(&wrap(&format!("outcomes: {outcomes}"), "", "  "));
    if let Some(overrides) = meta.overrides() {
        out.push_str(&wrap(&format!("overrides: {overrides}"), "", "  "));
    }
    if let Some(params) = &meta.params {
        out.push_str(&wrap(&format!("parameters: {params}"), "", "  "));
    }
    out.push('\n');
    for line in [
        "Each row is the state at the end of its week; the week's events follow it, their figures",
        "taken when they happen. perm.: the leader's private permission for talks; capital: the",
        "negotiator's, standing: the leader's, both 0–1; stock: kg of 60%-equivalent feed; Goldstein:",
        "weekly mean of the target's acts toward the coercer and the coercer's toward the target.",
        "The talks' format, relief leverage, economic pressure, IAEA access, the deal zone, the",
        "enrichment level, the terms of a deal in force, the week the snapback clock ends and",
        "every event's data: --format json.",
    ] {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    for line in header(&trace.names) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for w in &trace.weeks {
        out.push_str(&row(w));
        out.push('\n');
        for text in w.narrative(&trace.names) {
            out.push_str(&wrap(&text, "    ", "      "));
        }
    }
    out
}

/// An outcome and the week it first happened.
#[derive(Serialize)]
struct OutcomeAt<'a> {
    id: &'a str,
    label: &'a str,
    week: usize,
    /// The day the week starts.
    date: String,
}

#[derive(Serialize)]
struct SnapbackState {
    /// `available`, `clock_running`, `reimposed` or `lapsed`.
    state: &'static str,
    /// With the clock running: the week UN sanctions return unless a deal intervenes.
    reimposed_in_week: Option<usize>,
}

impl SnapbackState {
    fn of(s: Snapback) -> SnapbackState {
        let (state, reimposed_in_week) = match s {
            Snapback::Available => ("available", None),
            Snapback::Clock { reimposed_in_week } => ("clock_running", Some(reimposed_in_week)),
            Snapback::Reimposed => ("reimposed", None),
            Snapback::Lapsed => ("lapsed", None),
        };
        SnapbackState {
            state,
            reimposed_in_week,
        }
    }
}

/// An event's data, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum EventData {
    Stance {
        stance: &'static str,
    },
    Permission {
        permission: &'static str,
    },
    TalksAdvanced {
        talks: &'static str,
    },
    TalksFormat {
        format: &'static str,
    },
    TalksCollapsed {
        stance: &'static str,
        negotiator_loss: f64,
        leader_change: f64,
    },
    DealCredit,
    DealTerms {
        enrichment_percent: f64,
        stockpile_kg: f64,
        access: f64,
        relief: f64,
    },
    DealBrokeDown {
        deal: &'static str,
        stance: &'static str,
        negotiator_loss: f64,
        leader_change: f64,
    },
    CounterpartMove {
        #[serde(rename = "move")]
        counterpart_move: &'static str,
    },
    SnapbackTriggered,
    SanctionsReimposed,
    SnapbackLapsed,
    NptWithdrawal,
    Strike {
        by: String,
        days: u8,
        setback: f64,
        stock_lost_share: f64,
        breakout_before: f64,
        breakout_after: f64,
    },
    Retaliation {
        sustained: bool,
    },
    Response {
        response: &'static str,
    },
    Ceasefire {
        weeks: u16,
    },
    DeadlineLapsed,
    Playbook {
        state: String,
        cause: &'static str,
    },
    ExchangeDays {
        days: u32,
    },
    War,
    WeaponizationDecided,
    WeaponizationDetected,
    DeviceReady,
    NuclearTest,
    Assumed {
        outcome: String,
    },
}

fn stance_name(s: Stance) -> &'static str {
    s.name()
}

impl EventData {
    fn of(e: &Event, names: &Names) -> EventData {
        match *e {
            Event::Stance(s) => EventData::Stance {
                stance: stance_name(s),
            },
            Event::Permission(p) => EventData::Permission {
                permission: permission_name(p),
            },
            Event::TalksAdvanced(t) => EventData::TalksAdvanced { talks: t.name() },
            Event::TalksFormat(f) => EventData::TalksFormat { format: f.name() },
            Event::TalksCollapsed {
                stance,
                negotiator_loss,
                leader_change,
            } => EventData::TalksCollapsed {
                stance: stance_name(stance),
                negotiator_loss,
                leader_change,
            },
            Event::DealCredit => EventData::DealCredit,
            Event::DealTerms(t) => EventData::DealTerms {
                enrichment_percent: t.enrichment_percent,
                stockpile_kg: t.stockpile_kg,
                access: t.access,
                relief: t.relief,
            },
            Event::DealBrokeDown {
                deal,
                stance,
                negotiator_loss,
                leader_change,
            } => EventData::DealBrokeDown {
                deal: deal.name(),
                stance: stance_name(stance),
                negotiator_loss,
                leader_change,
            },
            Event::CounterpartMove(m) => EventData::CounterpartMove {
                counterpart_move: match m {
                    Move::Cooperate => "cooperate",
                    Move::Defect => "defect",
                },
            },
            Event::SnapbackTriggered => EventData::SnapbackTriggered,
            Event::SanctionsReimposed => EventData::SanctionsReimposed,
            Event::SnapbackLapsed => EventData::SnapbackLapsed,
            Event::NptWithdrawal => EventData::NptWithdrawal,
            Event::Strike {
                by,
                days,
                setback,
                stock_lost_share,
                breakout_before,
                breakout_after,
            } => EventData::Strike {
                days,
                setback,
                stock_lost_share,
                by: names
                    .striker_ids
                    .get(usize::from(by))
                    .cloned()
                    .unwrap_or_default(),
                breakout_before,
                breakout_after,
            },
            Event::Retaliation { sustained } => EventData::Retaliation { sustained },
            Event::Response(r) => EventData::Response { response: r.name() },
            Event::Ceasefire { weeks } => EventData::Ceasefire { weeks },
            Event::DeadlineLapsed => EventData::DeadlineLapsed,
            Event::Playbook { state, cause } => EventData::Playbook {
                state: names
                    .playbook_states
                    .get(usize::from(state))
                    .cloned()
                    .unwrap_or_default(),
                cause: cause.key(),
            },
            Event::ExchangeDays(days) => EventData::ExchangeDays { days },
            Event::War => EventData::War,
            Event::WeaponizationDecided => EventData::WeaponizationDecided,
            Event::WeaponizationDetected => EventData::WeaponizationDetected,
            Event::DeviceReady => EventData::DeviceReady,
            Event::NuclearTest => EventData::NuclearTest,
            Event::Assumed(o) => EventData::Assumed {
                outcome: names.id(o).to_string(),
            },
        }
    }
}

/// An event with its data and, where it has one, its sentence.
#[derive(Serialize)]
struct EventOut {
    #[serde(flatten)]
    data: EventData,
    sentence: Option<String>,
}

/// One [`TracedWeek`], field by field.
#[derive(Serialize)]
struct WeekOut {
    week: usize,
    date: String,
    stance: &'static str,
    permission: &'static str,
    talks: &'static str,
    format: Option<&'static str>,
    negotiator_capital: f64,
    leader_standing: f64,
    relief_leverage: f64,
    econ_pressure: f64,
    snapback: SnapbackState,
    breakout_weeks: f64,
    stockpile_kg: f64,
    stockpile_20_kg: f64,
    stockpile_leu_kg: f64,
    iaea_access: f64,
    goldstein_target_to_coercer: f64,
    goldstein_coercer_to_target: f64,
    deal_zone_overlaps: bool,
    enrichment_percent: f64,
    deal_terms: Option<TermsOut>,
    events: Vec<EventOut>,
}

/// A deal's terms.
#[derive(Serialize)]
struct TermsOut {
    enrichment_percent: f64,
    stockpile_kg: f64,
    access: f64,
    relief: f64,
}

impl TermsOut {
    fn of(t: DealTerms) -> TermsOut {
        TermsOut {
            enrichment_percent: t.enrichment_percent,
            stockpile_kg: t.stockpile_kg,
            access: t.access,
            relief: t.relief,
        }
    }
}

impl WeekOut {
    fn of(w: &TracedWeek, names: &Names) -> WeekOut {
        // Every field, so that a field added to TracedWeek must be added here.
        let TracedWeek {
            week,
            date,
            stance,
            permission,
            talks,
            format,
            negotiator_capital,
            leader_standing,
            relief_leverage,
            econ_pressure,
            snapback,
            breakout_weeks,
            stockpile_kg,
            stockpile_20_kg,
            stockpile_leu_kg,
            iaea_access,
            goldstein_target_to_coercer,
            goldstein_coercer_to_target,
            deal_zone_overlaps,
            enrichment_percent,
            deal_terms,
            ref events,
        } = *w;
        WeekOut {
            week,
            date: date.to_string(),
            stance: stance_name(stance),
            permission: permission_name(permission),
            talks: talks.name(),
            format: format.map(|f| f.name()),
            negotiator_capital,
            leader_standing,
            relief_leverage,
            econ_pressure,
            snapback: SnapbackState::of(snapback),
            breakout_weeks,
            stockpile_kg,
            stockpile_20_kg,
            stockpile_leu_kg,
            iaea_access,
            goldstein_target_to_coercer,
            goldstein_coercer_to_target,
            deal_zone_overlaps,
            enrichment_percent,
            deal_terms: deal_terms.map(TermsOut::of),
            events: events
                .iter()
                .map(|e| EventOut {
                    data: EventData::of(e, names),
                    sentence: w.tell(e, names),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct TraceDocument<'a> {
    meta: &'a Meta,
    title: String,
    run: u64,
    seed: u64,
    strategy: String,
    outcomes: Vec<OutcomeAt<'a>>,
    weeks: Vec<WeekOut>,
}

/// The run as JSON (shape in the module's documentation).
pub fn to_json(scenario: &Scenario, meta: &Meta, trace: &Trace) -> String {
    json_text(&TraceDocument {
        meta,
        title: title(scenario, trace),
        run: trace.run,
        seed: trace.seed,
        strategy: trace.strategy.name().to_string(),
        outcomes: trace
            .outcomes
            .iter()
            .map(|(o, week)| OutcomeAt {
                id: o.id(),
                label: o.label(),
                week: *week,
                date: scenario.step_date(*week).to_string(),
            })
            .collect(),
        weeks: trace
            .weeks
            .iter()
            .map(|w| WeekOut::of(w, &trace.names))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_wrap_within_the_width() {
        let text = "word ".repeat(60);
        let wrapped = wrap(&text, "    ", "      ");
        assert!(wrapped.lines().count() >= 3);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        assert!(wrapped.starts_with("    word"));
        assert!(
            wrapped
                .lines()
                .nth(1)
                .expect("two lines")
                .starts_with("      word")
        );
    }

    #[test]
    fn numbers_give_up_decimals_before_width() {
        assert_eq!(fit(2.44, 8, 1), "     2.4");
        assert_eq!(fit(123_456_789.0, 8, 1), "123456789");
        assert_eq!(fit(1234567.0, 8, 1), " 1234567");
    }
}
