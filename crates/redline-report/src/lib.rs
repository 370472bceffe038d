//! # redline-report
//!
//! Turns results into what people and notebooks read: terminal tables,
//! JSON and CSV for forecasts ([`forecast`]), one run's story ([`trace`]),
//! a scenario's parameter list ([`params`]), SVG charts ([`svg`]) and the
//! self-contained HTML report ([`html`]), and the headless-browser command
//! line that renders and checks it ([`headless`]). Pure functions from results
//! to strings or JSON values, no model logic; the one kind of I/O here is
//! writing an output too large to hold as a string (`redline events` by day)
//! to a writer the caller gives ([`write_json`], [`write_csv`]), never a file.

pub mod backtest;
pub mod bargain;
pub mod cv;
pub mod data;
pub mod decimal;
pub mod equilibria;
pub mod fit;
pub mod forecast;
pub mod games;
pub mod headless;
pub mod html;
pub mod meta;
pub mod outcomes;
pub mod params;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod runs;
pub mod schema;
pub mod sensitivity;
pub mod svg;
pub mod trace;

/// Formats a probability as a percentage with one decimal; a share below
/// 0.1 % that is not zero keeps two significant digits, so that the upper
/// bound of an outcome seen in none of N runs reads as what it is
/// (`0.038%`), not as `0.0%`.
pub fn percent(p: f64) -> String {
    let x = 100.0 * p;
    if x > 0.0 && x < 0.05 {
        let digits = (1 - x.log10().floor() as i32).clamp(1, 12) as usize;
        format!("{x:.digits$}%")
    } else {
        format!("{x:.1}%")
    }
}

/// The widest a name column of a table gets: a longer name (an actor, a
/// player, a key from some input file) is shortened with "…", so that no
/// input can make a column wider than a screen, or than the formatter's
/// limit on widths.
pub const NAME_WIDTH: usize = 48;

/// `name` as a table shows it: at most [`NAME_WIDTH`] characters.
pub fn short(name: &str) -> std::borrow::Cow<'_, str> {
    if name.chars().count() <= NAME_WIDTH {
        std::borrow::Cow::Borrowed(name)
    } else {
        let cut: String = name.chars().take(NAME_WIDTH - 1).collect();
        std::borrow::Cow::Owned(cut + "…")
    }
}

/// The width of a name column: the longest name, at most [`NAME_WIDTH`].
pub fn name_width<'a>(names: impl IntoIterator<Item = &'a str>, least: usize) -> usize {
    names
        .into_iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(least, NAME_WIDTH.max(least))
}

/// A value as pretty-printed JSON with a final newline. Keys keep the order
/// of the serialised type's fields (serde_json's `preserve_order`).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(text) => text + "\n",
        // Our output types are plain records of strings and numbers; a
        // failure here is a bug, reported in the output rather than hidden.
        Err(e) => format!("{{\"error\": \"cannot serialise output: {e}\"}}\n"),
    }
}

/// A value as one line of JSON with a final newline: for files only
/// programs read, such as a large tournament's shards, where indentation
/// would be most of the bytes.
pub fn json_line<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(text) => text + "\n",
        Err(e) => format!("{{\"error\": \"cannot serialise output: {e}\"}}\n"),
    }
}

/// A value as pretty-printed JSON with a final newline, written to `out` as
/// it is serialised (the same bytes as [`json_text`]). A failure to
/// serialise is returned as an I/O error rather than written.
pub fn write_json<T: serde::Serialize + ?Sized>(
    mut out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")
}

/// Rows as CSV with a header from the row type's field names, written to
/// `out` row by row (the same bytes as [`csv_text`]).
pub fn write_csv<R: serde::Serialize>(
    out: &mut dyn std::io::Write,
    rows: impl IntoIterator<Item = R>,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for row in rows {
        writer.serialize(row)?;
    }
    writer.flush()
}

/// Rows as CSV (RFC 4180 quoting by the `csv` crate), with a header from the
/// row type's field names.
pub fn csv_text<R: serde::Serialize>(rows: impl IntoIterator<Item = R>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        if let Err(e) = writer.serialize(row) {
            return format!("error\ncannot serialise output: {e}\n");
        }
    }
    match writer.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => format!("error\ncannot serialise output: {e}\n"),
    }
}

/// Records of strings as CSV, the first being the header: for tables whose
/// columns are known only at run time.
pub fn csv_records<R: IntoIterator<Item = String>>(records: impl IntoIterator<Item = R>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for record in records {
        if let Err(e) = writer.write_record(record) {
            return format!("error\ncannot write CSV: {e}\n");
        }
    }
    match writer.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => format!("error\ncannot write CSV: {e}\n"),
    }
}

/// `text` as one word of a POSIX shell: as is when it holds only safe
/// characters, in single quotes otherwise, and in `$'…'` with escapes when
/// it holds a control character (so the command stays on one line).
pub fn shell_word(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,=@/:+".contains(c));
    if safe {
        return text.to_string();
    }
    if !text.chars().any(char::is_control) {
        return format!("'{}'", text.replace('\'', "'\\''"));
    }
    let mut out = String::from("$'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod shell_word_tests {
    use super::shell_word;

    #[test]
    fn shell_words_stay_one_word_on_one_line() {
        assert_eq!(
            shell_word("leader.red_line=absolute"),
            "leader.red_line=absolute"
        );
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("x=\"a\nb\""), "$'x=\"a\\nb\"'");
        assert_eq!(shell_word("a'\\\t"), "$'a\\'\\\\\\t'");
        assert_eq!(shell_word(""), "''");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Row<'a> {
        name: &'a str,
        value: f64,
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let text = csv_text([
            Row {
                name: "plain",
                value: 55.0,
            },
            Row {
                name: "a,b",
                value: 0.1,
            },
            Row {
                name: "say \"no\"",
                value: 2.5,
            },
            Row {
                name: "line\rbreak",
                value: 1.0,
            },
        ]);
        assert_eq!(
            text,
            "name,value\nplain,55.0\n\"a,b\",0.1\n\"say \"\"no\"\"\",2.5\n\"line\rbreak\",1.0\n"
        );
    }

    #[test]
    fn written_json_and_csv_are_the_texts_byte_for_byte() {
        let rows = || {
            [
                Row {
                    name: "a,b",
                    value: 0.1,
                },
                Row {
                    name: "plain",
                    value: 55.0,
                },
            ]
        };
        let mut json = Vec::new();
        write_json(&mut json, &rows()).expect("written");
        assert_eq!(String::from_utf8(json).expect("UTF-8"), json_text(&rows()));
        let mut csv = Vec::new();
        write_csv(&mut csv, rows()).expect("written");
        assert_eq!(String::from_utf8(csv).expect("UTF-8"), csv_text(rows()));
        // A writer that fails stops the writing with its error.
        let mut full = [0u8; 4];
        let error = write_json(&mut &mut full[..], &rows()).expect_err("no room");
        assert_eq!(error.kind(), std::io::ErrorKind::WriteZero);
    }

    #[test]
    fn percentages_keep_small_upper_bounds() {
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(1.0), "100.0%");
        // Wilson's upper bound for 0 of 10,000 runs is 3.84/10003.84.
        assert_eq!(
            percent(3.841_458_820_694_124 / 10_003.841_458_820_694),
            "0.038%"
        );
        assert_eq!(percent(0.0004), "0.040%");
        assert_eq!(percent(0.0005), "0.1%");
    }
}
