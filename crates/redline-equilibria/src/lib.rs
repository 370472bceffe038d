//! # redline-equilibria
//!
//! Equilibria of finite games, in exact arithmetic where the algorithm allows:
//! Gambit's `.nfg` and `.efg` file formats ([`nfg`], [`efg`]); the reduced
//! strategic form, behaviour strategies, the agent form and backward
//! induction ([`reduced`]); the solvers `enumpure`, `enummixed` (vertex
//! enumeration) and `lcp` (Lemke–Howson) on the strategic form ([`solve`]),
//! Lemke on the sequence form ([`sequence`]) and the logit QRE homotopy
//! ([`logit`], floating point); reading a file and running the chosen solver
//! ([`solution`]; `redline-report` prints the answer); and the deniability signalling game of mechanisms M1–M2
//! ([`deniability`]). Every equilibrium is verified before it is returned.
//! Sizes are bounded before allocation and work by a budget ([`budget`]).
//!
//! Depends on `redline-core` (located input errors, scenarios, seeded
//! streams), `num-*` for exact rationals and `rayon`; it must not depend on
//! the crisis model or the repeated-games crate, and it does no I/O: callers
//! hand it text and print what it returns.
//!
//! ```
//! use redline_equilibria::{nfg::parse_nfg, solve::enumpure};
//! let pd = parse_nfg("pd.nfg", "NFG 1 R \"PD\" { \"1\" \"2\" } { 2 2 }\n3 3 5 0 0 5 1 1\n").unwrap();
//! let equilibria = enumpure(&pd);
//! assert_eq!(equilibria.len(), 1); // both defect
//! ```

pub mod budget;
pub mod deniability;
pub mod efg;
mod lex;
pub mod logit;
pub mod nfg;
pub mod number;
pub mod reduced;
pub mod sequence;
pub mod solution;
pub mod solve;
mod tableau;
mod vertex;
mod wide;
