//! M4 — negotiation, the deal zone and the deals (a two-level game).
//!
//! Talks climb a ladder, none → secret → indirect → direct → framework →
//! interim deal → comprehensive deal, or collapse; a deal in force can break
//! down. Putnam (1988) calls the agreements each side could ratify at home
//! its win-set; a deal needs the win-sets to overlap
//! (`redline_bargain::winset`). Each side's win-set is a box on four
//! dimensions: enrichment level e (% U-235), 60 % stockpile kept s (kg),
//! inspector access a (0–1), sanctions relief r (share of full relief).
//!
//! **Comprehensive win-sets.** The leader's red lines bound his set and
//! relax with pressure and the deadline unless absolute: with
//! `ρ = (1 − f)·ρ_max·(E + D + T)/3`, his floors e_L, s_L, r_L shrink by
//! (1 − ρ) and his access ceiling a_L rises by ρ of the way to 1. The
//! coercer's demands e_C (`issues.enrichment.coercer_demand`), s_C, a_C move
//! toward his by `min(1, issues.counterpart_relax · trust +
//! issues.latency_leverage · w/(1 + w))`, w the target's stockpile in weapons'
//! worth (latency is the target's leverage: Volpe 2017, "Atomic Leverage:
//! Compellence with Nuclear Latency", *Security Studies* 26(3)), and the relief it can
//! offer is its strategy's ceiling times the relief leverage left (M5).
//!
//! **Interim win-sets** (the 2013 JPOA: a freeze for limited relief). In an
//! interim deal each side asks the share σ = `issues.interim_scale` of what
//! it asks of the other and offers what its comprehensive set allows: the
//! leader asks σ·r_L of relief; the coercer asks σ·a_C of access and, on
//! enrichment and the stockpile, a rollback of σ of the way from the status
//! quo (the enrichment level e₀ the target produces at, the stock s₀ it
//! holds) to its demand: `e ≤ e₀ − σ(e₀ − e_C)`, `s ≤ s₀ − σ(s₀ − s_C)`; a
//! freeze asks nothing the leader does not have, so his floors are
//! min(e_L, e₀) and min(s_L, s₀). Every dimension enters both zones.
//!
//! **Where a deal settles** (Putnam; Schelling 1960 on the bound
//! negotiator): on each dimension the leader captures the share
//! `π_L = |W_C| / (|W_L| + |W_C|)` of the overlap, |W| the width of a side's
//! win-set within the issue's range (`[0, max(e₀, bounds)]`,
//! `[0, max(s₀, bounds)]`, `[0, 1]`, `[0, 1]`): the smaller his win-set, the
//! more he gets, and the likelier no overlap at all. The terms drive M6 (the
//! stock is diluted down to the agreed cap; enrichment below the stock's
//! grade adds nothing to it) and the deal's durability.
//!
//! **The ladder.** Each week, talks under way (or an interim deal) move up
//! one rung with
//!
//! ```text
//! logit h = logit(1/weeks_per_stage) + [substance]·(β_zone·(Z − Z_ref) − β_gap·(g − g_ref))
//!           − β_final·(G − G_ref)·[next rung is a framework or an interim deal]
//!           + β_leverage·(L − L_ref) + β_deadline·(D − D_ref) + β_cooperation·(C − C_ref)
//!           + β_capital·(K − K_ref) − β_blame·(X − X_ref)·[next rung is public talks]
//!           + (openness(strategy) − openness_ref)
//! ```
//!
//! where `[substance]` is 1 for the rungs of substance (a framework, an interim
//! deal, a comprehensive deal) and 0 for the procedural ones (acknowledging
//! talks, meeting face to face), Z and g are the zone (0/1) and capped gap of
//! the deal the rung leads to (the interim one for a framework and an
//! interim deal, the comprehensive one for the last rung, which an interim
//! deal can climb), G is the comprehensive gap (the final status a framework
//! and an interim deal are negotiated in the shadow of), K the negotiator's
//! capital (M2: what blame has left him to sell concessions with), X the
//! standing the leader would lose if talks collapsed once acknowledged under
//! his present stance (M2's table: κ·s when ambiguous, κ when endorsing), and
//! `*_ref` (`talks.reference.*`) the reference state at which
//! `weeks_per_stage` is the mean weeks per rung. A deal rung is reached
//! only when its zone overlaps. Which rung comes next and whether its
//! format is permitted is [`crate::formats::climb`]: going public (secret →
//! indirect) needs a stance that does not cover indirect talks, direct talks
//! one that does not cover them; when only indirect talks are permitted (a
//! rejection of direct talks alone) they climb to a framework without ever
//! becoming direct, at `talks.indirect_framework_stages` stages (the
//! intercept's 1/W becomes 1/(W·stages)); direct talks and a framework need
//! the negotiator's capital ≥ `blame.min_capital`.
//! Talks under way collapse with
//! `logit h = logit h₀ + β_hostility·(H − H_ref) + β_gap·(g_interim − g_ref) + β_strike·[struck]`,
//! and a deal in force breaks down with
//!
//! ```text
//! logit b = logit b₀ + β_hostility·(H − H_ref) + β_coercer·U_C + β_target·U_T + β_strike·[struck]
//! ```
//!
//! (`deals.*`; U the capped gap between the terms and what each side could
//! ratify today for that kind of deal — an interim deal against the interim
//! demands it answered, from the status quo it started from: the unmet
//! demands that made the US leave the JCPOA in 2018; Fearon 1998 on the
//! enforcement problem). Either way the blame falls as M2 says and talks
//! cannot reopen for `talks.cooldown_weeks`; after a breakdown the target
//! enriches at its as-of level again.

use crate::assume::Assumptions;
use crate::blame;
use crate::draws::WeekDraws;
use crate::hazard::{logistic, logit};
use crate::params::{ModelParams, Settings};
use crate::roles::Slot;
use crate::state::{Context, DealTerms, Event, Observer, RunState, Talks};
use crate::strategy::Cause;
use redline_bargain::winset::{Interval, capped_gap, captured_share, overlap_into, settle};

/// Largest value on an open-ended dimension (kg of stockpile).
const UNBOUNDED: f64 = f64::INFINITY;

/// Weapon grade, % U-235: the top of the enrichment dimension.
const WEAPON_GRADE: f64 = 90.0;

/// Which way the leader wants each dimension to go: more enrichment, more
/// stockpile, less access, more relief.
const LEADER_WANTS_MORE: [bool; 4] = [true, true, false, true];

/// The coercer's interim demand on a dimension it wants rolled back: σ of
/// the way from the status quo to its demand (none if it asks no rollback).
fn rollback(now: f64, demand: f64, share: f64) -> f64 {
    if demand >= now {
        demand
    } else {
        now - share * (now - demand)
    }
}

/// Where a deal between `leader` and `coercer` settles, with the leader's
/// captured share per dimension (Putnam): meaningful when the zone overlaps.
fn terms(
    leader: &[Interval; 4],
    coercer: &[Interval; 4],
    ranges: &[Interval; 4],
    zone: &[Interval; 4],
) -> (DealTerms, [f64; 4]) {
    let mut point = [0.0; 4];
    let mut share = [0.0; 4];
    for d in 0..4 {
        share[d] = captured_share(&leader[d], &coercer[d], &ranges[d]);
        point[d] = settle(&zone[d], share[d], LEADER_WANTS_MORE[d]);
    }
    (
        DealTerms {
            enrichment_percent: point[0],
            stockpile_kg: point[1],
            access: point[2],
            relief: point[3],
        },
        share,
    )
}

/// The terms as points, one interval per dimension.
fn points(t: &DealTerms) -> [Interval; 4] {
    [
        Interval::new(t.enrichment_percent, t.enrichment_percent),
        Interval::new(t.stockpile_kg, t.stockpile_kg),
        Interval::new(t.access, t.access),
        Interval::new(t.relief, t.relief),
    ]
}

/// The sides' win-sets this week, whether they overlap, where deals would
/// settle, and what the deal in force leaves unmet.
pub fn deal_zone(s: &RunState, p: &ModelParams, c: &mut Context) {
    let i = &p.issues;
    let pressure = (s.econ_pressure + c.deadline + c.threat) / 3.0;
    let relax = (1.0 - c.firmness) * i.relax_max * pressure.clamp(0.0, 1.0);
    let leader = [
        Interval::new(i.leader_enrichment_floor * (1.0 - relax), WEAPON_GRADE),
        Interval::new(i.leader_stockpile_floor * (1.0 - relax), UNBOUNDED),
        Interval::new(
            0.0,
            i.leader_access_ceiling + (1.0 - i.leader_access_ceiling) * relax,
        ),
        Interval::new(i.leader_relief_floor * (1.0 - relax), 1.0),
    ];
    // Trust moves the coercer's demands toward the leader's, and so does the
    // target's latency, its leverage (Volpe 2017): w / (1 + w), w weapons' worth.
    let worth = crate::latency::weapons_worth(s, p);
    let give =
        (i.counterpart_relax * s.trust + i.latency_leverage * worth / (1.0 + worth)).min(1.0);
    let toward = |own: f64, target: f64| {
        if own < target {
            own + (target - own) * give
        } else {
            own
        }
    };
    let relief_offer = p.strategy.relief_ceiling[s.play.index()] * s.relief_leverage;
    let coercer = [
        Interval::new(0.0, toward(i.coercer_enrichment_demand, leader[0].lower)),
        Interval::new(0.0, toward(i.counterpart_stockpile_cap, leader[1].lower)),
        Interval::new(
            i.counterpart_access_floor
                - (i.counterpart_access_floor - leader[2].upper).max(0.0) * give,
            1.0,
        ),
        Interval::new(
            0.0,
            toward(relief_offer, leader[3].lower).min(s.relief_leverage),
        ),
    ];
    // The issue's range of possible agreements on each dimension.
    let ranges = [
        Interval::new(
            0.0,
            s.enrichment_percent
                .max(leader[0].lower)
                .max(coercer[0].upper),
        ),
        Interval::new(
            0.0,
            s.stockpile_kg.max(leader[1].lower).max(coercer[1].upper),
        ),
        Interval::new(0.0, 1.0),
        Interval::new(0.0, 1.0),
    ];
    let mut zone = [Interval::default(); 4];
    c.full_zone = overlap_into(&leader, &coercer, &mut zone);
    c.gap = capped_gap(&leader, &coercer, &i.gap_scale);
    (c.full_terms, c.leader_share) = terms(&leader, &coercer, &ranges, &zone);

    // An interim deal: each side asks σ of what it asks of the other.
    let sigma = i.interim_scale;
    let (interim_leader, interim_coercer) = interim_sets(
        &leader,
        &coercer,
        s.enrichment_percent,
        s.stockpile_kg,
        sigma,
    );
    c.interim_zone = overlap_into(&interim_leader, &interim_coercer, &mut zone);
    c.interim_gap = capped_gap(&interim_leader, &interim_coercer, &i.gap_scale);
    c.interim_terms = terms(&interim_leader, &interim_coercer, &ranges, &zone).0;

    // What the deal in force leaves unmet: its terms against what each side
    // could ratify today for that kind of deal (an interim deal against the
    // interim demands it answered, from the status quo it started from).
    if s.talks.deal() {
        let agreed = points(&s.deal_terms);
        let (l, k) = if s.talks == Talks::Interim {
            interim_sets(
                &leader,
                &coercer,
                s.deal_status_quo.0,
                s.deal_status_quo.1,
                sigma,
            )
        } else {
            (leader, coercer)
        };
        c.coercer_unmet = capped_gap(&agreed, &k, &i.gap_scale);
        c.target_unmet = capped_gap(&agreed, &l, &i.gap_scale);
    }
}

/// The interim win-sets, from the comprehensive ones and the status quo
/// (enrichment level `e0`, stockpile `s0`): each side asks the share `sigma`
/// of what it asks of the other, and a freeze asks nothing the leader does
/// not have.
fn interim_sets(
    leader: &[Interval; 4],
    coercer: &[Interval; 4],
    e0: f64,
    s0: f64,
    sigma: f64,
) -> ([Interval; 4], [Interval; 4]) {
    (
        [
            Interval::new(leader[0].lower.min(e0), leader[0].upper),
            Interval::new(leader[1].lower.min(s0), leader[1].upper),
            leader[2],
            Interval::new(leader[3].lower * sigma, 1.0),
        ],
        [
            Interval::new(0.0, rollback(e0, coercer[0].upper, sigma)),
            Interval::new(0.0, rollback(s0, coercer[1].upper, sigma)),
            Interval::new(coercer[2].lower * sigma, 1.0),
            coercer[3],
        ],
    )
}

/// The log-odds that talks climb to `next` this week (the ladder's hazard).
fn advance_logit(s: &RunState, p: &ModelParams, c: &Context, next: Talks, stages: f64) -> f64 {
    let t = &p.talks;
    let r = &t.reference;
    // The rungs of substance are judged against the zone of the deal they
    // lead to: a framework and an interim deal against the interim zone, in
    // the shadow of the final status; the comprehensive deal against its own
    // zone. Acknowledging talks and meeting face to face are procedural: the
    // zone does not enter them.
    let (zone, gap, shadow) = match next {
        Talks::Framework | Talks::Interim => (
            f64::from(u8::from(c.interim_zone)) - r.zone,
            c.interim_gap - r.gap,
            c.gap - r.final_gap,
        ),
        Talks::Comprehensive => (
            f64::from(u8::from(c.full_zone)) - r.zone,
            c.gap - r.gap,
            0.0,
        ),
        _ => (0.0, 0.0, 0.0),
    };
    // Acknowledging talks exposes the leader to the blame of their collapse
    // under his present stance (M2): the standing he would lose.
    let exposure = if next == Talks::Indirect {
        let (_, leader_change) = blame::shares(s.stance, p.blame.collapse_cost, p);
        (-leader_change).max(0.0) - r.public_blame
    } else {
        0.0
    };
    logit(1.0 / (t.weeks_per_stage * stages).max(1.0)) + t.advance_zone * zone
        - t.advance_gap * gap
        - t.advance_final_gap * shadow
        - t.advance_public_blame * exposure
        + t.advance_leverage * (s.relief_leverage - r.leverage)
        + t.advance_deadline * (c.deadline - r.deadline)
        + t.advance_cooperation * (c.cooperation - r.cooperation)
        + t.advance_capital * (s.negotiator_capital - r.capital)
        + (p.strategy.openness[s.play.index()] - r.openness)
}

/// Advances, collapses, concludes or breaks down talks and deals this week.
#[allow(
    clippy::too_many_arguments,
    reason = "each mechanism takes the week's inputs explicitly"
)]
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    settings: &Settings,
    c: &mut Context,
    d: &WeekDraws,
    struck_this_week: bool,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    let t = &p.talks;
    if s.cooldown_weeks > 0.0 {
        s.cooldown_weeks -= 1.0;
    }
    force_assumed(s, p, c, assumptions, obs);
    let struck = f64::from(u8::from(struck_this_week));
    let hostility = 0.5 * (s.target_hostility() + s.coercer_hostility());
    if s.talks.deal() {
        // A deal in force can break down (the week's end-of-talks draw),
        // and a week that breaks it does not also upgrade it.
        let g = &p.deals;
        let x = logit(g.breakdown_weekly)
            + g.breakdown_hostility * (hostility - t.reference.hostility)
            + g.breakdown_coercer_unmet * c.coercer_unmet
            + g.breakdown_target_unmet * c.target_unmet
            + g.breakdown_strike * struck;
        if d.collapse < logistic(x) {
            let deal = s.talks;
            blame::breakdown(s, p, deal, obs);
            s.failed_diplomacy = 1.0;
            s.plan_events |= Cause::Collapse.bit();
            s.talks = Talks::None;
            s.cooldown_weeks = t.cooldown_weeks;
            s.enrichment_percent = p.initial.enrichment_percent;
            return;
        }
    } else if s.talks.negotiating() {
        // Collapse first: a week that breaks talks does not also advance them.
        let x = logit(t.collapse_weekly)
            + t.collapse_hostility * (hostility - t.reference.hostility)
            + t.collapse_gap * (c.interim_gap - t.reference.gap)
            + t.collapse_strike * struck
            + t.collapse_war * f64::from(u8::from(s.at_war));
        if d.collapse < logistic(x) {
            blame::collapse(s, p, obs);
            s.failed_diplomacy = 1.0;
            s.plan_events |= Cause::Collapse.bit();
            s.talks = Talks::None;
            s.cooldown_weeks = t.cooldown_weeks;
            return;
        }
    } else {
        return;
    }

    let Some(climb) = crate::formats::climb(s, p, settings, c) else {
        return;
    };
    let (next, allowed) = (climb.next, climb.allowed);
    let hazard = allowed.then(|| logistic(advance_logit(s, p, c, next, climb.stages)));
    c.advance_hazard = hazard;
    let natural = hazard.is_some_and(|h| d.advance < h);
    let outcome = match next {
        Talks::Indirect => Some(Slot::TalksPublic),
        Talks::Interim => Some(Slot::InterimDeal),
        Talks::Comprehensive => Some(Slot::ComprehensiveDeal),
        _ => None,
    };
    let advance = match outcome {
        Some(o) => assumptions.decide(o, s.week, natural),
        None => natural,
    };
    if advance {
        reach(s, p, c, next, obs);
    }
}

/// Moves talks to `rung`, recording outcomes, setting a deal's terms and
/// crediting it.
fn reach<O: Observer>(s: &mut RunState, p: &ModelParams, c: &Context, rung: Talks, obs: &mut O) {
    s.talks = rung;
    crate::formats::enter(s, rung);
    obs.event(s.week, Event::TalksAdvanced(rung));
    if rung >= Talks::Indirect {
        s.record(Slot::TalksPublic);
    }
    if rung.deal() {
        s.record(if rung == Talks::Interim {
            Slot::InterimDeal
        } else {
            Slot::ComprehensiveDeal
        });
        s.deal_terms = if rung == Talks::Interim {
            c.interim_terms
        } else {
            c.full_terms
        };
        s.deal_status_quo = (s.enrichment_percent, s.stockpile_kg);
        s.enrichment_percent = s.enrichment_percent.min(s.deal_terms.enrichment_percent);
        obs.event(s.week, Event::DealTerms(s.deal_terms));
        s.plan_events |= Cause::Deal.bit();
        blame::deal(s, p, obs);
    }
}

/// Applies `--assume` for the talks outcomes in their week: the ladder
/// climbs to each forced rung in turn (so a deal forced from below records
/// public talks in the same week, and an interim deal forced with a
/// comprehensive one is recorded before it). Secret talks open in M3; the
/// stance and permission a forced rung needs were given in M1.
fn force_assumed<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    c: &Context,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    for (outcome, rung) in assumptions.forced_rungs(s.week) {
        if rung >= Talks::Indirect && s.talks < rung {
            obs.event(s.week, Event::Assumed(outcome));
            reach(s, p, c, rung, obs);
        }
    }
}
