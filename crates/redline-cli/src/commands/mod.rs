//! One module per family of subcommands; each exposes a clap `Subcommand`
//! enum and a `run` function, and holds no model logic of its own.
pub mod backtest;
pub mod bargain;
pub mod crisis;
pub mod data;
pub mod equilibria;
pub mod fit;
pub mod games;
pub mod outcomes;
pub mod report;
pub mod sensitivity;
pub mod serve;
pub mod slurm;
