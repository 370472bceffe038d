//! `redline sensitivity`: which uncertain parameters move which outcome, with
//! sharding across machines and `merge`.

use crate::commands::crisis::{ScenarioArgs, load_scenario};
use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::{Args, Subcommand};
use redline_core::Outcome;
use redline_crisis::CrisisModel;
use redline_crisis::sensitivity::{self, Design, Indices, Method};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `redline sensitivity`.
#[derive(Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:
  redline sensitivity --method morris --samples 10 --runs 500
  redline sensitivity --method sobol --samples 64 --outcome war --outcome interim_deal
  redline sensitivity --method sobol --samples 64 --shard 0/2 --out part0.json   # on one machine
  redline sensitivity --method sobol --samples 64 --shard 1/2 --out part1.json   # on another
  redline sensitivity merge part0.json part1.json"
)]
pub struct SensitivityArgs {
    #[command(subcommand)]
    merge: Option<MergeCommand>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Morris elementary effects or Sobol indices (Saltelli sampling).
    #[arg(long, default_value = "morris", value_parser = ["morris", "sobol"])]
    method: String,
    /// Outcomes to analyse (repeatable; default: all).
    #[arg(long = "outcome", value_name = "ID")]
    outcomes: Vec<String>,
    /// Morris trajectories, or Sobol base samples N (N·(k + 2) evaluations).
    #[arg(long, default_value_t = 10)]
    samples: usize,
    /// Runs of the ensemble at each design point.
    #[arg(long, default_value_t = 500)]
    runs: u64,
    /// Seed of the design and of every run.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Evaluate only shard I of N (points whose index is I mod N) and write them as JSON for `merge`.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Output format (a shard is always JSON).
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline sensitivity merge`.
#[derive(Subcommand)]
enum MergeCommand {
    /// Join shard files into the result of one run.
    Merge {
        /// Shard files written by `--shard`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "json"])]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Everything that defines a design and its evaluations; shards must agree on it.
#[derive(Clone, Debug, PartialEq)]
struct Header {
    method: Method,
    scenario: String,
    seed: u64,
    samples: usize,
    runs: u64,
    factors: Vec<String>,
    outcomes: Vec<Outcome>,
}

impl Header {
    fn json(&self) -> Value {
        json!({
            "method": self.method.name(),
            "scenario": self.scenario,
            "seed": self.seed,
            "samples": self.samples,
            "runs": self.runs,
            "factors": self.factors,
            "outcomes": self.outcomes.iter().map(|o| o.id()).collect::<Vec<_>>(),
        })
    }
}

/// Runs `redline sensitivity`.
pub fn run(args: SensitivityArgs) -> CliResult {
    if let Some(MergeCommand::Merge { files, format, out }) = args.merge {
        return merge(&files, &format, out);
    }
    let model = CrisisModel::new(load_scenario(&args.scenario)?)?;
    let method = if args.method == "sobol" {
        Method::Sobol
    } else {
        Method::Morris
    };
    let outcomes = parse_outcomes(&args.outcomes)?;
    if args.samples == 0 || args.runs == 0 {
        return Err(CliError::input("--samples and --runs must be at least 1"));
    }
    let factors = sensitivity::uncertain_factors(&model);
    if factors.is_empty() {
        return Err(CliError::input(
            "the scenario has no uncertain parameters (no `dist`) to analyse",
        ));
    }
    let header = Header {
        method,
        scenario: model.scenario().id.clone(),
        seed: args.seed,
        samples: args.samples,
        runs: args.runs,
        factors: factors.into_iter().map(|(_, k)| k).collect(),
        outcomes,
    };
    let design = Design::new(method, header.factors.len(), header.samples, header.seed);
    let (shard, shards) = match &args.shard {
        Some(text) => parse_shard(text)?,
        None => (0, 1),
    };
    let indices = design.shard(shard, shards);
    let rows = sensitivity::evaluate(&model, &design, &indices, header.runs, header.seed, &|_| {});
    if args.shard.is_some() {
        let evaluations: Vec<Value> = indices
            .iter()
            .zip(&rows)
            .map(|(i, r)| json!({"point": i, "counts": r.to_vec()}))
            .collect();
        let mut value = header.json();
        value["kind"] = json!("redline-sensitivity-shard");
        value["shard"] = json!([shard, shards]);
        value["evaluations"] = Value::Array(evaluations);
        return emit(args.out.as_deref(), &format!("{value:#}\n"));
    }
    emit(
        args.out.as_deref(),
        &render(&header, &design, &rows, &args.format),
    )
}

fn parse_outcomes(ids: &[String]) -> CliResult<Vec<Outcome>> {
    if ids.is_empty() {
        return Ok(Outcome::ALL.to_vec());
    }
    ids.iter()
        .map(|id| {
            Outcome::from_id(id.trim()).ok_or_else(|| {
                let hint = redline_core::input_error::did_you_mean(id.trim(), Outcome::ids())
                    .map_or(String::new(), |near| format!(" (did you mean `{near}`?)"));
                CliError::input(format!("--outcome: unknown outcome `{id}`{hint}"))
            })
        })
        .collect()
}

fn parse_shard(text: &str) -> CliResult<(usize, usize)> {
    let bad = || CliError::input(format!("--shard `{text}`: expected I/N with 0 ≤ I < N"));
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

fn render(
    header: &Header,
    design: &Design,
    rows: &[[u64; Outcome::COUNT]],
    format: &str,
) -> String {
    let analyses: Vec<(Outcome, Indices)> = header
        .outcomes
        .iter()
        .map(|&o| {
            let y: Vec<f64> = rows
                .iter()
                .map(|r| r[o.index()] as f64 / header.runs as f64)
                .collect();
            (o, Indices::of(design, &y))
        })
        .collect();
    let ranked = |indices: &Indices| {
        let importance = indices.importance();
        let mut order: Vec<usize> = (0..importance.len()).collect();
        order.sort_by(|&a, &b| importance[b].total_cmp(&importance[a]).then(a.cmp(&b)));
        order
    };
    if format == "json" {
        let mut value = header.json();
        value["results"] = analyses
            .iter()
            .map(|(o, indices)| {
                let entries: Vec<Value> = ranked(indices)
                    .into_iter()
                    .map(|i| match indices {
                        Indices::Morris(m) => json!({"factor": header.factors[i], "mu": m[i].mu, "mu_star": m[i].mu_star, "sigma": m[i].sigma}),
                        Indices::Sobol(s) => json!({"factor": header.factors[i], "first": s[i].first, "total": s[i].total}),
                    })
                    .collect();
                json!({"outcome": o.id(), "indices": entries})
            })
            .collect();
        return format!("{value:#}\n");
    }
    let mut out = format!(
        "Sensitivity ({}) of {} — {} {}, {} runs per point, seed {}, {} uncertain parameters\n",
        header.method.name(),
        header.scenario,
        header.samples,
        if header.method == Method::Morris {
            "trajectories"
        } else {
            "base samples"
        },
        header.runs,
        header.seed,
        header.factors.len()
    );
    for (o, indices) in &analyses {
        out.push_str(&format!("\n{}\n", o.id()));
        match indices {
            Indices::Morris(_) => out.push_str(&format!(
                "  {:<40} {:>9} {:>9} {:>9}\n",
                "parameter", "mu*", "mu", "sigma"
            )),
            Indices::Sobol(_) => out.push_str(&format!(
                "  {:<40} {:>9} {:>9}\n",
                "parameter", "total", "first"
            )),
        }
        for i in ranked(indices) {
            match indices {
                Indices::Morris(m) => out.push_str(&format!(
                    "  {:<40} {:>9.4} {:>9.4} {:>9.4}\n",
                    header.factors[i], m[i].mu_star, m[i].mu, m[i].sigma
                )),
                Indices::Sobol(s) => out.push_str(&format!(
                    "  {:<40} {:>9.4} {:>9.4}\n",
                    header.factors[i], s[i].total, s[i].first
                )),
            }
        }
    }
    out
}

fn merge(files: &[PathBuf], format: &str, out: Option<PathBuf>) -> CliResult {
    let mut header: Option<Header> = None;
    let mut shards_total = None;
    let mut rows: Vec<Option<[u64; Outcome::COUNT]>> = Vec::new();
    let mut design: Option<Design> = None;
    for file in files {
        let origin = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::input(format!("{origin}: cannot read: {e}")))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            CliError::input(format!(
                "{origin}:{}:{}: not JSON: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let bad =
            |what: &str| CliError::input(format!("{origin}: not a sensitivity shard ({what})"));
        if value["kind"] != "redline-sensitivity-shard" {
            return Err(bad("key `kind`"));
        }
        let method = match value["method"].as_str() {
            Some("morris") => Method::Morris,
            Some("sobol") => Method::Sobol,
            _ => return Err(bad("key `method`")),
        };
        let strings = |key: &str| -> Option<Vec<String>> {
            value[key]
                .as_array()?
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let outcomes: Vec<Outcome> = strings("outcomes")
            .ok_or_else(|| bad("key `outcomes`"))?
            .iter()
            .map(|id| Outcome::from_id(id).ok_or_else(|| bad("key `outcomes`")))
            .collect::<CliResult<_>>()?;
        let this = Header {
            method,
            scenario: value["scenario"]
                .as_str()
                .ok_or_else(|| bad("key `scenario`"))?
                .to_string(),
            seed: value["seed"].as_u64().ok_or_else(|| bad("key `seed`"))?,
            samples: value["samples"]
                .as_u64()
                .ok_or_else(|| bad("key `samples`"))? as usize,
            runs: value["runs"].as_u64().ok_or_else(|| bad("key `runs`"))?,
            factors: strings("factors").ok_or_else(|| bad("key `factors`"))?,
            outcomes,
        };
        let n = value["shard"][1]
            .as_u64()
            .ok_or_else(|| bad("key `shard`"))?;
        match (&header, shards_total) {
            (Some(h), Some(total)) if *h != this || total != n => {
                return Err(CliError::input(format!(
                    "{origin}: belongs to a different analysis than {}",
                    files[0].display()
                )));
            }
            (None, _) => {
                let d = Design::new(this.method, this.factors.len(), this.samples, this.seed);
                rows = vec![None; d.points.len()];
                design = Some(d);
                header = Some(this);
                shards_total = Some(n);
            }
            _ => {}
        }
        for evaluation in value["evaluations"]
            .as_array()
            .ok_or_else(|| bad("key `evaluations`"))?
        {
            let point = evaluation["point"]
                .as_u64()
                .ok_or_else(|| bad("key `evaluations.point`"))? as usize;
            let counts: Vec<u64> = evaluation["counts"]
                .as_array()
                .and_then(|a| a.iter().map(Value::as_u64).collect())
                .ok_or_else(|| bad("key `evaluations.counts`"))?;
            let slot = rows
                .get_mut(point)
                .ok_or_else(|| bad("a point outside the design"))?;
            let row: [u64; Outcome::COUNT] = counts
                .try_into()
                .map_err(|_| bad("key `evaluations.counts`"))?;
            *slot = Some(row);
        }
    }
    let (Some(header), Some(design)) = (header, design) else {
        return Err(CliError::input("no shard files given"));
    };
    let missing = rows.iter().filter(|r| r.is_none()).count();
    if missing > 0 {
        return Err(CliError::input(format!(
            "{missing} of {} design points are missing: merge every shard of the analysis",
            rows.len()
        )));
    }
    let rows: Vec<[u64; Outcome::COUNT]> = rows.into_iter().flatten().collect();
    emit(out.as_deref(), &render(&header, &design, &rows, format))
}
