//! Output of the data commands (`events`, `cameo`, `reciprocity`,
//! `credibility`, `calibrate`): tables, JSON and CSV from the results of
//! `redline-data`.
//!
//! Every JSON document is a `#[derive(Serialize)]` type written by
//! [`json_text`] (or, for `events`, whose output grows with dyads × periods,
//! streamed to a writer by [`write_json`]), with the provenance [`Meta`]
//! (command, input files, seed) as its first key. Sums and means of Goldstein scores are printed to nine
//! decimals (`0.3`, not `0.30000000000000004`): the scale has one.

use crate::meta::Meta;
use crate::{csv_text, json_text, write_csv, write_json};
use redline_data::credibility::{GroupEstimate, Logistic};
use redline_data::events::ReadReport;
use redline_data::fragment::{Fragment, format_value};
use redline_data::lookup::{CameoEntry, quad_class};
use redline_data::reciprocity_estimate::{self as reciprocity, Reciprocity};
use redline_data::series::{Bucket, SparseSeries};
use redline_data::var::Granger;
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::fmt::Write;
use std::io;

use crate::decimal::tidy;

/// What the reader saw: format, rows, events, rows left out and why.
#[derive(Serialize)]
pub struct ReadSummary<'a> {
    /// The detected (or given) format.
    pub format: &'static str,
    /// Whether the file had a header row.
    pub header: bool,
    /// Data rows read.
    pub rows: usize,
    /// Rows that became events.
    pub events: usize,
    /// Rows without both actors (left out).
    pub without_dyad: usize,
    /// Malformed rows (skipped).
    pub malformed: usize,
    /// The first malformed rows with their line numbers.
    pub first_malformed: Vec<MalformedRow<'a>>,
}

/// One malformed row.
#[derive(Serialize)]
pub struct MalformedRow<'a> {
    /// Line number in the file.
    pub line: usize,
    /// What was wrong.
    pub message: &'a str,
}

impl<'a> ReadSummary<'a> {
    /// The summary of a reader's report.
    pub fn new(report: &'a ReadReport) -> Self {
        ReadSummary {
            format: report.format.name(),
            header: report.header,
            rows: report.rows,
            events: report.events,
            without_dyad: report.without_dyad,
            malformed: report.malformed,
            first_malformed: report
                .first_malformed
                .iter()
                .map(|m| MalformedRow {
                    line: m.line,
                    message: &m.message,
                })
                .collect(),
        }
    }
}

/// `redline events --format json`.
#[derive(Serialize)]
pub struct EventsDocument<'a> {
    /// Provenance.
    pub meta: &'a Meta,
    /// What the reader saw.
    pub read: ReadSummary<'a>,
    /// One entry per directed dyad, busiest first.
    pub dyads: Dyads<'a>,
}

/// The dyads of a document, serialised one by one (no intermediate list).
pub struct Dyads<'a>(&'a [SparseSeries]);

impl Serialize for Dyads<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for s in self.0 {
            seq.serialize_element(&DyadJson {
                source: &s.source,
                target: &s.target,
                period: s.period.name(),
                events: s.total_events(),
                series: Periods(s),
            })?;
        }
        seq.end()
    }
}

/// One directed dyad's series.
#[derive(Serialize)]
pub struct DyadJson<'a> {
    /// Source actor.
    pub source: &'a str,
    /// Target actor.
    pub target: &'a str,
    /// `day`, `week` or `month`.
    pub period: &'static str,
    /// Events over all periods.
    pub events: u64,
    /// The periods, gaps filled.
    pub series: Periods<'a>,
}

/// A dyad's periods, serialised one by one as the gaps are filled (no
/// intermediate list).
pub struct Periods<'a>(&'a SparseSeries);

/// One period of a dyad's series.
#[derive(Serialize)]
struct PeriodJson {
    start: String,
    events: u64,
    goldstein_sum: f64,
    goldstein_mean: Option<f64>,
    quad: [u64; 4],
}

impl PeriodJson {
    fn new(start: &redline_core::Date, b: &Bucket) -> Self {
        PeriodJson {
            start: start.to_string(),
            events: b.events,
            goldstein_sum: tidy(b.goldstein_sum),
            goldstein_mean: b.goldstein_mean().map(tidy),
            quad: b.quad,
        }
    }
}

impl Serialize for Periods<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for (d, b) in self.0.periods() {
            seq.serialize_element(&PeriodJson::new(&d, &b))?;
        }
        seq.end()
    }
}

/// `redline events --format json`, written to `out` as it is serialised:
/// `{meta, read, dyads: [{source, target, period, events, series: [{start,
/// events, goldstein_sum, goldstein_mean, quad}]}]}`. Memory does not grow
/// with the output (a day-by-day series of many dyads runs to gigabytes).
pub fn events_json(
    out: &mut dyn io::Write,
    meta: &Meta,
    report: &ReadReport,
    series: &[SparseSeries],
) -> io::Result<()> {
    write_json(
        out,
        &EventsDocument {
            meta,
            read: ReadSummary::new(report),
            dyads: Dyads(series),
        },
    )
}

fn mean_text(mean: Option<f64>) -> String {
    mean.map_or_else(String::new, |m| format!("{m:.3}"))
}

/// `redline events --format csv`: one row per dyad and period, written to
/// `out` row by row.
pub fn events_csv(out: &mut dyn io::Write, series: &[SparseSeries]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        source: &'a str,
        target: &'a str,
        period_start: String,
        events: u64,
        goldstein_sum: String,
        goldstein_mean: String,
        verbal_cooperation: u64,
        material_cooperation: u64,
        verbal_conflict: u64,
        material_conflict: u64,
    }
    write_csv(
        out,
        series.iter().flat_map(|s| {
            s.periods().map(move |(d, b)| Row {
                source: &s.source,
                target: &s.target,
                period_start: d.to_string(),
                events: b.events,
                goldstein_sum: format_value(b.goldstein_sum),
                goldstein_mean: mean_text(b.goldstein_mean()),
                verbal_cooperation: b.quad[0],
                material_cooperation: b.quad[1],
                verbal_conflict: b.quad[2],
                material_conflict: b.quad[3],
            })
        }),
    )
}

/// `redline events`: a header line with what the reader saw, then one table
/// per directed dyad, written to `out` line by line.
pub fn events_table(
    out: &mut dyn io::Write,
    origin: &str,
    report: &ReadReport,
    series: &[SparseSeries],
) -> io::Result<()> {
    writeln!(
        out,
        "# {origin}: {} ({}), {} rows, {} events, {} without a dyad, {} malformed",
        report.format.name(),
        if report.header { "header" } else { "no header" },
        report.rows,
        report.events,
        report.without_dyad,
        report.malformed
    )?;
    for s in series {
        writeln!(
            out,
            "\n{} -> {}  ({} events, by {})",
            s.source,
            s.target,
            s.total_events(),
            s.period.name()
        )?;
        writeln!(
            out,
            "{:<10} {:>6} {:>9} {:>7} {:>5} {:>5} {:>5} {:>5}",
            "start", "events", "sum", "mean", "vcoop", "mcoop", "vconf", "mconf"
        )?;
        for (d, b) in s.periods() {
            writeln!(
                out,
                "{:<10} {:>6} {:>9.2} {:>7} {:>5} {:>5} {:>5} {:>5}",
                d.to_string(),
                b.events,
                b.goldstein_sum,
                mean_text(b.goldstein_mean()),
                b.quad[0],
                b.quad[1],
                b.quad[2],
                b.quad[3]
            )?;
        }
    }
    Ok(())
}

/// A CAMEO code with its entry, as `redline cameo` lists it.
pub type CameoRow<'a> = (&'a str, &'a CameoEntry);

/// A PLOVER category in JSON.
#[derive(Serialize)]
struct PloverJson<'a> {
    category: &'a str,
    mode: &'a str,
    context: &'a str,
}

/// One code in `redline cameo --format json`.
#[derive(Serialize)]
struct CameoJson<'a> {
    code: &'a str,
    description: &'a str,
    goldstein_gdelt: Option<f64>,
    goldstein_parus: Option<f64>,
    quad_class: Option<u8>,
    plover: Option<PloverJson<'a>>,
}

/// `redline cameo --format json`: `{meta, codes: [{code, description,
/// goldstein_gdelt, goldstein_parus, quad_class, plover: {category, mode,
/// context}}]}`.
pub fn cameo_json(meta: &Meta, rows: &[CameoRow<'_>]) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        meta: &'a Meta,
        codes: Vec<CameoJson<'a>>,
    }
    json_text(&Document {
        meta,
        codes: rows
            .iter()
            .map(|&(code, e)| CameoJson {
                code,
                description: &e.description,
                goldstein_gdelt: e.goldstein_gdelt,
                goldstein_parus: e.goldstein_parus,
                quad_class: quad_class(code),
                plover: e.plover.as_ref().map(|p| PloverJson {
                    category: &p.category,
                    mode: &p.mode,
                    context: &p.context,
                }),
            })
            .collect(),
    })
}

fn score(v: Option<f64>) -> String {
    v.map_or_else(String::new, format_value)
}

/// `redline cameo --format csv`.
pub fn cameo_csv(rows: &[CameoRow<'_>]) -> String {
    #[derive(Serialize)]
    struct Row<'a> {
        code: &'a str,
        goldstein_gdelt: String,
        goldstein_parus: String,
        quad_class: Option<u8>,
        plover_category: &'a str,
        plover_mode: &'a str,
        plover_context: &'a str,
        description: &'a str,
    }
    csv_text(rows.iter().map(|&(code, e)| Row {
        code,
        goldstein_gdelt: score(e.goldstein_gdelt),
        goldstein_parus: score(e.goldstein_parus),
        quad_class: quad_class(code),
        plover_category: e.plover.as_ref().map_or("", |p| p.category.as_str()),
        plover_mode: e.plover.as_ref().map_or("", |p| p.mode.as_str()),
        plover_context: e.plover.as_ref().map_or("", |p| p.context.as_str()),
        description: &e.description,
    }))
}

/// `redline cameo`.
pub fn cameo_table(rows: &[CameoRow<'_>]) -> String {
    let mut out = format!(
        "{:<5} {:>6} {:>6} {:>4} {:<22} {}\n",
        "code", "gdelt", "parus", "quad", "plover", "description"
    );
    for &(code, e) in rows {
        let plover = e.plover.as_ref().map_or_else(String::new, |p| {
            if p.mode.is_empty() {
                p.category.clone()
            } else {
                format!("{}/{}", p.category, p.mode)
            }
        });
        let _ = writeln!(
            out,
            "{:<5} {:>6} {:>6} {:>4} {:<22} {}",
            code,
            score(e.goldstein_gdelt),
            score(e.goldstein_parus),
            quad_class(code).map_or_else(String::new, |q| q.to_string()),
            plover,
            e.description
        );
    }
    out
}

/// An estimate with its bootstrap interval.
#[derive(Serialize)]
struct EstimateJson {
    value: f64,
    lower: f64,
    upper: f64,
}

impl From<&reciprocity::Estimate> for EstimateJson {
    fn from(e: &reciprocity::Estimate) -> Self {
        EstimateJson {
            value: e.value,
            lower: e.lower,
            upper: e.upper,
        }
    }
}

/// A Granger F test.
#[derive(Serialize)]
struct GrangerJson {
    f: f64,
    df1: f64,
    df2: f64,
    p_value: f64,
}

impl From<&Granger> for GrangerJson {
    fn from(g: &Granger) -> Self {
        GrangerJson {
            f: g.f,
            df1: g.df1,
            df2: g.df2,
            p_value: g.p_value,
        }
    }
}

/// The information criteria by lag order.
#[derive(Serialize)]
struct LagChoiceJson<'a> {
    aic: &'a [f64],
    bic: &'a [f64],
    by_aic: usize,
    by_bic: usize,
}

/// One step of the impulse responses.
#[derive(Serialize)]
struct IrfJson {
    h: usize,
    b_from_a: f64,
    a_from_b: f64,
    b_from_a_interval: [f64; 2],
    a_from_b_interval: [f64; 2],
}

/// The bootstrap's settings.
#[derive(Serialize)]
struct BootstrapJson {
    replicates: usize,
    usable: usize,
    level: f64,
    seed: u64,
}

/// `redline reciprocity --format json`: `{meta, a, b, periods,
/// empty_periods, lags, nobs, lag_choice, b_answers_a, a_answers_b,
/// a_inertia, b_inertia, granger_a_to_b, granger_b_to_a, irf, bootstrap}`.
pub fn reciprocity_json(meta: &Meta, r: &Reciprocity) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        meta: &'a Meta,
        a: &'a str,
        b: &'a str,
        periods: usize,
        empty_periods: [usize; 2],
        lags: usize,
        nobs: usize,
        lag_choice: Option<LagChoiceJson<'a>>,
        b_answers_a: EstimateJson,
        a_answers_b: EstimateJson,
        a_inertia: EstimateJson,
        b_inertia: EstimateJson,
        granger_a_to_b: GrangerJson,
        granger_b_to_a: GrangerJson,
        irf: Vec<IrfJson>,
        bootstrap: BootstrapJson,
    }
    let lo = &r.bootstrap.irf_lower;
    let hi = &r.bootstrap.irf_upper;
    json_text(&Document {
        meta,
        a: &r.a,
        b: &r.b,
        periods: r.periods,
        empty_periods: r.empty_periods,
        lags: r.fit.lags,
        nobs: r.fit.nobs,
        lag_choice: r.lag_choice.as_ref().map(|c| LagChoiceJson {
            aic: &c.aic,
            bic: &c.bic,
            by_aic: c.by_aic,
            by_bic: c.by_bic,
        }),
        b_answers_a: (&r.b_answers_a).into(),
        a_answers_b: (&r.a_answers_b).into(),
        a_inertia: (&r.a_inertia).into(),
        b_inertia: (&r.b_inertia).into(),
        granger_a_to_b: (&r.granger_a_to_b).into(),
        granger_b_to_a: (&r.granger_b_to_a).into(),
        irf: r
            .irf
            .iter()
            .enumerate()
            .map(|(h, m)| IrfJson {
                h,
                b_from_a: m[(1, 0)],
                a_from_b: m[(0, 1)],
                b_from_a_interval: [lo[h][(1, 0)], hi[h][(1, 0)]],
                a_from_b_interval: [lo[h][(0, 1)], hi[h][(0, 1)]],
            })
            .collect(),
        bootstrap: BootstrapJson {
            replicates: r.bootstrap.replicates,
            usable: r.bootstrap.usable,
            level: r.bootstrap.level,
            seed: r.seed,
        },
    })
}

/// The periods without events, in plain words: `USA->IRN had no events in
/// 3 of the 40 weeks, IRN->USA in 5; a week without events counts as a mean
/// Goldstein score of 0 (neutral)`.
pub fn empty_periods_line(r: &Reciprocity, period: &str) -> String {
    let [ab, ba] = r.empty_periods;
    let unit = |n: usize| {
        if n == 1 {
            period.to_string()
        } else {
            format!("{period}s")
        }
    };
    if ab == 0 && ba == 0 {
        return format!(
            "both directions had events in every one of the {} {}",
            r.periods,
            unit(r.periods)
        );
    }
    format!(
        "{a}->{b} had no events in {ab} of the {n} {units}, {b}->{a} in {ba}; \
         a {period} without events counts as a mean Goldstein score of 0 (neutral)",
        a = r.a,
        b = r.b,
        n = r.periods,
        units = unit(r.periods),
    )
}

/// `redline reciprocity`: estimates with bootstrap intervals, Granger tests,
/// impulse responses.
pub fn reciprocity_table(r: &Reciprocity, origin: &str, period: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {origin}: {a}->{b} and {b}->{a}, mean Goldstein by {period}, {} {period}s",
        r.periods,
        a = r.a,
        b = r.b
    );
    let _ = writeln!(out, "# {}", empty_periods_line(r, period));
    if let Some(c) = &r.lag_choice {
        let _ = writeln!(out, "# lag order by AIC {}, by BIC {}", c.by_aic, c.by_bic);
    }
    let _ = writeln!(
        out,
        "VAR({}) on {} observations; {}% bootstrap intervals from {} replicates (seed {})\n",
        r.fit.lags,
        r.fit.nobs,
        (r.bootstrap.level * 100.0).round(),
        r.bootstrap.usable,
        r.seed
    );
    let _ = writeln!(
        out,
        "{:<28} {:>8} {:>18}",
        "effect (sum over lags)", "estimate", "interval"
    );
    for (name, e) in [
        (format!("{} answers {}", r.b, r.a), r.b_answers_a),
        (format!("{} answers {}", r.a, r.b), r.a_answers_b),
        (format!("{} inertia", r.a), r.a_inertia),
        (format!("{} inertia", r.b), r.b_inertia),
    ] {
        let _ = writeln!(
            out,
            "{name:<28} {:>8.3} [{:>7.3}, {:>7.3}]",
            e.value, e.lower, e.upper
        );
    }
    let _ = writeln!(out, "\nGranger causality (F test)");
    for (name, g) in [
        (format!("{} -> {}", r.a, r.b), &r.granger_a_to_b),
        (format!("{} -> {}", r.b, r.a), &r.granger_b_to_a),
    ] {
        let _ = writeln!(
            out,
            "{name:<28} F({:.0}, {:.0}) = {:.3}, p = {:.4}",
            g.df1, g.df2, g.f, g.p_value
        );
    }
    let _ = writeln!(out, "\nResponse to a one-point move (h periods later)");
    let _ = writeln!(
        out,
        "{:>3} {:>26} {:>26}",
        "h",
        format!("{} from {}", r.b, r.a),
        format!("{} from {}", r.a, r.b)
    );
    for (h, m) in r.irf.iter().enumerate() {
        let lo = &r.bootstrap.irf_lower[h];
        let hi = &r.bootstrap.irf_upper[h];
        let _ = writeln!(
            out,
            "{h:>3} {:>8.3} [{:>7.3},{:>7.3}] {:>8.3} [{:>7.3},{:>7.3}]",
            m[(1, 0)],
            lo[(1, 0)],
            hi[(1, 0)],
            m[(0, 1)],
            lo[(0, 1)],
            hi[(0, 1)]
        );
    }
    out
}

/// One Beta–binomial group in JSON.
#[derive(Serialize)]
struct GroupJson<'a> {
    actor: &'a str,
    topic: Option<&'a str>,
    resolved: u32,
    held: u32,
    pending: u32,
    mean: f64,
    lower: f64,
    upper: f64,
}

/// The logistic model in JSON.
#[derive(Serialize)]
struct LogisticJson<'a> {
    names: &'a [String],
    coef: &'a [f64],
    se: &'a [f64],
    lower: &'a [f64],
    upper: &'a [f64],
    level: f64,
    used: usize,
    dropped: usize,
}

/// `redline credibility --format json`: `{meta, records, beta_binomial:
/// [{actor, topic, resolved, held, pending, mean, lower, upper}], logistic:
/// {names, coef, se, lower, upper, level, used, dropped} or null}`.
pub fn credibility_json(
    meta: &Meta,
    groups: &[GroupEstimate],
    model: Option<&Logistic>,
    records: usize,
) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        meta: &'a Meta,
        records: usize,
        beta_binomial: Vec<GroupJson<'a>>,
        logistic: Option<LogisticJson<'a>>,
    }
    json_text(&Document {
        meta,
        records,
        beta_binomial: groups
            .iter()
            .map(|g| GroupJson {
                actor: &g.actor,
                topic: g.topic.as_deref(),
                resolved: g.resolved,
                held: g.held,
                pending: g.pending,
                mean: g.mean,
                lower: g.lower,
                upper: g.upper,
            })
            .collect(),
        logistic: model.map(|m| LogisticJson {
            names: &m.names,
            coef: &m.coef,
            se: &m.se,
            lower: &m.lower,
            upper: &m.upper,
            level: m.level,
            used: m.used,
            dropped: m.dropped,
        }),
    })
}

/// `redline credibility`: the Beta–binomial table and the logistic model.
pub fn credibility_table(
    groups: &[GroupEstimate],
    model: Option<&Logistic>,
    origin: &str,
    records: usize,
    actor: &str,
) -> String {
    let mut out = format!("# {origin}: {records} red lines; prior Beta(1, 1)\n");
    let _ = writeln!(
        out,
        "{:<6} {:<14} {:>8} {:>5} {:>7} {:>6} {:>16}",
        "actor", "topic", "resolved", "held", "pending", "P", "interval"
    );
    for g in groups {
        let _ = writeln!(
            out,
            "{:<6} {:<14} {:>8} {:>5} {:>7} {:>6.3} [{:.3}, {:.3}]",
            g.actor,
            g.topic.as_deref().unwrap_or("(all)"),
            g.resolved,
            g.held,
            g.pending,
            g.mean,
            g.lower,
            g.upper
        );
    }
    match model {
        Some(m) => {
            let _ = writeln!(
                out,
                "\nLogistic model for {actor} ({} rows, {} left out for unknown covariates; \
                 normal priors, Laplace intervals)",
                m.used, m.dropped
            );
            for i in 0..m.names.len() {
                let _ = writeln!(
                    out,
                    "{:<20} {:>7.3} [{:.3}, {:.3}]",
                    m.names[i], m.coef[i], m.lower[i], m.upper[i]
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\nNo logistic model for {actor}: no resolved rows with all covariates."
            );
        }
    }
    out
}

/// `redline calibrate`: the fragment file, with a first comment line naming
/// the version of redline and the inputs it was estimated from.
pub fn calibrate_text(meta: &Meta, fragments: &[Fragment]) -> String {
    let inputs = if meta.inputs.is_empty() {
        String::new()
    } else {
        format!(" from {}", meta.inputs.join(", "))
    };
    format!(
        "# Written by redline {} `{}`{inputs}.\n{}",
        meta.redline,
        meta.command,
        redline_data::calibrate::overlay(fragments)
    )
}
