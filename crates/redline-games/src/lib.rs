//! # redline-games
//!
//! Repeated two-player games, the second of redline's model families. This
//! crate owns
//! - [`game`]: payoff bimatrices (prisoner's dilemma, chicken, stag hunt, an
//!   escalation ladder with K levels of hostility, TOML game files);
//! - [`strategy`]: the strategy library ([`strategy::Rule`]: a player's decision
//!   rule; its [`catalogue`](strategy::catalogue) apart from its
//!   [`behaviour`](strategy::behaviour)), named as in the Python `axelrod`
//!   library and matching it turn by turn for the deterministic strategies,
//!   plus GRIT (Osgood 1962), its ladder version and Contrite Tit For Tat;
//! - [`play`]: matches of fixed length or ended each turn with probability
//!   `prob_end`, with noise (a played action differs from the intended one)
//!   and misperception (an action is seen wrongly) kept apart;
//! - [`tournament`]: round robins ranked by the library's rule, in parallel
//!   and byte-identical on any number of threads, cut into units of work;
//! - [`shard`]: a tournament's units played in shards (a Slurm job array)
//!   and merged into one run's results;
//! - [`evolution`]: the Moran process and discrete replicator dynamics on a
//!   tournament's payoff matrix;
//! - [`sweep`]: how scores and mutual-defection spirals change with misperception.
//!
//! It depends only on `redline-core` (input errors, seeded random streams);
//! it must not depend on the crisis model, the report crate or the CLI, and
//! it does no file I/O (readers take text).
//!
//! ```
//! use redline_games::{game::Game, play::{play, Conditions}, strategy::Rule};
//! let game = Game::prisoners_dilemma();
//! let tft = Rule::parse("Tit For Tat").unwrap();
//! let prober = Rule::parse("Prober").unwrap();
//! let record = play([&tft, &prober], &game, &Conditions::turns(6), 1, 0);
//! assert_eq!(game.write_actions(&record.actions[0]), "CDCCCC");
//! assert_eq!(game.write_actions(&record.actions[1]), "DCCCCC");
//! ```

pub mod evolution;
pub mod game;
pub mod play;
pub mod shard;
pub mod strategy;
pub mod sweep;
pub mod tournament;
