//! Counters of the inner-loop steps of each extraction stage, per thread: the regression tests of
//! linear time double a document and check that the work doubles (a count, not a clock, so the
//! test is exact on any machine). Each counter costs a thread-local add per sentence or mention.
//! Not part of the stable API.

use std::cell::Cell;

/// The stages counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Ambiguity resolution: support of each pending hit.
    Resolve,
    /// People discovery: title cues, the covered check, clustering, later mentions.
    People,
    /// Titles read around person mentions.
    Titles,
    /// Role cues and the relations they imply.
    Roles,
    /// Evidence rows (`export::rows::EvidenceRef::all`): the bytes of the sentences clipped.
    Evidence,
}

impl Stage {
    /// Every stage.
    pub const ALL: [Stage; 5] = [
        Stage::Resolve,
        Stage::People,
        Stage::Titles,
        Stage::Roles,
        Stage::Evidence,
    ];
}

thread_local! {
    static STEPS: [Cell<u64>; Stage::ALL.len()] = const { [const { Cell::new(0) }; Stage::ALL.len()] };
}

/// Adds `n` steps to a stage's counter on this thread.
#[inline]
pub fn add(stage: Stage, n: usize) {
    STEPS.with(|s| {
        let c = &s[stage as usize];
        c.set(c.get().wrapping_add(n as u64));
    });
}

/// The steps counted on this thread since the last call, by stage (in [`Stage::ALL`] order);
/// the counters restart at zero.
pub fn take() -> [u64; Stage::ALL.len()] {
    STEPS.with(|s| std::array::from_fn(|i| s[i].take()))
}
