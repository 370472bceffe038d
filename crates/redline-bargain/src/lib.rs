//! # redline-bargain
//!
//! Spatial bargaining: where will a multi-party negotiation settle, issue by
//! issue? This crate owns
//! - the bargaining [`problem`] (actors, influence, positions, saliences) and
//!   its readers ([`read`]: KTAB's CSV, the BDM replications' CSV, TOML);
//! - the [`baseline`]s: weighted mean (compromise), weighted median, Nash
//!   bargaining solution;
//! - Bueno de Mesquita's expected utility model ([`bdm`]);
//! - KTAB's Spatial Model of Politics ([`smp`]);
//! - one entry point for all of them ([`model::run`]), whose runs `redline-report`
//!   writes as JSON, CSV or a table;
//! - win-sets and their overlap ([`winset`]), which the crisis model uses for
//!   its deal zone.
//!
//! Of redline's crates it depends only on `redline-core` (for
//! [`redline_core::InputError`] and seeded streams); outside, on `toml` and
//! `serde` (the TOML reader)
//! and `rayon` (actors' choices in parallel, combined in actor order). It must
//! not depend on the crisis model or the CLI, and does no file I/O (the
//! readers take text; the caller reads files).
//!
//! Models and their sources: docs/model/bargain.md.
//!
//! ```
//! use redline_bargain::{baseline, read};
//! let text = "Actor,Capability,Position,Salience\nA,1,0,50\nB,1,10,50\nC,2,4,50\n";
//! let problem = read::read_any("example.csv", text).unwrap();
//! assert_eq!(baseline::weighted_median(&problem), vec![4.0]);
//! assert!((baseline::weighted_mean(&problem)[0] - 4.5).abs() < 1e-12);
//! ```

pub mod baseline;
pub mod bdm;
pub mod model;
pub mod problem;
pub mod read;
pub mod smp;
pub mod winset;

pub use model::{Model, run};
pub use problem::{Actor, BargainRun, BargainingProblem};
