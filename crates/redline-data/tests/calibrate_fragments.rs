//! Every fragment `redline calibrate` can write is one the crisis model
//! accepts: each is laid over the flagship with the loader's `--with`
//! mechanism and the result goes through `CrisisModel::new`, which rejects
//! unknown keys and values out of range.

use redline_core::Date;
use redline_data::calibrate::{self, CalibrateOptions};
use redline_data::credibility::{self, US_IRAN_RECORD_NAME};
use redline_data::fragment::Fragment;
use std::path::{Path, PathBuf};

/// Weekly USA↔IRN events: USA follows a 5-week cycle; IRN answers USA's
/// previous week with `response` and keeps `inertia` of its own last week.
fn events(response: f64, inertia: f64, a: &str, b: &str) -> String {
    let mut text = String::from("date,source,target,cameo_code,goldstein,note,source_url\n");
    let cycle = [3.0, -2.0, 1.0, -4.0, 0.5];
    let mut irn: f64 = 0.0;
    for w in 0..150 {
        let day = Date::from_ymd(2018, 1, 1).unwrap().add_days(7 * w);
        let usa = cycle[w as usize % 5];
        let noise = ((w * 7919) % 13) as f64 / 13.0 - 0.5;
        irn = (inertia * irn + response * cycle[(w as usize + 4) % 5] + noise).clamp(-10.0, 10.0);
        let (ab, ba) = if a == "USA" { (usa, irn) } else { (irn, usa) };
        text.push_str(&format!(
            "{day},{a},{b},010,{ab:.4},,u\n{day},{b},{a},010,{ba:.4},,u\n"
        ));
    }
    text
}

fn options(a: &str, b: &str) -> CalibrateOptions {
    let mut options = CalibrateOptions {
        dyad: (a.into(), b.into()),
        ..CalibrateOptions::default()
    };
    options.reciprocity.replicates = 40;
    options.reciprocity.lags = Some(1);
    options
}

fn accepted_by_the_model(name: &str, fragments: &[Fragment]) {
    let text = calibrate::overlay(fragments);
    let path = PathBuf::from(format!("{name}.toml"));
    let read = |p: &Path| -> std::io::Result<String> {
        if p == path {
            Ok(text.clone())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    };
    let scenario = redline_scenarios::load(None, std::slice::from_ref(&path), &[], &read)
        .unwrap_or_else(|e| panic!("{name}: the flagship with the fragment: {e}\n{text}"));
    assert_eq!(scenario.id, redline_scenarios::FLAGSHIP_ID);
    if let Err(e) = redline_crisis::CrisisModel::new(scenario) {
        panic!("{name}: the crisis model rejects the fragment: {e}\n{text}");
    }
}

#[test]
fn every_fragment_calibrate_writes_runs_through_the_crisis_model() {
    let records = credibility::shipped_record().unwrap();
    let m1 = calibrate::credibility_fragment(
        &records,
        US_IRAN_RECORD_NAME,
        &CalibrateOptions::default(),
    )
    .unwrap();
    assert_eq!(m1.entries[0].key, redline_crisis::keys::LEADER_FIRMNESS);
    accepted_by_the_model("m1", std::slice::from_ref(&m1));

    // IRN second and first in the dyad; a plain answer, a negative answer and
    // an explosive inertia (both clamped into the model's ranges).
    for (a, b) in [("USA", "IRN"), ("IRN", "USA")] {
        for (name, response, inertia) in [
            ("plain", 0.6, 0.3),
            ("negative", -0.9, -0.5),
            ("explosive", 0.2, 1.05),
        ] {
            let text = events(response, inertia, a, b);
            let m8 = calibrate::reciprocity_fragment(text.as_bytes(), "e.csv", &options(a, b))
                .unwrap_or_else(|e| panic!("{a},{b} {name}: {e}"));
            // Near a unit root (own lag sum above 0.95) the ratios are left
            // out; inertia and the shock sd are always there.
            let keys: Vec<&str> = m8.entries.iter().map(|e| e.key.as_str()).collect();
            assert!(
                keys.contains(&redline_crisis::keys::RECIPROCITY_INERTIA),
                "{keys:?}"
            );
            assert!(
                keys.contains(&redline_crisis::keys::RECIPROCITY_SHOCK_SD),
                "{keys:?}"
            );
            if name == "plain" {
                assert_eq!(keys.len(), 5, "{keys:?}");
            }
            let label = format!("m8-{a}-{b}-{name}");
            accepted_by_the_model(&label, std::slice::from_ref(&m8));
            accepted_by_the_model(&format!("{label}+m1"), &[m8, m1.clone()]);
        }
    }
}
