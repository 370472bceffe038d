//! Bad input never panics: random lines made of delimiters, quotes, digits,
//! `NA`, multi-byte characters and invalid UTF-8, under every format and
//! after every kind of header, are either read, counted as malformed, or
//! refused with an `InputError`.

use redline_core::RandomStream;
use redline_data::credibility::parse_record;
use redline_data::events::{EventFormat, ReadOptions, read_events};

const PIECES: [&[u8]; 14] = [
    b",",
    b"\t",
    b"\"",
    b"\"\"",
    b"NA",
    b"20120620",
    b"2025-02-07",
    b"USA",
    b"Iran",
    b"042",
    b"-4.5",
    "é€".as_bytes(),
    b"\xff\xfe",
    b"\r",
];

fn random_line(rng: &mut RandomStream) -> Vec<u8> {
    let n = rng.below(90) as usize;
    let mut line = Vec::new();
    for _ in 0..n {
        line.extend_from_slice(PIECES[rng.below(PIECES.len() as u64) as usize]);
    }
    line
}

#[test]
fn random_lines_never_panic_the_readers() {
    let headers: [&[u8]; 4] = [
        b"GLOBALEVENTID,SQLDATE,Actor1CountryCode,Actor2CountryCode,EventCode,QuadClass,GoldsteinScale",
        b"Event ID\tEvent Date\tSource Country\tTarget Country\tCAMEO Code\tIntensity",
        b"date,source,target,cameo_code,goldstein,note,source_url",
        b"",
    ];
    let formats = [
        None,
        Some(EventFormat::Gdelt1),
        Some(EventFormat::Gdelt2),
        Some(EventFormat::Icews),
        Some(EventFormat::Csv),
    ];
    for case in 0..400u64 {
        let mut rng = RandomStream::new(11, case, "garbage");
        let mut text = headers[(case % 4) as usize].to_vec();
        for _ in 0..20 {
            text.push(b'\n');
            text.extend(random_line(&mut rng));
        }
        for format in formats {
            let mut options = ReadOptions::new("garbage");
            options.format = format;
            options.strict = case % 2 == 0;
            let mut seen = 0;
            let result = read_events(text.as_slice(), &options, |_| seen += 1);
            if let Ok(report) = result {
                assert_eq!(report.events, seen);
                assert!(report.events + report.malformed + report.without_dyad <= report.rows);
            }
        }
        let record = String::from_utf8_lossy(&text);
        let with_header = format!(
            "date,actor,statement,topic,stance,source_url,followed_by,outcome_date,held\n{record}"
        );
        let _ = parse_record(&with_header, "garbage.csv");
        let _ = parse_record(&record, "garbage.csv");
    }
}
