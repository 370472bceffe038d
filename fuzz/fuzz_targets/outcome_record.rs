//! Recorded outcomes of the historical cases (`data/outcomes/*.csv`), read
//! with the parser `redline backtest` uses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = redline_data::scoring::parse_outcomes(&redline_fuzz::text(data), "fuzz.csv");
});
