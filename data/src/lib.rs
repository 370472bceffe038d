//! # redline-records
//!
//! The curated records shipped with redline, embedded as text: this crate is
//! the `data/` folder, and the one owner of its files. It parses nothing
//! (`redline-data` does) and depends on nothing.
//!
//! - [`events`]: the lookup tables of `data/events/` (CAMEO codes and
//!   Goldstein scores, CAMEO→PLOVER, country names).
//! - [`redlines`]: the US–Iran red-line record of `data/redlines/`.
//! - [`outcomes`]: what happened after each historical case's as-of date,
//!   `data/outcomes/`. Only the backtest reads these: the crisis model never
//!   depends on this crate, so no scenario can see its own future.
//!
//! ```
//! assert!(redline_records::events::CAMEO.starts_with("code\t"));
//! assert_eq!(redline_records::outcomes::RECORDS.len(), 25);
//! ```

/// Event-data lookup tables (`data/events/`; sources in `data/events/SOURCES.md`).
pub mod events {
    /// `data/events/cameo.tsv`: CAMEO code, Goldstein (GDELT), Goldstein (Parus), description.
    pub const CAMEO: &str = include_str!("../events/cameo.tsv");
    /// `data/events/cameo-plover.tsv`: CAMEO code → PLOVER category.
    pub const CAMEO_PLOVER: &str = include_str!("../events/cameo-plover.tsv");
    /// `data/events/countries.tsv`: country names → ISO 3166 alpha-3 codes.
    pub const COUNTRIES: &str = include_str!("../events/countries.tsv");
}

/// Red-line records (`data/redlines/`; format in `data/redlines/README.md`).
pub mod redlines {
    /// The path of the shipped US–Iran record from the repository root, for
    /// messages and sources.
    pub const US_IRAN_PATH: &str = "data/redlines/us-iran-2025-02-07.csv";
    /// The shipped US–Iran red-line record (to 7 February 2025).
    pub const US_IRAN: &str = include_str!("../redlines/us-iran-2025-02-07.csv");
}

/// Recorded outcomes of the historical cases (`data/outcomes/`; format in
/// `data/outcomes/README.md`). Read only by the backtest.
pub mod outcomes {
    /// One record per scored scenario: (scenario id, CSV text). The file is
    /// `data/outcomes/<id>.csv`.
    pub const RECORDS: &[(&str, &str)] = &[
        (
            "iran-2013-02-07",
            include_str!("../outcomes/iran-2013-02-07.csv"),
        ),
        (
            "iran-2018-05-08",
            include_str!("../outcomes/iran-2018-05-08.csv"),
        ),
        (
            "iran-2019-06-20",
            include_str!("../outcomes/iran-2019-06-20.csv"),
        ),
        (
            "iran-2021-01-20",
            include_str!("../outcomes/iran-2021-01-20.csv"),
        ),
        (
            "iran-2024-02-07",
            include_str!("../outcomes/iran-2024-02-07.csv"),
        ),
        (
            "iraq-1980-10-01",
            include_str!("../outcomes/iraq-1980-10-01.csv"),
        ),
        (
            "north-korea-1993-02-25",
            include_str!("../outcomes/north-korea-1993-02-25.csv"),
        ),
        (
            "north-korea-2002-10-16",
            include_str!("../outcomes/north-korea-2002-10-16.csv"),
        ),
        (
            "north-korea-2006-06-20",
            include_str!("../outcomes/north-korea-2006-06-20.csv"),
        ),
        (
            "north-korea-2009-04-14",
            include_str!("../outcomes/north-korea-2009-04-14.csv"),
        ),
        (
            "north-korea-2012-12-12",
            include_str!("../outcomes/north-korea-2012-12-12.csv"),
        ),
        (
            "north-korea-2015-12-10",
            include_str!("../outcomes/north-korea-2015-12-10.csv"),
        ),
        (
            "syria-2007-01-01",
            include_str!("../outcomes/syria-2007-01-01.csv"),
        ),
        (
            "syria-2013-03-19",
            include_str!("../outcomes/syria-2013-03-19.csv"),
        ),
        (
            "iraq-1998-08-05",
            include_str!("../outcomes/iraq-1998-08-05.csv"),
        ),
        (
            "iraq-2002-09-12",
            include_str!("../outcomes/iraq-2002-09-12.csv"),
        ),
        (
            "iran-2003-02-21",
            include_str!("../outcomes/iran-2003-02-21.csv"),
        ),
        (
            "iran-2006-01-10",
            include_str!("../outcomes/iran-2006-01-10.csv"),
        ),
        (
            "iran-2009-09-25",
            include_str!("../outcomes/iran-2009-09-25.csv"),
        ),
        (
            "iran-2011-11-08",
            include_str!("../outcomes/iran-2011-11-08.csv"),
        ),
        (
            "iran-2014-11-24",
            include_str!("../outcomes/iran-2014-11-24.csv"),
        ),
        (
            "iran-2020-01-03",
            include_str!("../outcomes/iran-2020-01-03.csv"),
        ),
        (
            "north-korea-1994-03-21",
            include_str!("../outcomes/north-korea-1994-03-21.csv"),
        ),
        (
            "libya-2003-03-20",
            include_str!("../outcomes/libya-2003-03-20.csv"),
        ),
        (
            "north-korea-2017-08-08",
            include_str!("../outcomes/north-korea-2017-08-08.csv"),
        ),
    ];
}
