//! `redline events`, `redline reciprocity`, `redline credibility`: event
//! data, "respond in kind" estimates and red-line credibility. The work is
//! in the `redline-data` crate; this module parses arguments and prints.

use crate::error::{CliError, CliResult};
use crate::output::{emit, emit_with};
use crate::progress::ProgressReader;
use clap::{Args, Subcommand};
use redline_core::input_error::did_you_mean;
use redline_core::{Date, InputError};
use redline_data::credibility::{self, RedLine};
use redline_data::events::{EventFormat, GoldsteinSource, ReadOptions, ReadReport, read_events};
use redline_data::lookup::{CameoBook, GoldsteinTable};
use redline_data::reciprocity_estimate::{self as reciprocity, Criterion, ReciprocityOptions};
use redline_data::series::{DyadSeries, Period, SeriesBuilder};
use redline_report::data as report;
use redline_report::meta::Meta;
use std::io::BufReader;
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
    redline calibrate --events examples/events/usa-irn-2024.tsv --out calibrated.toml\n  \
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
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJsonCsv,
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
    #[arg(long, value_enum, default_value_t)]
    input_format: crate::args::InputFormat,
    /// Goldstein scores: the file's own, or rescored from the GDELT or Parus (ICEWS) table.
    #[arg(long, value_enum, default_value_t)]
    goldstein: crate::args::Goldstein,
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
    redline events examples/events/usa-irn-2024.tsv --dyad USA,IRN --period week\n  \
    redline events examples/events/usa-irn-2024.tsv --format csv --out series.csv\n  \
    redline events examples/events/usa-irn-2024.tsv --goldstein gdelt --from 2024-06-01")]
pub struct EventsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Only the two directed dyads between these actors (A,B: A→B and B→A).
    #[arg(long)]
    dyad: Option<String>,
    /// Period length.
    #[arg(long, value_enum, default_value_t)]
    period: crate::args::Period,
    /// Keep only the N busiest dyads.
    #[arg(long)]
    top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJsonCsv,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline reciprocity`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline reciprocity examples/events/usa-irn-2024.tsv --dyad USA,IRN\n  \
    redline reciprocity examples/events/usa-irn-2024.tsv --dyad USA,IRN --lags 2 --seed 7\n  \
    redline reciprocity examples/events/usa-irn-2024.tsv --dyad USA,IRN --format crisis --out m8.toml")]
pub struct ReciprocityArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The dyad A,B (series A→B and B→A).
    #[arg(long)]
    dyad: String,
    /// Period length.
    #[arg(long, value_enum, default_value_t)]
    period: crate::args::Period,
    /// Lag order: `auto` (by --criterion) or a number.
    #[arg(long, default_value = "auto")]
    lags: String,
    /// Largest lag order tried by `auto`.
    #[arg(long, default_value_t = 8)]
    max_lags: usize,
    /// Information criterion for `auto`.
    #[arg(long, value_enum, default_value_t)]
    criterion: crate::args::InformationCriterion,
    /// Impulse-response horizon, in periods (at most 520).
    #[arg(long, default_value_t = 8, value_parser = crate::args::count_in::<0, 520>)]
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
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::EstimateFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline credibility`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    redline credibility\n  \
    redline credibility examples/redlines/record.csv --actor AAA --format json\n  \
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
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::EstimateFormat,
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
    options.dyad = (options.dyad.0.to_uppercase(), options.dyad.1.to_uppercase());
    // Each estimate keeps its own source: the fragments are rendered one after the other.
    let mut fragments = Vec::new();
    let mut inputs = Vec::new();
    if let Some(events) = &args.events {
        let origin = events.display().to_string();
        fragments.push(redline_data::calibrate::reciprocity_fragment(
            open(events)?,
            &origin,
            &options,
        )?);
        inputs.push(origin);
    }
    if !args.no_redlines {
        let (records, origin) = red_line_record(args.redlines.as_deref())?;
        fragments.push(redline_data::calibrate::credibility_fragment(
            &records, &origin, &options,
        )?);
        inputs.push(origin);
    }
    if fragments.is_empty() {
        return Err(CliError::input(
            "nothing to calibrate: give --events and/or leave the red-line record on",
        ));
    }
    let meta = Meta::new("calibrate").inputs(&inputs);
    emit(
        args.out.as_deref(),
        &report::calibrate_text(&meta, &fragments),
    )
}

/// Opens a file for a streaming reader; a file that cannot be opened is an
/// input error naming it.
fn open(path: &Path) -> CliResult<BufReader<ProgressReader<std::fs::File>>> {
    let cannot = |e: std::io::Error| -> CliError {
        InputError::new(path.display().to_string(), format!("cannot open: {e}")).into()
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    // A bar by bytes read: reading is the work of the data commands.
    let label = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(BufReader::with_capacity(
        1 << 16,
        ProgressReader::new(file, size, &label),
    ))
}

/// The red-line record at `path`, or the shipped US–Iran record: the records
/// and the name to cite for them.
fn red_line_record(path: Option<&Path>) -> CliResult<(Vec<RedLine>, String)> {
    match path {
        Some(path) => {
            let origin = path.display().to_string();
            Ok((credibility::read_record(open(path)?, &origin)?, origin))
        }
        None => Ok((
            credibility::shipped_record()?,
            credibility::US_IRAN_RECORD_NAME.to_string(),
        )),
    }
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
    let rows: Vec<report::CameoRow<'_>> = rows.iter().map(|(c, e)| (c.as_str(), *e)).collect();
    let text = match args.format {
        crate::args::TableJsonCsv::Json => report::cameo_json(&Meta::new("cameo"), &rows),
        crate::args::TableJsonCsv::Csv => report::cameo_csv(&rows),
        crate::args::TableJsonCsv::Table => report::cameo_table(&rows),
        crate::args::TableJsonCsv::Parquet => {
            return crate::output::emit_parquet(
                args.out.as_deref(),
                &report::cameo_csv(&rows),
                &Meta::new("cameo"),
            );
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

/// Reads the file into dyad series (every period held, for estimates) and
/// warns about skipped rows.
fn read_series(
    input: &InputArgs,
    period: &str,
    pair: Option<&(String, String)>,
) -> CliResult<(Vec<DyadSeries>, ReadReport)> {
    let (builder, report) = read_builder(input, period, pair)?;
    Ok((builder.finish(&input.file.display().to_string())?, report))
}

/// Reads the file into a series builder and warns about skipped rows.
fn read_builder(
    input: &InputArgs,
    period: &str,
    pair: Option<&(String, String)>,
) -> CliResult<(SeriesBuilder, ReadReport)> {
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
    options.format = EventFormat::parse(input.input_format.name());
    options.strict = input.strict;
    options.goldstein = match GoldsteinTable::parse(input.goldstein.name()) {
        Some(table) => GoldsteinSource::Table(table),
        None => GoldsteinSource::File,
    };
    let report = read_events(open(&input.file)?, &options, |e| builder.add(e))?;
    warn_skipped(&input.file, &report);
    Ok((builder, report))
}

fn warn_skipped(file: &Path, report: &ReadReport) {
    use std::io::Write;
    // Warnings are no reason to panic when standard error cannot be written
    // (as `eprintln!` would).
    let mut stderr = std::io::stderr().lock();
    if report.malformed > 0 {
        let _ = writeln!(
            stderr,
            "redline: warning: {}: {} malformed row(s) skipped (--strict makes this an error)",
            file.display(),
            report.malformed
        );
        for m in &report.first_malformed {
            // A row's field may be of any length: quoted words are cut.
            let message = redline_core::input_error::shown_message(&m.message);
            let _ = writeln!(stderr, "  {}:{}: {message}", file.display(), m.line);
        }
    }
    if !report.unknown_countries.is_empty() {
        let names: Vec<String> = report
            .unknown_countries
            .iter()
            .take(5)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        let _ = writeln!(
            stderr,
            "redline: warning: country names without an ISO code (rows left out): {}",
            names.join(", ")
        );
    }
}

fn events(args: EventsArgs) -> CliResult {
    let pair = args.dyad.as_deref().map(parse_dyad).transpose()?;
    let (builder, read) = read_builder(&args.input, args.period.name(), pair.as_ref())?;
    let origin = args.input.file.display().to_string();
    // Only the periods with events are held; the output (dyads × periods,
    // gigabytes by day over decades) is written as it is made.
    let mut series = builder.finish_sparse(&origin)?;
    if let Some(n) = args.top {
        series.truncate(n);
    }
    let meta = Meta::new("events").inputs(std::slice::from_ref(&origin));
    if args.format == crate::args::TableJsonCsv::Parquet {
        // The CSV table, held in memory, then typed (the other formats stream).
        let mut csv = Vec::new();
        report::events_csv(&mut csv, &series)
            .map_err(|e| CliError::failure(format!("cannot write the table: {e}")))?;
        return crate::output::emit_parquet(
            args.out.as_deref(),
            &String::from_utf8_lossy(&csv),
            &meta,
        );
    }
    emit_with(args.out.as_deref(), |out| match args.format {
        crate::args::TableJsonCsv::Json => report::events_json(out, &meta, &read, &series),
        crate::args::TableJsonCsv::Csv | crate::args::TableJsonCsv::Parquet => {
            report::events_csv(out, &series)
        }
        crate::args::TableJsonCsv::Table => report::events_table(out, &origin, &read, &series),
    })
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
    let (series, _report) = read_series(&args.input, args.period.name(), Some(&pair))?;
    let options = ReciprocityOptions {
        lags,
        max_lags: args.max_lags.max(1),
        criterion: match args.criterion {
            crate::args::InformationCriterion::Aic => Criterion::Aic,
            crate::args::InformationCriterion::Bic => Criterion::Bic,
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
    let text = match args.format {
        crate::args::EstimateFormat::Fragment => r.fragment(&origin, args.period.name()).render(),
        crate::args::EstimateFormat::Crisis => r
            .crisis_fragment(&origin, args.period.name())
            .ok_or_else(|| {
                CliError::from(
                    InputError::new("--dyad", "the crisis model's M8 keys need IRN in the dyad")
                        .hint("use --format fragment for other dyads"),
                )
            })?
            .render(),
        crate::args::EstimateFormat::Json => {
            let meta = Meta::new("reciprocity")
                .inputs(std::slice::from_ref(&origin))
                .seed(args.seed);
            report::reciprocity_json(&meta, &r)
        }
        crate::args::EstimateFormat::Table => {
            report::reciprocity_table(&r, &origin, args.period.name())
        }
    };
    emit(args.out.as_deref(), &text)
}

fn credibility(args: CredibilityArgs) -> CliResult {
    if args.level.is_nan() || args.level <= 0.0 || args.level >= 1.0 {
        return Err(
            InputError::new("--level", format!("{} is not between 0 and 1", args.level)).into(),
        );
    }
    let (records, origin) = red_line_record(args.file.as_deref())?;
    let groups = credibility::beta_binomial(&records, (1.0, 1.0), args.level);
    let actor = args.actor.to_uppercase();
    if !records.iter().any(|r| r.actor == actor) {
        let mut actors: Vec<&str> = records.iter().map(|r| r.actor.as_str()).collect();
        actors.sort_unstable();
        actors.dedup();
        let mut error =
            InputError::new("--actor", format!("no red lines of `{actor}` in {origin}"));
        error = match redline_core::input_error::did_you_mean(&actor, actors.iter().copied()) {
            Some(near) => error.hint(format!("did you mean `{near}`?")),
            None => error.hint(format!("the record's actors: {}", actors.join(", "))),
        };
        return Err(error.into());
    }
    let model = credibility::logistic(&records, Some(&actor), args.level);
    let out = match args.format {
        crate::args::EstimateFormat::Crisis => {
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
        crate::args::EstimateFormat::Fragment => {
            credibility::fragment(&groups, model.as_ref(), &actor, &origin)
                .ok_or_else(|| {
                    CliError::from(
                        InputError::new(&origin, format!("no resolved red lines of `{actor}`"))
                            .hint("choose another --actor"),
                    )
                })?
                .render()
        }
        crate::args::EstimateFormat::Json => {
            let meta = Meta::new("credibility").inputs(std::slice::from_ref(&origin));
            report::credibility_json(&meta, &groups, model.as_ref(), records.len())
        }
        crate::args::EstimateFormat::Table => {
            report::credibility_table(&groups, model.as_ref(), &origin, records.len(), &actor)
        }
    };
    emit(args.out.as_deref(), &out)
}
