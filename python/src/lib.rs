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

/// How often the waiting thread looks for Ctrl-C.
const SIGNAL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// The command's thread's stack: the binary's main thread has 8 MiB.
const STACK: usize = 8 << 20;

/// One command at a time in this process: the stop request
/// (`redline_core::interrupt`) is the process's, so two commands at once
/// could stop each other.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs one `redline` command line, `argv` without the program's name
/// (`["forecast", "--runs", "1000", "--out", "f.json"]`), in this process.
///
/// The command runs on a thread of its own, one command at a time (a
/// second Python thread's call waits for the first). This thread waits
/// with the GIL released and lets Python handle its signals every 50 ms: on
/// Ctrl-C it asks the command to stop (`redline_core::interrupt`), waits
/// for it (the ensemble and the sensitivity design stop at their next run,
/// a tournament at its next pair;
/// nothing is written unless the command had already written its output)
/// and raises `KeyboardInterrupt`. Raises `InputError` for bad input and
/// `RedlineError` for any other failure.
#[pyfunction]
fn run(py: Python<'_>, argv: Vec<String>) -> PyResult<()> {
    // Waiting for our turn with the GIL released (the command holding the
    // lock needs it to look for signals) and Ctrl-C honoured.
    let _turn = loop {
        match ONE_AT_A_TIME.try_lock() {
            Ok(turn) => break turn,
            Err(std::sync::TryLockError::Poisoned(turn)) => break turn.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                py.detach(|| std::thread::sleep(std::time::Duration::from_millis(5)));
                py.check_signals()?;
            }
        }
    };
    // Cleared here, before the command starts, so that a Ctrl-C from now on counts.
    redline_core::interrupt::clear();
    let (done, mut result) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("redline".into())
        .stack_size(STACK)
        .spawn(move || {
            let _ = done.send(redline_cli::run_in_process(&argv));
        })
        .map_err(|e| RedlineError::new_err(format!("cannot start the command's thread: {e}")))?;
    loop {
        let (received, receiver) = py.detach(move || (result.recv_timeout(SIGNAL_POLL), result));
        result = receiver;
        match received {
            Ok(outcome) => {
                let _ = py.detach(|| worker.join());
                return outcome.map_err(|e| exception(py, e));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Err(signal) = py.check_signals() {
                    redline_core::interrupt::request();
                    let _ = py.detach(|| worker.join());
                    return Err(signal);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let _ = py.detach(|| worker.join());
                return Err(RedlineError::new_err("the command panicked"));
            }
        }
    }
}

#[pymodule]
fn _redline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add("RedlineError", m.py().get_type::<RedlineError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
