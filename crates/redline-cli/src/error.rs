//! The binary's error: a message and the exit code it maps to.
//!
//! Exit codes: 0 success; 1 a failure that is not the user's input (I/O on
//! the output, an internal limit); 2 bad input (file, argument or value),
//! always with where and what.

use redline_core::InputError;
use std::fmt;

/// An error that ends a `redline` command.
#[derive(Debug)]
pub struct CliError {
    /// The process exit code: 2 for bad input, 1 otherwise.
    pub exit_code: i32,
    /// The message printed on standard error after `redline: error: `.
    pub message: String,
    /// Where in the input, when the error came from a located input error
    /// (file, line, column, key): for a host program to show or raise.
    pub located: Option<Box<InputError>>,
}

impl CliError {
    /// Bad input (exit code 2).
    pub fn input(message: impl Into<String>) -> Self {
        CliError {
            exit_code: 2,
            message: message.into(),
            located: None,
        }
    }

    /// Any other failure (exit code 1).
    pub fn failure(message: impl Into<String>) -> Self {
        CliError {
            exit_code: 1,
            message: message.into(),
            located: None,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<InputError> for CliError {
    fn from(error: InputError) -> Self {
        CliError {
            message: error.to_string(),
            located: Some(Box::new(error)),
            exit_code: 2,
        }
    }
}

/// Shorthand for command results.
pub type CliResult<T = ()> = Result<T, CliError>;
