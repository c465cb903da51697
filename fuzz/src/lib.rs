//! Invariant checks shared by the fuzz targets in `fuzz_targets/`: the main crate's
//! `tests/invariants.rs`, included here by path, which the property tests (`tests/props.rs`)
//! call too, so the fuzzers and the properties check the same promises with the same code.
//! Every check panics (with a message naming the invariant) when the library breaks a promise;
//! libFuzzer records the input.

#[path = "../../tests/invariants.rs"]
mod invariants;

pub use invariants::*;
