//! # redline-bargain
//!
//! Spatial bargaining models. Today: win-sets and their overlap
//! ([`winset`]), which the crisis model uses for its deal zone.
//!
//! Depends only on `redline-core`; does no I/O.

pub mod winset;
