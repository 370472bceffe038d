//! `redline bargain`: where a multi-party negotiation settles, issue by
//! issue (spatial bargaining models of redline-bargain).

use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::{Args, Subcommand};
use redline_bargain::bdm::{BdmOptions, OfferChoice, ProbabilityRule, StatusQuoPoint};
use redline_bargain::smp::{
    BigRAdjust, BigRRange, Interpolation, Pce, SmpOptions, ThirdParty, Transition, VictoryProb,
    VoteRule,
};
use redline_bargain::{Model, read};
use redline_report::meta::Meta;
use std::path::PathBuf;

/// The spatial bargaining commands.
#[derive(Subcommand)]
pub enum BargainCommand {
    /// Predict where a multi-party negotiation settles (SMP, BDM, mean, median, Nash).
    Bargain(BargainArgs),
}

/// Arguments of `redline bargain`.
#[derive(Args)]
#[command(after_help = "Input: KTAB's CSV, the BDM replications' CSV \
(Actor,Capability,Position,Salience) or redline's TOML form (see docs/model/bargain.md).

Examples:
  redline bargain scenarios/bargaining/iran-2025-talks.csv
  redline bargain scenarios/bargaining/iran-2025-talks.toml --model median
  redline bargain examples/bargaining/enrichment.csv --model smp --pce markovuniform
  redline bargain examples/bargaining/enrichment.csv --model bdm --format csv --out run.csv
  redline bargain examples/bargaining/enrichment.csv --model smp --seed 42   # stochastic")]
pub struct BargainArgs {
    /// The input file (.csv in KTAB's or the BDM form, or .toml).
    file: PathBuf,
    /// The model.
    #[arg(long, default_value = "smp", value_parser = Model::NAMES)]
    model: String,
    /// SMP: vote rule.
    #[arg(long, default_value = "prop", value_parser = VoteRule::NAMES.to_vec())]
    vote_rule: String,
    /// SMP: probabilistic Condorcet election.
    #[arg(long, default_value = "conditional", value_parser = Pce::NAMES.to_vec())]
    pce: String,
    /// SMP: victory probability model.
    #[arg(long, default_value = "linear", value_parser = VictoryProb::NAMES.to_vec())]
    victory: String,
    /// SMP: range of the risk attitudes R.
    #[arg(long, default_value = "mid", value_parser = BigRRange::NAMES.to_vec())]
    big_r_range: String,
    /// SMP: how far actors adjust their estimates of others' risk attitudes.
    #[arg(long, default_value = "onethird", value_parser = BigRAdjust::NAMES.to_vec())]
    big_r_adjust: String,
    /// SMP: third-party commitment.
    #[arg(long, default_value = "semi", value_parser = ThirdParty::NAMES.to_vec())]
    third_party: String,
    /// SMP: bargain interpolation.
    #[arg(long, default_value = "s2p2", value_parser = Interpolation::NAMES.to_vec())]
    interpolation: String,
    /// SMP: use seeded stochastic transitions with this seed (default: deterministic).
    #[arg(long)]
    seed: Option<u64>,
    /// SMP: at most this many steps (default 100); BDM: rounds (default 10); at least 1.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_iterations: Option<u32>,
    /// BDM: probability of success, `net` (default) or `positive` (literal reading).
    #[arg(long, value_enum, default_value_t)]
    bdm_probability: crate::args::BdmProbability,
    /// BDM: which offer a receiver takes, `utility` (default) or `nearest`.
    #[arg(long, value_enum, default_value_t)]
    bdm_offer: crate::args::BdmOffer,
    /// BDM: status-quo point in U_b and U_w, `median` (default) or `mean`.
    #[arg(long, value_enum, default_value_t)]
    bdm_status_quo: crate::args::BdmStatusQuo,
    /// BDM: Q, the probability that a position stays put absent a challenge.
    #[arg(long, default_value_t = 1.0)]
    bdm_q: f64,
    /// BDM: T, the probability that a move favours the challenger.
    #[arg(long, default_value_t = 1.0)]
    bdm_t: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJsonCsv,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs a `bargain` command.
pub fn run(command: BargainCommand) -> CliResult {
    match command {
        BargainCommand::Bargain(args) => bargain(args),
    }
}

fn named<T>(parse: fn(&str) -> Option<T>, value: &str, flag: &str) -> CliResult<T> {
    parse(value).ok_or_else(|| CliError::input(format!("{flag}: unknown value `{value}`")))
}

fn bargain(args: BargainArgs) -> CliResult {
    let origin = args.file.display().to_string();
    let text = crate::input::read_file(&args.file)
        .map_err(|e| CliError::input(format!("{origin}: cannot read: {e}")))?;
    let problem = read::read_any(&origin, &text)?;
    if args.seed.is_some() && args.model != "smp" {
        return Err(CliError::input(format!(
            "--seed applies to --model smp only (the {} model is deterministic)",
            args.model
        )));
    }
    let model = match args.model.as_str() {
        "smp" => Model::Smp(SmpOptions {
            vote_rule: named(VoteRule::parse, &args.vote_rule, "--vote-rule")?,
            victory: named(VictoryProb::parse, &args.victory, "--victory")?,
            pce: named(Pce::parse, &args.pce, "--pce")?,
            transition: match args.seed {
                Some(seed) => Transition::Stochastic { seed },
                None => Transition::Deterministic,
            },
            big_r_range: named(BigRRange::parse, &args.big_r_range, "--big-r-range")?,
            big_r_adjust: named(BigRAdjust::parse, &args.big_r_adjust, "--big-r-adjust")?,
            third_party: named(ThirdParty::parse, &args.third_party, "--third-party")?,
            interpolation: named(Interpolation::parse, &args.interpolation, "--interpolation")?,
            max_iterations: args.max_iterations.map_or(100, |n| n as usize),
        }),
        "bdm" => {
            for (flag, v) in [("--bdm-q", args.bdm_q), ("--bdm-t", args.bdm_t)] {
                if !(0.0..=1.0).contains(&v) {
                    return Err(CliError::input(format!(
                        "{flag} must lie in [0, 1], not {v}"
                    )));
                }
            }
            Model::Bdm(BdmOptions {
                q: args.bdm_q,
                t: args.bdm_t,
                probability: match args.bdm_probability {
                    crate::args::BdmProbability::Positive => ProbabilityRule::PositiveOnly,
                    crate::args::BdmProbability::Net => ProbabilityRule::Net,
                },
                offer_choice: match args.bdm_offer {
                    crate::args::BdmOffer::Nearest => OfferChoice::Nearest,
                    crate::args::BdmOffer::Utility => OfferChoice::HighestUtility,
                },
                status_quo: match args.bdm_status_quo {
                    crate::args::BdmStatusQuo::Mean => StatusQuoPoint::Mean,
                    crate::args::BdmStatusQuo::Median => StatusQuoPoint::Median,
                },
                rounds: args.max_iterations.map_or(10, |n| n as usize),
            })
        }
        "mean" => Model::Mean,
        "median" => Model::Median,
        _ => Model::Nash,
    };
    let result = redline_bargain::run(&problem, &model).map_err(|mut e| {
        e.origin = origin.clone();
        e
    })?;
    let text = match args.format {
        crate::args::TableJsonCsv::Json => {
            let mut meta = Meta::new("bargain").inputs(&[origin]);
            meta.seed = args.seed;
            redline_report::bargain::to_json(&meta, &result)
        }
        crate::args::TableJsonCsv::Csv => redline_report::bargain::to_csv(&result),
        crate::args::TableJsonCsv::Table => redline_report::bargain::to_table(&result),
        crate::args::TableJsonCsv::Parquet => {
            let mut meta = Meta::new("bargain").inputs(&[origin]);
            meta.seed = args.seed;
            return crate::output::emit_parquet(
                args.out.as_deref(),
                &redline_report::bargain::to_csv(&result),
                &meta,
            );
        }
    };
    emit(args.out.as_deref(), &text)
}
