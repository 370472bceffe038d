//! Typed command-line options shared by the commands: every choice is a
//! `clap::ValueEnum` (so `--help` lists the values and a wrong one is a usage
//! error with exit code 2), and the numbers every ensemble takes are checked
//! once, here, by their value parsers.

use clap::ValueEnum;

/// `--format` of commands that print a table, JSON or CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TableJsonCsv {
    /// A table for the terminal.
    #[default]
    Table,
    /// A JSON document with `meta` first.
    Json,
    /// CSV, one row per record.
    Csv,
    /// Parquet: the CSV's table with typed columns and the run's provenance in the
    /// file's metadata (needs --out, and a build with `--features parquet`).
    Parquet,
}

/// `--format` of commands that print a table or JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TableJson {
    /// A table for the terminal.
    #[default]
    Table,
    /// A JSON document with `meta` first.
    Json,
}

/// `--format` of `backtest`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TableJsonHtml {
    /// A table for the terminal.
    #[default]
    Table,
    /// A JSON document with `meta` first.
    Json,
    /// A self-contained HTML page with the reliability diagram.
    Html,
}

/// `--params` of the commands that run a scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ParamsChoice {
    /// The shared parameters fitted on the case library, where the scenario
    /// is dated after its cases and takes them from the shared files.
    #[default]
    Fitted,
    /// The judgments of the scenario files alone.
    Judgment,
}

impl From<ParamsChoice> for redline_scenarios::Params {
    fn from(choice: ParamsChoice) -> Self {
        match choice {
            ParamsChoice::Fitted => redline_scenarios::Params::Fitted,
            ParamsChoice::Judgment => redline_scenarios::Params::Judgment,
        }
    }
}

/// `--cv` of `backtest`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CvScheme {
    /// Each case forecast with parameters fitted on the cases that ended before its as-of date.
    Rolling,
    /// Each case forecast with parameters fitted on every other case.
    Loo,
}

/// `--format` of `trace`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TextJson {
    /// The run's story, week by week.
    #[default]
    Text,
    /// Every field of every week, and every event's data.
    Json,
}

/// `--format` of the commands that estimate scenario parameters from data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// A table for the terminal.
    #[default]
    Table,
    /// A JSON document with `meta` first.
    Json,
    /// The estimates as generic `key = value` lines.
    Fragment,
    /// A fragment of the crisis model's own keys, for `forecast --with`.
    Crisis,
}

/// `--format` of `report`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The whole self-contained HTML report.
    #[default]
    Html,
    /// One chart as SVG.
    Svg,
    /// One chart as PNG, rendered by headless Chromium (needs `--out`).
    Png,
}

/// `--chart` of `report --format svg|png`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Chart {
    /// Cumulative probability of each outcome, with bands.
    #[default]
    Cumulative,
    /// The compared strategies side by side.
    Strategies,
    /// What moves one outcome (Morris).
    Tornado,
}

/// `--method` of `sensitivity`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SensitivityMethod {
    /// Morris elementary effects (screening).
    #[default]
    Morris,
    /// Sobol first-order and total indices (Saltelli sampling).
    Sobol,
}

/// `--format` of `solve`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SolveFormat {
    /// A table for the terminal.
    #[default]
    Table,
    /// A JSON document with `meta` first; exact numbers as exact strings.
    Json,
    /// Gambit's `NE,…` lines.
    Gambit,
}

/// A period of an event series (`--period`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Period {
    /// Calendar days.
    Day,
    /// Weeks from Monday.
    #[default]
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// The name the data library reads.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// The layout of an event file (`--input-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Detected from the file's first rows.
    #[default]
    Auto,
    /// GDELT 1.0 events (raw or the CSV export).
    Gdelt1,
    /// GDELT 2.0 events.
    Gdelt2,
    /// ICEWS coded events.
    Icews,
    /// The project's own CSV.
    Csv,
}

impl InputFormat {
    /// The name the data library reads.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Gdelt1 => "gdelt1",
            InputFormat::Gdelt2 => "gdelt2",
            InputFormat::Icews => "icews",
            InputFormat::Csv => "csv",
        }
    }
}

/// Where Goldstein scores come from (`--goldstein`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Goldstein {
    /// The file's own scores.
    #[default]
    File,
    /// Rescored from GDELT's CAMEO table.
    Gdelt,
    /// Rescored from the Parus (ICEWS) table.
    Parus,
}

impl Goldstein {
    /// The name the data library reads.
    pub fn name(self) -> &'static str {
        match self {
            Goldstein::File => "file",
            Goldstein::Gdelt => "gdelt",
            Goldstein::Parus => "parus",
        }
    }
}

/// The information criterion that chooses a VAR's lag order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum InformationCriterion {
    /// Schwarz's Bayesian criterion.
    #[default]
    Bic,
    /// Akaike's criterion.
    Aic,
}

/// BDM: the probability of success (`--bdm-probability`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum BdmProbability {
    /// Net of the opposition (the replication's reading).
    #[default]
    Net,
    /// Only the positive votes (the literal reading).
    Positive,
}

/// BDM: which offer a receiver takes (`--bdm-offer`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum BdmOffer {
    /// The offer of highest expected utility.
    #[default]
    Utility,
    /// The nearest offer.
    Nearest,
}

/// BDM: the status-quo point (`--bdm-status-quo`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum BdmStatusQuo {
    /// The weighted median position.
    #[default]
    Median,
    /// The weighted mean position.
    Mean,
}

/// The most worker threads a command takes: far more than any machine here
/// has cores, and few enough that a typo cannot exhaust memory on stacks.
pub const MAX_THREADS: usize = 256;

/// `--threads N`: 1 to [`MAX_THREADS`].
pub fn parse_threads(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if (1..=MAX_THREADS).contains(&n) {
        Ok(n)
    } else {
        Err(format!("threads must be from 1 to {MAX_THREADS}"))
    }
}

/// A count from `MIN` to `MAX`: the sizes a user picks (steps, samples, a
/// horizon), bounded so that a typo cannot ask for work or memory without
/// end. The bound is named in the message.
pub fn count_in<const MIN: usize, const MAX: usize>(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if (MIN..=MAX).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be from {MIN} to {MAX}"))
    }
}

/// A whole number of at least 1; `needed` says what the 1 is of.
fn at_least_one(text: &str, needed: &str) -> Result<u64, String> {
    let n: u64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if n >= 1 {
        Ok(n)
    } else {
        Err(format!("at least 1 {needed} is needed"))
    }
}

/// `--runs N`: at least one run.
pub fn parse_runs(text: &str) -> Result<u64, String> {
    at_least_one(text, "run")
}

/// `--runs-per-draw M`: at least one run per parameter draw.
pub fn parse_runs_per_draw(text: &str) -> Result<u64, String> {
    at_least_one(text, "run per draw")
}

/// Worker threads: the user's choice, or every core.
pub fn threads(choice: Option<usize>) -> usize {
    choice.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Parses a calendar date (`2024-06-01`).
pub fn parse_date(text: &str) -> Result<redline_core::Date, String> {
    redline_core::Date::parse(text.trim()).map_err(|e| e.to_string())
}

/// Parses `--shard I/N` (0 ≤ I < N).
pub fn parse_shard(text: &str) -> crate::error::CliResult<(usize, usize)> {
    let bad =
        || crate::error::CliError::input(format!("--shard `{text}`: expected I/N with 0 ≤ I < N"));
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}
