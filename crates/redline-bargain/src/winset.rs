//! Win-sets and their overlap (Putnam's two-level game).
//!
//! Putnam (1988, "Diplomacy and Domestic Politics: The Logic of Two-Level
//! Games", *International Organization* 42(3)) calls the set of agreements
//! that a side could ratify at home its *win-set*; an agreement is possible
//! only where the sides' win-sets overlap, and the smaller a side's win-set,
//! the more it can demand of the other. Here a win-set is a box: one
//! acceptable interval per issue dimension (enrichment level, stockpile,
//! inspections, sanctions relief…), so the overlap of several win-sets is the
//! box of the per-dimension intersections, empty if any intersection is.
//!
//! Where in the overlap an agreement lands is Putnam's second claim: "the
//! larger the perceived win-set of a negotiator, the more he can be 'pushed
//! around' by the other side" — a side whose ratifiers accept less captures
//! more of the joint gains, at the price of a higher risk that no agreement
//! is possible at all (Schelling 1960, *The Strategy of Conflict*, ch. 2:
//! "the power to bind oneself"). [`captured_share`] and [`settle`] make that
//! a rule: on each dimension, side A captures the share |W_B| / (|W_A| + |W_B|)
//! of the overlap, where |W| is the width of a side's win-set inside the
//! issue's range.
//!
//! These functions allocate nothing, so the crisis model can call them in its
//! weekly step.

/// A closed interval `[lower, upper]` of acceptable values on one dimension.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Interval {
    /// The least acceptable value.
    pub lower: f64,
    /// The greatest acceptable value.
    pub upper: f64,
}

impl Interval {
    /// The interval `[lower, upper]` (empty when `lower > upper`).
    pub fn new(lower: f64, upper: f64) -> Self {
        Interval { lower, upper }
    }

    /// True when no value is acceptable (a NaN bound makes the interval empty).
    #[allow(
        clippy::neg_cmp_op_on_partial_ord,
        reason = "NaN bounds must read as empty"
    )]
    pub fn is_empty(&self) -> bool {
        !(self.lower <= self.upper)
    }

    /// Length of the interval (0 when empty).
    pub fn width(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.upper - self.lower
        }
    }

    /// The values acceptable in both intervals, if any.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let both = Interval::new(self.lower.max(other.lower), self.upper.min(other.upper));
        (!both.is_empty()).then_some(both)
    }

    /// The middle of the interval.
    pub fn midpoint(&self) -> f64 {
        0.5 * (self.lower + self.upper)
    }

    /// How far apart two disjoint intervals are (0 when they overlap).
    pub fn gap(&self, other: &Interval) -> f64 {
        (self.lower.max(other.lower) - self.upper.min(other.upper)).max(0.0)
    }
}

/// Writes into `zone` the overlap of the win-sets `a` and `b` (one interval
/// per dimension, in the same order) and returns true when every dimension
/// overlaps, that is when some agreement both sides could ratify exists.
///
/// `a`, `b` and `zone` must have the same length.
pub fn overlap_into(a: &[Interval], b: &[Interval], zone: &mut [Interval]) -> bool {
    debug_assert!(a.len() == b.len() && b.len() == zone.len());
    let mut all = true;
    for ((x, y), z) in a.iter().zip(b).zip(zone.iter_mut()) {
        *z = Interval::new(x.lower.max(y.lower), x.upper.min(y.upper));
        all &= !z.is_empty();
    }
    all
}

/// The overlap of any number of win-sets: the box every side could ratify,
/// or `None` when some dimension has no value acceptable to all.
pub fn overlap(win_sets: &[Vec<Interval>]) -> Option<Vec<Interval>> {
    let (first, rest) = win_sets.split_first()?;
    let mut zone = first.clone();
    for set in rest {
        if set.len() != zone.len() {
            return None;
        }
        for (z, s) in zone.iter_mut().zip(set) {
            *z = z.intersect(s)?;
        }
    }
    zone.iter().all(|z| !z.is_empty()).then_some(zone)
}

/// Sum over dimensions of how far apart the win-sets are, each dimension
/// divided by its `scale` (so that kilograms and percentages add up): 0 when
/// the sets overlap. The crisis model uses it as the distance still to close.
pub fn normalised_gap(a: &[Interval], b: &[Interval], scale: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .zip(scale)
        .map(|((x, y), s)| x.gap(y) / s)
        .sum()
}

/// Like [`normalised_gap`], but each dimension counts at most one unit: a
/// dimension more than its scale apart is simply unresolved, and one such
/// dimension cannot outweigh all the others.
pub fn capped_gap(a: &[Interval], b: &[Interval], scale: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .zip(scale)
        .map(|((x, y), s)| (x.gap(y) / s).min(1.0))
        .sum()
}

/// The share of the overlap on one dimension that side `a` captures
/// (Putnam 1988): |W_b| / (|W_a| + |W_b|), where |W| is the width of a side's
/// win-set clipped to `range`, the range of possible agreements. The
/// smaller `a`'s win-set, the larger its share. ½ when both are points (or
/// empty) inside the range.
pub fn captured_share(a: &Interval, b: &Interval, range: &Interval) -> f64 {
    let width =
        |w: &Interval| Interval::new(w.lower.max(range.lower), w.upper.min(range.upper)).width();
    let (wa, wb) = (width(a), width(b));
    if wa + wb > 0.0 { wb / (wa + wb) } else { 0.5 }
}

/// The agreement on one dimension: the point of `zone` that gives the side
/// wanting more (`a_wants_more`) or less of it `share` of the zone's width,
/// measured from the end it likes least. An empty zone gives its midpoint.
pub fn settle(zone: &Interval, share: f64, a_wants_more: bool) -> f64 {
    if zone.is_empty() {
        return zone.midpoint();
    }
    let share = share.clamp(0.0, 1.0);
    if a_wants_more {
        zone.lower + share * zone.width()
    } else {
        zone.upper - share * zone.width()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_the_per_dimension_intersection() {
        // Enrichment (%), inspections (share of access): one side accepts 0–3.67 % and
        // 0.8–1 access, the other 3.67–20 % and 0–0.9 access.
        let us = vec![Interval::new(0.0, 3.67), Interval::new(0.8, 1.0)];
        let iran = vec![Interval::new(3.67, 20.0), Interval::new(0.0, 0.9)];
        let zone = overlap(&[us.clone(), iran.clone()]).expect("they touch");
        assert_eq!(
            zone,
            vec![Interval::new(3.67, 3.67), Interval::new(0.8, 0.9)]
        );
        let mut out = [Interval::new(0.0, 0.0); 2];
        assert!(overlap_into(&us, &iran, &mut out));
        assert_eq!(out.to_vec(), zone);
    }

    #[test]
    fn one_disjoint_dimension_empties_the_zone() {
        let a = vec![Interval::new(0.0, 1.0), Interval::new(0.0, 1.0)];
        let b = vec![Interval::new(0.5, 2.0), Interval::new(1.5, 2.0)];
        assert_eq!(overlap(&[a.clone(), b.clone()]), None);
        let mut out = [Interval::new(0.0, 0.0); 2];
        assert!(!overlap_into(&a, &b, &mut out));
        assert!((normalised_gap(&a, &b, &[1.0, 0.25]) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn a_capped_gap_counts_each_dimension_at_most_once() {
        let a = [Interval::new(0.0, 1.0), Interval::new(0.0, 1.0)];
        let b = [Interval::new(11.0, 12.0), Interval::new(1.5, 2.0)];
        // 10 apart on a scale of 1 counts 1; 0.5 apart on a scale of 1 counts 0.5.
        assert!((capped_gap(&a, &b, &[1.0, 1.0]) - 1.5).abs() < 1e-12);
        assert!((normalised_gap(&a, &b, &[1.0, 1.0]) - 10.5).abs() < 1e-12);
    }

    #[test]
    fn the_smaller_win_set_captures_more_of_the_zone() {
        // Range 0–10; A accepts 2–10 (width 8), B 0–4 (width 4): A captures
        // 4/12 = 1/3 of the overlap 2–4, so the agreement is 2 + 2/3.
        let range = Interval::new(0.0, 10.0);
        let (a, b) = (Interval::new(2.0, 10.0), Interval::new(0.0, 4.0));
        let share = captured_share(&a, &b, &range);
        assert!((share - 1.0 / 3.0).abs() < 1e-12);
        let zone = a.intersect(&b).expect("overlap");
        assert!((settle(&zone, share, true) - (2.0 + 2.0 / 3.0)).abs() < 1e-12);
        // B's share, measured from its own end, lands on the same point.
        let share_b = captured_share(&b, &a, &range);
        assert!((settle(&zone, share_b, false) - (2.0 + 2.0 / 3.0)).abs() < 1e-12);
        // Points: even split.
        let p = Interval::new(3.0, 3.0);
        assert_eq!(captured_share(&p, &p, &range), 0.5);
    }

    #[test]
    fn nan_bounds_count_as_empty() {
        assert!(Interval::new(f64::NAN, 1.0).is_empty());
    }
}
