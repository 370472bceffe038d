//! `redline report`: one self-contained HTML file with charts, or one chart as SVG.

use crate::args::{Chart, ReportFormat};
use crate::commands::crisis::{
    ScenarioArgs, load_scenario, meta, parse_strategies, run_comparison,
};
use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::Args;
use redline_core::Outcome;
use redline_crisis::assume::Assumptions;
use redline_crisis::sensitivity;
use redline_crisis::{CrisisModel, trace};
use redline_report::headless;
use redline_report::html::{self, Tornado};
use std::path::PathBuf;

/// `redline report`.
#[derive(Args)]
#[command(after_help = "Examples:
  redline report --out report.html
  redline report --compare grit,tit-for-tat --sensitivity-outcome war --out report.html
  redline report --format svg --chart cumulative --out cumulative.svg
  redline report --format png --chart strategies --compare grit --out strategies.png")]
pub struct ReportArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Also run these counterpart strategies on common random numbers (comma-separated):
    /// max-pressure, tit-for-tat, generous-tit-for-tat, grit, ultimatum, try-and-see, or a
    /// playbook the scenario defines in [playbooks.<name>].
    #[arg(long, value_delimiter = ',', value_name = "STRATEGY,STRATEGY")]
    compare: Vec<String>,
    /// Runs of the forecast.
    #[arg(long, default_value_t = 10_000, value_parser = crate::args::parse_runs)]
    runs: u64,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Runs that share one draw of the uncertain parameters (m); the parameter interval
    /// compares the runs/m draws. 1 gives every run its own draw (and no parameter interval).
    #[arg(long, default_value_t = redline_crisis::ensemble::DEFAULT_RUNS_PER_DRAW, value_parser = crate::args::parse_runs_per_draw)]
    runs_per_draw: u64,
    /// Force OUTCOME on DATE (repeatable).
    #[arg(long = "assume", value_name = "OUTCOME@YYYY-MM-DD")]
    assume: Vec<String>,
    /// Outcome of the sensitivity (tornado) chart.
    #[arg(long, default_value = "war")]
    sensitivity_outcome: String,
    /// Morris trajectories for the tornado chart (0 to leave it out; at most 10,000).
    #[arg(long, default_value_t = 8, value_parser = crate::args::count_in::<0, 10_000>)]
    sensitivity_samples: usize,
    /// Runs per design point of the sensitivity analysis.
    #[arg(long, default_value_t = 400)]
    sensitivity_runs: u64,
    /// The whole report (html) or a single chart (svg; png, rendered by headless Chromium, needs --out).
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// With --format svg: which chart.
    #[arg(long, value_enum, default_value_t)]
    chart: Chart,
    /// Output file (default: report.html, or standard output for svg).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn tornado(
    model: &CrisisModel,
    outcome: Outcome,
    samples: usize,
    runs: u64,
    seed: u64,
) -> Option<Tornado> {
    let factors = sensitivity::uncertain_factors(model).len();
    let points = samples.saturating_mul(factors + 1);
    let progress = crate::progress::Progress::new(points as u64, "sensitivity");
    Tornado::of(model, outcome, samples, runs, seed, &|n| {
        progress.advance(n)
    })
}

/// Runs `redline report`.
pub fn run(args: ReportArgs) -> CliResult {
    let model =
        CrisisModel::new(load_scenario(&args.scenario)?)?.with_runs_per_draw(args.runs_per_draw);
    let assumptions = Assumptions::parse(&args.assume, &model)?;
    let compared_strategies = parse_strategies(&model, &args.compare)?;
    let outcome = model.outcome_named("--sensitivity-outcome", &args.sensitivity_outcome)?;
    let comparison = run_comparison(
        &model,
        &assumptions,
        &compared_strategies,
        args.runs,
        args.seed,
        crate::args::threads(None),
    );
    if args.format == ReportFormat::Png && args.out.is_none() {
        return Err(CliError::input("--format png needs --out FILE.png"));
    }
    if args.format != ReportFormat::Html {
        let chart = match args.chart {
            Chart::Strategies if comparison.compared.is_empty() => {
                return Err(CliError::input(
                    "--chart strategies needs --compare STRATEGY,…",
                ));
            }
            Chart::Strategies => html::strategies_chart(&comparison),
            Chart::Tornado => match tornado(
                &model,
                outcome,
                args.sensitivity_samples.max(1),
                args.sensitivity_runs,
                args.seed,
            ) {
                Some(t) => html::tornado_chart(&t),
                None => {
                    return Err(CliError::input(
                        "the scenario has no uncertain parameters for a tornado chart",
                    ));
                }
            },
            Chart::Cumulative => html::cumulative_chart(model.scenario(), &comparison.own),
        };
        if args.format == ReportFormat::Png {
            let out = args
                .out
                .as_deref()
                .unwrap_or(std::path::Path::new("chart.png"));
            return render_png(&chart, out);
        }
        return emit(args.out.as_deref(), &format!("{chart}\n"));
    }
    let tornado = tornado(
        &model,
        outcome,
        args.sensitivity_samples,
        args.sensitivity_runs,
        args.seed,
    );
    let stories = trace::storylines(
        &model,
        &assumptions,
        args.seed,
        args.runs.min(html::STORYLINE_RUNS),
        html::STORYLINES,
    );
    let meta = meta("report", &args.scenario, &model)
        .assume(&args.assume)
        .ensemble(args.seed, args.runs)
        .runs_per_draw(args.runs_per_draw);
    let page = html::report(
        model.scenario(),
        &meta,
        &comparison,
        tornado.as_ref(),
        &stories,
        &redline_crisis::trace::Names::of(&model),
    );
    let out = args.out.unwrap_or_else(|| PathBuf::from("report.html"));
    emit(Some(&out), &page)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Renders an SVG chart to PNG with headless Chromium (Debian's `chromium`),
/// at the chart's own size, writing through a temporary file.
fn render_png(svg: &str, out: &std::path::Path) -> CliResult {
    let size = |attribute: &str| -> Option<u32> {
        let start = svg.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
        let end = svg[start..].find('"')? + start;
        svg[start..end].parse::<f64>().ok().map(|v| v.ceil() as u32)
    };
    let (width, height) = (size("width").unwrap_or(760), size("height").unwrap_or(400));
    let work = std::env::temp_dir().join(format!("redline-png-{}", std::process::id()));
    std::fs::create_dir_all(&work)
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", work.display())))?;
    let page = work.join("chart.html");
    let html = format!(
        "<!DOCTYPE html><html><head><style>html,body{{margin:0;padding:0;overflow:hidden}}</style></head><body>{svg}</body></html>"
    );
    std::fs::write(&page, html)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", page.display())))?;
    let shot = work.join("chart.png");
    let mut last_error = String::from("no Chromium found (install Debian's `chromium` package)");
    for browser in headless::BROWSERS {
        let result = std::process::Command::new(browser)
            .args(headless::flags())
            .args([
                "--hide-scrollbars",
                &format!("--user-data-dir={}", work.join("profile").display()),
                &format!("--window-size={width},{height}"),
                &format!("--screenshot={}", shot.display()),
                &format!("file://{}", page.display()),
            ])
            .output();
        match result {
            Ok(o) if o.status.success() && shot.exists() => {
                let bytes = std::fs::read(&shot).map_err(|e| {
                    CliError::failure(format!("cannot read {}: {e}", shot.display()))
                })?;
                let _ = std::fs::remove_dir_all(&work);
                return crate::output::write_atomically(out, &bytes);
            }
            Ok(o) => {
                last_error = format!(
                    "{browser} failed: {}",
                    String::from_utf8_lossy(&o.stderr)
                        .lines()
                        .last()
                        .unwrap_or("")
                )
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => last_error = format!("{browser}: {e}"),
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    Err(CliError::failure(format!(
        "cannot render PNG: {last_error}; --format svg works without a browser"
    )))
}
