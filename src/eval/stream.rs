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

#[cfg(test)]
mod tests {
    use super::*;

    /// EV1: one answer per line, the last line unterminated, a blank line and bad bytes included.
    #[test]
    fn ev1_stream_answers_each_line_once() {
        let input: &[u8] = b"{\"fn\":\"normalizeMainKey\",\"args\":[\" Work \"]}\r\n\n\xff\xfe\n{\"fn\":\"isCronSessionKey\",\"args\":[\"agent:x:cron:j\"]}";
        let mut out = Vec::new();
        assert!(matches!(
            eval_stream(Profile::Reference, input, &mut out),
            StreamEnd::Eof
        ));
        let text = String::from_utf8(out).expect("answers are UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                r#"{"ok":"work"}"#,
                r#"{"err":"empty input line: expected a JSON object {\"fn\": NAME, \"args\": [...]}"}"#,
                r#"{"err":"input line is not valid UTF-8 (invalid byte at offset 0)"}"#,
                r#"{"ok":true}"#,
            ]
        );
        let mut none = Vec::new();
        assert!(matches!(
            eval_stream(Profile::Reference, &b""[..], &mut none),
            StreamEnd::Eof
        ));
        assert!(none.is_empty());
    }

    /// EV5: a writer that goes away stops the loop without a panic.
    #[test]
    fn ev5_a_closed_writer_stops_the_stream() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        assert!(matches!(
            eval_stream(Profile::Reference, &b"x\ny\n"[..], &mut Closed),
            StreamEnd::WriterGone
        ));
    }
}
