//! The scenario keys of the crisis model that other crates write: the
//! parameters `redline calibrate` estimates from data. [`crate::params`]
//! reads them by these names, so a fragment written with them cannot drift
//! from the model that reads it.

/// M1: how far a public rejection binds the leader (a share, 0–1).
pub const LEADER_FIRMNESS: &str = "leader.firmness";

/// M8: Iran's resting level toward its counterpart (Goldstein scale).
pub const RECIPROCITY_IRAN_BASELINE: &str = "reciprocity.iran_baseline";

/// M8: Iran's own inertia, the weight on its previous level (a share).
pub const RECIPROCITY_INERTIA: &str = "reciprocity.inertia";

/// M8: Iran's answer to the counterpart, per Goldstein point (≥ 0).
pub const RECIPROCITY_IRAN_RESPONSE: &str = "reciprocity.iran_response";

/// M8: the counterpart's answer to Iran, per Goldstein point (≥ 0).
pub const RECIPROCITY_US_RESPONSE: &str = "reciprocity.us_response";

/// M8: the standard deviation of misperceived moves (≥ 0).
pub const RECIPROCITY_MISPERCEPTION_SD: &str = "reciprocity.misperception_sd";

/// M8: the standard deviation of Iran's unexplained moves (≥ 0).
pub const RECIPROCITY_SHOCK_SD: &str = "reciprocity.shock_sd";
