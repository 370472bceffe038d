//! # redline-scenarios
//!
//! The crisis scenarios shipped with redline and the one function that loads
//! a scenario. This crate is the `scenarios/` folder: it embeds every shipped
//! crisis scenario file ([`FILES`]: the flagship, the historical cases and
//! `shared/parameters.toml`, which they all `extends`), and nothing outside
//! its own directory.
//!
//! - The catalogue: [`FILES`], [`by_id`], [`by_path`], [`ids`], and the
//!   flagship ([`FLAGSHIP`], [`FLAGSHIP_ID`], [`FLAGSHIP_PATH`]).
//! - The loader ([`load`]): a scenario reference — nothing (the flagship), a
//!   shipped id such as `iran-2018-05-08`, or a file path — with `--with`
//!   fragments and `--set` overrides, resolved into a
//!   [`redline_core::Scenario`]. The files a scenario `extends` are looked
//!   for next to it, then among the embedded copies, so a scenario copied
//!   elsewhere still finds `shared/parameters.toml`.
//!
//! Does no I/O: the loader reads files through the reader its caller passes
//! (the command line passes `std::fs::read_to_string`). Depends only on
//! `redline-core`. The recorded outcomes of the historical cases are not here
//! (they are in `redline-records`, which only the backtest reads).
//!
//! ```
//! let scenario = redline_scenarios::load_shipped("iran-2018-05-08", &[]).unwrap();
//! assert_eq!(scenario.id, "iran-2018-05-08");
//! // A reader that finds no files: the id resolves to the embedded copy.
//! let no_files = |_: &std::path::Path| -> std::io::Result<String> {
//!     Err(std::io::ErrorKind::NotFound.into())
//! };
//! let flagship = redline_scenarios::load(None, &[], &[], &no_files).unwrap();
//! assert_eq!(flagship.id, redline_scenarios::FLAGSHIP_ID);
//! ```

pub mod fitted;
mod load;

pub use fitted::{Params, lay_fitted, takes_shared};
pub use load::{EMBEDDED_SUFFIX, ReadFile, load, load_shipped, resolve_extends};

/// The id of the flagship scenario, "Iran, as of 7 February 2025": the
/// default of every command that takes a scenario.
pub const FLAGSHIP_ID: &str = "iran-2025-02-07";

/// The flagship's path from the repository root.
pub const FLAGSHIP_PATH: &str = "scenarios/iran-2025-02-07.toml";

/// The flagship scenario's text. It `extends` `shared/iran.toml` (the US–Iran
/// dyad: its strikers and its twelve outcomes), which extends
/// [`SHARED_PARAMETERS`].
pub const FLAGSHIP: &str = include_str!("../iran-2025-02-07.toml");

/// The path of the shared behavioural parameters from the repository root.
pub const SHARED_PARAMETERS_PATH: &str = "scenarios/shared/parameters.toml";

/// The behavioural parameters every scenario shares (and may not set itself).
pub const SHARED_PARAMETERS: &str = include_str!("../shared/parameters.toml");

/// The path of the US–Iran dyad every Iran scenario extends.
pub const SHARED_IRAN_PATH: &str = "scenarios/shared/iran.toml";

/// The US–Iran dyad: the US and Israeli strike decisions and the twelve
/// outcomes of the Iran cases. It extends [`SHARED_PARAMETERS`].
pub const SHARED_IRAN: &str = include_str!("../shared/iran.toml");

/// Every shipped crisis scenario file: (path from the repository root, text).
/// A scenario's id is its file name without `.toml`; files in sub-folders
/// (`shared/`) are not scenarios of their own.
pub const FILES: &[(&str, &str)] = &[
    (FLAGSHIP_PATH, FLAGSHIP),
    (SHARED_PARAMETERS_PATH, SHARED_PARAMETERS),
    (SHARED_IRAN_PATH, SHARED_IRAN),
    (
        "scenarios/iran-2013-02-07.toml",
        include_str!("../iran-2013-02-07.toml"),
    ),
    (
        "scenarios/iran-2018-05-08.toml",
        include_str!("../iran-2018-05-08.toml"),
    ),
    (
        "scenarios/iran-2019-06-20.toml",
        include_str!("../iran-2019-06-20.toml"),
    ),
    (
        "scenarios/iran-2021-01-20.toml",
        include_str!("../iran-2021-01-20.toml"),
    ),
    (
        "scenarios/north-korea-2017-08-08.toml",
        include_str!("../north-korea-2017-08-08.toml"),
    ),
    (
        "scenarios/libya-2003-03-20.toml",
        include_str!("../libya-2003-03-20.toml"),
    ),
    (
        "scenarios/iran-2024-02-07.toml",
        include_str!("../iran-2024-02-07.toml"),
    ),
    (
        "scenarios/iraq-1980-10-01.toml",
        include_str!("../iraq-1980-10-01.toml"),
    ),
    (
        "scenarios/north-korea-1993-02-25.toml",
        include_str!("../north-korea-1993-02-25.toml"),
    ),
    (
        "scenarios/north-korea-2002-10-16.toml",
        include_str!("../north-korea-2002-10-16.toml"),
    ),
    (
        "scenarios/north-korea-2006-06-20.toml",
        include_str!("../north-korea-2006-06-20.toml"),
    ),
    (
        "scenarios/north-korea-2009-04-14.toml",
        include_str!("../north-korea-2009-04-14.toml"),
    ),
    (
        "scenarios/north-korea-2012-12-12.toml",
        include_str!("../north-korea-2012-12-12.toml"),
    ),
    (
        "scenarios/north-korea-2015-12-10.toml",
        include_str!("../north-korea-2015-12-10.toml"),
    ),
    (
        "scenarios/syria-2007-01-01.toml",
        include_str!("../syria-2007-01-01.toml"),
    ),
    (
        "scenarios/syria-2013-03-19.toml",
        include_str!("../syria-2013-03-19.toml"),
    ),
    (
        "scenarios/iraq-1998-08-05.toml",
        include_str!("../iraq-1998-08-05.toml"),
    ),
    (
        "scenarios/iraq-2002-09-12.toml",
        include_str!("../iraq-2002-09-12.toml"),
    ),
    (
        "scenarios/iran-2003-02-21.toml",
        include_str!("../iran-2003-02-21.toml"),
    ),
    (
        "scenarios/iran-2006-01-10.toml",
        include_str!("../iran-2006-01-10.toml"),
    ),
    (
        "scenarios/iran-2009-09-25.toml",
        include_str!("../iran-2009-09-25.toml"),
    ),
    (
        "scenarios/iran-2011-11-08.toml",
        include_str!("../iran-2011-11-08.toml"),
    ),
    (
        "scenarios/iran-2014-11-24.toml",
        include_str!("../iran-2014-11-24.toml"),
    ),
    (
        "scenarios/iran-2020-01-03.toml",
        include_str!("../iran-2020-01-03.toml"),
    ),
    (
        "scenarios/north-korea-1994-03-21.toml",
        include_str!("../north-korea-1994-03-21.toml"),
    ),
];

/// The starting file `redline scenario new` writes (`scenarios/templates/new.toml`):
/// every role, every case parameter, each marked "template:" for the analyst
/// to replace. Not a scenario of its own until [`template`] fills it in.
pub const TEMPLATE: &str = include_str!("../templates/new.toml");

/// The template filled in: `id` (lower-case letters, digits, `-` and `_`),
/// a display `name`, and the as-of date (the horizon one year later).
/// `Err` says what is wrong with `id` or `name`.
pub fn template(id: &str, name: &str, as_of: redline_core::Date) -> Result<String, String> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(format!(
            "`{}`: an id is lower-case letters, digits, `-` and `_`",
            id.chars().take(48).collect::<String>()
        ));
    }
    if name
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Err("a name has no quotes, backslashes or control characters".to_string());
    }
    let (year, month, day) = as_of.ymd();
    // One year later, the same day (28 February when as_of is 29 February).
    let horizon = redline_core::Date::from_ymd(year + 1, month, day)
        .or_else(|| redline_core::Date::from_ymd(year + 1, month, day - 1))
        .unwrap_or(as_of.add_days(365));
    Ok(TEMPLATE
        .replace("{{id}}", id)
        .replace("{{name}}", name)
        .replace("{{as_of}}", &as_of.to_string())
        .replace("{{horizon}}", &horizon.to_string()))
}

/// The id of the scenario at `path` (from the repository root), if it is a
/// scenario of its own: `scenarios/<id>.toml`.
fn id_of(path: &str) -> Option<&str> {
    let id = path.strip_prefix("scenarios/")?.strip_suffix(".toml")?;
    (!id.contains('/')).then_some(id)
}

/// The ids of the shipped scenarios, in catalogue order (the flagship first).
pub fn ids() -> impl Iterator<Item = &'static str> {
    FILES.iter().filter_map(|(path, _)| id_of(path))
}

/// The shipped scenario with this id (`iran-2025-02-07`): (path, text).
pub fn by_id(id: &str) -> Option<(&'static str, &'static str)> {
    FILES
        .iter()
        .find(|(path, _)| id_of(path) == Some(id))
        .copied()
}

/// The shipped file at this path from the repository root
/// (`scenarios/shared/parameters.toml`): (path, text).
pub fn by_path(path: &str) -> Option<(&'static str, &'static str)> {
    FILES.iter().find(|(p, _)| *p == path).copied()
}

/// The shipped file that `path`, written in `extends` of the file `from`,
/// names: resolved against `from`'s folder, then by its trailing components
/// (so that `shared/parameters.toml` written in a copy of a scenario kept
/// anywhere names the shipped shared parameters). `from` may carry the
/// [`EMBEDDED_SUFFIX`].
pub fn embedded_extends(path: &str, from: &str) -> Option<(&'static str, &'static str)> {
    let from = from.strip_suffix(EMBEDDED_SUFFIX).unwrap_or(from);
    let folder = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    let joined = if folder.is_empty() {
        path.to_string()
    } else {
        format!("{folder}/{path}")
    };
    by_path(&joined).or_else(|| {
        let tail = format!("/{path}");
        FILES
            .iter()
            .find(|(name, _)| name.ends_with(&tail))
            .copied()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_each_scenario_once_by_id() {
        let ids: Vec<&str> = ids().collect();
        assert_eq!(
            ids,
            [
                "iran-2025-02-07",
                "iran-2013-02-07",
                "iran-2018-05-08",
                "iran-2019-06-20",
                "iran-2021-01-20",
                "north-korea-2017-08-08",
                "libya-2003-03-20",
                "iran-2024-02-07",
                "iraq-1980-10-01",
                "north-korea-1993-02-25",
                "north-korea-2002-10-16",
                "north-korea-2006-06-20",
                "north-korea-2009-04-14",
                "north-korea-2012-12-12",
                "north-korea-2015-12-10",
                "syria-2007-01-01",
                "syria-2013-03-19",
                "iraq-1998-08-05",
                "iraq-2002-09-12",
                "iran-2003-02-21",
                "iran-2006-01-10",
                "iran-2009-09-25",
                "iran-2011-11-08",
                "iran-2014-11-24",
                "iran-2020-01-03",
                "north-korea-1994-03-21"
            ]
        );
        for id in ids {
            let (path, text) = by_id(id).expect("by id");
            assert_eq!(path, format!("scenarios/{id}.toml"));
            assert_eq!(by_path(path), Some((path, text)));
            assert!(text.contains(&format!("id = \"{id}\"")), "{id}");
        }
        assert_eq!(by_id("shared/parameters"), None);
        assert_eq!(by_id(FLAGSHIP_ID), Some((FLAGSHIP_PATH, FLAGSHIP)));
    }

    #[test]
    fn extends_resolves_against_the_folder_then_by_trailing_components() {
        let shared = Some((SHARED_PARAMETERS_PATH, SHARED_PARAMETERS));
        assert_eq!(
            embedded_extends("shared/parameters.toml", FLAGSHIP_PATH),
            shared
        );
        assert_eq!(
            embedded_extends(
                "shared/parameters.toml",
                "scenarios/iran-2025-02-07.toml (embedded)"
            ),
            shared
        );
        assert_eq!(
            embedded_extends("shared/parameters.toml", "/tmp/elsewhere/case.toml"),
            shared
        );
        assert_eq!(
            embedded_extends("parameters.toml", "elsewhere/case.toml"),
            shared
        );
        assert_eq!(embedded_extends("nowhere.toml", FLAGSHIP_PATH), None);
    }
}
