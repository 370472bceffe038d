//! The `redline` binary as users run it: one test binary (one link for the
//! whole CLI), one module per family of commands, shared helpers in `util`.

mod authoring;
mod bargain;
mod crisis;
mod data;
mod equilibria;
mod formats;
mod fuzz;
mod games;
mod help;
mod limits;
mod output;
mod readme;
mod report;
mod scenarios;
mod sensitivity;
mod serve;
mod slurm;
mod trace;
mod util;
