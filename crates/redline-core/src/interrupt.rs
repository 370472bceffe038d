//! A request to stop, for a host program that runs redline's work in its
//! own process (the Python package on Ctrl-C). The long loops (the
//! ensemble's runs, the sensitivity design's points, a tournament's pairs)
//! stop at their next run or pair when it is set, and the command line's output functions then write
//! nothing: an interrupted result is never taken for a finished one. The
//! binary never sets it (an interrupt ends its process).

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks the running work to stop.
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Withdraws the request (before new work starts).
pub fn clear() {
    REQUESTED.store(false, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}
