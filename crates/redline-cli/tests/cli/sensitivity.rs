//! `redline sensitivity`: sharded runs merge into exactly the result of one run.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::util;

fn redline(dir: &Path, args: &[&str]) -> Output {
    util::redline(Some(dir), args)
}

fn temp_dir(name: &str) -> PathBuf {
    util::temp_dir("sensitivity", name)
}

#[test]
fn shards_merge_into_the_single_run_result() {
    let dir = temp_dir("merge");
    for method in ["morris", "sobol"] {
        let common = [
            "sensitivity",
            "--method",
            method,
            "--samples",
            "3",
            "--runs",
            "60",
            "--outcome",
            "war",
            "--outcome",
            "interim_deal",
        ];
        let single = redline(&dir, &[&common[..], &["--format", "json"]].concat());
        assert!(
            single.status.success(),
            "{}",
            String::from_utf8_lossy(&single.stderr)
        );
        for shard in ["0/3", "1/3", "2/3"] {
            let file = format!("{method}-{}.json", &shard[..1]);
            let out = redline(
                &dir,
                &[&common[..], &["--shard", shard, "--out", &file]].concat(),
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let files: Vec<String> = (0..3).map(|i| format!("{method}-{i}.json")).collect();
        let merged = redline(
            &dir,
            &[
                &["sensitivity", "merge"][..],
                &files.iter().map(String::as_str).collect::<Vec<_>>(),
                &["--format", "json"],
            ]
            .concat(),
        );
        assert!(
            merged.status.success(),
            "{}",
            String::from_utf8_lossy(&merged.stderr)
        );
        assert!(
            merged.stdout == single.stdout,
            "{method}: merge differs from one run"
        );
        let v: serde_json::Value = serde_json::from_slice(&single.stdout).expect("JSON");
        assert_eq!(v["results"].as_array().expect("results").len(), 2);
        // An incomplete merge is an input error.
        let partial = redline(&dir, &["sensitivity", "merge", &files[0], &files[1]]);
        assert_eq!(partial.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&partial.stderr).contains("missing"));
    }
}

#[test]
fn bad_arguments_exit_2() {
    let dir = temp_dir("bad");
    for args in [
        &[
            "sensitivity",
            "--shard",
            "3/2",
            "--samples",
            "1",
            "--runs",
            "1",
        ][..],
        &[
            "sensitivity",
            "--outcome",
            "wars",
            "--samples",
            "1",
            "--runs",
            "1",
        ],
        &["sensitivity", "--samples", "0"],
    ] {
        let out = redline(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
