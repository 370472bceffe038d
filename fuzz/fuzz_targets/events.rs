//! Event files (GDELT 1.0, GDELT 2.0, ICEWS, the project CSV), read as
//! `redline data` reads them: the raw bytes (the reader decodes each line,
//! falling back to Latin-1), the format detected from the header or the
//! column count unless the first byte forces one, the events gathered into
//! weekly dyad series.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_data::events::{EventFormat, ReadOptions, read_events};
use redline_data::series::{Period, SeriesBuilder};

fuzz_target!(|data: &[u8]| {
    let mut options = ReadOptions::new("fuzz.tsv");
    // A seed is a plain file: its first byte (a digit or a letter) picks
    // detection; a control byte in front forces a format, as --input-format does.
    options.format = match data.first() {
        Some(1) => Some(EventFormat::Gdelt1),
        Some(2) => Some(EventFormat::Gdelt2),
        Some(3) => Some(EventFormat::Icews),
        Some(4) => Some(EventFormat::Csv),
        _ => None,
    };
    let bytes = if options.format.is_some() {
        &data[1..]
    } else {
        data
    };
    // Both modes of the reader: odd lengths make the first malformed row an
    // error (--strict), even ones skip and count malformed rows.
    options.strict = bytes.len() % 2 == 1;
    let mut builder = SeriesBuilder::new(Period::Week, None, None);
    if read_events(bytes, &options, |e| builder.add(e)).is_ok() {
        let _ = builder.finish("fuzz.tsv");
    }
});
