//! Splitting a document into paragraphs and sentences.
//!
//! Paragraphs are separated by blank lines. Inside a paragraph, a line that does not end with
//! sentence punctuation (a headline, a bullet, a caption) is a segment of its own, unless it is
//! plainly a wrapped line (it ends with a comma or a lower-case function word, or the next line
//! starts in lower case). Sentences end at `.`, `!` or `?` followed by a space and an upper-case
//! letter, digit, quote or bullet, except after abbreviations ("Mr.", "Gen.", "U.S.", initials).

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use super::fold;

/// One sentence (or headline, bullet, caption): a byte range of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character (leading white space trimmed).
    pub start: usize,
    /// Byte offset one past the last character (trailing white space trimmed).
    pub end: usize,
    /// Paragraph number, counting from 0.
    pub paragraph: usize,
}

/// The built-in `words.csv`: its `abbreviation` and `continuation` lists are the default
/// segmenter's (the extractor builds its own from the lexicon it loads, the same file unless the
/// user gives one).
const DEFAULT_WORDS: &str = include_str!("../../gazetteers/words.csv");

/// Splits text into sentences, with the two word lists it needs as data (`words.csv`):
/// abbreviations, which end with a period without ending a sentence ("Mr.", "Gen."), and
/// continuation words, which cannot end a sentence, so a line ending with one is wrapped text
/// ("of", "the"). Text handling comes before the lexicons in the pipeline, so the lists are
/// given to it, not read from the extractor's lexicon here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmenter {
    abbreviations: HashSet<String>,
    continuation: HashSet<String>,
}

impl Segmenter {
    /// A segmenter over these (lower-case or folded) abbreviations, written without their final
    /// period ("mr", "e.g"), and continuation words.
    pub fn new<A, C>(abbreviations: A, continuation: C) -> Segmenter
    where
        A: IntoIterator,
        A::Item: Into<String>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        Segmenter {
            abbreviations: abbreviations.into_iter().map(Into::into).collect(),
            continuation: continuation.into_iter().map(Into::into).collect(),
        }
    }

    /// The segmenter of the built-in lists, read once. The file is the one the lexicon loader
    /// validates (`file:line` errors); here only its `abbreviation` and `continuation` rows
    /// are taken, which are plain words.
    pub fn builtin() -> &'static Segmenter {
        static BUILTIN: OnceLock<Segmenter> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let list = |name: &str| -> Vec<String> {
                DEFAULT_WORDS
                    .lines()
                    .filter_map(|l| l.split_once(','))
                    .filter(|(list, _)| list.trim() == name)
                    .map(|(_, w)| fold(w.trim()))
                    .collect()
            };
            Segmenter::new(list("abbreviation"), list("continuation"))
        })
    }

    /// Whether a word (as written) is one of the abbreviations.
    fn is_listed_abbreviation(&self, word: &str) -> bool {
        listed(&self.abbreviations, word)
    }

    /// Splits `text` into sentences, in order.
    pub fn sentences(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut paragraph = 0usize;
        let mut in_paragraph = false;
        let mut block_start: Option<usize> = None;
        let mut pos = 0usize;
        let bytes_len = text.len();
        while pos < bytes_len {
            let line_end = text[pos..].find('\n').map_or(bytes_len, |i| pos + i);
            let line = &text[pos..line_end];
            let trimmed = line.trim();
            if trimmed.is_empty() {
                if let Some(bs) = block_start.take() {
                    self.split_block(text, bs, pos, paragraph, &mut out);
                }
                if in_paragraph {
                    paragraph += 1;
                    in_paragraph = false;
                }
            } else {
                in_paragraph = true;
                let lead = line.len() - line.trim_start().len();
                if block_start.is_some() && starts_with_bullet(trimmed) {
                    let bs = block_start.take().unwrap_or(pos);
                    self.split_block(text, bs, pos, paragraph, &mut out);
                }
                if block_start.is_none() {
                    block_start = Some(pos + lead);
                }
                let next_line = next_nonblank_line(text, line_end);
                if !self.continues(trimmed, next_line) {
                    let bs = block_start.take().unwrap_or(pos);
                    self.split_block(text, bs, line_end, paragraph, &mut out);
                }
            }
            pos = line_end + 1;
        }
        if let Some(bs) = block_start {
            self.split_block(text, bs, bytes_len, paragraph, &mut out);
        }
        out
    }
}

/// Splits `text` into sentences with the built-in word lists ([`Segmenter::builtin`]).
pub fn sentences(text: &str) -> Vec<Sentence> {
    Segmenter::builtin().sentences(text)
}

/// Whether a word is in a list: compared lower-cased, and folded when it has letters folding
/// changes (lists are folded, "Gén" is "gen").
fn listed(set: &HashSet<String>, word: &str) -> bool {
    // a short ASCII word is lower-cased on the stack: one per sentence end, no allocation
    let mut buf = [0u8; 24];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|l| set.contains(l));
    }
    let lower = word.to_lowercase();
    set.contains(&lower) || (!lower.is_ascii() && set.contains(&fold(&lower)))
}

/// The next line if it directly follows (no blank line in between).
fn next_nonblank_line(text: &str, line_end: usize) -> Option<&str> {
    if line_end >= text.len() {
        return None;
    }
    let rest = &text[line_end + 1..];
    let next = rest.split('\n').next().unwrap_or("").trim();
    (!next.is_empty()).then_some(next)
}

impl Segmenter {
    /// Whether a line without final punctuation runs on into the next line.
    fn continues(&self, line: &str, next: Option<&str>) -> bool {
        let Some(next) = next else { return false };
        if starts_with_bullet(next) {
            return false;
        }
        let last = line.chars().last().unwrap_or(' ');
        if matches!(last, '.' | '!' | '?' | ':' | ';')
            || is_closing(last) && ends_sentence_like(line)
        {
            // The sentence splitter handles breaks inside the block; a line ending a sentence ends
            // the block only if the next line does not continue in lower case.
            return next.chars().next().is_some_and(char::is_lowercase);
        }
        if last == ',' || last == '-' || last == '\u{2013}' || last == '\u{2014}' {
            return true;
        }
        if next.chars().next().is_some_and(char::is_lowercase) {
            return true;
        }
        let word = line
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        listed(&self.continuation, word)
    }
}

fn ends_sentence_like(line: &str) -> bool {
    let t = line.trim_end_matches(is_closing);
    t.ends_with(['.', '!', '?'])
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{00BB}'
    )
}

fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('\u{2022}' | '\u{25CF}' | '\u{25AA}' | '\u{2023}' | '\u{2043}' | '\u{25E6}') => true,
        Some('-' | '*' | '+') => chars.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

impl Segmenter {
    /// Splits one block (a run of lines) into sentences at sentence punctuation.
    fn split_block(
        &self,
        text: &str,
        start: usize,
        end: usize,
        paragraph: usize,
        out: &mut Vec<Sentence>,
    ) {
        let block = &text[start..end];
        let mut sent_start = 0usize;
        // the bytes after a stop that its closing quotes and repeated stops took with it
        let mut taken = 0usize;
        // the stops are ASCII: a byte search finds them, and each is a character boundary
        for i in memchr::memchr3_iter(b'.', b'!', b'?', block.as_bytes()) {
            if i < taken {
                continue;
            }
            let c = char::from(block.as_bytes()[i]);
            // swallow closing quotes and brackets and repeated punctuation
            let mut j = i + 1;
            for d in block[j..].chars() {
                if is_closing(d) || matches!(d, '.' | '!' | '?') {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            taken = j;
            let after = &block[j..];
            let Some(first_ws) = after.chars().next() else {
                continue;
            };
            if !first_ws.is_whitespace() {
                continue;
            }
            let next = after.trim_start().chars().next();
            let starts_new = next.is_some_and(|n| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(
                        n,
                        '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '[' | '\u{2022}'
                    )
            });
            if !starts_new {
                continue;
            }
            if c == '.' && self.is_abbreviation(&block[sent_start..i]) {
                continue;
            }
            push(text, start + sent_start, start + j, paragraph, out);
            sent_start = j;
        }
        push(text, start + sent_start, end, paragraph, out);
    }

    /// Whether the word before a period is an abbreviation or initial ("Mr", "U.S", "J").
    fn is_abbreviation(&self, before: &str) -> bool {
        let word = before
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\u{201C}'))
            .next()
            .unwrap_or("");
        if word.is_empty() {
            return false;
        }
        if self.is_listed_abbreviation(word) {
            return true;
        }
        // an initial ("J") or a dotted acronym ("U.S", "U.N", "E.U")
        let mut letters = word.chars().filter(|c| *c != '.');
        let initial = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
        let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1);
        initial || dotted
    }
}

fn push(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return;
    }
    out.push(Sentence {
        start: start + lead,
        end: end - trail,
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "The U.S. delegation met Mr. Smith. Talks ended.",
                &["The U.S. delegation met Mr. Smith.", "Talks ended."],
            ),
            (
                "Headline Without Stop\n\nBody text here. More text.",
                &["Headline Without Stop", "Body text here.", "More text."],
            ),
            (
                "Key Takeaways\n  \u{2022} 1Iran met Oman.\n  \u{2022} 2Oman hosted.",
                &[
                    "Key Takeaways",
                    "\u{2022} 1Iran met Oman.",
                    "\u{2022} 2Oman hosted.",
                ],
            ),
            (
                "He met the foreign minister of\nOman on Friday.",
                &["He met the foreign minister of\nOman on Friday."],
            ),
            ("Editor's\nDesk\n\nText.", &["Editor's", "Desk", "Text."]),
            (
                "Is it? \"Yes.\" Then go.",
                &["Is it?", "\"Yes.\"", "Then go."],
            ),
            (
                "Gen. J. Smith spoke. No more.",
                &["Gen. J. Smith spoke.", "No more."],
            ),
            (
                "Prices rose 3.5 percent. Markets fell.",
                &["Prices rose 3.5 percent.", "Markets fell."],
            ),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text), *want, "input {text:?}");
        }
    }

    /// The word lists are data: a segmenter splits after a period only where its
    /// abbreviations allow, and joins wrapped lines only at its continuation words.
    #[test]
    fn segmenter_reads_its_lists() {
        let none = Segmenter::new(Vec::<String>::new(), Vec::<String>::new());
        let brig = Segmenter::new(["brig", "gen"], ["of"]);
        let cases: &[(&Segmenter, &str, &[&str])] = &[
            (
                Segmenter::builtin(),
                "Iran sent Brig. Gen. Ali Rahimi to Muscat.",
                &["Iran sent Brig.", "Gen. Ali Rahimi to Muscat."],
            ),
            (
                &brig,
                "Iran sent Brig. Gen. Ali Rahimi to Muscat.",
                &["Iran sent Brig. Gen. Ali Rahimi to Muscat."],
            ),
            (
                &none,
                "Mr. Smith met Oman's envoy.",
                &["Mr.", "Smith met Oman's envoy."],
            ),
            (
                Segmenter::builtin(),
                "Mr. Smith met Oman's envoy.",
                &["Mr. Smith met Oman's envoy."],
            ),
            (
                &brig,
                "He met the foreign minister of\nOman on Friday.",
                &["He met the foreign minister of\nOman on Friday."],
            ),
            (
                &none,
                "He met the foreign minister of\nOman on Friday.",
                &["He met the foreign minister of", "Oman on Friday."],
            ),
            // a listed word is found whatever its case
            (&brig, "OF\nOman.", &["OF\nOman."]),
        ];
        for (seg, text, want) in cases {
            let got: Vec<&str> = seg
                .sentences(text)
                .into_iter()
                .map(|s| &text[s.start..s.end])
                .collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn paragraphs_are_numbered() {
        let text = "A one. A two.\n\nB one.\n\n\n\nC one.";
        let paras: Vec<usize> = sentences(text).iter().map(|s| s.paragraph).collect();
        assert_eq!(paras, vec![0, 0, 1, 2]);
    }

    #[test]
    fn crlf_lines() {
        assert_eq!(
            split("Title\r\n\r\nOne. Two.\r\n"),
            vec!["Title", "One.", "Two."]
        );
    }
}
