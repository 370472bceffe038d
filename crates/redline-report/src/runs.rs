//! `redline forecast --runs-out`: one row per run and outcome that happened
//! in it (an outcome a run never saw has no row), streamed as the runs are
//! played: `run,outcome,week,date`.
//!
//! `week` counts from 1 (the week starting on the as-of date); `date` is
//! that week's first day, or the assumed date of an outcome forced by
//! `--assume` when it falls later in the week, as the forecast's median
//! dates are.

use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::RunOutcomes;
use std::io::Write;

/// The CSV header.
pub const CSV_HEADER: &str = "run,outcome,week,date\n";

/// One row: (run, outcome id, week from 1, date).
pub type Row<'a> = (u64, &'a str, u32, redline_core::Date);

/// The rows of `runs`, in run order and within a run in the model's outcome
/// order, handed to `row` one by one.
pub fn rows<'m>(
    model: &'m CrisisModel,
    assumptions: &Assumptions,
    runs: &[RunOutcomes],
    row: &mut dyn FnMut(Row<'m>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let scenario = model.scenario();
    let outcomes: Vec<_> = model.outcomes().iter().collect();
    for r in runs {
        for (outcome, slot) in &outcomes {
            let Some(step) = r.happened[slot.index()] else {
                continue;
            };
            let start = scenario.step_date(usize::from(step));
            let date = assumptions.date(*slot).map_or(start, |d| d.max(start));
            row((r.run, outcome.id.as_str(), u32::from(step) + 1, date))?;
        }
    }
    Ok(())
}

/// Writes the CSV rows of `runs` to `out`.
pub fn write_csv(
    out: &mut dyn Write,
    model: &CrisisModel,
    assumptions: &Assumptions,
    runs: &[RunOutcomes],
) -> std::io::Result<()> {
    rows(model, assumptions, runs, &mut |(
        run,
        outcome,
        week,
        date,
    )| {
        writeln!(out, "{run},{outcome},{week},{date}")
    })
}

/// Rows per Parquet row group of the per-run file: big enough that the
/// footer (a few hundred bytes per group, held until the file closes) stays
/// small for millions of runs, small enough to hold in memory (a few MB).
#[cfg(feature = "parquet")]
pub const ROWS_PER_GROUP: usize = 1 << 16;

/// The per-run rows as a Parquet file (`run` int64, `outcome` text, `week`
/// int64, `date` DATE), with `meta_json` under `redline.meta`, in row groups
/// of [`ROWS_PER_GROUP`].
#[cfg(feature = "parquet")]
pub struct RunsParquet<W: Write + Send> {
    table: crate::parquet::TableWriter<W>,
    pending: Vec<Vec<crate::parquet::Cell>>,
}

#[cfg(feature = "parquet")]
impl<W: Write + Send> RunsParquet<W> {
    /// Starts the file.
    pub fn new(out: W, meta_json: &str) -> std::io::Result<Self> {
        use crate::parquet::Kind;
        Ok(RunsParquet {
            table: crate::parquet::TableWriter::new(
                out,
                &[
                    ("run", Kind::Int64),
                    ("outcome", Kind::Text),
                    ("week", Kind::Int64),
                    ("date", Kind::Date),
                ],
                &[("redline.meta", meta_json.to_string())],
            )?,
            pending: Vec::new(),
        })
    }

    /// Adds the rows of `runs`, writing a row group whenever one is full.
    pub fn add(
        &mut self,
        model: &CrisisModel,
        assumptions: &Assumptions,
        runs: &[RunOutcomes],
    ) -> std::io::Result<()> {
        use crate::parquet::Cell;
        rows(model, assumptions, runs, &mut |(
            run,
            outcome,
            week,
            date,
        )| {
            self.pending.push(vec![
                Cell::Int(i64::try_from(run).unwrap_or(i64::MAX)),
                Cell::Text(outcome.to_string()),
                Cell::Int(i64::from(week)),
                Cell::Date(crate::parquet::epoch_days(date)),
            ]);
            Ok(())
        })?;
        if self.pending.len() >= ROWS_PER_GROUP {
            self.table.write(&self.pending)?;
            self.pending.clear();
        }
        Ok(())
    }

    /// Writes what is pending and the footer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.table.write(&self.pending)?;
        self.table.finish()
    }
}
