//! Bargaining problems in redline's TOML form, read as `redline bargain`
//! reads a `.toml` file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = redline_bargain::read::read_any("fuzz.toml", &redline_fuzz::text(data));
});
