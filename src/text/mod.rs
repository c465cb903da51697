//! Text handling: folding for matching (with an offset map back to the original),
//! segmentation into paragraphs and sentences, and the split of a sentence into words. A
//! document is folded once ([`FoldedText`]); the name matcher, the role cues and the word
//! splitter of each sentence read slices of that one copy ([`FoldedSlice`]).

pub mod fold;
pub mod segment;
pub mod words;

pub use fold::{fold, Folded, FoldedCursor, FoldedSlice, FoldedText};
pub use segment::{sentences, Segmenter, Sentence};

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
