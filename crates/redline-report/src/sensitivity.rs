//! Sensitivity tables and JSON, from one [`Analysis`].
//!
//! JSON shape: `{"meta": {…}, "method", "samples", "resamples", "confidence", "factors": […],
//! "results": [{"outcome", "label", "indices": [{"factor", "mu", "mu_star", "mu_star_conf",
//! "sigma"} (Morris) or {"factor", "S1", "S1_conf", "ST", "ST_conf"} (Sobol)…]}…],
//! "warnings": [{"outcome", "factor", "problems", "suggested_samples", "message"}…]}`.
//! Factors are ranked by μ* or S_T, largest first; `*_conf` is the half-width of the
//! 95 % bootstrap interval (SALib's names and meaning).

use crate::json_text;
use crate::meta::{Meta, ScenarioProvenance};
use redline_crisis::sensitivity::{Analysis, CONFIDENCE, Header, Indices, Method, Problem};
use serde::Serialize;

/// The provenance of an analysis as its header records it: what a merge of
/// shards knows. Equals the provenance of the run that wrote the shards.
pub fn meta(header: &Header) -> Meta {
    let mut meta = Meta::new("sensitivity").ensemble(header.seed, header.runs);
    meta.scenario = Some(ScenarioProvenance {
        id: header.scenario.clone(),
        file: header.scenario_file.clone(),
        sha256: header.scenario_sha256.clone(),
    });
    meta.set = header.set.clone();
    meta.with = header.with.clone();
    if !header.params.is_empty() {
        meta.params = Some(header.params.clone());
    }
    meta
}

#[derive(Serialize)]
#[serde(untagged)]
enum IndexRow<'a> {
    Morris {
        factor: &'a str,
        mu: f64,
        mu_star: f64,
        mu_star_conf: f64,
        sigma: f64,
    },
    Sobol {
        factor: &'a str,
        #[serde(rename = "S1")]
        first: f64,
        #[serde(rename = "S1_conf")]
        first_conf: f64,
        #[serde(rename = "ST")]
        total: f64,
        #[serde(rename = "ST_conf")]
        total_conf: f64,
    },
}

#[derive(Serialize)]
struct OutcomeResult<'a> {
    outcome: &'a str,
    label: &'a str,
    indices: Vec<IndexRow<'a>>,
}

#[derive(Serialize)]
struct WarningRow<'a> {
    outcome: &'a str,
    factor: Option<&'a str>,
    problems: &'a [Problem],
    suggested_samples: usize,
    message: String,
}

#[derive(Serialize)]
struct Document<'a> {
    meta: &'a Meta,
    method: &'static str,
    samples: usize,
    resamples: usize,
    confidence: f64,
    factors: &'a [String],
    results: Vec<OutcomeResult<'a>>,
    warnings: Vec<WarningRow<'a>>,
}

fn index_rows<'a>(factors: &'a [String], indices: &Indices) -> Vec<IndexRow<'a>> {
    indices
        .ranked()
        .into_iter()
        .map(|i| match indices {
            Indices::Morris(m) => IndexRow::Morris {
                factor: &factors[i],
                mu: m[i].mu,
                mu_star: m[i].mu_star,
                mu_star_conf: m[i].mu_star_conf,
                sigma: m[i].sigma,
            },
            Indices::Sobol(s) => IndexRow::Sobol {
                factor: &factors[i],
                first: s[i].first,
                first_conf: s[i].first_conf,
                total: s[i].total,
                total_conf: s[i].total_conf,
            },
        })
        .collect()
}

/// The analysis as JSON (the module's shape), with its provenance.
pub fn to_json(meta: &Meta, analysis: &Analysis) -> String {
    let h = &analysis.header;
    json_text(&Document {
        meta,
        method: h.method.name(),
        samples: h.samples,
        resamples: analysis.resamples,
        confidence: CONFIDENCE,
        factors: &h.factors,
        results: analysis
            .outcomes
            .iter()
            .map(|o| OutcomeResult {
                outcome: &o.outcome,
                label: &o.label,
                indices: index_rows(&h.factors, &o.indices),
            })
            .collect(),
        warnings: analysis
            .warnings
            .iter()
            .map(|w| WarningRow {
                outcome: &w.outcome,
                factor: w.factor.as_deref(),
                problems: &w.problems,
                suggested_samples: w.suggested_samples,
                message: w.to_string(),
            })
            .collect(),
    })
}

/// The analysis as a terminal table: per outcome, the factors ranked by μ*
/// or S_T with each index's 95 % half-width, then that outcome's warnings;
/// at the end, how many warnings and the sample to try.
pub fn to_table(meta: &Meta, analysis: &Analysis) -> String {
    let h = &analysis.header;
    let mut out = format!(
        "Sensitivity ({}) of {} — {} {}, {} runs per point, seed {}, {} uncertain parameters\n",
        h.method.name(),
        h.scenario,
        h.samples,
        match h.method {
            Method::Morris => "trajectories",
            Method::Sobol => "base samples",
        },
        h.runs,
        h.seed,
        h.factors.len()
    );
    out.push_str(&meta.header_lines());
    out.push_str(&format!(
        "±: half-width of the {:.0}% bootstrap interval ({} resamples)\n",
        100.0 * CONFIDENCE,
        analysis.resamples
    ));
    for o in &analysis.outcomes {
        out.push_str(&format!("\n{}\n", o.outcome));
        match &o.indices {
            Indices::Morris(_) => out.push_str(&format!(
                "  {:<40} {:>8} {:>8} {:>8} {:>8}\n",
                "parameter", "mu*", "±", "mu", "sigma"
            )),
            Indices::Sobol(_) => out.push_str(&format!(
                "  {:<40} {:>8} {:>8} {:>8} {:>8}\n",
                "parameter", "total", "±", "first", "±"
            )),
        }
        for i in o.indices.ranked() {
            let key = &h.factors[i];
            match &o.indices {
                Indices::Morris(m) => out.push_str(&format!(
                    "  {key:<40} {:>8.4} {:>8.4} {:>8.4} {:>8.4}\n",
                    m[i].mu_star, m[i].mu_star_conf, m[i].mu, m[i].sigma
                )),
                Indices::Sobol(s) => out.push_str(&format!(
                    "  {key:<40} {:>8.4} {:>8.4} {:>8.4} {:>8.4}\n",
                    s[i].total, s[i].total_conf, s[i].first, s[i].first_conf
                )),
            }
        }
        // The outcome's warnings in the table's order (a warning without a factor first).
        let warnings = analysis.warnings.iter().filter(|w| w.outcome == o.outcome);
        let rank = |w: &&redline_crisis::sensitivity::Warning| {
            w.factor
                .as_ref()
                .and_then(|f| h.factors.iter().position(|k| k == f))
                .and_then(|i| o.indices.ranked().iter().position(|&r| r == i))
        };
        let mut warnings: Vec<_> = warnings.collect();
        warnings.sort_by_key(rank);
        for w in warnings {
            out.push_str(&format!("  warning: {w}\n"));
        }
    }
    if let Some(most) = analysis.warnings.iter().map(|w| w.suggested_samples).max() {
        let n = analysis.warnings.len();
        out.push_str(&format!(
            "\nwarning: {n} {} that the sample of {} base samples is too small for these \
             indices; try --samples {most}\n",
            if n == 1 { "sign" } else { "signs" },
            h.samples
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_crisis::sensitivity::{OutcomeAnalysis, SobolIndex, sobol_warnings};

    fn analysis() -> Analysis {
        let header = Header {
            method: Method::Sobol,
            scenario: "s".into(),
            scenario_file: "s.toml".into(),
            scenario_sha256: "ab".into(),
            set: vec!["x=1".into()],
            with: Vec::new(),
            params: String::new(),
            seed: 3,
            samples: 16,
            runs: 10,
            factors: vec!["a".into(), "b".into()],
            columns: vec!["war".into()],
            labels: vec!["War".into()],
            outcomes: vec!["war".into()],
        };
        let s = |first, first_conf, total, total_conf| SobolIndex {
            first,
            first_conf,
            total,
            total_conf,
        };
        let indices = vec![s(0.1, 0.01, 0.2, 0.02), s(0.9, 0.05, 0.5, 0.05)];
        let warnings = sobol_warnings("war", &header.factors, &indices, 16);
        Analysis {
            header,
            resamples: 100,
            outcomes: vec![OutcomeAnalysis {
                outcome: "war".into(),
                label: "War".into(),
                indices: Indices::Sobol(indices),
            }],
            warnings,
        }
    }

    #[test]
    fn json_has_meta_first_salib_names_and_warnings() {
        let a = analysis();
        let text = to_json(&meta(&a.header), &a);
        assert!(text.starts_with("{\n  \"meta\": {"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["meta"]["scenario"]["sha256"], "ab");
        assert_eq!(v["meta"]["set"], serde_json::json!(["x=1"]));
        assert_eq!(v["meta"]["seed"], 3);
        // Ranked by the total index: b (0.5) before a (0.2).
        let first = &v["results"][0]["indices"][0];
        assert_eq!(first["factor"], "b");
        assert_eq!(first["S1"], 0.9);
        assert_eq!(first["ST_conf"], 0.05);
        assert_eq!(v["warnings"][0]["factor"], "b");
        assert_eq!(
            v["warnings"][0]["problems"],
            serde_json::json!(["first_above_total"])
        );
        assert_eq!(v["warnings"][0]["suggested_samples"], 64);
    }

    #[test]
    fn table_shows_intervals_overrides_and_warnings() {
        let a = analysis();
        let text = to_table(&meta(&a.header), &a);
        assert!(text.contains("overrides: --set x=1\n"), "{text}");
        assert!(
            text.contains(
                "  b                                          0.5000   0.0500   0.9000   0.0500\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("  warning: war: b: first-order index 0.900"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "warning: 1 sign that the sample of 16 base samples is too small for these \
                 indices; try --samples 64\n"
            ),
            "{text}"
        );
    }
}
