//! # redline-report
//!
//! Turns results into what people and notebooks read: terminal tables,
//! JSON and CSV for forecasts ([`forecast`]), one run's story ([`trace`]),
//! a scenario's parameter list ([`params`]), SVG charts ([`svg`]) and the
//! self-contained HTML report ([`html`]), and the headless-browser command
//! line that renders and checks it ([`headless`]). Pure functions from results
//! to strings or JSON values: no I/O, no model logic.

pub mod forecast;
pub mod headless;
pub mod html;
pub mod params;
pub mod svg;
pub mod trace;

/// Formats a probability as a percentage with one decimal.
pub fn percent(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(percent(0.1234), "12.3%");
    }
}
