//! Red-line records, read as `redline data credibility --record` reads them
//! (a stream, line by line).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = redline_data::credibility::read_record(data, "fuzz.csv");
});
