//! CSV records with the line each starts on and any quoting problem in it.
//!
//! The csv crate is lenient: a quote inside an unquoted field is kept as a character, text after a
//! closing quote is appended, and a quote that is never closed swallows the rest of the file into
//! one field, all without an error. For documents that silently merges or mangles rows, so a
//! small state machine watches the raw bytes beside the parser. It follows exactly the parser's
//! states (csv-core's reader with its default `,`, `"` and CR/LF terminators), so it sees the same
//! records start, and it notes on which line each record starts (the parser's own positions point
//! before skipped blank lines and at the LF of a CRLF) and which quotes a strict reader would
//! refuse.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;

/// What the byte watcher saw, in the order of the bytes.
#[derive(Debug)]
enum Event {
    /// A record starts on this line.
    Start(usize),
    /// A quoting problem: the line and what is wrong.
    Problem(usize, &'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    InField,
    InQuoted,
    /// A quote seen inside a quoted field: the end of the field or the first of a doubled quote.
    QuoteInQuoted,
}

#[derive(Debug)]
struct Watch {
    state: State,
    line: usize,
    /// The line of the quote that opened the current quoted field.
    opened: usize,
    /// Whether the current field already has a quoting problem (reported once per field).
    flagged: bool,
    events: VecDeque<Event>,
}

impl Watch {
    /// A watch at the start of a text: line 1, before the first record.
    fn new() -> Watch {
        Watch {
            state: State::StartRecord,
            line: 1,
            opened: 1,
            flagged: false,
            events: VecDeque::new(),
        }
    }

    fn byte(&mut self, b: u8) {
        use State::*;
        let term = b == b'\n' || b == b'\r';
        if self.state == StartRecord {
            if term {
                if b == b'\n' {
                    self.line += 1;
                }
                return;
            }
            self.events.push_back(Event::Start(self.line));
            self.state = StartField;
        }
        if self.state == StartField {
            self.flagged = false;
        }
        self.state = match (self.state, b) {
            (StartField, b'"') => {
                self.opened = self.line;
                InQuoted
            }
            (StartField | InField, b',') => StartField,
            (StartField | InField | QuoteInQuoted, b'\r' | b'\n') => StartRecord,
            (StartField, _) => InField,
            (InField, b'"') => {
                self.flag("a quote inside an unquoted field (quote the whole field and double the quote: \"\")");
                InField
            }
            (InField, _) => InField,
            (InQuoted, b'"') => QuoteInQuoted,
            (InQuoted, _) => InQuoted,
            (QuoteInQuoted, b'"') => InQuoted,
            (QuoteInQuoted, b',') => StartField,
            (QuoteInQuoted, _) => {
                self.flag("text after the closing quote of a field (a stray quote?)");
                InField
            }
            (StartRecord, _) => unreachable!("handled above"),
        };
        if b == b'\n' {
            self.line += 1;
        }
    }

    fn flag(&mut self, what: &'static str) {
        if !self.flagged {
            self.flagged = true;
            self.events.push_back(Event::Problem(self.line, what));
        }
    }

    fn eof(&mut self) {
        if self.state == State::InQuoted {
            self.events.push_back(Event::Problem(
                self.opened,
                "a quote opened here is never closed (a stray quote?)",
            ));
        }
        self.state = State::StartRecord;
    }
}

/// The raw reader, watched.
struct Watched<R> {
    inner: R,
    watch: Rc<RefCell<Watch>>,
    done: bool,
}

impl<R: io::Read> io::Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut w = self.watch.borrow_mut();
        for &b in &buf[..n] {
            w.byte(b);
        }
        if n == 0 && !buf.is_empty() && !self.done {
            self.done = true;
            w.eof();
        }
        Ok(n)
    }
}

/// The quoting problems of a whole CSV text (line, what is wrong), for tables read in one piece
/// (gazetteers, lexicons): the same checks as [`Rows`] makes record by record.
pub(crate) fn quote_problems(text: &[u8]) -> Vec<(usize, &'static str)> {
    let mut w = Watch::new();
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        if w.state == State::StartRecord {
            // every problem involves a quote: between records, the lines before the next quote
            // need no watching (most gazetteer files have none, few lines of the others have
            // one; the byte-by-byte watch was a tenth of start-up)
            let Some(quote) = memchr::memchr(b'"', &text[at..]) else {
                break;
            };
            let quote = at + quote;
            let line_start = memchr::memrchr(b'\n', &text[at..quote]).map_or(at, |i| at + i + 1);
            w.line += memchr::memchr_iter(b'\n', &text[at..line_start]).count();
            at = line_start;
        }
        w.byte(text[at]);
        at += 1;
        // only problems are kept: record starts would pile up for a big file
        while let Some(e) = w.events.pop_front() {
            if let Event::Problem(l, what) = e {
                out.push((l, what));
            }
        }
    }
    w.eof();
    out.extend(w.events.drain(..).filter_map(|e| match e {
        Event::Problem(l, what) => Some((l, what)),
        Event::Start(_) => None,
    }));
    out
}

/// One record.
#[derive(Debug)]
pub(crate) struct Row {
    /// The fields.
    pub record: csv::ByteRecord,
    /// The 1-based line the record starts on.
    pub line: usize,
    /// The first quoting problem in the record: its line and what is wrong.
    pub problem: Option<(usize, String)>,
}

/// Reads CSV records (the header is the first) with their lines and quoting problems.
pub(crate) struct Rows<R: io::Read> {
    reader: csv::Reader<Watched<R>>,
    watch: Rc<RefCell<Watch>>,
    /// Bytes and fields of the record before: the next one is made that large at once (a
    /// record grown from empty is reallocated several times).
    last: (usize, usize),
}

impl<R: io::Read> Rows<R> {
    /// Reads from `inner`.
    pub fn new(inner: R) -> Self {
        let watch = Rc::new(RefCell::new(Watch::new()));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Watched {
                inner,
                watch: watch.clone(),
                done: false,
            });
        Rows {
            reader,
            watch,
            last: (0, 0),
        }
    }

    /// The next record, or `None` at the end.
    pub fn next_row(&mut self) -> io::Result<Option<Row>> {
        let mut record = csv::ByteRecord::with_capacity(self.last.0, self.last.1);
        match self.reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(io::Error::other(e)),
        }
        self.last = (record.as_slice().len(), record.len());
        // every byte of the record has passed the watcher: its events are queued, up to the
        // start of the next record
        let mut w = self.watch.borrow_mut();
        let mut line = None;
        let mut problem = None;
        while let Some(e) = w.events.front() {
            match *e {
                Event::Start(_) if line.is_some() => break,
                Event::Start(l) => line = Some(l),
                Event::Problem(l, what) => {
                    problem.get_or_insert((l, what.to_string()));
                }
            }
            w.events.pop_front();
        }
        Ok(Some(Row {
            record,
            line: line.unwrap_or(w.line),
            problem,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, usize, Option<usize>)> {
        let mut r = Rows::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(row) = r.next_row().unwrap() {
            out.push((row.line, row.record.len(), row.problem.map(|p| p.0)));
        }
        out
    }

    #[test]
    fn csv_record_lines_count_blank_lines_crlf_and_quoted_newlines() {
        assert_eq!(
            rows("id,text\n\na,\"two\nlines\"\nb,x\n"),
            [(1, 2, None), (3, 2, None), (5, 2, None)]
        );
        assert_eq!(
            rows("id,text\r\na,x\r\n\r\nb,\"y\r\nz\"\r\nc,w"),
            [(1, 2, None), (2, 2, None), (4, 2, None), (6, 2, None)]
        );
    }

    #[test]
    fn csv_stray_quotes_are_found_on_their_line() {
        // a quote inside an unquoted field; text after a closing quote
        assert_eq!(
            rows("id,text\na,He said \"no\nb,\"Oman\" and Iran\nc,ok\n"),
            [(1, 2, None), (2, 2, Some(2)), (3, 2, Some(3)), (4, 2, None)]
        );
        // a quote never closed swallows the rest: the problem is where it opened
        assert_eq!(
            rows("id,text\na,ok\nb,\"Oman met\nc,Iran\n"),
            [(1, 2, None), (2, 2, None), (3, 2, Some(3))]
        );
        // doubled quotes are fine
        assert_eq!(
            rows("id,text\na,\"He said \"\"no\"\"\"\n"),
            [(1, 2, None), (2, 2, None)]
        );
    }

    /// The watch over every byte, which [`quote_problems`] must agree with.
    fn watched_byte_by_byte(text: &[u8]) -> Vec<(usize, &'static str)> {
        let mut w = Watch::new();
        for &b in text {
            w.byte(b);
        }
        w.eof();
        w.events
            .drain(..)
            .filter_map(|e| match e {
                Event::Problem(l, what) => Some((l, what)),
                Event::Start(_) => None,
            })
            .collect()
    }

    proptest::proptest! {
        /// Skipping the quote-free lines between records changes nothing: any text of commas,
        /// quotes, line ends and letters.
        #[test]
        fn quote_problems_skipping_quote_free_lines_are_those_of_the_whole_watch(
            text in proptest::collection::vec(
                proptest::sample::select(&b"a,\"\r\n"[..]),
                0..60,
            )
        ) {
            proptest::prop_assert_eq!(quote_problems(&text), watched_byte_by_byte(&text));
        }
    }

    /// `quote_problems` watches only from the line of a quote that starts a record's watch: the
    /// lines it skips must still count, on every kind of line end.
    #[test]
    fn whole_text_quote_problems_keep_their_lines_after_quote_free_lines() {
        let cases: &[(&str, &[usize])] = &[
            ("id,text\na,ok\nb,fine\n", &[]),
            ("id,text\na,ok\nb,He said \"no\nc,x\n", &[3]),
            ("id,text\r\na,ok\r\n\r\nb,\"Oman\" and Iran\r\n", &[4]),
            ("id,text\na,ok\nb,\"two\nlines\"\nc,\"open\n", &[5]),
            ("\"id\",text\na,He said \"no\n", &[2]),
            // quote-free lines between quoted ones are skipped and still counted
            (
                "id,text\na,\"ok\"\nb,x\r\n\r\nc,y\nd,\"two\nlines\"\ne,z\nf,He said \"no\ng,\"w\"x\n",
                &[9, 10],
            ),
            ("id,text\na,\"ok\"\nb,x\nc,\"open\nd,e\n", &[4]),
        ];
        for (text, want) in cases {
            let got: Vec<usize> = quote_problems(text.as_bytes())
                .into_iter()
                .map(|(l, _)| l)
                .collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
