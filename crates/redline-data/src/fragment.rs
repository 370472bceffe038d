//! Estimates as scenario fragments: `key = value` lines with their source.
//!
//! The crisis model's scenarios name every parameter with its source. An
//! estimate from data is handed over as a [`Fragment`]: dotted TOML keys with
//! numeric values, each with its interval in a comment, and one `source`
//! text saying what data and which estimator produced them. Where the keys
//! land in a scenario is decided by the scenario format, not here.

use std::fmt::Write;

/// One estimated parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct FragmentEntry {
    /// Dotted TOML key (`reciprocity.irn_answers_usa`).
    pub key: String,
    /// Point estimate.
    pub value: f64,
    /// Interval, when there is one: (lower, upper, coverage such as 0.9).
    pub interval: Option<(f64, f64, f64)>,
    /// What the value means, in a few words.
    pub meaning: String,
}

/// A set of estimates with their source.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    /// Where the numbers come from: data file(s), estimator, options.
    pub source: String,
    /// The estimates.
    pub entries: Vec<FragmentEntry>,
}

pub(crate) fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Formats a number with up to 4 decimals and no trailing zeros (TOML float).
pub fn format_value(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0');
    let s = if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    };
    if s == "-0.0" { "0.0".into() } else { s }
}

impl Fragment {
    /// The fragment as TOML: a comment and `<prefix>source = "…"` line, then
    /// one `key = value` line per estimate with its interval and meaning in
    /// a trailing comment.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Estimated by redline-data; intervals in comments.");
        let _ = writeln!(out, "source = {}", toml_string(&self.source));
        for e in &self.entries {
            let _ = write!(out, "{} = {}", e.key, format_value(e.value));
            match e.interval {
                Some((lo, hi, level)) => {
                    let _ = writeln!(
                        out,
                        "  # {:.0}% interval [{}, {}]; {}",
                        level * 100.0,
                        format_value(lo),
                        format_value(hi),
                        e.meaning
                    );
                }
                None => {
                    let _ = writeln!(out, "  # {}", e.meaning);
                }
            }
        }
        out
    }
}

impl Fragment {
    /// The fragment as a scenario overlay for `redline forecast --with`: one
    /// `key = { value = …, source = "…" }` line per estimate, so that each
    /// parameter keeps its unit, range and default from the scenario and takes
    /// the estimate's value and source; intervals in trailing comments.
    pub fn render_overlay(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            let source = format!("{} ({})", self.source, e.meaning);
            let _ = write!(
                out,
                "{} = {{ value = {}, source = {} }}",
                e.key,
                format_value(e.value),
                toml_string(&source)
            );
            match e.interval {
                Some((lo, hi, level)) => {
                    let _ = writeln!(
                        out,
                        "  # {:.0}% interval [{}, {}]",
                        level * 100.0,
                        format_value(lo),
                        format_value(hi)
                    );
                }
                None => out.push('\n'),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_key_value_lines_with_source_and_intervals() {
        let f = Fragment {
            source: "events.csv \"USA,IRN\" weekly VAR(2)".into(),
            entries: vec![
                FragmentEntry {
                    key: "reciprocity.irn_answers_usa".into(),
                    value: 0.25,
                    interval: Some((0.1, 0.40004, 0.9)),
                    meaning: "IRN's response to a 1-point USA move".into(),
                },
                FragmentEntry {
                    key: "x.y".into(),
                    value: -0.0,
                    interval: None,
                    meaning: "m".into(),
                },
            ],
        };
        let text = f.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            r#"source = "events.csv \"USA,IRN\" weekly VAR(2)""#
        );
        assert_eq!(
            lines[2],
            "reciprocity.irn_answers_usa = 0.25  # 90% interval [0.1, 0.4]; IRN's response to a 1-point USA move"
        );
        assert_eq!(lines[3], "x.y = 0.0  # m");
    }

    #[test]
    fn values_are_toml_floats() {
        assert_eq!(format_value(1.0), "1.0");
        assert_eq!(format_value(-0.12346), "-0.1235");
        assert_eq!(format_value(3.5), "3.5");
    }
}
