//! Lookup tables: CAMEO codes, Goldstein scores, PLOVER categories, countries.
//!
//! The tables live in the project's `data/events/` folder (rebuilt from their
//! public sources by `scripts/data/build_lookups.py`; sources in
//! `data/events/SOURCES.md`) and are embedded at compile time by
//! `redline-records`, the crate that owns that folder.
//!
//! CAMEO codes are strings: `"010"` and `"10"` are different codes, and the
//! leading zero of the 01–09 roots is part of the code (Gerner, Schrodt,
//! Yilmaz & Abu-Jabr 2002; Schrodt 2012, *CAMEO Conflict and Mediation Event
//! Observations Event and Actor Codebook*).

use std::collections::HashMap;
use std::sync::OnceLock;

const CAMEO_TSV: &str = redline_records::events::CAMEO;
const PLOVER_TSV: &str = redline_records::events::CAMEO_PLOVER;
const COUNTRIES_TSV: &str = redline_records::events::COUNTRIES;

/// Which Goldstein table scores a CAMEO code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoldsteinTable {
    /// GDELT's `CAMEO.goldsteinscale.txt`.
    Gdelt,
    /// The Parus Analytics CAMEO page as used by ICEWS ("Intensity"): differs
    /// from GDELT on 016, 022, 164, 165 and adds 1213.
    Parus,
}

impl GoldsteinTable {
    /// Parses `gdelt` or `parus` (also `icews`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "gdelt" => Some(Self::Gdelt),
            "parus" | "icews" => Some(Self::Parus),
            _ => None,
        }
    }
}

/// A PLOVER category for a CAMEO code (PLOVER manual draft 0.8, 2021).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plover {
    /// Event category (`AGREE`, `CONSULT`, …, `ASSAULT`).
    pub category: String,
    /// Mode within the category (`visit`, `phone`, …), empty when none.
    pub mode: String,
    /// Context (`diplomatic`, `military`, …), empty when none.
    pub context: String,
}

/// One CAMEO event code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoEntry {
    /// The code book's description.
    pub description: String,
    /// GDELT's Goldstein score, when GDELT scores the code.
    pub goldstein_gdelt: Option<f64>,
    /// The Parus/ICEWS Goldstein score, when it scores the code.
    pub goldstein_parus: Option<f64>,
    /// PLOVER category (codes 01 and 02 have none: PLOVER does not code statements).
    pub plover: Option<Plover>,
}

/// The CAMEO code book with its scores.
#[derive(Debug)]
pub struct CameoBook {
    entries: HashMap<String, CameoEntry>,
}

fn parse_score(text: &str) -> Option<f64> {
    text.trim().parse().ok()
}

impl CameoBook {
    /// The embedded code book.
    pub fn get() -> &'static CameoBook {
        static BOOK: OnceLock<CameoBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let mut entries = HashMap::new();
            for line in CAMEO_TSV.lines().skip(1) {
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() < 4 {
                    continue;
                }
                entries.insert(
                    f[0].to_string(),
                    CameoEntry {
                        description: f[3].to_string(),
                        goldstein_gdelt: parse_score(f[1]),
                        goldstein_parus: parse_score(f[2]),
                        plover: None,
                    },
                );
            }
            for line in PLOVER_TSV.lines().skip(1) {
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() < 4 {
                    continue;
                }
                if let Some(entry) = entries.get_mut(f[0]) {
                    entry.plover = Some(Plover {
                        category: f[1].to_string(),
                        mode: f[2].to_string(),
                        context: f[3].to_string(),
                    });
                }
            }
            CameoBook { entries }
        })
    }

    /// The entry for an exact code.
    pub fn entry(&self, code: &str) -> Option<&CameoEntry> {
        self.entries.get(code)
    }

    /// All codes, in no particular order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Number of codes in the book.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the book is empty (never, for the embedded one).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The Goldstein score of `code` in `table`.
    pub fn goldstein(&self, code: &str, table: GoldsteinTable) -> Option<f64> {
        let entry = self.entries.get(code)?;
        match table {
            GoldsteinTable::Gdelt => entry.goldstein_gdelt,
            GoldsteinTable::Parus => entry.goldstein_parus,
        }
    }

    /// Normalises a code as it appears in a file: trims it, and restores a
    /// leading zero lost by a spreadsheet or a numeric column (`42` → `042`,
    /// `4` → `04`) when only the padded form is a CAMEO code.
    pub fn normalise(&self, raw: &str) -> String {
        let code = raw.trim();
        if self.entries.contains_key(code) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return code.to_string();
        }
        let padded = format!("0{code}");
        if self.entries.contains_key(&padded) {
            padded
        } else {
            code.to_string()
        }
    }
}

/// GDELT's quad class of a CAMEO code, from its root (the first two digits):
/// 1 verbal cooperation (01–05), 2 material cooperation (06–09), 3 verbal
/// conflict (10–14), 4 material conflict (15–20).
pub fn quad_class(code: &str) -> Option<u8> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// The ISO 3166-1 alpha-3 code for a country name as ICEWS writes it
/// ("Iran", "Russian Federation", "Occupied Palestinian Territory"), if known.
pub fn iso3_for_country(name: &str) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            COUNTRIES_TSV
                .lines()
                .skip(1)
                .filter_map(|line| line.split_once('\t'))
                .collect()
        })
        .get(name.trim())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_differ_exactly_where_the_sources_say() {
        // PROVENANCE.md and the issue: 016 (-2 vs -5), 022 (3.2 vs 3.4),
        // 164 (-7 vs -6.5), 165 (-6.5 vs -7), and 1213 only in Parus (-4).
        let book = CameoBook::get();
        let g = |c| book.goldstein(c, GoldsteinTable::Gdelt);
        let p = |c| book.goldstein(c, GoldsteinTable::Parus);
        assert_eq!((g("016"), p("016")), (Some(-2.0), Some(-5.0)));
        assert_eq!((g("022"), p("022")), (Some(3.2), Some(3.4)));
        assert_eq!((g("164"), p("164")), (Some(-7.0), Some(-6.5)));
        assert_eq!((g("165"), p("165")), (Some(-6.5), Some(-7.0)));
        assert_eq!((g("1213"), p("1213")), (None, Some(-4.0)));
        let mut differing = 0;
        for code in book.entries.keys() {
            if g(code) != p(code) {
                differing += 1;
            }
        }
        assert_eq!(differing, 5);
        // The conflict end of the scale: 204 (use weapons of mass destruction).
        assert_eq!(g("204"), Some(-10.0));
        assert_eq!(g("01"), Some(0.0));
    }

    #[test]
    fn codes_keep_leading_zeros() {
        let book = CameoBook::get();
        assert_eq!(book.normalise("42"), "042");
        assert_eq!(book.normalise(" 042 "), "042");
        assert_eq!(book.normalise("4"), "04");
        assert_eq!(book.normalise("120"), "120");
        assert_eq!(book.normalise("abc"), "abc");
        assert_eq!(
            book.entry("042").map(|e| e.description.as_str()),
            Some("Make a visit")
        );
    }

    #[test]
    fn plover_categories_from_the_2021_table() {
        let book = CameoBook::get();
        let cat = |c: &str| book.entry(c).and_then(|e| e.plover.clone());
        assert_eq!(cat("042").map(|p| p.category), Some("CONSULT".into()));
        assert_eq!(cat("042").map(|p| p.mode), Some("visit".into()));
        assert_eq!(cat("2042").map(|p| p.category), Some("ASSAULT".into()));
        assert_eq!(cat("1831").map(|p| p.mode), Some("suicide-attack".into()));
        assert_eq!(cat("010"), None);
    }

    #[test]
    fn quad_classes_by_root() {
        assert_eq!(quad_class("042"), Some(1));
        assert_eq!(quad_class("0871"), Some(2));
        assert_eq!(quad_class("125"), Some(3));
        assert_eq!(quad_class("190"), Some(4));
        assert_eq!(quad_class("21"), None);
        assert_eq!(quad_class("x"), None);
    }

    #[test]
    fn icews_country_names_map_to_iso3() {
        assert_eq!(iso3_for_country("Iran"), Some("IRN"));
        assert_eq!(iso3_for_country("United States"), Some("USA"));
        assert_eq!(iso3_for_country("Russian Federation"), Some("RUS"));
        assert_eq!(
            iso3_for_country("Occupied Palestinian Territory"),
            Some("PSE")
        );
        assert_eq!(iso3_for_country("Moldova, Republic of"), Some("MDA"));
        assert_eq!(
            iso3_for_country("Democratic Republic of Congo"),
            Some("COD")
        );
        assert_eq!(iso3_for_country("Atlantis"), None);
    }
}
