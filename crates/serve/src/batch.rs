//! `POST /v1/recommend/batch`: JSON Lines in, JSON Lines out, streamed both
//! ways. Each line out is what `crampwise recommend --jsonl` writes for the
//! line in: the plan, or `{"error": {"line": N, "errors": [...]}}`.
//!
//! Memory stays bounded: the request is read a chunk at a time, at most
//! [`crampwise::MAX_PROFILE_BYTES`] + 1 bytes of a line are kept, and at most
//! [`LINES_PER_PIECE`] plans are built before they are handed to the
//! connection, which asks for more only when the client reads them.

use std::convert::Infallible;

use axum::body::{Body, BodyDataStream, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use crampwise::jsonl::{error_line, LineBuffer};
use crampwise::{Code, Diagnostic, Diagnostics, Engine};
use futures_util::StreamExt as _;

use crate::body;
use crate::error::ApiError;
use crate::state::AppState;

/// The media types of JSON Lines (the first is answered).
pub(crate) const JSON_LINES: [&str; 2] = ["application/jsonl", "application/x-ndjson"];

/// The most plans built before they are sent (a plan is about 14 KB).
const LINES_PER_PIECE: usize = 32;

/// One plan or error object per line of the body, in order.
#[utoipa::path(
    post,
    path = "/v1/recommend/batch",
    tag = "plans",
    request_body(
        content = String,
        content_type = "application/jsonl",
        description = "JSON Lines: one profile a line (also `application/x-ndjson`)"
    ),
    responses(
        (status = 200, description = "JSON Lines: for each line in, its plan or \
            `{\"error\": {\"line\": N, \"errors\": [...]}}`, as `crampwise recommend --jsonl` \
            writes them; a batch over the line or size limit ends with one error line saying so",
            body = String, content_type = "application/jsonl"),
        (status = 413, description = "`Content-Length` is over the batch size limit", body = crate::error::ErrorBody),
        (status = 415, description = "The body is not JSON Lines", body = crate::error::ErrorBody),
        (status = 503, description = "Busy: retry after `Retry-After` seconds", body = crate::error::ErrorBody),
    )
)]
pub(crate) async fn batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    body::accept(&headers, &JSON_LINES)?;
    let batch = Batch {
        engine: state.engine.clone(),
        body: request.into_data_stream(),
        line: LineBuffer::new(crampwise::MAX_PROFILE_BYTES),
        number: 0,
        pending: Bytes::new(),
        max_lines: state.limits.max_batch_lines,
        max_bytes: state.limits.max_batch_bytes,
        done: false,
    };
    let pieces = futures_util::stream::unfold(batch, |mut batch| async move {
        let piece = batch.next_piece().await?;
        Some((Ok::<Bytes, Infallible>(piece), batch))
    });
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(JSON_LINES[0]),
        )],
        Body::from_stream(pieces),
    )
        .into_response())
}

/// A batch being answered.
struct Batch {
    engine: Engine,
    body: BodyDataStream,
    line: LineBuffer,
    /// Lines read so far.
    number: usize,
    /// What is left of the last chunk read.
    pending: Bytes,
    max_lines: usize,
    max_bytes: usize,
    done: bool,
}

impl Batch {
    /// The next lines out (at most [`LINES_PER_PIECE`]), `None` at the end.
    async fn next_piece(&mut self) -> Option<Bytes> {
        if self.done {
            return None;
        }
        let mut out = Vec::new();
        let mut lines = 0;
        while lines < LINES_PER_PIECE && !self.done {
            if self.pending.is_empty() {
                if lines > 0 {
                    // Send what is ready before waiting for more input.
                    break;
                }
                match self.body.next().await {
                    Some(Ok(chunk)) => self.pending = chunk,
                    Some(Err(e)) => {
                        let message = if body::is_too_large(&e) {
                            format!(
                                "the batch is larger than {} bytes, the most one request may \
                                 have; send the rest in another request",
                                self.max_bytes
                            )
                        } else {
                            format!("could not read the rest of the request body: {e}")
                        };
                        self.stop(&mut out, self.number + 1, message);
                    }
                    None => {
                        if self.line.is_open() {
                            self.line.finish();
                            self.answer_line(&mut out);
                        }
                        self.done = true;
                    }
                }
                continue;
            }
            let (used, ended) = self.line.push(&self.pending);
            self.pending = self.pending.slice(used..);
            if ended {
                self.answer_line(&mut out);
                lines += 1;
            }
        }
        (!out.is_empty()).then(|| Bytes::from(out))
    }

    /// Writes the plan or error object of the line just read.
    fn answer_line(&mut self, out: &mut Vec<u8>) {
        self.number += 1;
        if self.number > self.max_lines {
            let message = format!(
                "the batch has more than {} lines, the most one request may have; send the \
                 rest in another request",
                self.max_lines
            );
            self.stop(out, self.number, message);
            return;
        }
        let json = match self
            .engine
            .profile_line(self.line.bytes(), self.line.length())
        {
            Ok(profile) => self.engine.rules_engine().evaluate(&profile).to_json(),
            Err(errors) => error_line(self.number, &errors, true),
        };
        self.line.clear();
        out.extend_from_slice(json.as_bytes());
        out.push(b'\n');
    }

    /// Ends the batch with an error line at `line` about the whole request.
    fn stop(&mut self, out: &mut Vec<u8>, line: usize, message: String) {
        let errors = Diagnostics::from(Diagnostic::new(Code::InvalidProfile, "", message));
        out.extend_from_slice(error_line(line, &errors, true).as_bytes());
        out.push(b'\n');
        self.done = true;
    }
}
