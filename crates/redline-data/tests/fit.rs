//! `redline_data::fit`: the penalised fit moves a parameter toward what the
//! record says happened, stays at its prior where the record says nothing,
//! is a function of its inputs, and refuses keys it cannot fit.

use redline_crisis::CrisisModel;
use redline_data::fit::{self, Case, Curvature, Settings};
use redline_data::scoring::{RecordedOutcome, Verdict};

fn model(id: &str) -> CrisisModel {
    CrisisModel::new(redline_scenarios::load_shipped(id, &[]).expect("loads")).expect("validates")
}

/// A record of the 2013 case that says the talks outcomes happened (or not)
/// and codes nothing else.
fn talks_record(happened: bool) -> Vec<RecordedOutcome> {
    ["talks_secret", "talks_public"]
        .iter()
        .map(|o| RecordedOutcome {
            outcome: o.to_string(),
            verdict: if happened { Verdict::Yes } else { Verdict::No },
            date: None,
            source_url: "https://example.invalid".into(),
            note: String::new(),
        })
        .collect()
}

fn settings() -> Settings {
    Settings {
        runs: 300,
        seed: 7,
        generations: 12,
        step: 0.5,
        starts: 1,
        curvature: Curvature::Full,
    }
}

fn fitted(happened: bool, keys: &[&str]) -> fit::Fit {
    let case = Case::new(model("iran-2013-02-07"), &talks_record(happened)).expect("scored");
    let cases = [case];
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let factors = fit::factors(&cases, &keys).expect("factors");
    fit::fit(&cases, &factors, &settings(), &|_| {})
}

#[test]
fn the_fit_moves_a_parameter_toward_what_happened_and_not_where_nothing_is_said() {
    // Talks open faster with a higher base rate: a record where they
    // happened pulls it up from its prior's median, one where they did not
    // pulls it down. The weaponization decision's base rate moves no talks
    // outcome within a year by much: the record says little of it, and it
    // stays near its prior (not identified).
    let keys = ["talks.open_base_annual", "weaponization.base_annual"];
    let up = fitted(true, &keys);
    let down = fitted(false, &keys);
    let (open_up, open_down) = (&up.estimates[0], &down.estimates[0]);
    assert!(open_up.z > 0.1, "{open_up:?}");
    assert!(open_down.z < -0.1, "{open_down:?}");
    assert!(open_up.estimate > open_up.prior_median && open_down.estimate < open_down.prior_median);
    assert!(open_up.interval[0] < open_up.estimate && open_up.estimate < open_up.interval[1]);
    let weapon = &up.estimates[1];
    assert!(!weapon.identified, "{weapon:?}");
    assert!(weapon.z.abs() < 0.5, "{weapon:?}");
    // The estimate is no worse than the prior's median on the objective.
    assert!(up.objective_at_estimate <= up.objective_at_prior + 1e-9);
    assert_eq!(up.cases, ["iran-2013-02-07"]);
    assert_eq!(up.scored, 2);
}

#[test]
fn a_fit_is_a_function_of_its_inputs() {
    let keys = ["talks.open_base_annual"];
    assert_eq!(fitted(true, &keys), fitted(true, &keys));
}

#[test]
fn keys_that_cannot_be_fitted_are_refused_with_the_reason() {
    let case = Case::new(model("iran-2013-02-07"), &talks_record(true)).expect("scored");
    let cases = [case];
    let unknown = fit::factors(&cases, &["talks.no_such_key".to_string()]).expect_err("unknown");
    assert!(unknown.contains("talks.no_such_key"), "{unknown}");
    // A fixed value has no prior distribution to fit from.
    let fixed =
        fit::factors(&cases, &["nuclear.significant_quantity_kg".to_string()]).expect_err("fixed");
    assert!(fixed.contains("fixed value"), "{fixed}");
    // A case's own parameter is not a shared one.
    let own = fit::factors(&cases, &["initial.econ_pressure".to_string()]).expect_err("own");
    assert!(own.contains("shared"), "{own}");
}

#[test]
fn a_record_with_nothing_scored_is_no_case() {
    let mut record = talks_record(true);
    for r in &mut record {
        r.verdict = Verdict::NotApplicable;
    }
    assert!(Case::new(model("iran-2013-02-07"), &record).is_none());
}

#[test]
fn the_fitted_fragment_reads_back_as_a_scenario_overlay() {
    let keys = ["talks.open_base_annual"];
    let result = fitted(true, &keys);
    let case = Case::new(model("iran-2013-02-07"), &talks_record(true)).expect("scored");
    let factors = fit::factors(&[case], &["talks.open_base_annual".to_string()]).expect("f");
    let overlay = result.overlay(&factors);
    assert!(
        overlay.contains("talks.open_base_annual = { dist = \"normal\""),
        "{overlay}"
    );
    // The fragment is a valid `--with` overlay of the flagship.
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        if path.ends_with("fitted.toml") {
            Ok(overlay.clone())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    };
    let with = [std::path::PathBuf::from("fitted.toml")];
    let scenario = redline_scenarios::load(None, &with, &[], &read).expect("the overlay reads");
    let p = scenario.parameter("talks.open_base_annual").expect("key");
    assert!(
        p.source.as_deref().unwrap_or("").contains("redline fit"),
        "{p:?}"
    );
    CrisisModel::new(scenario).expect("and validates");
}

/// Every case with a shipped record, with the record.
fn library() -> Vec<Case> {
    redline_data::scoring::shipped_records()
        .expect("records")
        .iter()
        .filter_map(|(id, record)| Case::new(model(id), record))
        .collect()
}

#[test]
fn the_shipped_fit_covers_the_default_keys_and_ends_with_the_library() {
    let fitted = redline_scenarios::fitted::fitted_parameters().expect("fitted.toml loads");
    let mut keys: Vec<&str> = fitted.iter().map(|p| p.key.as_str()).collect();
    let mut default = fit::DEFAULT_KEYS.to_vec();
    keys.sort_unstable();
    default.sort_unstable();
    assert_eq!(keys, default);
    for p in &fitted {
        assert!(
            p.source
                .as_deref()
                .is_some_and(|s| s.starts_with("redline fit:")),
            "{}",
            p.key
        );
    }
    // The rule that keeps hindsight out: the fit applies only from the day
    // its last case's horizon ended.
    let end = library()
        .iter()
        .map(|c| c.model.scenario().horizon)
        .max()
        .expect("cases");
    assert_eq!(
        end.to_string(),
        redline_scenarios::fitted::FITTED_CASES_END,
        "FITTED_CASES_END must be the latest horizon among the fitted cases"
    );
}

#[test]
fn the_fitted_values_reach_a_scenario_dated_after_the_cases_and_no_other() {
    use redline_scenarios::fitted::Laid;
    let mut flagship =
        redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[]).expect("flagship");
    let Laid::Keys(mut keys) = redline_scenarios::lay_fitted(&mut flagship).expect("lays") else {
        panic!("the flagship is dated after the cases")
    };
    let mut default = fit::DEFAULT_KEYS.to_vec();
    keys.sort_unstable();
    default.sort_unstable();
    assert_eq!(
        keys, default,
        "the flagship takes all twelve from the shared files"
    );
    let mut old = redline_scenarios::load_shipped("iran-2013-02-07", &[]).expect("2013");
    let before = old.sha256();
    assert!(matches!(
        redline_scenarios::lay_fitted(&mut old).expect("lays"),
        Laid::Predates(_)
    ));
    assert_eq!(old.sha256(), before, "a 2013 case keeps its judgments");
    // A --set of a fitted key keeps the user's value.
    let mut set = redline_scenarios::load_shipped(
        redline_scenarios::FLAGSHIP_ID,
        &["retaliation.probability=0.5".to_string()],
    )
    .expect("flagship");
    let Laid::Keys(keys) = redline_scenarios::lay_fitted(&mut set).expect("lays") else {
        panic!("dated after")
    };
    assert!(!keys.iter().any(|k| k == "retaliation.probability"));
    assert_eq!(
        set.parameter("retaliation.probability")
            .map(|p| p.value.to_string()),
        Some("0.5".to_string())
    );
}

/// The shipped `scenarios/shared/fitted.toml` is what `redline fit
/// --fitted` writes with its defaults (400 s: set REDLINE_SLOW_TESTS=1).
#[test]
fn the_shipped_fit_is_reproduced_by_redline_fit() {
    if std::env::var_os("REDLINE_SLOW_TESTS").is_none() {
        eprintln!("skipped: set REDLINE_SLOW_TESTS=1 to refit the library (about 7 minutes)");
        return;
    }
    let cases = library();
    let keys: Vec<String> = fit::DEFAULT_KEYS.iter().map(|k| k.to_string()).collect();
    let factors = fit::factors(&cases, &keys).expect("factors");
    let settings = Settings {
        runs: 1000,
        seed: 42,
        generations: 40,
        step: 0.5,
        starts: 1,
        curvature: Curvature::Full,
    };
    let result = fit::fit(&cases, &factors, &settings, &|_| {});
    assert_eq!(result.overlay(&factors), redline_scenarios::fitted::FITTED);
}

fn shard(i: usize, n: usize, starts: usize, searches: &[(usize, Vec<f64>)]) -> fit::Shard {
    fit::Shard {
        format: fit::SHARD_FORMAT.to_string(),
        header: fit::ShardHeader {
            inputs: vec!["iran-2013-02-07".into()],
            cases: vec![("iran-2013-02-07".into(), "00".into())],
            keys: vec!["talks.open_base_annual".into()],
            runs: 20,
            seed: 42,
            generations: 1,
            starts,
            step: 0.5,
        },
        shard: (i, n),
        searches: searches
            .iter()
            .map(|(start, z)| fit::SearchResult {
                start: *start,
                z: z.clone(),
                objective: 3.0 + *start as f64,
                generations: 1,
                evaluations: 7,
            })
            .collect(),
    }
}

#[test]
fn merging_shards_takes_every_start_once_and_refuses_what_is_wrong() {
    let named = |s: fit::Shard, f: &str| (f.to_string(), s);
    let a = named(shard(0, 2, 3, &[(0, vec![0.1]), (2, vec![0.2])]), "a.json");
    let b = named(shard(1, 2, 3, &[(1, vec![-0.3])]), "b.json");
    let (_, searches) = fit::merge(&[b.clone(), a.clone()]).expect("merges");
    let starts: Vec<usize> = searches.iter().map(|s| s.start).collect();
    assert_eq!(starts, [0, 1, 2], "by start, whatever the order given");
    assert_eq!(fit::best(&searches).map(|s| s.start), Some(0));
    let error = |shards: &[(String, fit::Shard)]| fit::merge(shards).expect_err("refused");
    assert!(
        error(std::slice::from_ref(&a)).contains("1/2"),
        "a missing shard is named"
    );
    let short = named(shard(1, 2, 3, &[(1, vec![])]), "short.json");
    assert!(
        error(&[a.clone(), short]).contains("short.json"),
        "one score per key"
    );
    let stray = named(shard(1, 2, 3, &[(2, vec![0.0])]), "stray.json");
    assert!(error(&[a.clone(), stray]).contains("does not belong"));
    let twice = named(shard(0, 2, 3, &[(0, vec![0.1])]), "twice.json");
    assert!(error(&[a.clone(), twice, b.clone()]).contains("also in"));
    let mut other = shard(1, 2, 3, &[(1, vec![-0.3])]);
    other.header.seed = 7;
    assert!(error(&[a.clone(), named(other, "other.json")]).contains("another fit"));
    let huge = named(shard(0, 1, usize::MAX, &[(0, vec![0.1])]), "huge.json");
    assert!(
        error(&[huge]).contains("starts"),
        "no endless search for missing starts"
    );
}
