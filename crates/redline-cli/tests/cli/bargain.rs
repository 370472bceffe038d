//! `redline bargain` run as a user would: the real binary on files in a temp dir.

use std::process::Output;

use super::util;

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("bargain", name)
}

fn redline(args: &[&str]) -> Output {
    util::redline(None, args)
}

use util::json;

const KTAB: &str = "Small,\"A small test\",4,2,\n\
Actor,Description,Influence,A Position,A Salience,B Position,B Salience,\n\
P,first,100,10,60,90,30,\n\
Q,second,60,80,30,20,50,\n\
R,third,40,45,50,55,40,\n\
S,fourth,20,95,80,5,10,\n";

const BDM: &str = "Actor,Capability,Position,Salience\nA,1,0,50\nB,1,10,50\nC,2,4,50\n";

#[test]
fn every_model_gives_the_json_shape() {
    let dir = temp_dir("shape");
    let file = dir.join("small.csv");
    std::fs::write(&file, KTAB).unwrap();
    let path = file.to_str().unwrap();
    for model in ["smp", "bdm", "mean", "median", "nash"] {
        let v = json(&redline(&[
            "bargain", path, "--model", model, "--format", "json",
        ]));
        assert_eq!(v["meta"]["command"], "bargain");
        assert_eq!(v["meta"]["inputs"], serde_json::json!([path]));
        assert!(v["meta"].get("seed").is_none());
        assert_eq!(v["model"], model);
        assert_eq!(v["dimensions"], serde_json::json!(["A", "B"]));
        let iterations = v["iterations"].as_array().unwrap();
        assert!(!iterations.is_empty());
        // State 0 is the input, on its 0–100 scale.
        assert_eq!(
            iterations[0]["positions"]["Q"],
            serde_json::json!([80.0, 20.0])
        );
        assert_eq!(v["outcome"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn baselines_by_hand() {
    let dir = temp_dir("baselines");
    let file = dir.join("three.csv");
    std::fs::write(&file, BDM).unwrap();
    let path = file.to_str().unwrap();
    // Weights 50, 50, 100: median 4, mean (0 + 500 + 800)/200 = 6.5... by hand: 1300/200.
    let v = json(&redline(&[
        "bargain", path, "--model", "median", "--format", "json",
    ]));
    assert_eq!(v["outcome"], serde_json::json!([4.0]));
    let v = json(&redline(&[
        "bargain", path, "--model", "mean", "--format", "json",
    ]));
    assert!((v["outcome"][0].as_f64().unwrap() - 4.5).abs() < 1e-12);
}

#[test]
fn seeded_runs_repeat_and_csv_and_out_work() {
    let dir = temp_dir("seed");
    let file = dir.join("small.csv");
    std::fs::write(&file, KTAB).unwrap();
    let path = file.to_str().unwrap();
    let args = [
        "bargain",
        path,
        "--seed",
        "9",
        "--pce",
        "markovuniform",
        "--format",
        "csv",
    ];
    let a = redline(&args);
    let b = redline(&args);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert!(
        text.starts_with("iteration,actor,A,B\n0,P,10,90\n"),
        "{text}"
    );
    assert!(text.lines().last().unwrap().starts_with("outcome,,"));
    let out = dir.join("run.json");
    let o = redline(&[
        "bargain",
        path,
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success() && o.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("\"model\": \"smp\"")
    );
}

#[test]
fn bad_input_exits_2_with_file_and_line() {
    let dir = temp_dir("bad");
    let file = dir.join("bad.csv");
    std::fs::write(
        &file,
        KTAB.replace("Q,second,60,80,30,20,50", "Q,second,60,80,60,20,50"),
    )
    .unwrap();
    let out = redline(&["bargain", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:4:") && err.contains("over 100"),
        "{err}"
    );

    std::fs::write(&file, KTAB.replace("60,80", "sixty,80")).unwrap();
    let out = redline(&["bargain", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`sixty` is not a number"));

    let toml = dir.join("bad.toml");
    std::fs::write(&toml, "name = \"x\"\ndimensions = [\"a\"]\n[[actor]]\nname = \"A\"\ninfluence = 1\nposition = [1]\n").unwrap();
    let out = redline(&["bargain", toml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));

    let out = redline(&["bargain", dir.join("missing.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = redline(&["bargain", file.to_str().unwrap(), "--vote-rule", "loud"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(&file, KTAB).unwrap();
    let out = redline(&[
        "bargain",
        file.to_str().unwrap(),
        "--model",
        "mean",
        "--seed",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed applies to --model smp only"));
}

#[test]
fn help_has_an_example() {
    let out = redline(&["bargain", "--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
}

#[test]
fn json_opens_with_meta_naming_the_seed() {
    let dir = temp_dir("meta");
    let file = dir.join("small.csv");
    std::fs::write(&file, KTAB).unwrap();
    let out = redline(&[
        "bargain",
        file.to_str().unwrap(),
        "--seed",
        "9",
        "--format",
        "json",
    ]);
    let text = util::stdout(&out);
    assert!(text.starts_with("{\n  \"meta\": {"), "{text}");
    let v = json(&out);
    assert_eq!(v["meta"]["seed"], 9);
    assert_eq!(v["meta"]["inputs"][0], file.to_str().unwrap());
}

#[test]
fn positions_print_without_rounding_noise() {
    // SMP rescales positions to 0–1 and back: 0.55 × 100 is
    // 55.00000000000001 in floating point, and it printed so.
    let file = format!(
        "{}/../../scenarios/bargaining/iran-2025-enrichment.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    for format in ["json", "csv"] {
        let out = redline(&["bargain", &file, "--format", format]);
        assert!(out.status.success(), "{}", util::stderr(&out));
        let text = util::stdout(&out);
        for noise in ["0000000", "9999999"] {
            assert!(!text.contains(noise), "{format}: {text}");
        }
    }
}

#[test]
fn huge_declared_counts_are_refused_at_line_1() {
    // Line 1 once declared counts that were allocated before any row was
    // read: an abort on a 60-byte file.
    let dir = temp_dir("counts");
    let file = dir.join("big.csv");
    for (line1, column) in [
        ("Big,\"d\",99999999999999,2,", 9),
        ("Big,\"d\",4,1e300,", 11),
        ("Big,\"d\",1001,2,", 9),
    ] {
        let rest = KTAB.split_once('\n').expect("two lines").1;
        std::fs::write(&file, format!("{line1}\n{rest}")).unwrap();
        let out = redline(&["bargain", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{line1}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("big.csv:1:{column}")),
            "{line1}: {err}"
        );
        assert!(err.contains("more than the"), "{err}");
    }
    // A BDM file with more actors than the limit, found at the row past it.
    let mut bdm = String::from("Actor,Capability,Position,Salience\n");
    for k in 0..1001 {
        bdm.push_str(&format!("A{k},1,{},50\n", k % 100));
    }
    let file = dir.join("many.csv");
    std::fs::write(&file, bdm).unwrap();
    let out = redline(&["bargain", file.to_str().unwrap(), "--model", "mean"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("many.csv:1002:1"), "{err}");
}

#[test]
fn options_of_zero_or_out_of_range_are_refused() {
    let dir = temp_dir("options");
    let file = dir.join("talks.csv");
    std::fs::write(&file, KTAB).unwrap();
    let file = file.to_str().unwrap();
    for args in [
        &["--max-iterations", "0"][..],
        &["--max-iterations", "100001"],
        &["--model", "bdm", "--max-iterations", "0"],
        &["--model", "bdm", "--bdm-q", "NaN"],
        &["--model", "bdm", "--bdm-t", "1.5"],
        &["--model", "bdm", "--bdm-q=-0.1"],
    ] {
        let mut all = vec!["bargain", file];
        all.extend_from_slice(args);
        let out = redline(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let flag = args
            .iter()
            .rev()
            .find(|a| a.starts_with("--"))
            .and_then(|a| a.split('=').next())
            .unwrap_or_default();
        assert!(err.contains(flag), "{args:?}: {err}");
    }
}

#[test]
fn an_actor_name_of_seventy_thousand_characters_is_shortened_in_the_table() {
    let dir = temp_dir("names");
    let long = "a".repeat(70_000);
    let file = dir.join("long.csv");
    std::fs::write(&file, KTAB.replace("P,first", &format!("{long},first"))).unwrap();
    for model in ["smp", "bdm", "mean", "median", "nash"] {
        for format in ["table", "csv", "json"] {
            let out = redline(&[
                "bargain",
                file.to_str().unwrap(),
                "--model",
                model,
                "--format",
                format,
            ]);
            assert!(out.status.success(), "{model} {format}");
            let text = String::from_utf8_lossy(&out.stdout);
            if format == "table" {
                let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                assert!(widest <= 120, "{model}: a line of {widest} characters");
                assert!(text.contains('…'), "{model}: not marked as shortened");
            } else {
                assert!(
                    text.contains(&long),
                    "{model} {format}: the name was cut in data"
                );
            }
        }
    }
}
