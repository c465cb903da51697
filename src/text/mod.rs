//! Text handling: folding for matching (with an offset map back to the original),
//! segmentation into paragraphs and sentences, and the split of a sentence into words. A
//! document is folded once ([`FoldedText`]); the name matcher, the role cues and the word
//! splitter of each sentence read slices of that one copy ([`FoldedSlice`]).

pub mod fold;
pub mod segment;
pub mod words;

pub use fold::{fold, Folded, FoldedCursor, FoldedSlice, FoldedText};
pub use segment::{sentences, Segmenter, Sentence};

/// Calls `f` on every string of up to `max_len` characters over `alphabet` (the empty one
/// first) and returns how many there were: the exhaustive tables of the fast paths' tests.
#[cfg(test)]
pub(crate) fn each_string(alphabet: &[char], max_len: u32, mut f: impl FnMut(&str)) -> usize {
    let mut s = String::new();
    let mut total = 0;
    for len in 0..=max_len {
        for mut code in 0..alphabet.len().pow(len) {
            s.clear();
            for _ in 0..len {
                s.push(alphabet[code % alphabet.len()]);
                code /= alphabet.len();
            }
            f(&s);
            total += 1;
        }
    }
    total
}

/// A slug usable as an actor id: lower-case ASCII letters, digits and `-`.
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() && !matches!(c, '\'' | '.') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("p-{out}")
    }
}
