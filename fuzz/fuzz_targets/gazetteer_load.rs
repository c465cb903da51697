//! Arbitrary bytes as a gazetteer CSV: loading gives a gazetteer or an error whose problems name
//! a line of the file, never a panic; a gazetteer that loads builds a matcher and extracts from
//! its own text with honest offsets.
#![no_main]

use actornet_fuzz::{check_gazetteer_text, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_gazetteer_text(&text_of(data));
});
