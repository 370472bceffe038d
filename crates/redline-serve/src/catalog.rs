//! The scenarios the explorer offers: the shipped ones (embedded) and the
//! `*.toml` files directly in the folder given with `--scenarios`, read
//! through a reader that refuses every path outside that folder.

use redline_core::{InputError, Scenario};
use redline_scenarios::Params;
use std::io::{Error, ErrorKind};
use std::path::{Path, PathBuf};

/// The largest scenario file the server reads (a shipped one is under
/// 100 KiB): a stray file in the folder is refused, not read whole.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// Where a scenario comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Shipped,
    /// A file in the `--scenarios` folder.
    Folder,
}

impl Origin {
    /// The word for it in the API.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Shipped => "shipped",
            Origin::Folder => "folder",
        }
    }
}

/// One scenario of the catalogue.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The name a request gives: the shipped id, or the file's stem.
    pub id: String,
    /// The scenario's display name.
    pub name: String,
    /// Its as-of date.
    pub as_of: String,
    /// Its horizon.
    pub horizon: String,
    /// Where it comes from.
    pub origin: Origin,
}

/// A folder file that could not be offered, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    /// The file's name in the folder.
    pub file: String,
    /// The loader's message.
    pub reason: String,
}

/// The catalogue: the shipped scenarios and an optional folder of the user's.
#[derive(Clone, Debug)]
pub struct Catalog {
    folder: Option<PathBuf>,
    shipped: Vec<Entry>,
}

impl Catalog {
    /// The shipped scenarios, and those in `folder` if given (it must be a
    /// readable directory; it is kept as its canonical path, the root that
    /// no read may leave).
    pub fn new(folder: Option<&Path>) -> std::io::Result<Catalog> {
        let folder = match folder {
            Some(f) => {
                let canonical = f.canonicalize().map_err(|e| {
                    Error::new(e.kind(), format!("--scenarios {}: {e}", f.display()))
                })?;
                if !canonical.is_dir() {
                    return Err(Error::new(
                        ErrorKind::InvalidInput,
                        format!("--scenarios {}: not a directory", f.display()),
                    ));
                }
                Some(canonical)
            }
            None => None,
        };
        let shipped = redline_scenarios::ids()
            .filter_map(|id| {
                let scenario = redline_scenarios::load_shipped(id, &[]).ok()?;
                Some(entry(id.to_string(), &scenario, Origin::Shipped))
            })
            .collect();
        Ok(Catalog { folder, shipped })
    }

    /// The folder of the user's scenarios (canonical), if any.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// Every scenario offered: the shipped ones, then the folder's files
    /// (read afresh, so a file saved while the server runs appears), and the
    /// folder's files that are not scenarios. A folder file whose stem is a
    /// shipped id takes that id's place.
    pub fn list(&self) -> (Vec<Entry>, Vec<Skipped>) {
        let mut entries = self.shipped.clone();
        let mut skipped = Vec::new();
        for stem in self.folder_stems() {
            match self.load(&stem, Params::Judgment, &[]) {
                Ok(scenario) => {
                    let own = entry(stem.clone(), &scenario, Origin::Folder);
                    match entries.iter_mut().find(|e| e.id == stem) {
                        Some(e) => *e = own,
                        None => entries.push(own),
                    }
                }
                Err(error) => skipped.push(Skipped {
                    file: format!("{stem}.toml"),
                    reason: error.to_string(),
                }),
            }
        }
        (entries, skipped)
    }

    /// The stems of the `*.toml` files directly in the folder, sorted.
    fn folder_stems(&self) -> Vec<String> {
        let Some(folder) = &self.folder else {
            return Vec::new();
        };
        let Ok(listing) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        let mut stems: Vec<String> = listing
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let stem = name.strip_suffix(".toml")?;
                valid_id(stem).then(|| stem.to_string())
            })
            .collect();
        stems.sort();
        stems
    }

    /// Loads scenario `id` with the overrides `sets`, and the fitted
    /// parameters laid over it unless `params` says the judgments: a file of
    /// the folder (`<id>.toml`) first, then a shipped id. Every error is the
    /// command line's located [`InputError`].
    pub fn load(&self, id: &str, params: Params, sets: &[String]) -> Result<Scenario, InputError> {
        if !valid_id(id) {
            return Err(
                InputError::new("scenario", format!("`{id}` is not a scenario name")).hint(
                    "a name is letters, digits, `-`, `_` and `.`, as listed by /api/scenarios",
                ),
            );
        }
        let file = self
            .folder
            .as_ref()
            .map(|f| f.join(format!("{id}.toml")))
            .filter(|p| p.is_file());
        let mut scenario = match (&file, &self.folder) {
            (Some(path), Some(folder)) => {
                // A path outside the folder is refused (PermissionDenied),
                // which the loader reports rather than looking for the file
                // among the shipped ones: a scenario extending `../x.toml`
                // would otherwise run on the shipped copy here and on the
                // user's file on the command line.
                let read = |p: &Path| read_confined(folder, p);
                redline_scenarios::load(Some(path), &[], sets, &read)?
            }
            _ => match redline_scenarios::by_id(id) {
                Some(_) => redline_scenarios::load_shipped(id, sets)?,
                None => {
                    let (known, _) = self.list();
                    let ids: Vec<&str> = known.iter().map(|e| e.id.as_str()).collect();
                    let error = InputError::new(
                        "scenario",
                        format!("no scenario `{id}`; the explorer offers {}", ids.join(", ")),
                    );
                    return Err(
                        match redline_core::input_error::did_you_mean(id, ids.iter().copied()) {
                            Some(near) => error.hint(format!("did you mean `{near}`?")),
                            None => error,
                        },
                    );
                }
            },
        };
        if params == Params::Fitted {
            redline_scenarios::lay_fitted(&mut scenario)?;
        }
        Ok(scenario)
    }

    /// The path of the folder's file for `id`, if the scenario is one of the
    /// folder's (for the equivalent command line).
    pub fn file_of(&self, id: &str) -> Option<PathBuf> {
        let folder = self.folder.as_ref()?;
        let path = folder.join(format!("{id}.toml"));
        (valid_id(id) && path.is_file()).then_some(path)
    }
}

fn entry(id: String, scenario: &Scenario, origin: Origin) -> Entry {
    Entry {
        id,
        name: scenario.name.clone(),
        as_of: scenario.as_of.to_string(),
        horizon: scenario.horizon.to_string(),
        origin,
    }
}

/// A scenario name a request may give: one path component of letters,
/// digits, `-`, `_` and `.`, not starting with a dot (so never `..`).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Reads `path` if, with every link and `..` resolved, it lies inside
/// `folder` (canonical) and is a regular file of at most [`MAX_FILE_BYTES`];
/// anything else is an error (`PermissionDenied` outside the folder). A
/// scenario that `extends` a file outside the folder is refused here, and
/// the loader reports it (it looks among the shipped files only for a file
/// that is absent).
pub fn read_confined(folder: &Path, path: &Path) -> std::io::Result<String> {
    let canonical = path.canonicalize()?;
    if !canonical.starts_with(folder) {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            "outside the scenario folder the explorer was given",
        ));
    }
    let meta = std::fs::metadata(&canonical)?;
    if !meta.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("larger than {} MiB", MAX_FILE_BYTES >> 20),
        ));
    }
    std::fs::read_to_string(&canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_single_components() {
        for bad in [
            "",
            "..",
            ".hidden",
            "a/b",
            "../etc/passwd",
            "a\\b",
            "a b",
            "%2e%2e",
        ] {
            assert!(!valid_id(bad), "{bad:?} accepted");
        }
        for good in ["iran-2025-02-07", "my_case.v2", "A1"] {
            assert!(valid_id(good), "{good:?} refused");
        }
    }

    #[test]
    fn the_confined_reader_refuses_what_lies_outside() {
        let root =
            std::env::temp_dir().join(format!("redline-serve-confine-{}", std::process::id()));
        let inside = root.join("inside");
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::write(root.join("secret.toml"), "secret = 1\n").unwrap();
        std::fs::write(inside.join("ok.toml"), "ok = 1\n").unwrap();
        let folder = inside.canonicalize().unwrap();
        assert_eq!(
            read_confined(&folder, &inside.join("ok.toml")).unwrap(),
            "ok = 1\n"
        );
        let escape = read_confined(&folder, &inside.join("../secret.toml")).unwrap_err();
        assert_eq!(escape.kind(), ErrorKind::PermissionDenied);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("secret.toml"), inside.join("link.toml")).unwrap();
            let link = read_confined(&folder, &inside.join("link.toml")).unwrap_err();
            assert_eq!(link.kind(), ErrorKind::PermissionDenied);
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
