//! `redline events`, `redline reciprocity`, `redline credibility`: event
//! data, "respond in kind" estimates and red-line credibility. The work is
//! in the `redline-data` crate; this module parses arguments and prints.

use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::{Args, Subcommand};
use redline_core::input_error::did_you_mean;
use redline_core::{Date, InputError};
use redline_data::credibility::{self, GroupEstimate, Logistic};
use redline_data::events::{EventFormat, GoldsteinSource, ReadOptions, ReadReport, read_path};
use redline_data::fragment::format_value;
use redline_data::lookup::{CameoBook, GoldsteinTable, quad_class};
use redline_data::reciprocity::{self, Criterion, Reciprocity, ReciprocityOptions};
use redline_data::series::{DyadSeries, Period, SeriesBuilder};
use serde_json::json;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Event data, reciprocity and red-line credibility.
#[derive(Subcommand)]
pub enum DataCommand {
    /// Directed-dyad series (Goldstein sum and mean, quad-class counts) from an event file.
    Events(EventsArgs),
    /// "Respond in kind": a VAR on a dyad's weekly mean Goldstein series.
    Reciprocity(ReciprocityArgs),
    /// How often red lines held: Beta–binomial and logistic estimates.
    Credibility(CredibilityArgs),
    /// Look up CAMEO codes: description, Goldstein scores (GDELT, Parus), quad class, PLOVER.
    Cameo(CameoArgs),
    /// Estimate M8 (reciprocity) and M1 (red-line firmness) parameters from data, as a scenario fragment.
    Calibrate(CalibrateArgs),
}

/// `redline calibrate`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline calibrate --events usa-irn-events.csv --out calibrated.toml\n  \
    redline calibrate --redlines data/redlines/us-iran-2025-02-07.csv --out firmness.toml\n  \
    redline forecast --with calibrated.toml")]
pub struct CalibrateArgs {
    /// Event file for the reciprocity VAR (M8); omit to calibrate M1 only.
    #[arg(long)]
    events: Option<PathBuf>,
    /// Red-line record for the firmness estimate (M1); default: the shipped US–Iran record.
    #[arg(long)]
    redlines: Option<PathBuf>,
    /// Skip the red-line estimate.
    #[arg(long)]
    no_redlines: bool,
    /// The dyad of the reciprocity VAR, as A,B.
    #[arg(long, default_value = "USA,IRN")]
    dyad: String,
    /// Write the fragment to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline cameo`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline cameo 042 163 1213\n  \
    redline cameo --format json")]
pub struct CameoArgs {
    /// CAMEO codes (all codes when none are given).
    codes: Vec<String>,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = ["table", "json", "csv"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Options shared by the commands that read an event file.
#[derive(Args)]
pub struct InputArgs {
    /// Event file: GDELT 1.0/2.0 (raw or CSV export), ICEWS, or project CSV.
    file: PathBuf,
    /// Input format.
    #[arg(long, default_value = "auto", value_parser = ["auto", "gdelt1", "gdelt2", "icews", "csv"])]
    input_format: String,
    /// Goldstein scores: the file's own, or rescored from the GDELT or Parus (ICEWS) table.
    #[arg(long, default_value = "file", value_parser = ["file", "gdelt", "parus"])]
    goldstein: String,
    /// Treat the first malformed row as an error (exit code 2).
    #[arg(long)]
    strict: bool,
    /// First day kept (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Last day kept (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
}

/// `redline events`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline events events.csv --dyad USA,IRN --period week\n  \
    redline events 20190101.export.CSV --format csv --out series.csv\n  \
    redline events icews.tab --input-format icews --goldstein parus --from 2018-06-01")]
pub struct EventsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Only the two directed dyads between these actors (A,B: A→B and B→A).
    #[arg(long)]
    dyad: Option<String>,
    /// Period length.
    #[arg(long, default_value = "week", value_parser = ["day", "week", "month"])]
    period: String,
    /// Keep only the N busiest dyads.
    #[arg(long)]
    top: Option<usize>,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = ["table", "json", "csv"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline reciprocity`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline reciprocity events.csv --dyad USA,IRN\n  \
    redline reciprocity events.csv --dyad USA,IRN --lags 2 --replicates 1000 --seed 7\n  \
    redline reciprocity events.csv --dyad USA,IRN --format crisis --out m8.toml")]
pub struct ReciprocityArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The dyad A,B (series A→B and B→A).
    #[arg(long)]
    dyad: String,
    /// Period length.
    #[arg(long, default_value = "week", value_parser = ["day", "week", "month"])]
    period: String,
    /// Lag order: `auto` (by --criterion) or a number.
    #[arg(long, default_value = "auto")]
    lags: String,
    /// Largest lag order tried by `auto`.
    #[arg(long, default_value_t = 8)]
    max_lags: usize,
    /// Information criterion for `auto`.
    #[arg(long, default_value = "bic", value_parser = ["bic", "aic"])]
    criterion: String,
    /// Impulse-response horizon, in periods.
    #[arg(long, default_value_t = 8)]
    horizon: usize,
    /// Bootstrap replicates.
    #[arg(long, default_value_t = 500)]
    replicates: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Coverage of the bootstrap intervals (0.9: 5th to 95th percentile).
    #[arg(long, default_value_t = 0.9)]
    level: f64,
    /// Output: table, json, fragment (generic `key = value` estimates) or crisis (the crisis
    /// model's M8 keys, for a dyad with IRN).
    #[arg(long, default_value = "table", value_parser = ["table", "json", "fragment", "crisis"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline credibility`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline credibility\n  \
    redline credibility my-record.csv --format json\n  \
    redline credibility --format crisis --actor IRN")]
pub struct CredibilityArgs {
    /// Red-line record (CSV); default: the shipped US–Iran record to 2025-02-07.
    file: Option<PathBuf>,
    /// Actor for the logistic model and the fragment (all actors in the table).
    #[arg(long, default_value = "IRN")]
    actor: String,
    /// Interval coverage.
    #[arg(long, default_value_t = 0.9)]
    level: f64,
    /// Output: table, json, fragment (estimates as `key = value`) or crisis
    /// (`leader.firmness` from the actor's `talks` red lines).
    #[arg(long, default_value = "table", value_parser = ["table", "json", "fragment", "crisis"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs one of the data commands.
pub fn run(command: DataCommand) -> CliResult {
    match command {
        DataCommand::Events(args) => events(args),
        DataCommand::Reciprocity(args) => reciprocity(args),
        DataCommand::Credibility(args) => credibility(args),
        DataCommand::Cameo(args) => cameo(args),
        DataCommand::Calibrate(args) => calibrate(args),
    }
}

fn calibrate(args: CalibrateArgs) -> CliResult {
    let mut options = redline_data::calibrate::CalibrateOptions::default();
    if let Some((a, b)) = args.dyad.split_once(',') {
        options.dyad = (a.trim().to_string(), b.trim().to_string());
    } else {
        return Err(CliError::input(format!(
            "--dyad `{}`: expected A,B (e.g. USA,IRN)",
            args.dyad
        )));
    }
    // Each estimate keeps its own source: the fragments are rendered one after the other.
    let mut fragments = Vec::new();
    if let Some(events) = &args.events {
        fragments.push(redline_data::calibrate::reciprocity_fragment(
            events, &options,
        )?);
    }
    if !args.no_redlines {
        fragments.push(redline_data::calibrate::credibility_fragment(
            args.redlines.as_deref(),
            &options,
        )?);
    }
    if fragments.is_empty() {
        return Err(CliError::input(
            "nothing to calibrate: give --events and/or leave the red-line record on",
        ));
    }
    let mut text = String::from(
        "# Scenario fragment estimated by `redline calibrate`; lay it over a scenario with\n\
         # `redline forecast --with THIS_FILE`. Intervals in comments.\n",
    );
    for fragment in &fragments {
        text.push_str(&fragment.render_overlay());
    }
    emit(args.out.as_deref(), &text)
}

fn cameo(args: CameoArgs) -> CliResult {
    let book = CameoBook::get();
    let codes: Vec<String> = if args.codes.is_empty() {
        let mut all: Vec<String> = book.codes().map(str::to_string).collect();
        all.sort();
        all
    } else {
        args.codes.iter().map(|c| book.normalise(c)).collect()
    };
    let mut rows = Vec::new();
    for code in &codes {
        let entry = book.entry(code).ok_or_else(|| {
            let mut e = InputError::new("redline cameo", format!("`{code}` is not a CAMEO code"));
            if let Some(s) = did_you_mean(code, book.codes()) {
                e = e.hint(format!("did you mean `{s}`?"));
            }
            CliError::from(e)
        })?;
        rows.push((code, entry));
    }
    let score = |v: Option<f64>| v.map_or_else(String::new, format_value);
    let text = match args.format.as_str() {
        "json" => {
            let list: Vec<_> = rows
                .iter()
                .map(|(code, e)| {
                    json!({
                        "code": code, "description": e.description,
                        "goldstein_gdelt": e.goldstein_gdelt, "goldstein_parus": e.goldstein_parus,
                        "quad_class": quad_class(code),
                        "plover": e.plover.as_ref().map(|p| json!({
                            "category": p.category, "mode": p.mode, "context": p.context})),
                    })
                })
                .collect();
            format!("{:#}\n", serde_json::Value::Array(list))
        }
        "csv" => {
            #[derive(serde::Serialize)]
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
            redline_report::csv_text(rows.iter().map(|(code, e)| Row {
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
        _ => {
            let mut out = format!(
                "{:<5} {:>6} {:>6} {:>4} {:<22} {}\n",
                "code", "gdelt", "parus", "quad", "plover", "description"
            );
            for (code, e) in &rows {
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
    };
    emit(args.out.as_deref(), &text)
}

fn parse_date(flag: &str, text: &Option<String>) -> CliResult<Option<Date>> {
    match text {
        None => Ok(None),
        Some(t) => Date::parse(t)
            .map(Some)
            .map_err(|e| InputError::new(flag, e.to_string()).into()),
    }
}

fn parse_dyad(text: &str) -> CliResult<(String, String)> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [a, b] if !a.is_empty() && !b.is_empty() && a != b => {
            Ok((a.to_uppercase(), b.to_uppercase()))
        }
        _ => Err(
            InputError::new("--dyad", format!("`{text}` is not two actors"))
                .hint("write two different country codes, as in --dyad USA,IRN")
                .into(),
        ),
    }
}

/// Reads the file into a series builder and warns about skipped rows.
fn read_series(
    input: &InputArgs,
    period: &str,
    pair: Option<&(String, String)>,
) -> CliResult<(Vec<DyadSeries>, ReadReport)> {
    let period = Period::parse(period).unwrap_or(Period::Week);
    let (from, to) = (
        parse_date("--from", &input.from)?,
        parse_date("--to", &input.to)?,
    );
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(InputError::new("--from", format!("{f} is after --to {t}")).into());
    }
    let mut builder = SeriesBuilder::new(period, from, to);
    if let Some((a, b)) = pair {
        builder = builder.only_pair(a, b);
    }
    let mut options = ReadOptions::new(input.file.display().to_string());
    options.format = EventFormat::parse(&input.input_format);
    options.strict = input.strict;
    options.goldstein = match GoldsteinTable::parse(&input.goldstein) {
        Some(table) => GoldsteinSource::Table(table),
        None => GoldsteinSource::File,
    };
    let report = read_path(&input.file, &options, |e| builder.add(e))?;
    warn_skipped(&input.file, &report);
    Ok((builder.finish(), report))
}

fn warn_skipped(file: &Path, report: &ReadReport) {
    if report.malformed > 0 {
        eprintln!(
            "redline: warning: {}: {} malformed row(s) skipped (--strict makes this an error)",
            file.display(),
            report.malformed
        );
        for m in &report.first_malformed {
            eprintln!("  {}:{}: {}", file.display(), m.line, m.message);
        }
    }
    if !report.unknown_countries.is_empty() {
        let names: Vec<String> = report
            .unknown_countries
            .iter()
            .take(5)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        eprintln!(
            "redline: warning: country names without an ISO code (rows left out): {}",
            names.join(", ")
        );
    }
}

fn report_json(report: &ReadReport) -> serde_json::Value {
    json!({
        "format": report.format.name(),
        "header": report.header,
        "rows": report.rows,
        "events": report.events,
        "without_dyad": report.without_dyad,
        "malformed": report.malformed,
        "first_malformed": report.first_malformed.iter()
            .map(|m| json!({"line": m.line, "message": m.message})).collect::<Vec<_>>(),
    })
}

fn mean_text(mean: Option<f64>) -> String {
    mean.map_or_else(String::new, |m| format!("{m:.3}"))
}

fn events(args: EventsArgs) -> CliResult {
    let pair = args.dyad.as_deref().map(parse_dyad).transpose()?;
    let (mut series, report) = read_series(&args.input, &args.period, pair.as_ref())?;
    if let Some(n) = args.top {
        series.truncate(n);
    }
    let text = match args.format.as_str() {
        "json" => {
            let list: Vec<_> = series
                .iter()
                .map(|s| {
                    let periods: Vec<_> = s
                        .starts
                        .iter()
                        .zip(&s.buckets)
                        .map(|(d, b)| {
                            json!({
                                "start": d.to_string(),
                                "events": b.events,
                                "goldstein_sum": b.goldstein_sum,
                                "goldstein_mean": b.goldstein_mean(),
                                "quad": b.quad,
                            })
                        })
                        .collect();
                    json!({"source": s.source, "target": s.target,
                           "period": s.period.name(), "events": s.total_events(),
                           "series": periods})
                })
                .collect();
            format!(
                "{:#}\n",
                json!({"read": report_json(&report), "dyads": list})
            )
        }
        "csv" => {
            #[derive(serde::Serialize)]
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
            redline_report::csv_text(series.iter().flat_map(|s| {
                s.starts.iter().zip(&s.buckets).map(move |(d, b)| Row {
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
            }))
        }
        _ => {
            let mut out = format!(
                "# {}: {} ({}), {} rows, {} events, {} without a dyad, {} malformed\n",
                args.input.file.display(),
                report.format.name(),
                if report.header { "header" } else { "no header" },
                report.rows,
                report.events,
                report.without_dyad,
                report.malformed
            );
            for s in &series {
                let _ = writeln!(
                    out,
                    "\n{} -> {}  ({} events, by {})",
                    s.source,
                    s.target,
                    s.total_events(),
                    s.period.name()
                );
                let _ = writeln!(
                    out,
                    "{:<10} {:>6} {:>9} {:>7} {:>5} {:>5} {:>5} {:>5}",
                    "start", "events", "sum", "mean", "vcoop", "mcoop", "vconf", "mconf"
                );
                for (d, b) in s.starts.iter().zip(&s.buckets) {
                    let _ = writeln!(
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
                    );
                }
            }
            out
        }
    };
    emit(args.out.as_deref(), &text)
}

fn reciprocity(args: ReciprocityArgs) -> CliResult {
    let pair = parse_dyad(&args.dyad)?;
    let lags = match args.lags.as_str() {
        "auto" => None,
        t => match t.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                return Err(InputError::new(
                    "--lags",
                    format!("`{t}` is not `auto` or a number ≥ 1"),
                )
                .into());
            }
        },
    };
    if args.replicates == 0 {
        return Err(InputError::new("--replicates", "must be at least 1").into());
    }
    if args.level.is_nan() || args.level <= 0.0 || args.level >= 1.0 {
        return Err(
            InputError::new("--level", format!("{} is not between 0 and 1", args.level)).into(),
        );
    }
    let (series, _report) = read_series(&args.input, &args.period, Some(&pair))?;
    let options = ReciprocityOptions {
        lags,
        max_lags: args.max_lags.max(1),
        criterion: if args.criterion == "aic" {
            Criterion::Aic
        } else {
            Criterion::Bic
        },
        horizon: args.horizon,
        replicates: args.replicates,
        seed: args.seed,
        level: args.level,
    };
    let origin = args.input.file.display().to_string();
    let r = reciprocity::estimate(&series[0], &series[1], &options).map_err(|e| {
        CliError::from(
            InputError::new(
                &origin,
                format!("cannot estimate a VAR for {}: {e}", args.dyad),
            )
            .hint("a longer file, a shorter --period, or fewer --lags may help"),
        )
    })?;
    let text = match args.format.as_str() {
        "fragment" => r.fragment(&origin, &args.period).render(),
        "crisis" => r
            .crisis_fragment(&origin, &args.period)
            .ok_or_else(|| {
                CliError::from(
                    InputError::new("--dyad", "the crisis model's M8 keys need IRN in the dyad")
                        .hint("use --format fragment for other dyads"),
                )
            })?
            .render(),
        "json" => format!("{:#}\n", reciprocity_json(&r)),
        _ => reciprocity_table(&r, &origin, &args.period),
    };
    emit(args.out.as_deref(), &text)
}

fn reciprocity_json(r: &Reciprocity) -> serde_json::Value {
    let est =
        |e: &reciprocity::Estimate| json!({"value": e.value, "lower": e.lower, "upper": e.upper});
    let g = |t: &redline_data::var::Granger| json!({"f": t.f, "df1": t.df1, "df2": t.df2, "p_value": t.p_value});
    json!({
        "a": r.a, "b": r.b, "periods": r.periods, "empty_periods": r.empty_periods,
        "lags": r.fit.lags, "nobs": r.fit.nobs,
        "lag_choice": r.lag_choice.as_ref().map(|c| json!({"aic": c.aic, "bic": c.bic, "by_aic": c.by_aic, "by_bic": c.by_bic})),
        "b_answers_a": est(&r.b_answers_a), "a_answers_b": est(&r.a_answers_b),
        "a_inertia": est(&r.a_inertia), "b_inertia": est(&r.b_inertia),
        "granger_a_to_b": g(&r.granger_a_to_b), "granger_b_to_a": g(&r.granger_b_to_a),
        "irf": r.irf.iter().enumerate().map(|(h, m)| json!({
            "h": h, "b_from_a": m[(1, 0)], "a_from_b": m[(0, 1)],
            "b_from_a_interval": [r.bootstrap.irf_lower[h][(1, 0)], r.bootstrap.irf_upper[h][(1, 0)]],
            "a_from_b_interval": [r.bootstrap.irf_lower[h][(0, 1)], r.bootstrap.irf_upper[h][(0, 1)]],
        })).collect::<Vec<_>>(),
        "bootstrap": {"replicates": r.bootstrap.replicates, "usable": r.bootstrap.usable,
                      "level": r.bootstrap.level, "seed": r.seed},
    })
}

fn reciprocity_table(r: &Reciprocity, origin: &str, period: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {origin}: {a}->{b} and {b}->{a}, mean Goldstein by {period}, {} periods \
         ({} and {} without events, counted as 0)",
        r.periods,
        r.empty_periods[0],
        r.empty_periods[1],
        a = r.a,
        b = r.b
    );
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

fn credibility(args: CredibilityArgs) -> CliResult {
    if args.level.is_nan() || args.level <= 0.0 || args.level >= 1.0 {
        return Err(
            InputError::new("--level", format!("{} is not between 0 and 1", args.level)).into(),
        );
    }
    let (records, origin) = credibility::read_record(args.file.as_deref())?;
    let groups = credibility::beta_binomial(&records, (1.0, 1.0), args.level);
    let actor = args.actor.to_uppercase();
    let model = credibility::logistic(&records, Some(&actor), args.level);
    let out = match args.format.as_str() {
        "crisis" => {
            credibility::crisis_fragment(&groups, &actor, "talks", (1.0, 1.0), args.level, &origin)
                .ok_or_else(|| {
                    CliError::from(
                        InputError::new(
                            &origin,
                            format!("no resolved `talks` red lines of `{actor}`"),
                        )
                        .hint("choose another --actor"),
                    )
                })?
                .render()
        }
        "fragment" => credibility::fragment(&groups, model.as_ref(), &actor, &origin)
            .ok_or_else(|| {
                CliError::from(
                    InputError::new(&origin, format!("no resolved red lines of `{actor}`"))
                        .hint("choose another --actor"),
                )
            })?
            .render(),
        "json" => format!(
            "{:#}\n",
            credibility_json(&groups, model.as_ref(), records.len())
        ),
        _ => credibility_table(&groups, model.as_ref(), &origin, records.len(), &actor),
    };
    emit(args.out.as_deref(), &out)
}

fn credibility_json(
    groups: &[GroupEstimate],
    model: Option<&Logistic>,
    rows: usize,
) -> serde_json::Value {
    json!({
        "records": rows,
        "beta_binomial": groups.iter().map(|g| json!({
            "actor": g.actor, "topic": g.topic, "resolved": g.resolved, "held": g.held,
            "pending": g.pending, "mean": g.mean, "lower": g.lower, "upper": g.upper,
        })).collect::<Vec<_>>(),
        "logistic": model.map(|m| json!({
            "names": m.names, "coef": m.coef, "se": m.se, "lower": m.lower, "upper": m.upper,
            "level": m.level, "used": m.used, "dropped": m.dropped,
        })),
    })
}

fn credibility_table(
    groups: &[GroupEstimate],
    model: Option<&Logistic>,
    origin: &str,
    rows: usize,
    actor: &str,
) -> String {
    let mut out = format!("# {origin}: {rows} red lines; prior Beta(1, 1)\n");
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
