//! One call per source of evidence, for `redline calibrate`: event file →
//! M8 reciprocity fragment; red-line record → M1 credibility fragment.
//! Both return located [`InputError`]s for bad input.

use crate::credibility;
use crate::events::{ReadOptions, read_path};
use crate::fragment::Fragment;
use crate::reciprocity::{self, ReciprocityOptions};
use crate::series::{Period, SeriesBuilder};
use redline_core::InputError;
use std::path::Path;

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

/// The M8 fragment from an event file (any format the readers detect): in
/// the crisis model's keys (`reciprocity.iran_response`, …) when one side of
/// the dyad is IRN, otherwise the generic `reciprocity.<a>_answers_<b>` keys.
pub fn reciprocity_fragment(
    events: &Path,
    options: &CalibrateOptions,
) -> Result<Fragment, InputError> {
    let origin = events.display().to_string();
    let (a, b) = &options.dyad;
    let mut builder = SeriesBuilder::new(options.period, None, None).only_pair(a, b);
    read_path(events, &ReadOptions::new(origin.clone()), |e| {
        builder.add(e)
    })?;
    let series = builder.finish();
    let estimate =
        reciprocity::estimate(&series[0], &series[1], &options.reciprocity).map_err(|e| {
            InputError::new(&origin, format!("cannot estimate a VAR for {a},{b}: {e}"))
                .hint("a longer file or a shorter period may help")
        })?;
    let period = options.period.name();
    Ok(estimate
        .crisis_fragment(&origin, period)
        .unwrap_or_else(|| estimate.fragment(&origin, period)))
}

/// The M1 fragment from a red-line record (`None`: the shipped US–Iran
/// record): `leader.firmness` from the actor's `talks` red lines.
pub fn credibility_fragment(
    record: Option<&Path>,
    options: &CalibrateOptions,
) -> Result<Fragment, InputError> {
    let (records, origin) = credibility::read_record(record)?;
    let prior = (1.0, 1.0);
    let groups = credibility::beta_binomial(&records, prior, options.level);
    credibility::crisis_fragment(
        &groups,
        &options.actor,
        "talks",
        prior,
        options.level,
        &origin,
    )
    .ok_or_else(|| {
        InputError::new(
            &origin,
            format!("no resolved `talks` red lines of `{}`", options.actor),
        )
    })
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

    #[test]
    fn credibility_fragment_from_the_shipped_record() {
        let f = credibility_fragment(None, &CalibrateOptions::default()).unwrap();
        assert_eq!(f.entries[0].key, "leader.firmness");
        assert!(f.source.starts_with(credibility::US_IRAN_RECORD_NAME));
        let unknown = CalibrateOptions {
            actor: "XYZ".into(),
            ..CalibrateOptions::default()
        };
        assert!(credibility_fragment(None, &unknown).is_err());
    }

    #[test]
    fn reciprocity_fragment_from_a_file_and_errors_located() {
        let dir =
            std::env::temp_dir().join(format!("redline-data-calibrate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("e.csv");
        // 200 weeks: IRN repeats 0.8 of USA's previous week; USA alternates in a 5-week cycle.
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
        std::fs::write(&path, text).unwrap();
        let mut options = CalibrateOptions::default();
        options.reciprocity.replicates = 50;
        options.reciprocity.lags = Some(1);
        let f = reciprocity_fragment(&path, &options).unwrap();
        let value = |key: &str| f.entries.iter().find(|e| e.key == key).map(|e| e.value);
        // IRN has no inertia here, so ρ_I is the cross coefficient itself.
        assert!((value("reciprocity.iran_response").unwrap() - 0.8).abs() < 0.05);
        let both = f.merge(credibility_fragment(None, &options).unwrap());
        assert!(both.render().contains("leader.firmness = "));
        assert!(both.source.contains("; "));

        let missing = reciprocity_fragment(&dir.join("none.csv"), &options).unwrap_err();
        assert!(missing.message.contains("cannot open"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
