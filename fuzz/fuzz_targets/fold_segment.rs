//! Folding, segmentation and extraction on arbitrary text.
//!
//! * `text::sentences`: spans in bounds, on char boundaries, trimmed, ordered, non-overlapping.
//! * `Folded`: folded text equals `fold`, and `original_range` of every folded char-boundary range
//!   lands on original char boundaries and covers the folded range; the text folded once and
//!   viewed sentence by sentence (`FoldedText`) gives each sentence its own fold and offsets.
//! * `Extractor::extract` with a small inline gazetteer: every mention's `text[byte_start..byte_end]`
//!   equals the code-point slice `start..end`, lies in its sentence, and folds to a name of its actor.
#![no_main]

use actornet_fuzz::{check_fold, check_folded_sentences, check_sentences, extract_and_check, small_extractor, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    check_sentences(&text);
    check_fold(&text);
    check_folded_sentences(&text);
    for s in actornet::text::sentences(&text) {
        check_fold(&text[s.start..s.end]);
    }
    extract_and_check(small_extractor(), "fuzz.txt", &text);
});
