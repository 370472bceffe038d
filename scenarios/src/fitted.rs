//! The shared behavioural parameters fitted on the case library
//! (`scenarios/shared/fitted.toml`, written by `redline fit --fitted`), and
//! the rule that lays them over a scenario.
//!
//! **The rule.** A scenario takes the fitted value of a parameter when
//! (1) its as-of date is on or after [`FITTED_CASES_END`], the latest
//! horizon among the cases the fit used, so that no case's outcome lies in
//! the scenario's future (a 2013 case forecast with parameters fitted on
//! 2017's outcomes would be right by hindsight); and (2) it takes the
//! parameter from the shared files ([`takes_shared`]): a scenario that sets
//! its own value, or a user's `--with` or `--set`, keeps it. Everything else
//! keeps the judgment. `--params judgment` on the command line skips the
//! fit altogether.

use crate::load::{EMBEDDED_SUFFIX, load_embedded_with};
use crate::{FLAGSHIP, FLAGSHIP_PATH, SHARED_IRAN_PATH, SHARED_PARAMETERS_PATH};
use redline_core::scenario::Input;
use redline_core::{Date, InputError, Scenario};
use std::path::Path;

/// The fitted file's path from the repository root.
pub const FITTED_PATH: &str = "scenarios/shared/fitted.toml";

/// The fitted parameters as a scenario fragment (written by
/// `redline fit --fitted scenarios/shared/fitted.toml`).
pub const FITTED: &str = include_str!("../shared/fitted.toml");

/// The latest horizon among the cases the shipped fit used (every case with
/// a record; `redline-data`'s tests check it against the library).
pub const FITTED_CASES_END: &str = "2025-02-07";

/// Which parameters a command runs on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Params {
    /// The fitted values where [the rule](self) allows them, the judgments elsewhere.
    #[default]
    Fitted,
    /// The judgments of the scenario files only.
    Judgment,
}

/// What [`lay_fitted`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Laid {
    /// The fitted values of these keys replaced the judgments.
    Keys(Vec<String>),
    /// Nothing: the scenario's as-of date is before the fit's cases ended.
    Predates(Date),
}

/// Whether `scenario` takes `key` from one of the shipped shared files
/// (`scenarios/shared/parameters.toml` or `scenarios/shared/iran.toml`, the
/// embedded copy or the file in a clone), not from its own file, a file of
/// the user's or an overlay.
pub fn takes_shared(scenario: &Scenario, key: &str) -> bool {
    let Some(parameter) = scenario.parameter(key) else {
        return false;
    };
    if parameter.overridden {
        return false;
    }
    let origin = scenario.error_at(parameter.loc, key, "").origin;
    let origin = origin.strip_suffix(EMBEDDED_SUFFIX).unwrap_or(&origin);
    let path = Path::new(origin);
    [SHARED_PARAMETERS_PATH, SHARED_IRAN_PATH]
        .iter()
        .any(|shared| path.ends_with(shared))
}

/// [`FITTED_CASES_END`] as a date.
pub fn cases_end() -> Result<Date, InputError> {
    Date::parse(FITTED_CASES_END)
        .map_err(|e| InputError::new(FITTED_PATH, format!("FITTED_CASES_END: {e}")))
}

/// The fitted parameters, parsed and checked as a fragment over the
/// flagship: the flagship's parameters that the fragment sets. Parsed once
/// per process (the Python package runs many commands in one).
pub fn fitted_parameters() -> Result<Vec<redline_core::scenario::Parameter>, InputError> {
    static PARSED: std::sync::OnceLock<Result<Vec<redline_core::scenario::Parameter>, InputError>> =
        std::sync::OnceLock::new();
    PARSED.get_or_init(parse_fitted).clone()
}

fn parse_fitted() -> Result<Vec<redline_core::scenario::Parameter>, InputError> {
    let name = format!("{FITTED_PATH}{EMBEDDED_SUFFIX}");
    let flagship = load_embedded_with(
        FLAGSHIP_PATH,
        FLAGSHIP,
        &[Input {
            name: &name,
            text: FITTED,
        }],
    )?;
    Ok(flagship
        .parameters
        .iter()
        .filter(|p| flagship.error_at(p.loc, &p.key, "").origin == name)
        .cloned()
        .collect())
}

/// Lays the fitted parameters over `scenario` by [the rule](self).
pub fn lay_fitted(scenario: &mut Scenario) -> Result<Laid, InputError> {
    let end = cases_end()?;
    if scenario.as_of < end {
        return Ok(Laid::Predates(end));
    }
    let mut keys = Vec::new();
    for fitted in fitted_parameters()? {
        if !takes_shared(scenario, &fitted.key) {
            continue;
        }
        if let Some(p) = scenario.parameters.iter_mut().find(|p| p.key == fitted.key) {
            p.value = fitted.value;
            p.source = fitted.source;
            keys.push(fitted.key);
        }
    }
    Ok(Laid::Keys(keys))
}

/// Which parameters `scenario` runs on, in words, for a run's provenance
/// (`meta.params`): the judgments (asked for, or the scenario predates the
/// fit's cases, or it takes no fitted key), or how many fitted values
/// [`lay_fitted`] laid.
pub fn params_note(params: Params, scenario: &Scenario) -> String {
    if params == Params::Judgment {
        return "the judgments (--params judgment)".to_string();
    }
    if let Ok(end) = cases_end()
        && scenario.as_of < end
    {
        return format!(
            "the judgments: the scenario's as-of date is before {end}, when the last case of the fit ended"
        );
    }
    // What `lay_fitted` laid: fitted values it put in place of a shared
    // judgment (a user's own --with of a fit marks its keys overridden).
    let fitted = scenario
        .parameters
        .iter()
        .filter(|p| {
            !p.overridden
                && p.source
                    .as_deref()
                    .is_some_and(|s| s.starts_with("redline fit:"))
        })
        .count();
    if fitted == 0 {
        "the judgments: the scenario takes none of the fitted parameters from the shared files"
            .to_string()
    } else {
        format!(
            "{fitted} shared parameters fitted on the case library ({FITTED_PATH}); --params judgment for the judgments alone"
        )
    }
}
