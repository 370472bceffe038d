//! # redline-crisis
//!
//! The crisis model of the founding analysis: a leader's red lines that bend
//! with context (M1), deniability and blame (M2), a back channel (M3), a
//! negotiation ladder with a win-set deal zone (M4), the snapback deadline and
//! disappearing leverage (M5), nuclear latency (M6), military action (M7),
//! responding in kind (M8) and the counterpart's strategy (M9) — one module
//! per mechanism, composed in [`step::week`], stepped weekly over a seeded
//! ensemble ([`ensemble::forecast`]) with counterfactuals ([`assume`],
//! [`CrisisModel::with_strategy`], [`ensemble::paired`]).
//!
//! Depends on `redline-core` (scenario, streams) and `redline-bargain`
//! (win-sets); does no I/O; allocates nothing in the weekly step.
//!
//! ```
//! use redline_crisis::{CrisisModel, assume::Assumptions, ensemble};
//! let scenario = redline_crisis::load_embedded(redline_crisis::FLAGSHIP_NAME, &[], &[]).unwrap();
//! let model = CrisisModel::new(scenario).unwrap();
//! let forecast = ensemble::forecast(&model, &Assumptions::none(), 200, 1, 1, &|_| {});
//! assert_eq!(forecast.outcomes.len(), 12);
//! ```

pub mod assume;
pub mod back_channel;
pub mod blame;
pub mod draws;
pub mod ensemble;
pub mod hazard;
pub mod latency;
pub mod military;
pub mod model;
pub mod negotiation;
pub mod params;
pub mod reciprocity;
pub mod red_lines;
pub mod sensitivity;
pub mod snapback;
pub mod state;
pub mod step;
pub mod strategy;
pub mod trace;

pub use model::CrisisModel;
pub use strategy::Strategy;

/// The flagship scenario, "Iran, as of 7 February 2025", embedded in the
/// binary as the default. It `extends` [`SHARED_PARAMETERS`].
pub const FLAGSHIP: &str = include_str!("../../../scenarios/iran-2025-02-07.toml");

/// The file name the embedded flagship is reported under.
pub const FLAGSHIP_NAME: &str = "scenarios/iran-2025-02-07.toml";

/// The behavioural parameters every scenario shares.
pub const SHARED_PARAMETERS: &str = include_str!("../../../scenarios/shared/parameters.toml");

/// Every scenario file embedded in the binary: (path from the repository root, text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (FLAGSHIP_NAME, FLAGSHIP),
    ("scenarios/shared/parameters.toml", SHARED_PARAMETERS),
    (
        "scenarios/iran-2013-02-07.toml",
        include_str!("../../../scenarios/iran-2013-02-07.toml"),
    ),
    (
        "scenarios/iran-2018-05-08.toml",
        include_str!("../../../scenarios/iran-2018-05-08.toml"),
    ),
    (
        "scenarios/iran-2019-06-20.toml",
        include_str!("../../../scenarios/iran-2019-06-20.toml"),
    ),
    (
        "scenarios/iran-2021-01-20.toml",
        include_str!("../../../scenarios/iran-2021-01-20.toml"),
    ),
];

/// The embedded file that `path`, written in the file `from`, names: resolved
/// against `from`'s folder, then by its trailing components (so a copy of a
/// scenario elsewhere still finds the shared parameters).
pub fn embedded_file(path: &str, from: &str) -> Option<(&'static str, &'static str)> {
    let from = from.trim_end_matches(" (embedded)");
    let folder = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    let joined = if folder.is_empty() {
        path.to_string()
    } else {
        format!("{folder}/{path}")
    };
    EMBEDDED
        .iter()
        .find(|(name, _)| *name == joined)
        .or_else(|| {
            EMBEDDED
                .iter()
                .find(|(name, _)| name.ends_with(&format!("/{path}")))
        })
        .copied()
}

/// Loads an embedded scenario (by its path, e.g. [`FLAGSHIP_NAME`]) with its
/// shared parameters, overlays and `--set`s.
pub fn load_embedded(
    name: &str,
    overlays: &[redline_core::scenario::Input<'_>],
    sets: &[String],
) -> Result<redline_core::Scenario, redline_core::InputError> {
    let (path, text) = EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .copied()
        .ok_or_else(|| redline_core::InputError::new(name, "no such embedded scenario"))?;
    let display = format!("{path} (embedded)");
    let resolve = |wanted: &str, from: &str| {
        embedded_file(wanted, from)
            .map(|(n, t)| (format!("{n} (embedded)"), t.to_string()))
            .ok_or_else(|| {
                redline_core::InputError::new(
                    from,
                    format!("`{wanted}` is not an embedded scenario file"),
                )
            })
    };
    redline_core::Scenario::load_extending(
        redline_core::scenario::Input {
            name: &display,
            text,
        },
        &resolve,
        overlays,
        sets,
    )
}
