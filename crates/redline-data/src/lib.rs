//! # redline-data
//!
//! The data layer of redline: it turns event records and red-line records
//! into numbers the crisis model can use.
//!
//! - [`lookup`]: the CAMEO code book, the Goldstein conflict–cooperation scale
//!   (GDELT's table and the ICEWS/Parus variant), CAMEO→PLOVER categories and
//!   country names → ISO 3166 alpha-3 codes, parsed from the project's
//!   `data/events/` tables (embedded by `redline-records`).
//! - [`csv`]: a one-line record splitter (quotes, doubled quotes, `NA`); a
//!   record never spans lines (why not the `csv` crate's reader:
//!   docs/performance/data.md).
//! - [`events`]: streaming readers (any `BufRead`) for GDELT 1.0/2.0, ICEWS and the project
//!   CSV, with format detection and malformed-row accounting.
//! - [`series`]: directed-dyad series by day, week or month, gaps filled.
//! - [`stats`], [`linalg`]: special functions (log-gamma, regularized
//!   incomplete beta, F and Beta distributions) and small dense matrices.
//! - [`var`]: vector autoregression by OLS, lag choice by AIC/BIC, Granger
//!   F tests and impulse responses with bootstrap intervals.
//! - [`reciprocity_estimate`]: "respond in kind" estimated from a dyad's series by a VAR (the
//!   data side of M8; the mechanism itself is `redline_crisis::reciprocity`).
//! - [`credibility`]: the red-line record format, Beta–binomial and logistic
//!   estimates of how often red lines held (M1).
//! - [`calibrate`]: event file → M8 fragment, red-line record → M1 fragment.
//! - [`fragment`]: estimates rendered as `key = value` scenario fragments
//!   with their source.
//! - [`scoring`]: outcome records, Brier and log scores, reliability;
//!   [`backtest`]: forecasts scored against the records, with baselines.
//!
//! Architecture invariant: this crate depends only on `redline-core`,
//! `redline-records` (the shipped records it parses), `redline-crisis` (for
//! [`redline_crisis::keys`], the parameter names calibrate writes), rayon and
//! serde; it does no I/O (readers take a [`std::io::BufRead`] and a name for
//! messages; the command line opens files), knows nothing of the command
//! line, and never panics on user input (bad input is a located
//! [`redline_core::InputError`]).
//!
//! ```
//! use redline_data::events::{read_events, ReadOptions};
//! let text = "date,source,target,cameo_code,goldstein,note,source_url\n\
//!             2013-02-07,IRN,USA,125,,rejects talks,https://example.org\n";
//! let mut codes = Vec::new();
//! let report = read_events(text.as_bytes(), &ReadOptions::new("x.csv"), |e| {
//!     codes.push((e.cameo.clone(), e.goldstein))
//! })
//! .unwrap();
//! assert_eq!(report.events, 1);
//! assert_eq!(codes, vec![("125".to_string(), -5.0)]); // GDELT table: 125 = -5.0
//! ```

pub mod backtest;
pub mod calibrate;
pub mod cmaes;
pub mod credibility;
pub mod csv;
pub mod cv;
pub mod events;
pub mod fit;
pub mod fragment;
pub mod linalg;
pub mod lookup;
pub mod reciprocity_estimate;
pub mod scoring;
pub mod series;
pub mod stats;
pub mod var;
