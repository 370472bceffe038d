//! Parquet output (cargo feature `parquet`): a table of typed, nullable
//! columns written one row group at a time, with the run's provenance in the
//! file's key-value metadata (`redline.meta`: the `meta` object every JSON
//! output carries).
//!
//! Two ways in: [`TableWriter`], for the per-run file, which streams row
//! groups as the runs are played; and [`csv_to_parquet`], for every other
//! tabular output, which reads the CSV the command would print and gives
//! each column the narrowest type all its values fit without changing them
//! (64-bit integer, then double, then a date for `YYYY-MM-DD`, else UTF-8
//! text; an empty cell is a null; see `kind_of` for what stays text), so a
//! Parquet file and the CSV of the same run hold the same table.
//!
//! Written with the `parquet` crate's column writers (Apache Arrow project;
//! no Arrow arrays: the table is small and typed here), Snappy-compressed.

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::io::Write;
use std::sync::Arc;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 64-bit signed integer.
    Int64,
    /// 64-bit float.
    Double,
    /// A calendar date (days since 1970-01-01, Parquet's DATE).
    Date,
    /// UTF-8 text.
    Text,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Days since 1970-01-01.
    Date(i32),
    /// Text.
    Text(String),
    /// No value.
    Null,
}

fn io_error(e: parquet::errors::ParquetError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Days from 1970-01-01 to `date` (Parquet's DATE).
pub fn epoch_days(date: redline_core::Date) -> i32 {
    // 1970-01-01 always exists.
    let epoch = redline_core::Date::from_ymd(1970, 1, 1).map_or(0, |d| d.days());
    date.days() - epoch
}

/// A Parquet file being written: the schema fixed, row groups appended.
pub struct TableWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    kinds: Vec<Kind>,
}

impl<W: Write + Send> TableWriter<W> {
    /// Starts a file of `columns` (name, type; every column nullable) with
    /// `metadata` (key, value) in its footer.
    pub fn new(
        out: W,
        columns: &[(&str, Kind)],
        metadata: &[(&str, String)],
    ) -> std::io::Result<Self> {
        let fields = columns
            .iter()
            .map(|&(name, kind)| {
                let (physical, logical) = match kind {
                    Kind::Int64 => (Physical::INT64, None),
                    Kind::Double => (Physical::DOUBLE, None),
                    Kind::Date => (Physical::INT32, Some(LogicalType::Date)),
                    Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                };
                Type::primitive_type_builder(name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(io_error)?;
        let schema = Type::group_type_builder("redline")
            .with_fields(fields)
            .build()
            .map_err(io_error)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("redline {}", crate::meta::VERSION))
            .set_key_value_metadata(Some(
                metadata
                    .iter()
                    .map(|(k, v)| KeyValue::new(k.to_string(), v.clone()))
                    .collect(),
            ))
            .build();
        let writer = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(properties))
            .map_err(io_error)?;
        Ok(TableWriter {
            writer,
            kinds: columns.iter().map(|c| c.1).collect(),
        })
    }

    /// Appends `rows` as one row group (nothing for no rows). A cell whose
    /// type is not its column's is an error, found before anything is written.
    pub fn write(&mut self, rows: &[Vec<Cell>]) -> std::io::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let columns = self
            .kinds
            .iter()
            .enumerate()
            .map(|(c, kind)| column_values(*kind, c, rows))
            .collect::<std::io::Result<Vec<_>>>()?;
        let mut group = self.writer.next_row_group().map_err(io_error)?;
        for (levels, values) in &columns {
            let Some(mut column) = group.next_column().map_err(io_error)? else {
                break;
            };
            let levels = Some(levels.as_slice());
            match values {
                Values::Int64(v) => column.typed::<Int64Type>().write_batch(v, levels, None),
                Values::Double(v) => column.typed::<DoubleType>().write_batch(v, levels, None),
                Values::Int32(v) => column.typed::<Int32Type>().write_batch(v, levels, None),
                Values::Bytes(v) => column.typed::<ByteArrayType>().write_batch(v, levels, None),
            }
            .map_err(io_error)?;
            column.close().map_err(io_error)?;
        }
        group.close().map_err(io_error)?;
        Ok(())
    }

    /// Writes the footer and hands back the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(io_error)
    }
}

/// One column's values, as its physical type stores them.
enum Values {
    Int64(Vec<i64>),
    Double(Vec<f64>),
    Int32(Vec<i32>),
    Bytes(Vec<ByteArray>),
}

/// Column `c` of `rows` as definition levels (1 present, 0 null) and values.
fn column_values(kind: Kind, c: usize, rows: &[Vec<Cell>]) -> std::io::Result<(Vec<i16>, Values)> {
    let cells = rows.iter().map(|r| r.get(c).unwrap_or(&Cell::Null));
    let levels = cells
        .clone()
        .map(|cell| i16::from(*cell != Cell::Null))
        .collect();
    let wrong = |cell: &Cell| {
        std::io::Error::other(format!(
            "column {c}: {cell:?} is not a value of type {kind:?}"
        ))
    };
    let present = cells.filter(|cell| **cell != Cell::Null);
    let values = match kind {
        Kind::Int64 => Values::Int64(
            present
                .map(|cell| match cell {
                    Cell::Int(v) => Ok(*v),
                    other => Err(wrong(other)),
                })
                .collect::<std::io::Result<_>>()?,
        ),
        Kind::Double => Values::Double(
            present
                .map(|cell| match cell {
                    Cell::Float(v) => Ok(*v),
                    Cell::Int(v) => Ok(*v as f64),
                    other => Err(wrong(other)),
                })
                .collect::<std::io::Result<_>>()?,
        ),
        Kind::Date => Values::Int32(
            present
                .map(|cell| match cell {
                    Cell::Date(v) => Ok(*v),
                    other => Err(wrong(other)),
                })
                .collect::<std::io::Result<_>>()?,
        ),
        Kind::Text => Values::Bytes(
            present
                .map(|cell| match cell {
                    Cell::Text(v) => Ok(ByteArray::from(v.as_str())),
                    other => Err(wrong(other)),
                })
                .collect::<std::io::Result<_>>()?,
        ),
    };
    Ok((levels, values))
}

/// The narrowest [`Kind`] every non-empty value of a column fits, keeping
/// the CSV's text wherever a type would change it: an integer is written as
/// the CSV writes one (no sign but `-`, no leading zero: `010`, a CAMEO
/// code, stays text) and fits in 64 bits; a double is a plain decimal
/// or one with an exponent (`nan` and `inf` stay text), and a column of integers some of
/// which exceed 2⁵³ stays text rather than lose digits as doubles.
fn kind_of<'a>(values: impl Iterator<Item = &'a str> + Clone) -> Kind {
    let filled = values.filter(|v| !v.is_empty());
    if filled.clone().all(is_integer) {
        return if filled.clone().all(|v| v.parse::<i64>().is_ok()) {
            Kind::Int64
        } else {
            Kind::Text
        };
    }
    if filled.clone().all(|v| is_integer(v) || is_decimal(v))
        && filled
            .clone()
            .filter(|v| is_integer(v))
            .all(|v| v.parse::<i64>().is_ok_and(|n| n.unsigned_abs() <= 1 << 53))
    {
        Kind::Double
    } else if filled.clone().all(is_date) {
        Kind::Date
    } else {
        Kind::Text
    }
}

fn is_date(v: &str) -> bool {
    v.len() == 10 && redline_core::Date::parse(v).is_ok()
}

/// `0`, `42`, `-7`: digits with no leading zero, an optional `-`.
fn is_integer(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// `0.25`, `-3.5`, `2.5e-7`, `1e-7`: an integer part as [`is_integer`], a
/// point and digits, or an exponent, or both (the `csv` crate writes small
/// and large floats with an exponent).
fn is_decimal(v: &str) -> bool {
    let (mantissa, exponent) = match v.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (v, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    let point = mantissa.split_once('.').is_some_and(|(whole, fraction)| {
        (is_integer(whole) || whole == "-0")
            && !fraction.is_empty()
            && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    exponent_ok && (point || (exponent.is_some() && is_integer(mantissa)))
}

fn cell(kind: Kind, value: &str) -> Cell {
    if value.is_empty() {
        return Cell::Null;
    }
    match kind {
        Kind::Int64 => value.parse().map_or(Cell::Null, Cell::Int),
        Kind::Double => value.parse().map_or(Cell::Null, Cell::Float),
        Kind::Date => {
            redline_core::Date::parse(value).map_or(Cell::Null, |d| Cell::Date(epoch_days(d)))
        }
        Kind::Text => Cell::Text(value.to_string()),
    }
}

/// Writes the table of `csv` (a header line, then rows; RFC 4180 quoting) as
/// Parquet to `out`, each column typed by [`kind_of`], with `metadata`.
pub fn csv_to_parquet<W: Write + Send>(
    csv: &str,
    out: W,
    metadata: &[(&str, String)],
) -> std::io::Result<W> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(std::io::Error::other)?
        .iter()
        .map(str::to_string)
        .collect();
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(std::io::Error::other)?;
    let kinds: Vec<Kind> = (0..header.len())
        .map(|c| kind_of(records.iter().map(move |r| r.get(c).unwrap_or(""))))
        .collect();
    let columns: Vec<(&str, Kind)> = header
        .iter()
        .map(String::as_str)
        .zip(kinds.iter().copied())
        .collect();
    let mut writer = TableWriter::new(out, &columns, metadata)?;
    let rows: Vec<Vec<Cell>> = records
        .iter()
        .map(|r| {
            kinds
                .iter()
                .enumerate()
                .map(|(c, k)| cell(*k, r.get(c).unwrap_or("")))
                .collect()
        })
        .collect();
    writer.write(&rows)?;
    writer.finish()
}

/// A Parquet file read back: its key-value metadata, column names and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadBack {
    /// (key, value) pairs of the footer.
    pub metadata: Vec<(String, Option<String>)>,
    /// The columns' names.
    pub columns: Vec<String>,
    /// The rows, each cell as [`Cell`].
    pub rows: Vec<Vec<Cell>>,
}

/// Reads a whole Parquet file of the kinds [`TableWriter`] writes (for
/// tests and checks; the files are for pandas, R and the like).
pub fn read(bytes: Vec<u8>) -> std::io::Result<ReadBack> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).map_err(io_error)?;
    let meta = reader.metadata().file_metadata();
    let metadata = meta
        .key_value_metadata()
        .map(|kv| {
            kv.iter()
                .map(|k| (k.key.clone(), k.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    let columns = meta
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let mut rows = Vec::new();
    for row in reader.get_row_iter(None).map_err(io_error)? {
        let row = row.map_err(io_error)?;
        rows.push(
            row.get_column_iter()
                .map(|(_, field)| match field {
                    Field::Long(v) => Cell::Int(*v),
                    Field::Int(v) => Cell::Int(i64::from(*v)),
                    Field::Double(v) => Cell::Float(*v),
                    Field::Date(v) => Cell::Date(*v),
                    Field::Str(v) => Cell::Text(v.clone()),
                    Field::Null => Cell::Null,
                    other => Cell::Text(other.to_string()),
                })
                .collect(),
        );
    }
    Ok(ReadBack {
        metadata,
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_table_reads_back_typed_with_its_metadata() {
        let csv = "run,outcome,p,date,note\n0,war,0.25,2025-03-01,\"a, b\"\n7,talks,,2025-04-05,\n";
        let bytes = csv_to_parquet(csv, Vec::new(), &[("redline.meta", "{}".to_string())])
            .expect("written");
        let back = read(bytes).expect("a Parquet file");
        assert_eq!(
            back.metadata,
            vec![("redline.meta".to_string(), Some("{}".to_string()))]
        );
        assert_eq!(back.columns, ["run", "outcome", "p", "date", "note"]);
        // 2025-03-01 is day 20,148 since 1970-01-01 (55 years, 14 of them leap, then 59 days).
        assert_eq!(
            back.rows[0],
            vec![
                Cell::Int(0),
                Cell::Text("war".into()),
                Cell::Float(0.25),
                Cell::Date(20_148),
                Cell::Text("a, b".into())
            ]
        );
        assert_eq!(back.rows[1][2], Cell::Null, "an empty cell is null");
        assert_eq!(back.rows[1][4], Cell::Null);
    }

    #[test]
    fn a_value_that_a_type_would_change_stays_text() {
        let csv = "code,x,big,mixed,small\n010,nan,18446744073709551615,1,1e-7\n10,1.5,1,2.5,0.5\n";
        let back = read(csv_to_parquet(csv, Vec::new(), &[]).expect("written")).expect("reads");
        assert_eq!(
            back.rows[0][0],
            Cell::Text("010".into()),
            "a code's leading zero"
        );
        assert_eq!(back.rows[0][1], Cell::Text("nan".into()));
        assert_eq!(
            back.rows[0][2],
            Cell::Text("18446744073709551615".into()),
            "past i64"
        );
        assert_eq!(
            back.rows[0][3],
            Cell::Float(1.0),
            "integers and decimals: doubles"
        );
        assert_eq!(
            back.rows[0][4],
            Cell::Float(1e-7),
            "as the csv crate writes small floats"
        );
        assert_eq!(
            back.rows[1][1],
            Cell::Text("1.5".into()),
            "its column is text"
        );
    }

    #[test]
    fn row_groups_append_and_a_wrong_type_is_refused() {
        let mut table = TableWriter::new(Vec::new(), &[("n", Kind::Int64)], &[]).expect("new");
        table
            .write(&[vec![Cell::Int(1)], vec![Cell::Int(2)]])
            .expect("first group");
        table.write(&[vec![Cell::Int(3)]]).expect("second group");
        assert!(table.write(&[vec![Cell::Text("x".into())]]).is_err());
        let back = read(table.finish().expect("footer")).expect("reads");
        let n: Vec<Cell> = back.rows.into_iter().map(|mut r| r.remove(0)).collect();
        assert_eq!(
            n,
            [Cell::Int(1), Cell::Int(2), Cell::Int(3)],
            "the refused group left nothing"
        );
    }
}
