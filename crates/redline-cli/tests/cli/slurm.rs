//! `--slurm DIR`: the job array's scripts, run by hand (no Slurm needed) or
//! by a real Slurm (`REDLINE_SLURM_TESTS=1` with `SLURM_CONF` set, as
//! `.ci/run` does after `scripts/slurm_cluster.sh start`), merge with
//! `redline merge DIR` to the bytes of one process's run.

use crate::util::{self, stderr, stdout};
use std::path::Path;
use std::process::Command;

/// Runs shard `i` of the array in `dir` as a task would, without Slurm.
fn run_shard(dir: &Path, i: usize) {
    let out = Command::new("bash")
        .arg(dir.join("job.sh"))
        .arg(i.to_string())
        .env_clear()
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "shard {i}: {}", stderr(&out));
}

const SWEEP: &[&str] = &[
    "sensitivity",
    "--method",
    "sobol",
    "--samples",
    "4",
    "--runs",
    "40",
    "--outcome",
    "war",
    "--format",
    "json",
];

#[test]
fn a_sweep_as_a_job_array_merges_to_the_bytes_of_one_run() {
    let dir = util::temp_dir("slurm", "sweep");
    let array = dir.join("array");
    let mut args = SWEEP.to_vec();
    args.extend(["--slurm", array.to_str().unwrap(), "--shards", "3"]);
    let planned = util::redline(Some(&dir), &args);
    assert!(planned.status.success(), "{}", stderr(&planned));
    assert!(
        stdout(&planned).contains("sbatch --parsable"),
        "{}",
        stdout(&planned)
    );
    let job = std::fs::read_to_string(array.join("job.sh")).unwrap();
    for line in [
        "#SBATCH --array=0-2",
        "#SBATCH --time=",
        "#SBATCH --mem=",
        "--shard \"$i/3\"",
    ] {
        assert!(job.contains(line), "job.sh lacks {line}:\n{job}");
    }
    // The same binary, by its absolute path.
    assert!(job.contains(env!("CARGO_BIN_EXE_redline")), "{job}");
    for i in 0..3 {
        run_shard(&array, i);
    }
    let merged = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    let one = util::redline(Some(&dir), SWEEP);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(
        std::fs::read_to_string(array.join("result.json")).unwrap(),
        stdout(&one)
    );

    // A missing shard is named, with the command that reruns it.
    std::fs::remove_file(array.join("shard-1.json")).unwrap();
    let missing = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    let message = stderr(&missing);
    assert!(message.contains("shard 1 of 3 is missing"), "{message}");
    assert!(message.contains("sbatch --array=1 "), "{message}");
    run_shard(&array, 1);
    // A shard from other inputs is refused.
    let file = array.join("shard-2.json");
    let mut shard: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    shard["seed"] = serde_json::json!(7);
    std::fs::write(&file, serde_json::to_string(&shard).unwrap()).unwrap();
    let other = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
    assert_eq!(other.status.code(), Some(2));
    assert!(
        stderr(&other).contains("differ from the plan's"),
        "{}",
        stderr(&other)
    );
    assert!(
        stderr(&other).contains("sbatch --array=2 "),
        "{}",
        stderr(&other)
    );
}

#[test]
fn a_fit_as_a_job_array_merges_to_the_bytes_of_one_run() {
    let dir = util::temp_dir("slurm", "fit");
    let array = dir.join("array");
    let fit = [
        "fit",
        "--scenarios",
        "iran-2013-02-07",
        "--keys",
        "talks.open_base_annual",
        "--runs",
        "20",
        "--generations",
        "1",
        "--starts",
        "2",
        "--format",
        "json",
    ];
    let mut args = fit.to_vec();
    args.extend([
        "--fitted",
        "fitted.toml",
        "--slurm",
        "array",
        "--shards",
        "2",
    ]);
    let planned = util::redline(Some(&dir), &args);
    assert!(planned.status.success(), "{}", stderr(&planned));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(array.join("plan.json")).unwrap()).unwrap();
    let shards = plan["shards"].as_u64().unwrap() as usize;
    assert_eq!(shards, 2, "{plan}");
    assert_eq!(plan["estimate"]["units_per_shard"], 1, "{plan}");
    for i in 0..shards {
        run_shard(&array, i);
    }
    let merged = util::redline(Some(&dir), &["merge", "array"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    let mut single = fit.to_vec();
    single.extend(["--fitted", "single.toml"]);
    let one = util::redline(Some(&dir), &single);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(
        std::fs::read_to_string(array.join("result.json")).unwrap(),
        stdout(&one)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("fitted.toml")).unwrap(),
        std::fs::read_to_string(dir.join("single.toml")).unwrap()
    );
}

#[test]
fn a_tournament_as_a_job_array_merges_to_the_bytes_of_one_run() {
    let dir = util::temp_dir("slurm", "tournament");
    // A game file named relatively: the tasks run elsewhere, so the plan
    // names it by its absolute path, as the one-process run below does.
    let game = dir.join("standoff.toml");
    std::fs::write(
        &game,
        "name = \"standoff\"\nactions = [\"C\", \"D\"]\npayoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]\n",
    )
    .unwrap();
    // Deterministic pairs (one match stands for every repetition) beside
    // stochastic ones at a fixed length; then a random length with
    // misperception; each with replays for the winner's spread.
    let tournament = |game: &str, length: &[&str]| -> Vec<String> {
        let mut args = vec![
            "tournament",
            "--strategies",
            "Tit For Tat,Grudger,Random,Defector,Generous Tit For Tat",
            "--repetitions",
            "4",
            "--seeds",
            "5",
            "--seed",
            "11",
            "--game",
            game,
            "--format",
            "json",
        ];
        args.extend(length);
        args.into_iter().map(str::to_string).collect()
    };
    let lengths: [&[&str]; 2] = [
        &["--turns", "40"],
        &[
            "--prob-end",
            "0.05",
            "--turns",
            "60",
            "--misperception",
            "0.02",
        ],
    ];
    for (k, length) in lengths.into_iter().enumerate() {
        let array = dir.join(format!("array-{k}"));
        let mut args = tournament("standoff.toml", length);
        args.extend(["--slurm", array.to_str().unwrap(), "--shards", "4"].map(str::to_string));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let planned = util::redline(Some(&dir), &args);
        assert!(planned.status.success(), "{}", stderr(&planned));
        let job = std::fs::read_to_string(array.join("job.sh")).unwrap();
        assert!(job.contains("#SBATCH --array=0-3"), "{job}");
        assert!(job.contains(game.to_str().unwrap()), "{job}");
        for i in 0..4 {
            run_shard(&array, i);
        }
        let merged = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
        assert!(merged.status.success(), "{}", stderr(&merged));
        let one_args = tournament(game.to_str().unwrap(), length);
        let one_args: Vec<&str> = one_args.iter().map(String::as_str).collect();
        let one = util::redline(Some(&dir), &one_args);
        assert!(one.status.success(), "{}", stderr(&one));
        let result = std::fs::read_to_string(array.join("result.json")).unwrap();
        assert_eq!(result, stdout(&one), "{length:?}");
        let v: serde_json::Value = serde_json::from_str(&result).unwrap();
        assert_eq!(v["winner_spread"]["seeds"], 5);
    }
    // The fixed length's shards hold one match for a deterministic pair
    // (Tit For Tat against Grudger, unit 1) and four for a stochastic one.
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("array-0/shard-1.json")).unwrap())
            .unwrap();
    assert_eq!(first["units"][0]["unit"], 1);
    assert_eq!(first["units"][0]["matches"].as_array().unwrap().len(), 1);
    assert_eq!(first["units"][2]["unit"], 9);
    assert_eq!(first["units"][2]["matches"].as_array().unwrap().len(), 4);

    let array = dir.join("array-1");
    // A shard of another tournament is refused and named.
    let file = array.join("shard-3.json");
    let kept = std::fs::read_to_string(&file).unwrap();
    let mut shard: serde_json::Value = serde_json::from_str(&kept).unwrap();
    shard["header"]["seed"] = serde_json::json!(12);
    std::fs::write(&file, serde_json::to_string(&shard).unwrap()).unwrap();
    let other = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
    assert_eq!(other.status.code(), Some(2));
    assert!(
        stderr(&other).contains("differ from the plan's")
            && stderr(&other).contains("sbatch --array=3 "),
        "{}",
        stderr(&other)
    );
    // A shard that lost a unit is refused too.
    let mut shard: serde_json::Value = serde_json::from_str(&kept).unwrap();
    shard["units"].as_array_mut().unwrap().pop();
    std::fs::write(&file, serde_json::to_string(&shard).unwrap()).unwrap();
    let short = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
    assert_eq!(short.status.code(), Some(2));
    assert!(
        stderr(&short).contains("shard-3.json: holds"),
        "{}",
        stderr(&short)
    );
    std::fs::write(&file, &kept).unwrap();
    // The game file edited after the plan: the merge would not be the
    // tournament the shards played.
    std::fs::write(
        &game,
        "name = \"standoff\"\nactions = [\"C\", \"D\"]\npayoffs = [[[4, 4], [0, 5]], [[5, 0], [1, 1]]]\n",
    )
    .unwrap();
    let edited = util::redline(Some(&dir), &["merge", array.to_str().unwrap()]);
    assert_eq!(edited.status.code(), Some(2));
    assert!(
        stderr(&edited).contains("inputs changed since the plan was written"),
        "{}",
        stderr(&edited)
    );
}

#[test]
fn a_case_whose_path_holds_a_comma_is_refused_before_the_plan() {
    // The task's --scenarios is a comma-separated list: a comma in a case's
    // absolute path would split it in two in every task.
    let dir = util::temp_dir("slurm", "comma");
    let folder = dir.join("cases,2013");
    std::fs::create_dir_all(&folder).unwrap();
    let shipped = format!(
        "{}/../../scenarios/iran-2013-02-07.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::copy(shipped, folder.join("iran-2013-02-07.toml")).unwrap();
    let out = util::redline(
        Some(&folder),
        &[
            "fit",
            "--scenarios",
            "iran-2013-02-07.toml",
            "--keys",
            "talks.open_base_annual",
            "--slurm",
            dir.join("array").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("holds a comma"), "{}", stderr(&out));
    assert!(!dir.join("array/plan.json").exists());
}

#[test]
fn merge_refuses_a_folder_without_a_plan() {
    let dir = util::temp_dir("slurm", "noplan");
    let out = util::redline(Some(&dir), &["merge", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("plan.json"), "{}", stderr(&out));
    std::fs::write(dir.join("plan.json"), "{\"format\": 3}").unwrap();
    let out = util::redline(Some(&dir), &["merge", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("plan.json:1:"), "{}", stderr(&out));
}

/// A real Slurm: the array and the merge job submitted with sbatch, the
/// merge job waiting for the array (`afterok`), the merged result compared
/// with one process's run. Runs with `REDLINE_SLURM_TESTS=1` and
/// `SLURM_CONF` naming a running cluster (`scripts/slurm_cluster.sh start`).
#[test]
fn a_sweep_submitted_to_a_real_slurm_merges_to_the_bytes_of_one_run() {
    submit_to_a_real_slurm("real", SWEEP);
}

#[test]
fn a_tournament_submitted_to_a_real_slurm_merges_to_the_bytes_of_one_run() {
    submit_to_a_real_slurm(
        "real-tournament",
        &[
            "tournament",
            "--strategies",
            "Tit For Tat,Random,Grudger,Defector",
            "--noise",
            "0.02",
            "--seeds",
            "4",
            "--format",
            "json",
        ],
    );
}

/// Submits `command` as a job array of 2 shards with its merge job to the
/// cluster of `SLURM_CONF`, waits for the merged result and compares it with
/// one process's run (skipped without `REDLINE_SLURM_TESTS=1`).
fn submit_to_a_real_slurm(label: &str, command: &[&str]) {
    if std::env::var("REDLINE_SLURM_TESTS").as_deref() != Ok("1") {
        eprintln!(
            "skipped: set REDLINE_SLURM_TESTS=1 and SLURM_CONF (scripts/slurm_cluster.sh start)"
        );
        return;
    }
    let conf = std::env::var("SLURM_CONF").expect("SLURM_CONF names the cluster's slurm.conf");
    let dir = util::temp_dir("slurm", label);
    let array = dir.join("array");
    let mut args = command.to_vec();
    args.extend([
        "--slurm",
        array.to_str().unwrap(),
        "--shards",
        "2",
        "--submit",
    ]);
    let submitted = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(&args)
        .current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SLURM_CONF", &conf)
        .output()
        .expect("the binary runs");
    assert!(submitted.status.success(), "{}", stderr(&submitted));
    let said = stdout(&submitted);
    assert!(said.contains("submitted job array"), "{said}");
    // "submitted job array A (2 shards) and merge job M (after A succeeds)…"
    let ids: Vec<String> = said
        .split_whitespace()
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert!(ids.len() >= 2, "no job ids in {said}");
    let result = array.join("result.json");
    let started = std::time::Instant::now();
    while !result.exists() {
        // A failed shard leaves the merge job waiting for ever: fail at once.
        let queue = Command::new("squeue")
            .args(["-h", "-o", "%i %r", "-j", &ids.join(",")])
            .env("SLURM_CONF", &conf)
            .output()
            .map(|o| stdout(&o))
            .unwrap_or_default();
        let late = started.elapsed() > std::time::Duration::from_secs(600);
        if queue.contains("DependencyNeverSatisfied") || late {
            let _ = Command::new("scancel")
                .args(&ids)
                .env("SLURM_CONF", &conf)
                .output();
            let logs: String = std::fs::read_dir(array.join("logs"))
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default();
            panic!("the job array failed or took over 10 minutes: {queue}\n{logs}");
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    // The merge job wrote it atomically: complete once it exists.
    let one = util::redline(Some(&dir), command);
    assert_eq!(std::fs::read_to_string(&result).unwrap(), stdout(&one));
    for i in 0..2 {
        assert!(array.join(format!("logs/shard-{i}.log")).exists());
    }
}
