//! Scenario fragments as `redline calibrate` writes them, laid over the
//! flagship with `--with` and handed to the crisis model.
//!
//! The first byte picks the mode. Even: the rest is a fragment's text as a
//! user may have edited it. Odd: the rest builds a `Fragment` (a flagship
//! parameter, a value, a source text), written with `calibrate::overlay`, the
//! writer `redline calibrate` uses; when the flagship takes it, the
//! parameter must read back with the written value and source (the TOML
//! string escaping and number formatting round trip).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_core::distribution::Distribution;
use redline_core::scenario::ParamValue;
use redline_data::calibrate;
use redline_data::fragment::{Fragment, FragmentEntry, format_value};
use redline_fuzz::text;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn over_flagship(fragment: &str) -> Result<redline_core::Scenario, redline_core::InputError> {
    let path = PathBuf::from("fuzz/calibrated.toml");
    let read = |p: &Path| -> std::io::Result<String> {
        if p == path {
            Ok(fragment.to_string())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    };
    redline_scenarios::load(None, std::slice::from_ref(&path), &[], &read)
}

/// The flagship's numeric parameters: the keys a calibrated estimate lands on.
fn numeric_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[])
            .expect("the flagship loads")
            .parameters
            .iter()
            .filter(|p| matches!(p.value, ParamValue::Number(_)))
            .map(|p| p.key.clone())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(scenario) = over_flagship(&text(rest)) {
            let _ = redline_crisis::CrisisModel::new(scenario);
        }
        return;
    }
    let (Some(key), Some(value)) = (
        numeric_keys().get(usize::from(mode / 2) % numeric_keys().len().max(1)),
        rest.get(..8),
    ) else {
        return;
    };
    let value = f64::from_le_bytes(value.try_into().expect("8 bytes"));
    let (meaning, source) = text(&rest[8..])
        .split_once('\n')
        .map(|(m, s)| (m.to_string(), s.to_string()))
        .unwrap_or_else(|| ("estimate".to_string(), text(&rest[8..]).into_owned()));
    let fragment = Fragment {
        source,
        entries: vec![FragmentEntry {
            key: key.clone(),
            value,
            interval: None,
            meaning,
        }],
    };
    let written = calibrate::overlay(std::slice::from_ref(&fragment));
    let Ok(scenario) = over_flagship(&written) else {
        return;
    };
    let parameter = scenario
        .parameter(key)
        .expect("the fragment's key is a flagship parameter");
    let expected: f64 = format_value(value)
        .parse()
        .expect("format_value writes a number");
    assert_eq!(
        parameter.value,
        ParamValue::Number(Distribution::Fixed(expected)),
        "{written}"
    );
    let source = format!("{} ({})", fragment.source, fragment.entries[0].meaning);
    assert_eq!(
        parameter.source.as_deref(),
        Some(source.as_str()),
        "{written}"
    );
    let _ = redline_crisis::CrisisModel::new(scenario);
});
