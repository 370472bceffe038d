//! One module per family of subcommands; each exposes a clap `Subcommand`
//! enum and a `run` function, and holds no model logic of its own.
pub mod outcomes;
