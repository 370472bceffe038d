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
//! (win-sets); does no I/O; allocates nothing in the weekly step. The shipped
//! scenarios and their loader are `redline-scenarios` (a dev-dependency here:
//! the model takes any [`redline_core::Scenario`]).
//!
//! ```
//! use redline_crisis::{CrisisModel, assume::Assumptions, ensemble};
//! let scenario = redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[]).unwrap();
//! let model = CrisisModel::new(scenario).unwrap();
//! let forecast = ensemble::forecast(&model, &Assumptions::none(), 200, 1, 1, &|_| {});
//! assert_eq!(forecast.outcomes.len(), 12);
//! ```

pub mod assume;
pub mod back_channel;
pub mod blame;
pub mod draws;
pub mod ensemble;
pub mod formats;
pub mod hazard;
pub mod keys;
pub mod latency;
pub mod military;
pub mod model;
pub mod negotiation;
pub mod params;
pub mod reciprocity;
pub mod red_lines;
pub mod roles;
pub mod sensitivity;
pub mod snapback;
pub mod state;
pub mod step;
pub mod strategy;
pub mod trace;

pub use model::CrisisModel;
pub use strategy::{Play, Strategy};
