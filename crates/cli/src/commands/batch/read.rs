//! Reading the input a chunk at a time: JSON Lines and CSV text as rows of
//! text, Parquet as Arrow record batches.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use arrow_array::RecordBatch;
use crampwise_batch::{evaluate_batch, BatchError, Options};
use crampwise_rules::Engine;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use super::csv_in::{CsvChunk, CsvReader};
use super::{to_u64, CHUNK_BYTES, CHUNK_ROWS};
use crate::cli::TableFormat;
use crate::error::{io_reason, CliError};
use crate::input::{next_line, Input};

/// The largest JSON Lines line read (the engine's limit for one profile).
const MAX_LINE: usize = crampwise_rules::MAX_PROFILE_BYTES;

/// One JSON Lines line of a chunk.
pub(super) struct Line {
    /// Line number in the input, 1-based.
    pub(super) number: u64,
    /// Its bytes in [`LineChunk::text`] (at most `MAX_LINE + 1` of them).
    start: usize,
    /// End of its bytes in [`LineChunk::text`].
    end: usize,
    /// Its full length in bytes.
    pub(super) length: usize,
}

/// Non-blank JSON Lines lines, their text one after the other.
pub(super) struct LineChunk {
    /// The lines' bytes.
    text: Vec<u8>,
    /// Where each line is.
    pub(super) lines: Vec<Line>,
}

impl LineChunk {
    /// The bytes of `line`, one of this chunk's [`LineChunk::lines`] (at
    /// most `MAX_LINE + 1` of them).
    #[expect(
        clippy::indexing_slicing,
        reason = "`lines` took `start..end` from `text` as it appended the line"
    )]
    pub(super) fn bytes(&self, line: &Line) -> &[u8] {
        &self.text[line.start..line.end]
    }
}

/// Rows to evaluate.
pub(super) enum Chunk {
    /// JSON Lines.
    Lines(LineChunk),
    /// CSV records.
    Csv(CsvChunk),
    /// A Parquet record batch whose first row is row `first + 1`.
    Arrow {
        /// Rows before this batch.
        first: u64,
        /// The rows.
        batch: RecordBatch,
    },
}

/// A buffered reader that counts the bytes consumed, for the progress bar.
struct Counting {
    inner: Box<dyn BufRead>,
    count: Rc<Cell<u64>>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + to_u64(n));
        Ok(n)
    }
}

impl BufRead for Counting {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.count.set(self.count.get() + to_u64(amt));
        self.inner.consume(amt);
    }
}

/// The input, in one of the three formats.
pub(super) struct Reader<'a> {
    input: &'a Input<'a>,
    kind: RowSource,
    /// Bytes read so far (JSON Lines, CSV).
    bytes: Rc<Cell<u64>>,
    /// Rows read so far (Parquet).
    rows: u64,
    /// The size of the input: bytes (JSON Lines, CSV) or rows (Parquet), when known.
    total: Option<u64>,
}

enum RowSource {
    Lines {
        reader: Counting,
        number: u64,
        buf: Vec<u8>,
    },
    Csv(Box<CsvReader>),
    Parquet(ParquetRecordBatchReader),
}

impl<'a> Reader<'a> {
    /// Opens `input` (at `path`) as `format`.
    pub(super) fn open(
        input: &'a Input<'a>,
        path: &Path,
        format: TableFormat,
    ) -> Result<Self, CliError> {
        let bytes = Rc::new(Cell::new(0));
        let size = if input.is_stdin() {
            None
        } else {
            std::fs::metadata(path).ok().map(|m| m.len())
        };
        let counting = |reader| Counting {
            inner: reader,
            count: Rc::clone(&bytes),
        };
        let (kind, total) = match format {
            TableFormat::Jsonl => (
                RowSource::Lines {
                    reader: counting(input.open_stream()?),
                    number: 0,
                    buf: Vec::new(),
                },
                size,
            ),
            TableFormat::Csv => (
                RowSource::Csv(Box::new(CsvReader::new(
                    counting(input.open_stream()?),
                    input,
                )?)),
                size,
            ),
            TableFormat::Parquet => {
                let reader = parquet(input, path)?;
                let rows = reader.metadata().file_metadata().num_rows();
                let reader = reader
                    .with_batch_size(CHUNK_ROWS)
                    .build()
                    .map_err(|e| not_parquet(input, &e.to_string()))?;
                (RowSource::Parquet(reader), u64::try_from(rows).ok())
            }
        };
        Ok(Reader {
            input,
            kind,
            bytes,
            rows: 0,
            total,
        })
    }

    /// Checks the input's column names and types before any row is read: an
    /// unknown name is an error with a did-you-mean hint.
    pub(super) fn check_columns(&mut self, engine: &Engine) -> Result<(), CliError> {
        match &mut self.kind {
            RowSource::Lines { .. } => Ok(()),
            RowSource::Csv(csv) => csv.bind(engine),
            RowSource::Parquet(reader) => {
                use arrow_array::RecordBatchReader;
                let empty = RecordBatch::new_empty(reader.schema());
                evaluate_batch(engine, &empty, &Options::default())
                    .map(|_| ())
                    .map_err(|e| batch_error(self.input, &e))
            }
        }
    }

    /// The size of the input for the progress bar, when known.
    pub(super) fn total(&self) -> Option<u64> {
        self.total
    }

    /// How much of it has been read, in the unit of [`Reader::total`].
    pub(super) fn done(&self) -> u64 {
        match self.kind {
            RowSource::Parquet(_) => self.rows,
            _ => self.bytes.get(),
        }
    }

    /// The next chunk of rows, or `None` at the end.
    pub(super) fn next_chunk(&mut self) -> Result<Option<Chunk>, CliError> {
        let input = self.input;
        match &mut self.kind {
            RowSource::Lines {
                reader,
                number,
                buf,
            } => {
                let chunk = lines(input, reader, number, buf)?;
                Ok((!chunk.lines.is_empty()).then_some(Chunk::Lines(chunk)))
            }
            RowSource::Csv(csv) => Ok(csv.next_chunk()?.map(Chunk::Csv)),
            RowSource::Parquet(reader) => match reader.next() {
                None => Ok(None),
                Some(Err(e)) => Err(not_parquet(input, &e.to_string())),
                Some(Ok(batch)) => {
                    let first = self.rows;
                    self.rows += to_u64(batch.num_rows());
                    Ok(Some(Chunk::Arrow { first, batch }))
                }
            },
        }
    }
}

/// Up to [`CHUNK_ROWS`] non-blank lines (blank lines are skipped).
fn lines(
    input: &Input<'_>,
    reader: &mut Counting,
    number: &mut u64,
    buf: &mut Vec<u8>,
) -> Result<LineChunk, CliError> {
    let mut chunk = LineChunk {
        text: Vec::with_capacity(1 << 20),
        lines: Vec::with_capacity(CHUNK_ROWS),
    };
    while chunk.lines.len() < CHUNK_ROWS && chunk.text.len() < CHUNK_BYTES {
        let Some(length) =
            next_line(reader, buf, MAX_LINE).map_err(|e| input.unreadable(&io_reason(&e)))?
        else {
            break;
        };
        *number += 1;
        if length <= MAX_LINE && buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let start = chunk.text.len();
        chunk.text.extend_from_slice(buf);
        chunk.lines.push(Line {
            number: *number,
            start,
            end: chunk.text.len(),
            length,
        });
    }
    Ok(chunk)
}

/// Opens a Parquet file (never standard input: Parquet needs to seek).
fn parquet(
    input: &Input<'_>,
    path: &Path,
) -> Result<ParquetRecordBatchReaderBuilder<File>, CliError> {
    if input.is_stdin() {
        return Err(CliError::input_with_help(
            "batch: Parquet cannot be read from standard input",
            "give the Parquet file's path",
        ));
    }
    if path.is_dir() {
        return Err(input.unreadable("it is a directory"));
    }
    let file = File::open(path).map_err(|e| input.unreadable(&io_reason(&e)))?;
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| not_parquet(input, &e.to_string()))
}

fn not_parquet(input: &Input<'_>, reason: &str) -> CliError {
    let reason = reason.strip_prefix("Parquet error: ").unwrap_or(reason);
    let mut chars = reason.chars();
    let reason: String = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    input.unreadable(&format!("not a readable Parquet file: {reason}"))
}

/// A batch error about the input's columns (or the output), naming the input.
pub(super) fn batch_error(input: &Input<'_>, e: &BatchError) -> CliError {
    match e {
        BatchError::Column { .. } | BatchError::Row { .. } => {
            CliError::input(format!("batch: {}: {e}", input.name()))
        }
        BatchError::Arrow(_) => CliError::Internal(format!("batch: {e}")),
    }
}
