//! `redline fit`: the estimates of the shared parameters from the case
//! library ([`redline_data::fit::Fit`]), as a table or as JSON with `meta`
//! first.

use crate::json_text;
use crate::meta::Meta;
use redline_data::fit::Fit;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct Document<'a> {
    meta: &'a Meta,
    #[serde(flatten)]
    fit: &'a Fit,
}

/// The fit as JSON: `{"meta", "cases", "scored", "estimates": [{"key", "unit",
/// "prior", "prior_median", "estimate", "interval", "z", "posterior_sd_z",
/// "identified", "informed_by", "cases"}…], "objective_at_prior",
/// "objective_at_estimate", "log_score_at_prior", "log_score_at_estimate",
/// "generations", "evaluations"}`.
pub fn to_json(meta: &Meta, fit: &Fit) -> String {
    json_text(&Document { meta, fit })
}

/// Formats a number with four significant digits.
fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.digits$}")
}

/// The fit as a table: each parameter's prior median, estimate, 90 %
/// interval, whether the cases identify it and which cases informed it;
/// then the objective and the mean log score before and after.
pub fn to_table(meta: &Meta, fit: &Fit) -> String {
    let mut out = format!(
        "Fit of {} shared parameters on {} cases ({} scored forecasts) — {} runs per case, seed {}\n\n",
        fit.estimates.len(),
        fit.cases.len(),
        fit.scored,
        meta.runs.unwrap_or(0),
        meta.seed.unwrap_or(0)
    );
    let _ = writeln!(
        out,
        "{:<38} {:>10} {:>10} {:>22} {:>6} {:>6}  informed by",
        "parameter", "prior med.", "estimate", "90% interval", "z", "sd z"
    );
    for e in &fit.estimates {
        let informed = e.informed_by_text().unwrap_or("—".to_string());
        let _ = writeln!(
            out,
            "{:<38} {:>10} {:>10} {:>22} {:>6.2} {:>6.2}{} {}",
            e.key,
            num(e.prior_median),
            num(e.estimate),
            format!("[{}, {}]", num(e.interval[0]), num(e.interval[1])),
            e.z,
            e.posterior_sd_z,
            if e.identified { "*" } else { " " },
            informed
        );
    }
    let _ = writeln!(
        out,
        "\n* identified: the cases at least halve the prior's variance (posterior sd of z below 0.71);\n  \
         the rest stay near their priors. z: the estimate in prior standard deviations from the prior's median."
    );
    let _ = writeln!(
        out,
        "\nPenalised objective (−log likelihood + ½‖z‖²): {:.3} at the priors' medians, {:.3} at the estimate.\n\
         Mean log score of the scored outcomes: {:.4} at the priors' medians, {:.4} at the estimate (in sample).\n\
         CMA-ES: {} generations; {} evaluations of the objective, each {} runs per case.",
        fit.objective_at_prior,
        fit.objective_at_estimate,
        fit.log_score_at_prior,
        fit.log_score_at_estimate,
        fit.generations,
        fit.evaluations,
        fit.settings.runs
    );
    out
}
