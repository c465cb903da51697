//! Text handling: folding for matching (with an offset map back to the original) and
//! segmentation into paragraphs and sentences.

pub mod fold;
pub mod segment;

pub use fold::{fold, Folded};
pub use segment::{sentences, Sentence};
