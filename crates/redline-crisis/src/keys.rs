//! The scenario keys of the crisis model that other crates write: the
//! parameters `redline calibrate` estimates from data. [`crate::params`]
//! reads them by these names, so a fragment written with them cannot drift
//! from the model that reads it.

/// M1: how far a public rejection binds the leader (a share, 0–1).
pub const LEADER_FIRMNESS: &str = "leader.firmness";

/// M8: the target's resting level toward the coercer (Goldstein scale).
pub const RECIPROCITY_TARGET_BASELINE: &str = "reciprocity.target_baseline";

/// M8: the target's own inertia, the weight on its previous level (a share).
pub const RECIPROCITY_INERTIA: &str = "reciprocity.inertia";

/// M8: the target's answer to the coercer, per Goldstein point (≥ 0).
pub const RECIPROCITY_TARGET_RESPONSE: &str = "reciprocity.target_response";

/// M8: the coercer's answer to the target, per Goldstein point (≥ 0).
pub const RECIPROCITY_COERCER_RESPONSE: &str = "reciprocity.coercer_response";

/// M8: the standard deviation of misperceived moves (≥ 0).
pub const RECIPROCITY_MISPERCEPTION_SD: &str = "reciprocity.misperception_sd";

/// M8: the standard deviation of the target's unexplained moves (≥ 0).
pub const RECIPROCITY_SHOCK_SD: &str = "reciprocity.shock_sd";
