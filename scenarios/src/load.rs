//! The scenario loader: a reference (the flagship, a shipped id or a file),
//! `--with` fragments and `--set` overrides, resolved into a [`Scenario`].

use crate::{FLAGSHIP, FLAGSHIP_PATH, by_id, by_path, embedded_extends, ids};
use redline_core::input_error::did_you_mean;
use redline_core::scenario::Input;
use redline_core::{InputError, Scenario};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Reads a file's text. The command line passes `std::fs::read_to_string`;
/// tests pass a map of files, and [`load_shipped`] a reader that finds none.
pub type ReadFile<'r> = dyn Fn(&Path) -> std::io::Result<String> + 'r;

/// Appended to the name of an embedded file in messages
/// (`scenarios/iran-2025-02-07.toml (embedded)`).
pub const EMBEDDED_SUFFIX: &str = " (embedded)";

/// Loads a scenario with the files it `extends`, the fragments `with` (laid
/// over it in order) and the overrides `sets` (`KEY=VALUE`, after the
/// fragments).
///
/// `reference` is `None` for the embedded flagship, or a file path, or the id
/// of a shipped scenario (`iran-2018-05-08`). A file that `read` finds wins
/// over a shipped id of the same name. A reference that looks like an id (one
/// path component, no extension) and is neither a file nor a shipped id is an
/// error that lists the shipped ids, with a "did you mean" when one is close.
///
/// Every error is an [`InputError`] naming the file it is about (the
/// scenario, a fragment, a file it extends) and, where the file could be
/// parsed, the line, column and key.
pub fn load(
    reference: Option<&Path>,
    with: &[PathBuf],
    sets: &[String],
    read: &ReadFile<'_>,
) -> Result<Scenario, InputError> {
    let fragments = with
        .iter()
        .map(|path| {
            read(path)
                .map(|text| (path.display().to_string(), text))
                .map_err(|error| cannot_read(path, &error))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let overlays: Vec<Input<'_>> = fragments
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let Some(reference) = reference else {
        return load_embedded(FLAGSHIP_PATH, FLAGSHIP, &overlays, sets, read);
    };
    match read(reference) {
        Ok(text) => {
            let name = reference.display().to_string();
            Scenario::load_extending(
                Input {
                    name: &name,
                    text: &text,
                },
                &|path: &str, from: &str| resolve_extends(path, from, read),
                &overlays,
                sets,
            )
        }
        Err(error) => {
            if looks_like_id(reference) {
                if let Some((path, text)) = reference.to_str().and_then(by_id) {
                    return load_embedded(path, text, &overlays, sets, read);
                }
                if error.kind() == ErrorKind::NotFound {
                    return Err(unknown_id(reference));
                }
            }
            Err(cannot_read(reference, &error))
        }
    }
}

/// Loads a shipped scenario by its id (`iran-2018-05-08`) or its path from
/// the repository root (`scenarios/iran-2018-05-08.toml`), with `--set`
/// overrides, reading no file: [`load`] with a reader that finds none.
pub fn load_shipped(reference: &str, sets: &[String]) -> Result<Scenario, InputError> {
    let no_files = |_: &Path| -> std::io::Result<String> { Err(ErrorKind::NotFound.into()) };
    match by_path(reference) {
        Some((path, text)) => load_embedded(path, text, &[], sets, &no_files),
        None => load(Some(Path::new(reference)), &[], sets, &no_files),
    }
}

/// Finds the file that a scenario named `from` `extends` as `path`: for an
/// embedded scenario, among the embedded files; for a file, next to it (read
/// with `read`), then, when no such file exists, among the embedded files
/// (see [`embedded_extends`](crate::embedded_extends)). Returns the file's name
/// for messages and its text.
pub fn resolve_extends(
    path: &str,
    from: &str,
    read: &ReadFile<'_>,
) -> Result<(String, String), InputError> {
    let embedded =
        |(name, text): (&str, &str)| (format!("{name}{EMBEDDED_SUFFIX}"), text.to_string());
    if from.ends_with(EMBEDDED_SUFFIX) {
        return embedded_extends(path, from).map(embedded).ok_or_else(|| {
            InputError::new(from, format!("`{path}` is not an embedded scenario file"))
        });
    }
    let folder = Path::new(from).parent().unwrap_or(Path::new(""));
    let candidate = folder.join(path);
    match read(&candidate) {
        Ok(text) => Ok((candidate.display().to_string(), text)),
        // Only a file that is not there (nor its folder) is looked for
        // among the embedded ones: a file that is there but cannot be read
        // (refused, not UTF-8, a folder) is the user's, and running on the
        // embedded copy instead would hide it.
        Err(error) if !matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            Err(InputError::new(
                from,
                format!(
                    "cannot read `{}`, which this scenario extends: {error}",
                    candidate.display()
                ),
            ))
        }
        Err(error) => embedded_extends(path, from).map(embedded).ok_or_else(|| {
            InputError::new(
                from,
                format!(
                    "cannot read `{}`, which this scenario extends: {error}",
                    candidate.display()
                ),
            )
        }),
    }
}

/// Loads an embedded scenario with `overlays`, reading no file.
pub(crate) fn load_embedded_with(
    path: &str,
    text: &str,
    overlays: &[Input<'_>],
) -> Result<Scenario, InputError> {
    let no_files = |_: &Path| -> std::io::Result<String> { Err(ErrorKind::NotFound.into()) };
    load_embedded(path, text, overlays, &[], &no_files)
}

fn load_embedded(
    path: &str,
    text: &str,
    overlays: &[Input<'_>],
    sets: &[String],
    read: &ReadFile<'_>,
) -> Result<Scenario, InputError> {
    let name = format!("{path}{EMBEDDED_SUFFIX}");
    Scenario::load_extending(
        Input { name: &name, text },
        &|path: &str, from: &str| resolve_extends(path, from, read),
        overlays,
        sets,
    )
}

/// One path component without an extension: `iran-2018-05-08`, not
/// `case.toml` or `scenarios/case`.
fn looks_like_id(reference: &Path) -> bool {
    reference.components().count() == 1 && reference.extension().is_none()
}

fn cannot_read(path: &Path, error: &std::io::Error) -> InputError {
    let mut e = InputError::new(path.display().to_string(), format!("cannot read: {error}"));
    let shipped = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .filter(|stem| by_id(stem).is_some());
    if let (Some(id), ErrorKind::NotFound) = (shipped, error.kind()) {
        e = e.hint(format!(
            "`{id}` is a shipped scenario: give its id to use the embedded copy"
        ));
    }
    e
}

fn unknown_id(reference: &Path) -> InputError {
    let word = reference.display().to_string();
    let known: Vec<&str> = ids().collect();
    let error = InputError::new(
        word.as_str(),
        format!(
            "no such file, and no shipped scenario has this id; the shipped scenarios are {}",
            known.join(", ")
        ),
    );
    match did_you_mean(&word, known.iter().copied()) {
        Some(near) => error.hint(format!("did you mean `{near}`?")),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads the flagship with `fragment` (as `fragment.toml`) and `sets`.
    fn with_overlays(fragment: Option<&str>, sets: &[&str]) -> Result<Scenario, InputError> {
        let fragment = fragment.map(str::to_string);
        let read = |path: &Path| -> std::io::Result<String> {
            match &fragment {
                Some(text) if path == Path::new("fragment.toml") => Ok(text.clone()),
                _ => Err(ErrorKind::NotFound.into()),
            }
        };
        let with: Vec<PathBuf> = fragment
            .iter()
            .map(|_| PathBuf::from("fragment.toml"))
            .collect();
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        load(None, &with, &sets, &read)
    }

    #[test]
    fn only_a_missing_file_is_looked_for_among_the_embedded_ones() {
        // A user's scenario in cases/ extends `shared/iran.toml`: absent
        // beside it, the embedded copy; present but unreadable, an error
        // that names it, never the embedded copy in its place.
        let answer = |kind: ErrorKind| {
            move |_: &Path| -> std::io::Result<String> {
                Err(std::io::Error::new(kind, "as the reader says"))
            }
        };
        // (A path through a regular file, NotADirectory, is absent too.)
        for kind in [ErrorKind::NotFound, ErrorKind::NotADirectory] {
            let found = resolve_extends("shared/iran.toml", "cases/my.toml", &answer(kind))
                .expect("the embedded copy");
            assert!(found.0.ends_with(EMBEDDED_SUFFIX), "{}", found.0);
        }
        for kind in [
            ErrorKind::PermissionDenied,
            ErrorKind::InvalidData,
            ErrorKind::InvalidInput,
        ] {
            let error = resolve_extends("shared/iran.toml", "cases/my.toml", &answer(kind))
                .expect_err("an error");
            assert_eq!(error.origin, "cases/my.toml");
            assert!(
                error
                    .message
                    .contains("cannot read `cases/shared/iran.toml`")
                    && error.message.contains("as the reader says"),
                "{kind:?}: {}",
                error.message
            );
        }
    }

    #[test]
    fn a_fragment_is_blamed_for_a_parameter_it_leaves_without_a_value() {
        // `leader.firmness` is a beta distribution in the embedded shared
        // parameters; `{ mean = … }` drops the distribution and gives none.
        let error = with_overlays(Some("[leader]\nfirmness = { mean = 0.5 }\n"), &[])
            .expect_err("no value or dist");
        assert_eq!(error.origin, "fragment.toml", "{error}");
        assert_eq!((error.line, error.column), (Some(2), Some(12)), "{error}");
        assert_eq!(error.key.as_deref(), Some("leader.firmness"), "{error}");
        assert!(error.message.contains("`value` or `dist`"), "{error}");
        // A distribution without one of its fields, and a misspelt field.
        let error = with_overlays(
            Some("[leader]\nfirmness = { dist = \"beta\", alpha = 2 }\n"),
            &[],
        )
        .expect_err("no beta");
        assert_eq!(error.origin, "fragment.toml", "{error}");
        assert_eq!(
            error.key.as_deref(),
            Some("leader.firmness.beta"),
            "{error}"
        );
        let error = with_overlays(
            Some("[leader]\nfirmness = { value = 0.5, meen = 1 }\n"),
            &[],
        )
        .expect_err("unknown field");
        assert_eq!(error.origin, "fragment.toml", "{error}");
        assert_eq!((error.line, error.column), (Some(2), Some(27)), "{error}");
        assert_eq!(
            error.key.as_deref(),
            Some("leader.firmness.meen"),
            "{error}"
        );
    }

    #[test]
    fn a_set_is_blamed_for_a_parameter_it_leaves_without_a_value() {
        let error = with_overlays(None, &["leader.firmness.mean=0.5"]).expect_err("no value");
        assert_eq!(error.origin, "--set leader.firmness.mean=0.5", "{error}");
        // At `mean`, the key that took the distribution away.
        assert_eq!((error.line, error.column), (Some(1), Some(17)), "{error}");
        assert_eq!(error.key.as_deref(), Some("leader.firmness"), "{error}");
        let error = with_overlays(None, &["leader.firmness={ alpha = 2 }"]).expect_err("no value");
        assert_eq!(
            error.origin, "--set leader.firmness={ alpha = 2 }",
            "{error}"
        );
        assert_eq!(error.column, Some(17), "{error}");
        // A whole new value is fine, and so is a fragment that gives one.
        with_overlays(None, &["leader.firmness=0.5"]).expect("a value");
        with_overlays(
            Some("[leader]\nfirmness = { dist = \"beta\", alpha = 4, beta = 4 }\n"),
            &[],
        )
        .expect("a distribution");
    }
}
