//! `redline._redline`: the extension module of the Python package. It runs
//! one `redline` command line in this process (`redline_cli::run_in_process`,
//! the binary's own parsing and commands) with the GIL released, and turns
//! its errors into Python exceptions that carry where the input was wrong.
//! Everything else (building the command line, reading the output into
//! DataFrames) is the package's Python (`redline/__init__.py`).

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _redline,
    RedlineError,
    PyException,
    "A redline command failed (the command line's exit code 1)."
);
create_exception!(
    _redline,
    InputError,
    RedlineError,
    "Bad input (the command line's exit code 2): `file`, `line`, `column`, `key` and `hint` say where and what, when known."
);

/// The Python exception of a failed command.
fn exception(py: Python<'_>, error: redline_cli::error::CliError) -> PyErr {
    if error.exit_code != 2 {
        return RedlineError::new_err(error.message);
    }
    let raised = InputError::new_err(error.message);
    let value = raised.value(py);
    let located = error.located;
    let at = located.as_deref();
    // Attributes on a fresh exception of our own class cannot fail to set.
    let _ = value.setattr("file", at.map(|l| l.origin.clone()));
    let _ = value.setattr("line", at.and_then(|l| l.line));
    let _ = value.setattr("column", at.and_then(|l| l.column));
    let _ = value.setattr("key", at.and_then(|l| l.key.clone()));
    let _ = value.setattr("hint", at.and_then(|l| l.hint.clone()));
    raised
}

/// Runs one `redline` command line, `argv` without the program's name
/// (`["forecast", "--runs", "1000", "--out", "f.json"]`), in this process,
/// with the GIL released. Raises `InputError` for bad input and
/// `RedlineError` for any other failure.
#[pyfunction]
fn run(py: Python<'_>, argv: Vec<String>) -> PyResult<()> {
    py.detach(|| redline_cli::run_in_process(&argv))
        .map_err(|e| exception(py, e))
}

#[pymodule]
fn _redline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add("RedlineError", m.py().get_type::<RedlineError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
