//! One call per source of evidence, for `redline calibrate`: event stream →
//! M8 reciprocity fragment; red-line record → M1 credibility fragment.
//! Both return located [`InputError`]s for bad input, and both write only
//! the crisis model's own keys ([`redline_crisis::keys`]), so that every
//! fragment they return is one `redline forecast --with` accepts (tested
//! in `tests/calibrate_fragments.rs`). Opening files is the caller's
//! business.

use crate::credibility::{self, RedLine};
use crate::events::{ReadOptions, read_events};
use crate::fragment::Fragment;
use crate::reciprocity_estimate::{self as reciprocity, ReciprocityOptions};
use crate::series::{Period, SeriesBuilder};
use redline_core::InputError;
use std::io::BufRead;

/// What to estimate.
#[derive(Clone, Debug)]
pub struct CalibrateOptions {
    /// The dyad (A, B) of the reciprocity VAR.
    pub dyad: (String, String),
    /// Period of the series.
    pub period: Period,
    /// VAR and bootstrap options.
    pub reciprocity: ReciprocityOptions,
    /// The actor whose red lines feed M1.
    pub actor: String,
    /// Interval coverage of the credibility estimates.
    pub level: f64,
}

impl Default for CalibrateOptions {
    /// USA–IRN, weekly, default VAR options, Iran's red lines, 90% intervals.
    fn default() -> Self {
        CalibrateOptions {
            dyad: ("USA".into(), "IRN".into()),
            period: Period::Week,
            reciprocity: ReciprocityOptions::default(),
            actor: "IRN".into(),
            level: 0.9,
        }
    }
}

/// The M8 fragment from an event stream (any format the readers detect;
/// `origin` names it in messages and in the fragment's source), in the
/// crisis model's keys (`reciprocity.target_response`, …). One side of the
/// dyad must be IRN: the crisis model has no keys for other dyads (`redline
/// reciprocity --format fragment` writes generic estimates for them).
pub fn reciprocity_fragment(
    events: impl BufRead,
    origin: &str,
    options: &CalibrateOptions,
) -> Result<Fragment, InputError> {
    let (a, b) = &options.dyad;
    if a != "IRN" && b != "IRN" {
        return Err(InputError::new(
            "--dyad",
            format!("`{a},{b}` has no IRN side; the crisis model's M8 keys are Iran's"),
        )
        .hint("give a dyad with IRN, or use `redline reciprocity --format fragment`"));
    }
    let mut builder = SeriesBuilder::new(options.period, None, None).only_pair(a, b);
    read_events(events, &ReadOptions::new(origin), |e| builder.add(e))?;
    let series = builder.finish(origin)?;
    let estimate =
        reciprocity::estimate(&series[0], &series[1], &options.reciprocity).map_err(|e| {
            InputError::new(origin, format!("cannot estimate a VAR for {a},{b}: {e}"))
                .hint("a longer file or a shorter period may help")
        })?;
    estimate
        .crisis_fragment(origin, options.period.name())
        .ok_or_else(|| InputError::new("--dyad", format!("`{a},{b}` has no IRN side")))
}

/// The M1 fragment from a red-line record (read with
/// [`credibility::read_record`] or [`credibility::shipped_record`]; `origin`
/// names it): `leader.firmness` from the actor's `talks` red lines.
pub fn credibility_fragment(
    records: &[RedLine],
    origin: &str,
    options: &CalibrateOptions,
) -> Result<Fragment, InputError> {
    let prior = (1.0, 1.0);
    let groups = credibility::beta_binomial(records, prior, options.level);
    credibility::crisis_fragment(
        &groups,
        &options.actor,
        "talks",
        prior,
        options.level,
        origin,
    )
    .ok_or_else(|| {
        InputError::new(
            origin,
            format!("no resolved `talks` red lines of `{}`", options.actor),
        )
    })
}

/// The fragments as the file `redline calibrate` writes: a comment saying
/// how to use it, then each fragment's `key = { value, source }` lines (each
/// estimate keeps its own source).
pub fn overlay(fragments: &[Fragment]) -> String {
    let mut text = String::from(
        "# Scenario fragment estimated by `redline calibrate`; lay it over a scenario with\n\
         # `redline forecast --with THIS_FILE`. Intervals in comments.\n",
    );
    for fragment in fragments {
        text.push_str(&fragment.render_overlay());
    }
    text
}

impl Fragment {
    /// Both fragments in one: entries concatenated, sources joined by `; `.
    pub fn merge(mut self, other: Fragment) -> Fragment {
        self.source = format!("{}; {}", self.source, other.source);
        self.entries.extend(other.entries);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credibility::{US_IRAN_RECORD_NAME, shipped_record};

    fn shipped(options: &CalibrateOptions) -> Result<Fragment, InputError> {
        credibility_fragment(&shipped_record().unwrap(), US_IRAN_RECORD_NAME, options)
    }

    #[test]
    fn credibility_fragment_from_the_shipped_record() {
        let f = shipped(&CalibrateOptions::default()).unwrap();
        assert_eq!(f.entries[0].key, "leader.firmness");
        assert!(f.source.starts_with(US_IRAN_RECORD_NAME));
        let unknown = CalibrateOptions {
            actor: "XYZ".into(),
            ..CalibrateOptions::default()
        };
        assert!(shipped(&unknown).is_err());
    }

    /// 200 weeks: IRN repeats 0.8 of USA's previous week; USA alternates in a 5-week cycle.
    pub(crate) fn cycle_events() -> String {
        let mut text = String::from("date,source,target,cameo_code,goldstein,note,source_url\n");
        let cycle = [3.0, -2.0, 1.0, -4.0, 0.5];
        for w in 0..200 {
            let day = redline_core::Date::from_ymd(2018, 1, 1)
                .unwrap()
                .add_days(7 * w);
            let usa = cycle[w as usize % 5];
            let irn = 0.8 * cycle[(w as usize + 4) % 5] + 0.1 * ((w * 7919) % 13) as f64 / 13.0;
            text.push_str(&format!(
                "{day},USA,IRN,010,{usa},,u\n{day},IRN,USA,010,{irn:.4},,u\n"
            ));
        }
        text
    }

    #[test]
    fn reciprocity_fragment_from_a_stream_and_errors_located() {
        let text = cycle_events();
        let mut options = CalibrateOptions::default();
        options.reciprocity.replicates = 50;
        options.reciprocity.lags = Some(1);
        let f = reciprocity_fragment(text.as_bytes(), "e.csv", &options).unwrap();
        let value = |key: &str| f.entries.iter().find(|e| e.key == key).map(|e| e.value);
        // IRN has no inertia here, so ρ_I is the cross coefficient itself.
        assert!((value("reciprocity.target_response").unwrap() - 0.8).abs() < 0.05);
        assert!(f.source.starts_with("e.csv"));
        let both = f.merge(shipped(&options).unwrap());
        assert!(both.render().contains("leader.firmness = "));
        assert!(both.source.contains("; "));

        let garbage =
            reciprocity_fragment("not an event file\n".as_bytes(), "g.txt", &options).unwrap_err();
        assert_eq!((garbage.origin.as_str(), garbage.line), ("g.txt", Some(1)));
        let other = CalibrateOptions {
            dyad: ("USA".into(), "ISR".into()),
            ..options
        };
        let e = reciprocity_fragment(text.as_bytes(), "e.csv", &other).unwrap_err();
        assert!(e.message.contains("IRN"), "{}", e.message);
    }
}
