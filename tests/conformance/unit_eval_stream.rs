//! The unit tests of `heartbeat_spec::eval::stream` (`src/eval/stream.rs`), kept out of the library
//! so that `cargo test` compiles it once.

use std::io::{self, Write};

use heartbeat_model::Profile;
use heartbeat_spec::eval::{StreamEnd, eval_stream};

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
