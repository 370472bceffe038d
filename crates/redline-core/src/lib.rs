//! # redline-core
//!
//! The vocabulary every redline crate shares: calendar [`date`]s, the
//! [`outcome`]s a forecast tracks, the located [`InputError`] that every
//! reader returns for bad input, [`scenario`] files with their parameters and
//! [`distribution`]s, and seeded [`rng::RandomStream`]s keyed by
//! `(seed, index, name)`.
//!
//! This crate depends on nothing else of redline's, does no I/O (callers hand
//! it texts), and never panics on user input.
//!
//! ```
//! use redline_core::{date::Date, rng::RandomStream};
//! let as_of = Date::parse("2025-02-07").unwrap();
//! assert_eq!(as_of.add_days(7).to_string(), "2025-02-14");
//! let mut talks = RandomStream::new(42, 0, "talks");
//! let p = talks.uniform();
//! assert!((0.0..1.0).contains(&p));
//! ```

pub mod date;
pub mod distribution;
pub mod input_error;
pub mod interrupt;
pub mod outcome;
pub mod parameters;
pub mod rng;
pub mod scenario;
pub mod special;
pub mod tree;

pub use date::Date;
pub use input_error::InputError;
pub use outcome::Outcome;
pub use parameters::{Bounds, ParamReader, ParamSource};
pub use rng::RandomStream;
pub use scenario::{Actor, Role, Scenario};
