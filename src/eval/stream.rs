//! The JSON-lines reader behind `heartbeat-spec eval`: a byte stream in, one answer line per
//! input line out (SPEC.md appendix A, EV1 and EV5). Kept apart from the CLI so that tests and fuzzers
//! drive the very loop the CLI runs.

use std::io::{self, BufRead, Write};

use heartbeat_model::Profile;

use super::eval_line;

/// How [`eval_stream`] stopped.
#[derive(Debug)]
pub enum StreamEnd {
    /// End of input: every line was answered.
    Eof,
    /// Reading the input failed (answers to the lines before it were written).
    ReadError(io::Error),
    /// Writing an answer failed: the reader of the answers went away.
    WriterGone,
}

/// Answer every `\n`-terminated line of `input` (the last line needs no terminator; a trailing
/// `\r` is dropped) with one line on `output`, flushed after each answer so that a caller can
/// interleave requests and answers. Lines may hold any bytes: invalid UTF-8 is an `err` answer.
pub fn eval_stream(profile: Profile, input: impl BufRead, output: &mut impl Write) -> StreamEnd {
    for line in input.split(b'\n') {
        let line = match line {
            Ok(l) => l,
            Err(e) => return StreamEnd::ReadError(e),
        };
        let answer = eval_line(profile, &line);
        if writeln!(output, "{answer}")
            .and_then(|()| output.flush())
            .is_err()
        {
            return StreamEnd::WriterGone;
        }
    }
    StreamEnd::Eof
}
