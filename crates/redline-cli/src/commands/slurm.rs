//! Sharded work as a Slurm job array: `--slurm DIR [--shards N] [--submit]`
//! on the commands that shard (`sensitivity`, `fit`, `tournament`), and
//! `redline merge DIR`.
//!
//! `--slurm DIR` runs nothing but a short measurement: it writes
//! `DIR/job.sh` (an array of N tasks, task i running the same redline
//! binary with the same inputs and `--shard i/N --out DIR/shard-i.json`),
//! `DIR/merge.sh` (`redline merge DIR`) and `DIR/plan.json` (what to merge,
//! how, into which output, and the digest of the shards' inputs). The time
//! and memory each task asks for come from timing one unit of work here.
//! `--submit` submits both with `sbatch`, the merge after the array
//! (`--dependency=afterok:`). `redline merge DIR` checks that every shard
//! is there, complete and made from the same inputs, names the missing ones
//! with the one command that reruns them, and writes the merged result
//! atomically: the bytes of one process's run.

use crate::error::{CliError, CliResult};
use clap::Args;
use redline_report::shell_word;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The plan file's format.
pub const PLAN_FORMAT: &str = "redline slurm plan 1";
/// The most shards of one array (Slurm's default `MaxArraySize` is 1001).
pub const MAX_SHARDS: usize = 1000;
/// The shards when `--shards` is not given: enough that each takes about
/// this long, by the measured cost…
const TARGET_SHARD: Duration = Duration::from_secs(15 * 60);
/// …and at most this many.
const DEFAULT_MAX_SHARDS: usize = 64;

/// The options every shardable command takes.
#[derive(Args, Clone, Debug)]
pub struct SlurmArgs {
    /// Write a Slurm job array to DIR (job.sh: one task per shard; merge.sh;
    /// plan.json) instead of running here; `redline merge DIR` joins the shards.
    #[arg(long, value_name = "DIR", conflicts_with = "shard")]
    pub slurm: Option<PathBuf>,
    /// Shards of the array (default: about 15 minutes of measured work each, at most 64).
    #[arg(long, requires = "slurm", value_parser = crate::args::count_in::<1, MAX_SHARDS>)]
    pub shards: Option<usize>,
    /// Submit the array with sbatch, and the merge as a job that waits for it; print the job ids.
    #[arg(long, requires = "slurm")]
    pub submit: bool,
    /// CPUs each shard asks for (--cpus-per-task); the results do not depend on it.
    #[arg(long, requires = "slurm", default_value_t = 1, value_parser = crate::args::count_in::<1, 256>)]
    pub cpus_per_shard: usize,
}

/// What `redline merge DIR` needs: written by `--slurm`, read by `merge`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Plan {
    /// [`PLAN_FORMAT`].
    pub format: String,
    /// The command sharded: `sensitivity`, `fit` or `tournament`.
    pub command: String,
    /// N.
    pub shards: usize,
    /// SHA-256 of the shards' header as the shards write it: every shard
    /// must carry this header.
    pub inputs_sha256: String,
    /// The redline binary every task runs (absolute).
    pub binary: String,
    /// The arguments of every task before `--shard i/N --out …`.
    pub shard_args: Vec<String>,
    /// The merged output: where and how.
    pub merge: MergeOptions,
    /// The work, as measured and requested.
    pub estimate: Estimate,
}

/// The output options of the command that wrote the plan, for its merge.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MergeOptions {
    /// `--format` (`table` or `json`).
    pub format: String,
    /// `--out`: the merged result (absolute).
    pub out: String,
    /// `--resamples` (sensitivity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resamples: Option<usize>,
    /// `--fitted` (fit; absolute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fitted: Option<String>,
}

impl MergeOptions {
    /// The merged output in `format` (the command's own format type,
    /// written as its word) at `out`, with nothing else.
    pub fn new<F: clap::ValueEnum>(format: &F, out: String) -> MergeOptions {
        MergeOptions {
            format: format_word(format),
            out,
            resamples: None,
            fitted: None,
        }
    }

    /// The merged output's format as the command's format type.
    pub fn format<F: clap::ValueEnum>(&self, dir: &Path) -> CliResult<F> {
        F::from_str(&self.format, true).map_err(|_| {
            CliError::input(format!(
                "{}: `merge.format` is `{}`, not a format this command writes",
                dir.join("plan.json").display(),
                self.format
            ))
        })
    }
}

/// A format's word on the command line (`table`, `json`, …).
fn format_word<F: clap::ValueEnum>(format: &F) -> String {
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// The measured cost and what each job asks for.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Units of work (design points, fit starts, or a tournament's pairs) in all.
    pub units: usize,
    /// Units in the largest shard.
    pub units_per_shard: usize,
    /// Measured seconds of one unit on this machine, on one thread.
    pub seconds_per_unit: f64,
    /// Measured peak memory of the measurement (MiB).
    pub peak_mib: u64,
    /// Measured seconds of the costliest shard, on one thread.
    #[serde(default)]
    pub shard_seconds: f64,
    /// `--time` of each array task (`D-HH:MM:SS`).
    pub shard_time: String,
    /// `--time` of the merge job.
    pub merge_time: String,
    /// `--mem` of every array task, MiB.
    pub mem_mib: u64,
    /// `--mem` of the merge job, MiB (0 in older plans: `mem_mib`).
    #[serde(default)]
    pub merge_mem_mib: u64,
}

/// A command's work, described for a plan.
pub struct Work {
    /// `sensitivity`, `fit` or `tournament`.
    pub command: &'static str,
    /// What one unit of work is, plural (`design points`, `starts`, `pairs`).
    pub unit_name: &'static str,
    /// The shards' header as JSON (its digest is the plan's inputs digest).
    pub header_json: String,
    /// Units of work (design points; fit starts).
    pub units: usize,
    /// Measured seconds of one unit of work on one thread.
    pub seconds_per_unit: f64,
    /// The seconds of the costliest of `n` shards, when units differ in
    /// cost (`None`: the units per shard times `seconds_per_unit`).
    pub shard_seconds: Option<Box<dyn Fn(usize) -> f64>>,
    /// The merge step's seconds, estimated.
    pub merge_seconds: f64,
    /// Memory the merge needs beyond the measured peak, MiB (the shards'
    /// contents it holds at once).
    pub merge_extra_mib: u64,
    /// The arguments of every task before `--shard i/N --out …`.
    pub shard_args: Vec<String>,
    /// The merged output.
    pub merge: MergeOptions,
}

/// The shard count: `--shards`, or about [`TARGET_SHARD`] of work each,
/// never more than the units of work.
pub fn shard_count(asked: Option<usize>, units: usize, seconds_per_unit: f64) -> usize {
    let most = units.clamp(1, MAX_SHARDS);
    match asked {
        Some(n) => n.min(most),
        None => {
            let total = seconds_per_unit * units as f64;
            let n = (total / TARGET_SHARD.as_secs_f64()).ceil() as usize;
            n.clamp(1, most.min(DEFAULT_MAX_SHARDS))
        }
    }
}

/// `--time` for work estimated at `seconds`: three times it (another
/// machine, another load), at least ten minutes, in whole minutes.
pub fn time_limit(seconds: f64) -> String {
    let minutes = ((3.0 * seconds.max(0.0)) / 60.0).ceil().max(10.0) as u64;
    let (days, hours, minutes) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    format!("{days}-{hours:02}:{minutes:02}:00")
}

/// `--mem` from a measured peak: twice it and 256 MiB more, in MiB.
pub fn memory_request(peak_mib: u64) -> u64 {
    peak_mib.saturating_mul(2) + 256
}

/// This process's peak resident memory (VmHWM), MiB (0 where unknown).
pub fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib.div_ceil(1024))
}

/// A path as the jobs will see it: absolute (a job starts in another directory).
pub fn absolute(path: &Path) -> CliResult<String> {
    std::path::absolute(path)
        .map(|p| p.display().to_string())
        .map_err(|e| CliError::input(format!("{}: {e}", path.display())))
}

fn words(args: &[String]) -> String {
    args.iter()
        .map(|a| shell_word(a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the plan and the two job scripts for `work` into `slurm.slurm`,
/// and submits them with `--submit`; prints what it did and what to do next.
pub fn write_plan(work: Work, slurm: &SlurmArgs) -> CliResult {
    let Some(dir) = &slurm.slurm else {
        return Err(CliError::failure("write_plan without --slurm"));
    };
    std::fs::create_dir_all(dir.join("logs")).map_err(|e| {
        CliError::input(format!("--slurm {}: cannot create it: {e}", dir.display()))
    })?;
    let dir_text = absolute(dir)?;
    // The folder appears in `#SBATCH --output=…` lines, which sbatch splits
    // at blanks, and where `%` is a pattern and `#` a comment.
    if let Some(c) = dir_text
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '%' | '#' | '"' | '\''))
    {
        return Err(CliError::input(format!(
            "--slurm {}: the folder's path holds {c:?}, which #SBATCH lines cannot carry; choose a path without blanks, quotes, % or #",
            dir.display()
        )));
    }
    let binary = std::env::current_exe()
        .map_err(|e| CliError::failure(format!("cannot tell where this redline is: {e}")))?
        .display()
        .to_string();
    let work_unit_name = work.unit_name;
    let shards = shard_count(slurm.shards, work.units, work.seconds_per_unit);
    let units_per_shard = work.units.div_ceil(shards);
    let peak = peak_mib();
    let shard_seconds = match &work.shard_seconds {
        Some(costliest) => costliest(shards),
        None => work.seconds_per_unit * units_per_shard as f64,
    };
    let estimate = Estimate {
        units: work.units,
        units_per_shard,
        seconds_per_unit: work.seconds_per_unit,
        peak_mib: peak,
        shard_seconds,
        shard_time: time_limit(shard_seconds / slurm.cpus_per_shard as f64),
        merge_time: time_limit(work.merge_seconds),
        mem_mib: memory_request(peak),
        merge_mem_mib: memory_request(peak + work.merge_extra_mib),
    };
    let plan = Plan {
        format: PLAN_FORMAT.to_string(),
        command: work.command.to_string(),
        shards,
        inputs_sha256: redline_core::scenario::sha256_hex(&work.header_json),
        binary: binary.clone(),
        shard_args: work.shard_args,
        merge: work.merge,
        estimate,
    };
    let job = job_script(&plan, &dir_text, slurm.cpus_per_shard);
    let merge = merge_script(&plan, &dir_text);
    crate::output::write_atomically(
        &dir.join("plan.json"),
        redline_report::json_text(&plan).as_bytes(),
    )?;
    crate::output::write_atomically(&dir.join("job.sh"), job.as_bytes())?;
    crate::output::write_atomically(&dir.join("merge.sh"), merge.as_bytes())?;
    let e = &plan.estimate;
    eprintln!(
        "redline: wrote {dir_text}/job.sh ({shards} shards of at most {} {}, about {:.0} s each here; \
         --time {} --mem {}M), merge.sh and plan.json",
        e.units_per_shard, work_unit_name, e.shard_seconds, e.shard_time, e.mem_mib,
    );
    if !slurm.submit {
        println!("the result will be {}", plan.merge.out);
        println!(
            "submit with: jobs=$(sbatch --parsable {dir}/job.sh) && sbatch --dependency=afterok:${{jobs%%;*}} {dir}/merge.sh",
            dir = shell_word(&dir_text)
        );
        println!(
            "or run a shard here with `bash {}/job.sh I`, then `redline merge {}`",
            shell_word(&dir_text),
            shell_word(&dir_text)
        );
        return Ok(());
    }
    let array = sbatch(&[format!("{dir_text}/job.sh")]).map_err(|mut e| {
        e.message = format!(
            "{}\nsubmit them by hand: jobs=$(sbatch --parsable {dir_text}/job.sh) && sbatch --dependency=afterok:${{jobs%%;*}} {dir_text}/merge.sh",
            e.message
        );
        e
    })?;
    let merge_job = sbatch(&[
        format!("--dependency=afterok:{array}"),
        format!("{dir_text}/merge.sh"),
    ])
    .map_err(|mut e| {
        e.message = format!(
            "{}\nthe job array {array} was submitted without its merge job: submit it with \
             `sbatch --dependency=afterok:{array} {dir_text}/merge.sh`, or cancel the array with `scancel {array}`",
            e.message
        );
        e
    })?;
    println!(
        "submitted job array {array} ({shards} shards) and merge job {merge_job} (after {array} succeeds); the result: {}",
        plan.merge.out
    );
    Ok(())
}

/// Runs `sbatch --parsable ARGS` and returns the job id.
fn sbatch(args: &[String]) -> CliResult<String> {
    let out = std::process::Command::new("sbatch")
        .arg("--parsable")
        .args(args)
        .output()
        .map_err(|e| {
            CliError::failure(format!(
                "cannot run sbatch ({e}): is Slurm installed here? The scripts are written; \
                 submit them on a machine of the cluster"
            ))
        })?;
    if !out.status.success() {
        return Err(CliError::failure(format!(
            "sbatch {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // `--parsable` prints `id` or `id;cluster`.
    let id = text.trim().split(';').next().unwrap_or("").to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(CliError::failure(format!(
            "sbatch printed no job id: {text:?}"
        )));
    }
    Ok(id)
}

/// The merged result's default path: `DIR/result.txt` for a table,
/// `DIR/result.json` (`.csv`, `.parquet`) for the other formats.
pub fn default_out<F: clap::ValueEnum>(dir: &Path, format: &F) -> CliResult<String> {
    let word = format_word(format);
    let extension = if word == "table" { "txt" } else { &word };
    absolute(&dir.join(format!("result.{extension}")))
}

/// The CPU seconds `work` takes (user and system time of this process, so
/// the work of every worker thread): one thread's worth of work, which is
/// what a task with one CPU needs. Where `/proc/self/stat` cannot be read,
/// the wall time times the threads, an upper bound.
pub fn measure(work: impl FnOnce()) -> f64 {
    let before = cpu_seconds();
    let started = std::time::Instant::now();
    work();
    let wall = started.elapsed().as_secs_f64();
    match (before, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall * std::thread::available_parallelism().map_or(1, usize::from) as f64,
    }
}

/// This process's user and system CPU time, seconds (Linux: fields 14 and
/// 15 of `/proc/self/stat`, in clock ticks of 1/100 s, the kernel's
/// `USER_HZ` on every Linux architecture redline builds for).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count after its `)`.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // After `)`, field 3 (state) is index 0: utime (14) is 11, stime (15) is 12.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

/// The array's script: task i runs shard i (`$SLURM_ARRAY_TASK_ID`, or the
/// script's first argument when run by hand).
pub fn job_script(plan: &Plan, dir: &str, cpus: usize) -> String {
    let n = plan.shards;
    format!(
        "#!/bin/bash\n\
         # Written by `redline {command} --slurm`: shard i of {n} (redline merge {dir_word} joins them).\n\
         #SBATCH --job-name=redline-{command}\n\
         #SBATCH --array=0-{last}\n\
         #SBATCH --time={time}\n\
         #SBATCH --mem={mem}M\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --output={dir}/logs/shard-%a.log\n\
         set -euo pipefail\n\
         i=\"${{1:-${{SLURM_ARRAY_TASK_ID:?run it with sbatch, or give the shard index: bash job.sh I}}}}\"\n\
         export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-{cpus}}}\"\n\
         exec {binary} {args} --shard \"$i/{n}\" --out {dir_word}/shard-\"$i\".json\n",
        command = plan.command,
        last = n - 1,
        time = plan.estimate.shard_time,
        mem = plan.estimate.mem_mib,
        binary = shell_word(&plan.binary),
        args = words(&plan.shard_args),
        dir_word = shell_word(dir),
    )
}

/// The merge job's script.
pub fn merge_script(plan: &Plan, dir: &str) -> String {
    format!(
        "#!/bin/bash\n\
         # Written by `redline {command} --slurm`: joins the {n} shards into one result.\n\
         #SBATCH --job-name=redline-merge\n\
         #SBATCH --time={time}\n\
         #SBATCH --mem={mem}M\n\
         #SBATCH --output={dir}/logs/merge.log\n\
         set -euo pipefail\n\
         exec {binary} merge {dir_word}\n",
        command = plan.command,
        n = plan.shards,
        time = plan.estimate.merge_time,
        mem = if plan.estimate.merge_mem_mib > 0 {
            plan.estimate.merge_mem_mib
        } else {
            plan.estimate.mem_mib
        },
        binary = shell_word(&plan.binary),
        dir_word = shell_word(dir),
    )
}

/// `redline merge DIR`.
#[derive(Args)]
#[command(after_help = "Example:
  redline merge sweep/          # after the job array of `--slurm sweep/` has run")]
pub struct MergeArgs {
    /// The folder given to `--slurm` (its plan.json and shard-*.json).
    dir: PathBuf,
}

/// Reads `DIR/plan.json`.
pub fn read_plan(dir: &Path) -> CliResult<Plan> {
    let path = dir.join("plan.json");
    let origin = path.display().to_string();
    if !path.is_file() {
        return Err(CliError::input(format!(
            "{origin}: no such file (is {} a folder written by --slurm?)",
            dir.display()
        )));
    }
    let plan: Plan = crate::input::read_json(&path, "redline plan", crate::input::MAX_INPUT_BYTES)?;
    if plan.format != PLAN_FORMAT {
        return Err(CliError::input(format!(
            "{origin}: format `{}`, expected `{PLAN_FORMAT}`",
            plan.format
        )));
    }
    if plan.shards == 0 || plan.shards > MAX_SHARDS {
        return Err(CliError::input(format!(
            "{origin}: {} shards; a plan has 1 to {MAX_SHARDS}",
            plan.shards
        )));
    }
    Ok(plan)
}

/// The error for shards that are missing or bad: which, and the one command
/// that reruns them.
pub fn missing_shards(dir: &Path, plan: &Plan, shards: &[usize]) -> CliError {
    let list: Vec<String> = shards.iter().map(usize::to_string).collect();
    let dir_word = shell_word(&dir.display().to_string());
    CliError::input(format!(
        "{}: shard{} {} of {} {} missing or not from this plan; rerun {} with \
         `sbatch --array={} {dir_word}/job.sh` (or `bash {dir_word}/job.sh I` here), then `redline merge {dir_word}`",
        dir.display(),
        if shards.len() == 1 { "" } else { "s" },
        list.join(", "),
        plan.shards,
        if shards.len() == 1 { "is" } else { "are" },
        if shards.len() == 1 { "it" } else { "them" },
        list.join(","),
    ))
}

/// Reads every shard of a plan with `read`, and checks each: present,
/// readable, carrying the plan's header (`header`: its JSON) and its own
/// place (`place`: (i, N)). Every shard that fails is named in one error,
/// with the one command that reruns them all.
pub fn read_shards<S>(
    dir: &Path,
    plan: &Plan,
    read: impl Fn(&Path) -> CliResult<(String, S)>,
    header: impl Fn(&S) -> String,
    place: impl Fn(&S) -> (usize, usize),
) -> CliResult<Vec<(String, S)>> {
    let mut shards = Vec::with_capacity(plan.shards);
    let mut bad = Vec::new();
    let mut first_problem = None;
    for i in 0..plan.shards {
        let file = dir.join(format!("shard-{i}.json"));
        if !file.is_file() {
            bad.push(i);
            continue;
        }
        let problem = match read(&file) {
            Err(e) => Some(e.message),
            Ok((_, shard))
                if redline_core::scenario::sha256_hex(&header(&shard)) != plan.inputs_sha256 =>
            {
                Some(format!(
                    "{}: its inputs (scenario, overrides, settings) differ from the plan's",
                    file.display()
                ))
            }
            Ok((_, shard)) if place(&shard) != (i, plan.shards) => Some(format!(
                "{}: it is shard {:?}, not {i}/{}",
                file.display(),
                place(&shard),
                plan.shards
            )),
            Ok(read) => {
                shards.push(read);
                None
            }
        };
        if let Some(problem) = problem {
            bad.push(i);
            first_problem.get_or_insert(problem);
        }
    }
    if bad.is_empty() {
        return Ok(shards);
    }
    let mut error = missing_shards(dir, plan, &bad);
    if let Some(problem) = first_problem {
        error.message = format!("{problem}. {}", error.message);
    }
    Err(error)
}

/// Runs `redline merge DIR`.
pub fn merge(args: MergeArgs) -> CliResult {
    let plan = read_plan(&args.dir)?;
    match plan.command.as_str() {
        "sensitivity" => crate::commands::sensitivity::merge_plan(&args.dir, &plan),
        "fit" => crate::commands::fit::merge_plan(&args.dir, &plan),
        "tournament" => crate::commands::games::merge_plan(&args.dir, &plan),
        other => Err(CliError::input(format!(
            "{}: a plan for `{other}`, which redline does not merge",
            args.dir.join("plan.json").display()
        ))),
    }?;
    eprintln!(
        "redline: merged {} shards into {}",
        plan.shards, plan.merge.out
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_have_room_and_floors() {
        assert_eq!(time_limit(0.0), "0-00:10:00");
        assert_eq!(time_limit(1200.0), "0-01:00:00");
        assert_eq!(time_limit(30.0 * 3600.0), "3-18:00:00");
        assert_eq!(memory_request(100), 456);
        assert_eq!(shard_count(Some(8), 5, 1.0), 5);
        assert_eq!(shard_count(None, 100, 0.1), 1);
        // 100 units of 60 s: 100 minutes, about 7 shards of 15 minutes.
        assert_eq!(shard_count(None, 100, 60.0), 7);
        assert_eq!(shard_count(None, 10_000, 600.0), 64);
    }
}
