//! The forecasts computed lately: a download of the forecast on the page,
//! or a return to an earlier question, does not run the ensemble again; a
//! question that differs in anything the ensemble depends on, or a scenario
//! file edited since, does.

use redline_serve::api::{self, CACHED_FORECASTS, Context};
use redline_serve::catalog::Catalog;
use redline_serve::question::{Limits, Question};

fn ask(query: &str) -> Question {
    Question::parse(query, &Limits::default()).expect("a valid question")
}

#[test]
fn downloads_reuse_the_forecast_and_any_change_recomputes() {
    let ctx = Context::new(Catalog::new(None).expect("shipped"), 1);
    let q = ask("scenario=iran-2018-05-08&runs=300&seed=3");
    let page = api::forecast(&ctx, &q).expect("forecast");
    assert_eq!(ctx.ensembles_run(), 1);
    let json = api::forecast_json(&ctx, &q).expect("json");
    let csv = api::forecast_csv(&ctx, &q).expect("csv");
    assert_eq!(
        ctx.ensembles_run(),
        1,
        "the downloads reuse the page's ensemble"
    );
    // The same numbers: the page's forecast is the download's JSON, and
    // both are what a fresh computation gives.
    let downloaded: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        downloaded["outcomes"]
            .as_array()
            .is_some_and(|o| !o.is_empty())
    );
    assert_eq!(page["forecast"]["outcomes"], downloaded["outcomes"]);
    let fresh = Context::new(Catalog::new(None).expect("shipped"), 1);
    assert_eq!(api::forecast_json(&fresh, &q).expect("json"), json);
    assert_eq!(fresh.ensembles_run(), 1);
    assert!(csv.contains("# command: redline forecast iran-2018-05-08"));

    // Anything the ensemble depends on is a new computation.
    for (n, other) in [
        "scenario=iran-2018-05-08&runs=300&seed=4",
        "scenario=iran-2018-05-08&runs=301&seed=3",
        "scenario=iran-2018-05-08&runs=300&seed=3&params=judgment",
        "scenario=iran-2018-05-08&runs=300&seed=3&set=leader.red_line%3Dabsolute",
        "scenario=iran-2018-05-08&runs=300&seed=3&compare=grit",
    ]
    .iter()
    .enumerate()
    {
        api::forecast_json(&ctx, &ask(other)).expect(other);
        assert_eq!(ctx.ensembles_run(), 2 + n as u64, "{other}");
    }
    // The first question is still among the last CACHED_FORECASTS.
    const { assert!(CACHED_FORECASTS >= 6) };
    assert_eq!(api::forecast_json(&ctx, &q).expect("json"), json);
    assert_eq!(ctx.ensembles_run(), 6);
    // The least recently asked goes first: asking the first question again
    // kept it, so after CACHED_FORECASTS − 1 new ones it is still there.
    for seed in 100..100 + CACHED_FORECASTS as u64 - 1 {
        let other = ask(&format!("scenario=iran-2018-05-08&runs=50&seed={seed}"));
        api::forecast_json(&ctx, &other).expect("json");
    }
    let before = ctx.ensembles_run();
    api::forecast_json(&ctx, &q).expect("json");
    assert_eq!(
        ctx.ensembles_run(),
        before,
        "the first question was evicted"
    );
}

#[test]
fn an_edited_scenario_file_is_computed_afresh() {
    let folder = std::env::temp_dir().join(format!("redline-serve-cache-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let shipped = format!(
        "{}/../../scenarios/iran-2018-05-08.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(shipped).unwrap();
    std::fs::write(folder.join("my-case.toml"), &text).unwrap();
    let ctx = Context::new(Catalog::new(Some(&folder)).expect("folder"), 1);
    let q = ask("scenario=my-case&runs=200&seed=1");
    let before = api::forecast_json(&ctx, &q).expect("before");
    assert_eq!(api::forecast_json(&ctx, &q).expect("again"), before);
    assert_eq!(ctx.ensembles_run(), 1);
    // Half a year shorter: another scenario, though the question is the same.
    let edited = text.replace("horizon = 2019-05-08", "horizon = 2018-11-08");
    assert_ne!(edited, text);
    std::fs::write(folder.join("my-case.toml"), edited).unwrap();
    let after = api::forecast_json(&ctx, &q).expect("after");
    assert_eq!(ctx.ensembles_run(), 2);
    assert_ne!(after, before);
    let weeks = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["scenario"]["weeks"].as_u64().unwrap()
    };
    assert_eq!(weeks(&before), 52);
    assert!(
        weeks(&after) < 30,
        "the edited horizon: {} weeks",
        weeks(&after)
    );
    std::fs::remove_dir_all(&folder).unwrap();
}
