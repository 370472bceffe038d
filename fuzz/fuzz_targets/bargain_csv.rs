//! Bargaining problems in CSV, read as `redline bargain` reads a `.csv` file:
//! `read_any` tells KTAB's form from the BDM replications' form by the second
//! row, so both readers are reached from either kind of seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = redline_bargain::read::read_any("fuzz.csv", &redline_fuzz::text(data));
});
