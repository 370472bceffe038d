//! A scenario file with `--with` fragments and `--set` overrides (see
//! `redline_fuzz::Run` for how the bytes are split), loaded as
//! `redline forecast` loads it and handed to the crisis model.
//!
//! Invariants beyond "no panic": loading is deterministic (the same inputs
//! give the same `sha256`), and a scenario laid over itself as a fragment is
//! the same scenario (an overlay that restates every value changes nothing).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_fuzz::Run;

fuzz_target!(|data: &[u8]| {
    let run = Run::from_bytes(data);
    let Ok(scenario) = run.load() else { return };
    let sha = scenario.sha256();
    assert_eq!(run.load().map(|s| s.sha256()).ok(), Some(sha.clone()));
    if run.with.is_empty() && run.sets.is_empty() {
        let itself = Run {
            scenario: run.scenario.clone(),
            with: vec![run.scenario.clone()],
            sets: Vec::new(),
        };
        if let Ok(again) = itself.load() {
            assert_eq!(again.sha256(), sha, "the scenario laid over itself differs");
        }
    }
    let _ = redline_crisis::CrisisModel::new(scenario);
});
