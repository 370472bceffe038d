//! Streaming readers for event data: GDELT 1.0 and 2.0, ICEWS, project CSV.
//!
//! Streams are read line by line and each event is handed to a callback, so
//! memory does not grow with the file. The reader takes any [`BufRead`] and
//! the name to cite in messages ([`ReadOptions::new`]); opening files is the
//! caller's business (the command line's). Layouts:
//!
//! - GDELT 1.0 raw files: tab-separated, 57 columns (the historical backfile)
//!   or 58 (daily files from April 2013, with `SOURCEURL`); GDELT 2.0: 61
//!   columns (adds the three `ADM2Code`s). Both also as CSV exports with a
//!   header row, as BigQuery or R write them (quoted fields, empty or `NA`
//!   for missing); columns are then found by name.
//! - ICEWS: 20 tab-separated columns with a header (`Event ID`, `Event Date`,
//!   …); country names are mapped to ISO 3166 alpha-3 codes so that
//!   `USA`/`IRN` mean the same thing in every format.
//! - Project CSV: `date, source, target, cameo_code, goldstein, note,
//!   source_url` with a header; `goldstein` may be empty (scored from the
//!   table).
//!
//! A malformed row (wrong column count, unclosed quote, bad date, unknown
//! code) is counted and the first few are kept with their line numbers; the
//! rows after it are read as usual. With `strict`, the first malformed row is
//! an [`InputError`].

use crate::csv::{Record, is_missing, split_line};
use crate::lookup::{CameoBook, GoldsteinTable, iso3_for_country, quad_class};
use redline_core::{Date, InputError};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::BufRead;

/// An event-file layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventFormat {
    /// GDELT 1.0 (57 or 58 columns).
    Gdelt1,
    /// GDELT 2.0 events (61 columns).
    Gdelt2,
    /// ICEWS (20 columns, country names).
    Icews,
    /// The project CSV.
    Csv,
}

impl EventFormat {
    /// All formats, by name.
    pub const NAMES: [&'static str; 4] = ["gdelt1", "gdelt2", "icews", "csv"];

    /// Parses a format name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "gdelt1" => Some(Self::Gdelt1),
            "gdelt2" => Some(Self::Gdelt2),
            "icews" => Some(Self::Icews),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gdelt1 => "gdelt1",
            Self::Gdelt2 => "gdelt2",
            Self::Icews => "icews",
            Self::Csv => "csv",
        }
    }
}

/// Where an event's Goldstein score comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoldsteinSource {
    /// The file's own score (GDELT `GoldsteinScale`, ICEWS `Intensity`, the
    /// CSV's `goldstein`); when missing, the table that format follows
    /// (Parus for ICEWS, GDELT otherwise).
    File,
    /// Always rescored from a table by CAMEO code.
    Table(GoldsteinTable),
}

/// How to read an event file.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The file name used in messages.
    pub origin: String,
    /// The format, or `None` to detect it from the content.
    pub format: Option<EventFormat>,
    /// Where Goldstein scores come from.
    pub goldstein: GoldsteinSource,
    /// Make the first malformed row an error.
    pub strict: bool,
    /// How many malformed rows to keep for the report.
    pub max_reported: usize,
}

impl ReadOptions {
    /// Defaults: detect the format, the file's own scores, not strict, 5 reported.
    pub fn new(origin: impl Into<String>) -> Self {
        ReadOptions {
            origin: origin.into(),
            format: None,
            goldstein: GoldsteinSource::File,
            strict: false,
            max_reported: 5,
        }
    }
}

/// One event between two actors (country codes).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// 1-based line in the file.
    pub line: usize,
    /// Day of the event.
    pub date: Date,
    /// Source actor's country (ISO 3166 alpha-3, or the file's CAMEO country code).
    pub source: String,
    /// Target actor's country.
    pub target: String,
    /// CAMEO event code, as a string.
    pub cameo: String,
    /// Goldstein score, −10 (most conflictual) to +10 (most cooperative).
    pub goldstein: f64,
    /// Quad class 1–4 (verbal/material cooperation, verbal/material conflict).
    pub quad_class: u8,
}

/// A row that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Malformed {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// What a read found.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadReport {
    /// The format read.
    pub format: EventFormat,
    /// Whether the file had a header row.
    pub header: bool,
    /// Data rows seen (not counting the header and blank lines).
    pub rows: usize,
    /// Events handed on.
    pub events: usize,
    /// Rows without a source or a target country (no dyad).
    pub without_dyad: usize,
    /// Malformed rows.
    pub malformed: usize,
    /// The first malformed rows, with line numbers.
    pub first_malformed: Vec<Malformed>,
    /// ICEWS country names with no ISO code, and how often they occurred.
    pub unknown_countries: BTreeMap<String, usize>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DateStyle {
    /// `YYYYMMDD`.
    Compact,
    /// `YYYY-MM-DD` (also accepts `YYYYMMDD`).
    Iso,
}

#[derive(Clone, Debug)]
struct Layout {
    format: EventFormat,
    delimiter: char,
    quoted: bool,
    columns: &'static [usize],
    header_columns: Option<usize>,
    date: usize,
    date_style: DateStyle,
    source: usize,
    target: usize,
    code: usize,
    goldstein: Option<usize>,
    quad: Option<usize>,
    country_names: bool,
}

impl Layout {
    fn raw(format: EventFormat) -> Layout {
        match format {
            EventFormat::Gdelt1 | EventFormat::Gdelt2 => Layout {
                format,
                delimiter: '\t',
                quoted: false,
                columns: if format == EventFormat::Gdelt1 {
                    &[57, 58]
                } else {
                    &[61]
                },
                header_columns: None,
                date: 1,
                date_style: DateStyle::Compact,
                source: 7,
                target: 17,
                code: 26,
                goldstein: Some(30),
                quad: Some(29),
                country_names: false,
            },
            EventFormat::Icews => Layout {
                format,
                delimiter: '\t',
                quoted: false,
                columns: &[20],
                header_columns: None,
                date: 1,
                date_style: DateStyle::Iso,
                source: 4,
                target: 10,
                code: 6,
                goldstein: Some(7),
                quad: None,
                country_names: true,
            },
            EventFormat::Csv => Layout {
                format,
                delimiter: ',',
                quoted: true,
                columns: &[7],
                header_columns: None,
                date: 0,
                date_style: DateStyle::Iso,
                source: 1,
                target: 2,
                code: 3,
                goldstein: Some(4),
                quad: None,
                country_names: false,
            },
        }
    }

    fn fallback_table(&self) -> GoldsteinTable {
        if self.format == EventFormat::Icews {
            GoldsteinTable::Parus
        } else {
            GoldsteinTable::Gdelt
        }
    }
}

fn find(names: &[String], wanted: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| n.trim().eq_ignore_ascii_case(wanted))
}

/// Builds the layout from a header row, if the line is one.
fn layout_from_header(line: &str, origin: &str) -> Result<Option<Layout>, InputError> {
    let delimiter = if line.contains('\t') { '\t' } else { ',' };
    let mut names = Vec::new();
    if split_line(line, delimiter, true, &mut names).is_err() {
        return Ok(None);
    }
    let missing =
        |what: &str| InputError::new(origin, format!("the header has no `{what}` column")).at(1, 1);
    if find(&names, "GLOBALEVENTID").is_some() {
        let need = |n: &str| find(&names, n).ok_or_else(|| missing(n));
        let format = if names.len() >= 61 || find(&names, "ActionGeo_ADM2Code").is_some() {
            EventFormat::Gdelt2
        } else {
            EventFormat::Gdelt1
        };
        return Ok(Some(Layout {
            format,
            delimiter,
            quoted: true,
            columns: &[],
            header_columns: Some(names.len()),
            date: need("SQLDATE")?,
            date_style: DateStyle::Compact,
            source: need("Actor1CountryCode")?,
            target: need("Actor2CountryCode")?,
            code: need("EventCode")?,
            goldstein: find(&names, "GoldsteinScale"),
            quad: find(&names, "QuadClass"),
            country_names: false,
        }));
    }
    if find(&names, "Event ID").is_some() && find(&names, "CAMEO Code").is_some() {
        let need = |n: &str| find(&names, n).ok_or_else(|| missing(n));
        return Ok(Some(Layout {
            format: EventFormat::Icews,
            delimiter,
            quoted: delimiter == ',',
            columns: &[],
            header_columns: Some(names.len()),
            date: need("Event Date")?,
            date_style: DateStyle::Iso,
            source: need("Source Country")?,
            target: need("Target Country")?,
            code: need("CAMEO Code")?,
            goldstein: find(&names, "Intensity"),
            quad: None,
            country_names: true,
        }));
    }
    if find(&names, "cameo_code").is_some() {
        let need = |n: &str| find(&names, n).ok_or_else(|| missing(n));
        return Ok(Some(Layout {
            format: EventFormat::Csv,
            delimiter,
            quoted: true,
            columns: &[],
            header_columns: Some(names.len()),
            date: need("date")?,
            date_style: DateStyle::Iso,
            source: need("source")?,
            target: need("target")?,
            code: need("cameo_code")?,
            goldstein: find(&names, "goldstein"),
            quad: None,
            country_names: false,
        }));
    }
    Ok(None)
}

/// Guesses a header-less layout from the number of tab-separated fields.
fn layout_from_width(line: &str) -> Option<Layout> {
    match line.split('\t').count() {
        57 | 58 => Some(Layout::raw(EventFormat::Gdelt1)),
        61 => Some(Layout::raw(EventFormat::Gdelt2)),
        20 => Some(Layout::raw(EventFormat::Icews)),
        _ => None,
    }
}

fn parse_date(text: &str, style: DateStyle) -> Option<Date> {
    let t = text.trim();
    let compact = |t: &str| {
        if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Date::from_ymd(
            t[..4].parse().ok()?,
            t[4..6].parse().ok()?,
            t[6..].parse().ok()?,
        )
    };
    match style {
        DateStyle::Compact => compact(t),
        DateStyle::Iso => Date::parse(t).ok().or_else(|| compact(t)),
    }
}

/// Decodes a line: UTF-8, or Latin-1 when it is not valid UTF-8.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Reads events from `reader`, handing each to `sink` in file order.
///
/// Errors: an unreadable stream, an undetectable format, a header without
/// the needed columns, or (with `strict`) the first malformed row.
pub fn read_events<R: BufRead>(
    mut reader: R,
    options: &ReadOptions,
    mut sink: impl FnMut(&Event),
) -> Result<ReadReport, InputError> {
    let origin = options.origin.as_str();
    let book = CameoBook::get();
    let mut bytes = Vec::new();
    let mut line_no = 0usize;
    let mut layout: Option<Layout> = None;
    let mut report = ReadReport {
        format: options.format.unwrap_or(EventFormat::Csv),
        header: false,
        rows: 0,
        events: 0,
        without_dyad: 0,
        malformed: 0,
        first_malformed: Vec::new(),
        unknown_countries: BTreeMap::new(),
    };
    let mut fields = Record::new();
    loop {
        bytes.clear();
        let n = reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| InputError::new(origin, format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        let decoded = decode(&bytes);
        let mut line: &str = &decoded;
        if line_no == 1 {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.trim().is_empty() {
            continue;
        }
        let layout = match &layout {
            Some(l) => l,
            None => {
                let detected = match layout_from_header(line, origin)? {
                    Some(l) => {
                        report.header = true;
                        Some(l)
                    }
                    None => layout_from_width(line),
                };
                let chosen = match (detected, options.format) {
                    (Some(d), Some(f)) if d.format != f => {
                        return Err(InputError::new(
                            origin,
                            format!(
                                "--input-format {} was given, but the file looks like {}",
                                f.name(),
                                d.format.name()
                            ),
                        )
                        .at(line_no, 1)
                        .hint("use --input-format auto"));
                    }
                    (Some(d), _) => d,
                    (None, Some(f)) => Layout::raw(f),
                    (None, None) => {
                        return Err(InputError::new(
                            origin,
                            "cannot tell the event format from the first line",
                        )
                        .at(line_no, 1)
                        .hint(
                            "expected a GDELT, ICEWS or project CSV header, or 57/58/61 \
                             tab-separated GDELT columns; or give --input-format",
                        ));
                    }
                };
                report.format = chosen.format;
                let header = report.header;
                layout = Some(chosen);
                if header {
                    continue;
                }
                layout.as_ref().expect("just set")
            }
        };
        report.rows += 1;
        match read_row(line, line_no, layout, options, book, &mut fields) {
            Ok(Row::Event(event)) => {
                report.events += 1;
                sink(&event);
            }
            Ok(Row::NoDyad(unknown)) => {
                report.without_dyad += 1;
                for name in unknown {
                    *report.unknown_countries.entry(name).or_insert(0) += 1;
                }
            }
            Err((column, message)) => {
                if options.strict {
                    return Err(InputError::new(origin, message)
                        .at(line_no, column)
                        .hint("without --strict, malformed rows are counted and skipped"));
                }
                report.malformed += 1;
                if report.first_malformed.len() < options.max_reported {
                    report.first_malformed.push(Malformed {
                        line: line_no,
                        message,
                    });
                }
            }
        }
    }
    Ok(report)
}

enum Row {
    Event(Event),
    NoDyad(Vec<String>),
}

fn column_of(line: &str, delimiter: char, index: usize) -> usize {
    // 1-based character column where field `index` starts (for messages).
    let mut seen = 0;
    for (i, c) in line.chars().enumerate() {
        if seen == index {
            return i + 1;
        }
        if c == delimiter {
            seen += 1;
        }
    }
    1
}

fn read_row(
    line: &str,
    line_no: usize,
    layout: &Layout,
    options: &ReadOptions,
    book: &CameoBook,
    fields: &mut Record,
) -> Result<Row, (usize, String)> {
    fields
        .split(line, layout.delimiter as u8, layout.quoted)
        .map_err(|e| (e.column, e.message))?;
    let width_ok = match layout.header_columns {
        Some(n) => fields.len() == n,
        None => layout.columns.contains(&fields.len()),
    };
    if !width_ok {
        let expected = match layout.header_columns {
            Some(n) => n.to_string(),
            None => layout
                .columns
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" or "),
        };
        return Err((
            1,
            format!(
                "expected {expected} columns for {}, found {}",
                layout.format.name(),
                fields.len()
            ),
        ));
    }
    let col = |i: usize| column_of(line, layout.delimiter, i);
    let date_text = &fields[layout.date];
    let date = parse_date(date_text, layout.date_style)
        .ok_or_else(|| (col(layout.date), format!("`{date_text}` is not a date")))?;
    let _ = line_no;
    let actor = |i: usize| -> Result<String, String> {
        let f = fields[i].trim();
        if is_missing(f) {
            return Err(String::new());
        }
        if layout.country_names {
            iso3_for_country(f)
                .map(str::to_string)
                .ok_or_else(|| f.to_string())
        } else {
            Ok(f.to_string())
        }
    };
    let (source, target) = match (actor(layout.source), actor(layout.target)) {
        (Ok(s), Ok(t)) => (s, t),
        (s, t) => {
            let unknown = [s.err(), t.err()]
                .into_iter()
                .flatten()
                .filter(|n| !n.is_empty())
                .collect();
            return Ok(Row::NoDyad(unknown));
        }
    };
    let raw_code = &fields[layout.code];
    if is_missing(raw_code) {
        return Err((col(layout.code), "no CAMEO code".into()));
    }
    let cameo = book.normalise(raw_code);
    let quad_from_file = layout
        .quad
        .map(|i| fields[i].trim())
        .filter(|q| !is_missing(q))
        .and_then(|q| q.parse::<u8>().ok())
        .filter(|q| (1..=4).contains(q));
    let quad_class = quad_from_file
        .or_else(|| quad_class(&cameo))
        .ok_or_else(|| (col(layout.code), format!("`{cameo}` is not a CAMEO code")))?;
    let from_table = |table| {
        book.goldstein(&cameo, table).ok_or_else(|| {
            (
                col(layout.code),
                format!("no Goldstein score for CAMEO code `{cameo}`"),
            )
        })
    };
    let goldstein = match options.goldstein {
        GoldsteinSource::Table(table) => from_table(table)?,
        GoldsteinSource::File => match layout.goldstein.map(|i| (i, fields[i].trim())) {
            Some((i, text)) if !is_missing(text) => match text.parse::<f64>() {
                Ok(v) if (-10.0..=10.0).contains(&v) => v,
                _ => {
                    return Err((
                        col(i),
                        format!("`{text}` is not a Goldstein score (−10…10)"),
                    ));
                }
            },
            _ => from_table(layout.fallback_table())?,
        },
    };
    Ok(Row::Event(Event {
        line: line_no,
        date,
        source,
        target,
        cameo,
        goldstein,
        quad_class,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, options: &ReadOptions) -> Result<(ReadReport, Vec<Event>), InputError> {
        let mut events = Vec::new();
        let report = read_events(text.as_bytes(), options, |e| events.push(e.clone()))?;
        Ok((report, events))
    }

    /// A raw GDELT row with the given number of columns and key fields.
    fn gdelt_row(width: usize, date: &str, a1: &str, a2: &str, code: &str, gs: &str) -> String {
        let mut f = vec![String::new(); width];
        f[0] = "1".into();
        f[1] = date.into();
        f[7] = a1.into();
        f[17] = a2.into();
        f[26] = code.into();
        f[29] = quad_class(code).map_or(String::new(), |q| q.to_string());
        f[30] = gs.into();
        f.join("\t")
    }

    #[test]
    fn project_csv_scores_from_the_table_when_empty() {
        let text = "date,source,target,cameo_code,goldstein,note,source_url\n\
                    2013-02-07,IRN,USA,125,,\"rejects talks, publicly\",https://x\n\
                    2013-03-01,USA,IRN,042,2.5,,\n";
        let (report, events) = read(text, &ReadOptions::new("t.csv")).unwrap();
        assert_eq!(report.format, EventFormat::Csv);
        assert!(report.header);
        assert_eq!(report.events, 2);
        assert_eq!(events[0].goldstein, -5.0);
        assert_eq!(events[0].quad_class, 3);
        assert_eq!(events[0].line, 2);
        assert_eq!(events[1].goldstein, 2.5);
        assert_eq!(events[1].cameo, "042");
    }

    #[test]
    fn raw_gdelt_widths_are_detected() {
        for (width, format) in [
            (57, EventFormat::Gdelt1),
            (58, EventFormat::Gdelt1),
            (61, EventFormat::Gdelt2),
        ] {
            let text = gdelt_row(width, "20120620", "USA", "IRN", "120", "-4") + "\n";
            let (report, events) = read(&text, &ReadOptions::new("g")).unwrap();
            assert_eq!(report.format, format, "width {width}");
            assert!(!report.header);
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].date, Date::from_ymd(2012, 6, 20).unwrap());
            assert_eq!(events[0].goldstein, -4.0);
        }
    }

    #[test]
    fn malformed_rows_are_counted_and_never_swallow_later_rows() {
        let good = gdelt_row(58, "20120620", "USA", "IRN", "120", "-4");
        let short = gdelt_row(58, "20120621", "USA", "IRN", "120", "-4");
        let short = &short[..short.rfind('\t').unwrap()]; // 57 columns: still GDELT 1.0
        let bad_date = gdelt_row(58, "2012062", "USA", "IRN", "120", "-4");
        let too_few = "1\t2\t3";
        let bad_code = gdelt_row(58, "20120622", "USA", "IRN", "999", "");
        let text = [good.as_str(), short, &bad_date, too_few, &bad_code, &good].join("\n");
        let (report, events) = read(&text, &ReadOptions::new("g")).unwrap();
        assert_eq!(report.rows, 6);
        assert_eq!(report.events, 3);
        assert_eq!(report.malformed, 3);
        let lines: Vec<usize> = report.first_malformed.iter().map(|m| m.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(report.first_malformed[1].message.contains("57 or 58"));
        assert_eq!(events.last().unwrap().line, 6);

        let mut strict = ReadOptions::new("g.tsv");
        strict.strict = true;
        let e = read(&text, &strict).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.column, Some(3)); // the date is the second field, after "1\t"
    }

    #[test]
    fn unclosed_quote_is_one_malformed_row() {
        let text = "date,source,target,cameo_code,goldstein,note,source_url\n\
                    2013-02-07,IRN,USA,125,,\"open quote,x\n\
                    2013-02-08,IRN,USA,125,,,\n";
        let (report, events) = read(text, &ReadOptions::new("t.csv")).unwrap();
        assert_eq!(report.malformed, 1);
        assert_eq!(report.first_malformed[0].line, 2);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].line, 3);
    }

    #[test]
    fn icews_names_become_iso3_and_unknown_names_are_reported() {
        let header = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\t\
                      Event Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\t\
                      Target Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\t\
                      Province\tCountry\tLatitude\tLongitude";
        let row = |src: &str, code: &str, intensity: &str, tgt: &str| {
            format!(
                "1\t2018-06-01\tx\t\t{src}\tx\t{code}\t{intensity}\tx\t\t{tgt}\t1\t1\tp\t\t\t\t\t0\t0"
            )
        };
        let text = [
            header.to_string(),
            row("Iran", "111", "-2", "United States"),
            row("Iran", "016", "", "United States"),
            row("Atlantis", "111", "-2", "Iran"),
        ]
        .join("\n");
        let (report, events) = read(&text, &ReadOptions::new("i.tab")).unwrap();
        assert_eq!(report.format, EventFormat::Icews);
        assert_eq!(events.len(), 2);
        assert_eq!(
            (events[0].source.as_str(), events[0].target.as_str()),
            ("IRN", "USA")
        );
        // Missing intensity: ICEWS follows the Parus table, where 016 is −5.
        assert_eq!(events[1].goldstein, -5.0);
        assert_eq!(report.unknown_countries.get("Atlantis"), Some(&1));

        let mut gdelt_scores = ReadOptions::new("i.tab");
        gdelt_scores.goldstein = GoldsteinSource::Table(GoldsteinTable::Gdelt);
        let (_, events) = read(&text, &gdelt_scores).unwrap();
        assert_eq!(events[1].goldstein, -2.0);
    }

    #[test]
    fn undetectable_or_contradicted_formats_are_input_errors() {
        let e = read("hello,world\n", &ReadOptions::new("x")).unwrap_err();
        assert_eq!(e.line, Some(1));
        let mut given = ReadOptions::new("x");
        given.format = Some(EventFormat::Icews);
        let text = gdelt_row(58, "20120620", "USA", "IRN", "120", "-4");
        assert!(read(&text, &given).unwrap_err().message.contains("gdelt1"));
    }
}
