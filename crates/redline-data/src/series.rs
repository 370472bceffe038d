//! Directed-dyad series: events between two actors, by day, week or month.
//!
//! A directed dyad is an ordered pair (source → target): USA→IRN and IRN→USA
//! are two series. Each period holds the event count, the sum and mean of
//! Goldstein scores and the counts by quad class. Periods without events
//! are filled in (count 0, sum 0, no mean), so that every series of one
//! build covers the same consecutive periods. Weeks start on Monday (ISO
//! 8601); months on their first day.

use crate::events::Event;
use redline_core::{Date, InputError};
use std::collections::{BTreeMap, HashMap};

/// The length of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// One calendar day.
    Day,
    /// A week from Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

impl Period {
    /// Parses `day`, `week` or `month`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            _ => None,
        }
    }

    /// The name of the period.
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The index of the period containing `date` (consecutive periods have
    /// consecutive indices).
    pub fn index(self, date: Date) -> i32 {
        match self {
            Self::Day => date.days(),
            // 1970-01-05 (day 4) was a Monday.
            Self::Week => (date.days() - 4).div_euclid(7),
            Self::Month => {
                let (y, m, _) = date.ymd();
                y * 12 + m as i32 - 1
            }
        }
    }

    /// The first day of the period with this index.
    pub fn start(self, index: i32) -> Date {
        match self {
            Self::Day => Date::from_days(index),
            Self::Week => Date::from_days(index * 7 + 4),
            Self::Month => Date::from_ymd(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
                .expect("the first of a month exists"),
        }
    }
}

/// Events of one dyad in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bucket {
    /// Number of events.
    pub events: u64,
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
    /// Counts by quad class (verbal coop., material coop., verbal conflict, material conflict).
    pub quad: [u64; 4],
}

impl Bucket {
    /// Mean Goldstein score, `None` for an empty period.
    pub fn goldstein_mean(&self) -> Option<f64> {
        (self.events > 0).then(|| self.goldstein_sum / self.events as f64)
    }

    fn add(&mut self, event: &Event) {
        self.events += 1;
        self.goldstein_sum += event.goldstein;
        if let Some(q) = self
            .quad
            .get_mut(usize::from(event.quad_class).wrapping_sub(1))
        {
            *q += 1;
        }
    }
}

/// One directed dyad's series over consecutive periods.
#[derive(Clone, Debug, PartialEq)]
pub struct DyadSeries {
    /// Source actor.
    pub source: String,
    /// Target actor.
    pub target: String,
    /// Period length.
    pub period: Period,
    /// First day of each period.
    pub starts: Vec<Date>,
    /// The period's events.
    pub buckets: Vec<Bucket>,
}

impl DyadSeries {
    /// A weekly series of one event per week with the given Goldstein values,
    /// weeks starting on Monday 1970-01-05: for simulated dyads (tests,
    /// benchmarks) where only the values matter.
    pub fn weekly_from_values(source: &str, target: &str, values: &[f64]) -> DyadSeries {
        DyadSeries {
            source: source.into(),
            target: target.into(),
            period: Period::Week,
            starts: (0..values.len())
                .map(|i| Date::from_days(4 + 7 * i as i32))
                .collect(),
            buckets: values
                .iter()
                .map(|&v| Bucket {
                    events: 1,
                    goldstein_sum: v,
                    quad: [0; 4],
                })
                .collect(),
        }
    }

    /// Total events in the series.
    pub fn total_events(&self) -> u64 {
        self.buckets.iter().map(|b| b.events).sum()
    }

    /// Mean Goldstein per period, with `empty` for periods without events.
    pub fn means_or(&self, empty: f64) -> Vec<f64> {
        self.buckets
            .iter()
            .map(|b| b.goldstein_mean().unwrap_or(empty))
            .collect()
    }
}

/// The most periods a series may span: 100,000 (274 years of days). Empty
/// periods are filled in, so a file whose dates span centuries would
/// otherwise ask for gigabytes.
pub const MAX_PERIODS: i64 = 100_000;

/// The most cells (dyads × periods) all series together may hold: 20 million,
/// about a gigabyte of buckets.
pub const MAX_CELLS: u64 = 20_000_000;

/// Accumulates events into dyad series as they stream past.
#[derive(Clone, Debug)]
pub struct SeriesBuilder {
    period: Period,
    from: Option<Date>,
    to: Option<Date>,
    pair: Option<(String, String)>,
    dyads: HashMap<(String, String), BTreeMap<i32, Bucket>>,
}

impl SeriesBuilder {
    /// A builder for `period`, keeping events from `from` to `to` (inclusive).
    pub fn new(period: Period, from: Option<Date>, to: Option<Date>) -> Self {
        SeriesBuilder {
            period,
            from,
            to,
            pair: None,
            dyads: HashMap::new(),
        }
    }

    /// Keeps only the two directed dyads between `a` and `b` (a→b and b→a).
    pub fn only_pair(mut self, a: &str, b: &str) -> Self {
        self.pair = Some((a.to_string(), b.to_string()));
        self
    }

    /// Adds one event (ignored when outside the dates or the pair).
    pub fn add(&mut self, event: &Event) {
        if self.from.is_some_and(|f| event.date < f) || self.to.is_some_and(|t| event.date > t) {
            return;
        }
        if let Some((a, b)) = &self.pair {
            let forward = event.source == *a && event.target == *b;
            let backward = event.source == *b && event.target == *a;
            if !(forward || backward) {
                return;
            }
        }
        let key = (event.source.clone(), event.target.clone());
        let index = self.period.index(event.date);
        self.dyads
            .entry(key)
            .or_default()
            .entry(index)
            .or_default()
            .add(event);
    }

    /// The series, busiest first (ties by name), all over the same periods:
    /// from `from` (or the first event) to `to` (or the last event). With
    /// [`only_pair`](Self::only_pair), both directions are returned (a→b
    /// first), even when one has no events.
    ///
    /// Refuses (with what to do about it) a span of more than
    /// [`MAX_PERIODS`] periods, or more than [`MAX_CELLS`] cells in all.
    pub fn finish(self, origin: &str) -> Result<Vec<DyadSeries>, InputError> {
        Ok(self
            .finish_sparse(origin)?
            .into_iter()
            .map(SparseSeries::into_dense)
            .collect())
    }

    /// The same series as [`finish`](Self::finish), in the same order, with
    /// only the periods that have events held in memory: the empty ones are
    /// filled in as [`SparseSeries::periods`] walks the span. For output,
    /// whose size grows with dyads × periods while the events may be few.
    pub fn finish_sparse(mut self, origin: &str) -> Result<Vec<SparseSeries>, InputError> {
        if let Some((a, b)) = &self.pair {
            self.dyads.entry((a.clone(), b.clone())).or_default();
            self.dyads.entry((b.clone(), a.clone())).or_default();
        }
        let first = self.from.map(|d| self.period.index(d)).or_else(|| {
            self.dyads
                .values()
                .filter_map(|m| m.keys().next())
                .min()
                .copied()
        });
        let last = self.to.map(|d| self.period.index(d)).or_else(|| {
            self.dyads
                .values()
                .filter_map(|m| m.keys().next_back())
                .max()
                .copied()
        });
        let (first, last) = match (first, last) {
            (Some(f), Some(l)) if f <= l => (f, l),
            _ => (0, -1),
        };
        let periods = i64::from(last) - i64::from(first) + 1;
        if periods > MAX_PERIODS
            || (periods.max(0) as u64).saturating_mul(self.dyads.len() as u64) > MAX_CELLS
        {
            return Err(InputError::new(
                origin,
                format!(
                    "the events span {periods} periods of a {} ({} to {}) over {} dyads: more than \
                     {MAX_PERIODS} periods or {MAX_CELLS} cells in all",
                    self.period.name(),
                    self.period.start(first),
                    self.period.start(last),
                    self.dyads.len()
                ),
            )
            .hint("keep a span with --from/--to, one dyad with --dyad, or a longer --period"));
        }
        let period = self.period;
        let mut out: Vec<SparseSeries> = self
            .dyads
            .into_iter()
            .map(|((source, target), map)| {
                // Events outside the span (before `from`, after `to`) were never added.
                let cells: Vec<(i32, Bucket)> = map.into_iter().collect();
                SparseSeries {
                    events: cells.iter().map(|(_, b)| b.events).sum(),
                    source,
                    target,
                    period,
                    first,
                    last,
                    cells,
                }
            })
            .collect();
        let pair = self.pair;
        out.sort_by(|x, y| {
            let rank = |s: &SparseSeries| match &pair {
                Some((a, _)) => usize::from(s.source != *a),
                None => 0,
            };
            rank(x)
                .cmp(&rank(y))
                .then(y.events.cmp(&x.events))
                .then((&x.source, &x.target).cmp(&(&y.source, &y.target)))
        });
        Ok(out)
    }
}

/// One directed dyad's series over consecutive periods, holding only the
/// periods with events: memory grows with the events, not with the span.
#[derive(Clone, Debug, PartialEq)]
pub struct SparseSeries {
    /// Source actor.
    pub source: String,
    /// Target actor.
    pub target: String,
    /// Period length.
    pub period: Period,
    first: i32,
    last: i32,
    /// The periods with events, by period index, in order.
    cells: Vec<(i32, Bucket)>,
    events: u64,
}

impl SparseSeries {
    /// Total events in the series.
    pub fn total_events(&self) -> u64 {
        self.events
    }

    /// Number of periods in the span, empty ones included.
    pub fn len(&self) -> usize {
        usize::try_from(i64::from(self.last) - i64::from(self.first) + 1).unwrap_or(0)
    }

    /// True when the span has no periods (no events and no dates given).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every period of the span with its first day, the empty ones filled in
    /// (count 0, sum 0, no mean).
    pub fn periods(&self) -> impl Iterator<Item = (Date, Bucket)> + '_ {
        let mut cells = self.cells.iter().peekable();
        (self.first..=self.last).map(move |index| {
            let bucket = match cells.peek() {
                Some((i, b)) if *i == index => {
                    cells.next();
                    *b
                }
                _ => Bucket::default(),
            };
            (self.period.start(index), bucket)
        })
    }

    /// The series with every period held ([`DyadSeries`]), for estimates
    /// that need the whole of it.
    pub fn into_dense(self) -> DyadSeries {
        let (starts, buckets) = self.periods().unzip();
        DyadSeries {
            source: self.source,
            target: self.target,
            period: self.period,
            starts,
            buckets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    fn event(date: Date, s: &str, t: &str, g: f64, q: u8) -> Event {
        Event {
            line: 0,
            date,
            source: s.into(),
            target: t.into(),
            cameo: "010".into(),
            goldstein: g,
            quad_class: q,
        }
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        // 2025-02-07 was a Friday; its week began Monday 2025-02-03.
        let w = Period::Week.index(day(2025, 2, 7));
        assert_eq!(Period::Week.start(w), day(2025, 2, 3));
        assert_eq!(Period::Week.index(day(2025, 2, 9)), w); // Sunday
        assert_eq!(Period::Week.index(day(2025, 2, 10)), w + 1); // Monday
        let m = Period::Month.index(day(2024, 12, 31));
        assert_eq!(Period::Month.start(m + 1), day(2025, 1, 1));
        assert_eq!(
            Period::Day.start(Period::Day.index(day(2000, 2, 29))),
            day(2000, 2, 29)
        );
    }

    #[test]
    fn gaps_are_filled_and_both_directions_share_periods() {
        let mut b = SeriesBuilder::new(Period::Week, None, None).only_pair("USA", "IRN");
        b.add(&event(day(2025, 2, 3), "USA", "IRN", -4.0, 3));
        b.add(&event(day(2025, 2, 4), "USA", "IRN", -2.0, 4));
        b.add(&event(day(2025, 2, 19), "IRN", "USA", 3.0, 1));
        b.add(&event(day(2025, 2, 19), "IRN", "ISR", -9.0, 4)); // not in the pair
        let s = b.finish("test").expect("a short span");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].source.as_str(), s[0].target.as_str()), ("USA", "IRN"));
        assert_eq!(
            s[0].starts,
            [day(2025, 2, 3), day(2025, 2, 10), day(2025, 2, 17)]
        );
        assert_eq!(s[0].buckets[0].events, 2);
        assert_eq!(s[0].buckets[0].goldstein_sum, -6.0);
        assert_eq!(s[0].buckets[0].goldstein_mean(), Some(-3.0));
        assert_eq!(s[0].buckets[0].quad, [0, 0, 1, 1]);
        assert_eq!(s[0].buckets[1].goldstein_mean(), None);
        assert_eq!(s[1].means_or(0.0), [0.0, 0.0, 3.0]);
    }

    #[test]
    fn date_limits_and_busiest_first() {
        let mut b = SeriesBuilder::new(Period::Day, Some(day(2020, 1, 2)), Some(day(2020, 1, 3)));
        b.add(&event(day(2020, 1, 1), "A", "B", 1.0, 1)); // before `from`
        b.add(&event(day(2020, 1, 2), "A", "B", 1.0, 1));
        b.add(&event(day(2020, 1, 2), "C", "D", 1.0, 1));
        b.add(&event(day(2020, 1, 3), "C", "D", 1.0, 1));
        b.add(&event(day(2020, 1, 4), "C", "D", 1.0, 1)); // after `to`
        let s = b.finish("test").expect("a short span");
        assert_eq!(s[0].source, "C");
        assert_eq!(s[0].total_events(), 2);
        assert_eq!(s[1].total_events(), 1);
        assert_eq!(s[1].starts.len(), 2);
    }

    #[test]
    fn sparse_series_fill_the_same_periods_as_dense_ones() {
        let mut b = SeriesBuilder::new(Period::Day, None, Some(day(2020, 1, 9)));
        b.add(&event(day(2020, 1, 2), "A", "B", 1.0, 1));
        b.add(&event(day(2020, 1, 2), "A", "B", 3.0, 2));
        b.add(&event(day(2020, 1, 5), "A", "B", -1.0, 4));
        b.add(&event(day(2020, 1, 7), "C", "D", 2.0, 1));
        let sparse = b.clone().finish_sparse("test").expect("a short span");
        let dense = b.finish("test").expect("a short span");
        assert_eq!(sparse.len(), dense.len());
        for (s, d) in sparse.iter().zip(&dense) {
            assert_eq!((&s.source, &s.target), (&d.source, &d.target));
            // From the first event to `to`, gaps filled: eight days.
            assert_eq!(s.len(), 8);
            assert_eq!(s.total_events(), d.total_events());
            let (starts, buckets): (Vec<Date>, Vec<Bucket>) = s.periods().unzip();
            assert_eq!(starts, d.starts);
            assert_eq!(buckets, d.buckets);
        }
        // Only the days with events are held.
        assert_eq!(sparse[0].cells.len(), 2);
        assert_eq!(sparse[0].periods().nth(3).map(|(_, b)| b.events), Some(1));
    }
}
