//! M8 — respond in kind.
//!
//! "Any hostile move from Washington would be met with a hostile response"
//! (founding analysis). Each side's behaviour toward the other is a weekly
//! mean on the Goldstein (1992) conflict–cooperation scale, −10 … +10. Each
//! side sees the other's last week through a hostile attribution bias and
//! misperception noise, as in Richardson's (1960) action–reaction model of
//! arms races made stochastic, and answers it:
//!
//! ```text
//! seen:  ĝ_US = g_US − β_I + σ_m·η,   ĝ_I = g_I − β_US + σ_m·η'
//! Iran:  g_I ← ι·g_I + (1 − ι)·(μ_I + ρ_I·ĝ_US) + σ_ε·ε
//! US:    g_US ← ι·g_US + (1 − ι)·(a_strategy + ρ_US·min(0, ĝ_I − μ_I)) + σ_ε·ε
//! ```
//!
//! β (`reciprocity.target_attribution_bias`, `…coercer_attribution_bias`,
//! Goldstein points) is the bias: a rival's moves read as more hostile than
//! they were (Jervis 1976, ch. 3, the spiral model; Holsti 1962's "inherent
//! bad faith" image). Noise alone (β = 0) is zero-mean and, under a
//! reciprocal strategy, can make a side look cooperative as often as
//! hostile; the bias is what makes misperception escalate.
//!
//! ι is inertia, μ_I Iran's resting level, ρ_I how strongly Iran answers the
//! counterpart (`reciprocity.target_response`, the quantity Goldstein & Freeman
//! 1990 estimate from event data), a_strategy the level of this week's move
//! under the counterpart's strategy (M9), and ρ_US how strongly the
//! counterpart answers Iranian escalation below its resting level whatever
//! its strategy. With ρ_I·ρ_US < 1 a spiral is damped; with misperception a
//! tit-for-tat pair can still slide into mutual defection.
//!
//! Mutual cooperation in a week is how far the *less* cooperative side sits
//! above the defection threshold θ (`reciprocity.defection_threshold`, the
//! level below which a week reads as hostile), as a share of the scale above
//! it: `clamp((min(g_I, g_US) − θ)/(10 − θ), 0, 1)`. Mutual trust (used by the
//! deal zone, M4) is its exponential average with the same inertia.

use crate::draws::WeekDraws;
use crate::params::ModelParams;
use crate::state::{Event, Observer, RunState};
use crate::strategy::Move;

/// One week of moves. Returns this week's mutual cooperation, 0–1.
pub fn step<O: Observer>(s: &mut RunState, p: &ModelParams, d: &WeekDraws, obs: &mut O) -> f64 {
    let r = &p.reciprocity;
    let st = &p.strategy;
    // The counterpart's move, chosen on what it perceived of Iran last week.
    let us_move = s.play.choose(
        s.week - usize::from(s.plan_entered).min(s.week),
        s.target_seen_defecting,
        s.coercer_last_move,
        st.generosity,
        st.grit_initiative_weeks,
        d.strategy,
    );
    obs.event(s.week, Event::CounterpartMove(us_move));
    let action_level = match us_move {
        Move::Cooperate => st.cooperate_level,
        Move::Defect => st.hostile_level,
    };
    s.econ_pressure = match us_move {
        Move::Cooperate => s.econ_pressure - st.relief_per_cooperation,
        Move::Defect => s.econ_pressure + st.pressure_per_defection,
    }
    .clamp(0.0, 1.0);

    // Each side reads the other's week shifted toward hostility by its
    // attribution bias, then blurred by noise.
    let seen_us = s.goldstein_coercer - r.target_bias + r.misperception_sd * d.misperception[0];
    let seen_iran = s.goldstein_target - r.coercer_bias + r.misperception_sd * d.misperception[1];
    let iran_target = r.target_baseline + r.target_response * seen_us;
    let us_target = action_level + r.coercer_response * (seen_iran - r.target_baseline).min(0.0);
    s.goldstein_target = (r.inertia * s.goldstein_target
        + (1.0 - r.inertia) * iran_target
        + r.shock_sd * d.shock[0])
        .clamp(-10.0, 10.0);
    s.goldstein_coercer =
        (r.inertia * s.goldstein_coercer + (1.0 - r.inertia) * us_target + r.shock_sd * d.shock[1])
            .clamp(-10.0, 10.0);

    s.coercer_last_move = us_move;
    s.target_seen_defecting = seen_iran < r.defection_threshold;
    let threshold = r.defection_threshold;
    let cooperation = ((s.goldstein_target.min(s.goldstein_coercer) - threshold)
        / (10.0 - threshold))
        .clamp(0.0, 1.0);
    s.trust = r.inertia * s.trust + (1.0 - r.inertia) * cooperation;
    cooperation
}
