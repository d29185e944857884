//! Text ingest for the language model (`pipeline::text::TextCorpus::from_bytes`) over arbitrary
//! bytes: the first byte chooses lower-casing, the split fractions and the training minimum, the
//! second the rows and the n-gram order; the rest is the text. Ingest must return a corpus or an
//! error, never panic; a corpus must be consistent and its baselines finite
//! (`tests/common/fuzz_inputs.rs`: `text_ingest`, shared with the regression replay).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/fuzz_inputs.rs"]
mod fuzz_inputs;
use fuzz_inputs::{split_option_bytes, text_ingest};

fuzz_target!(|data: &[u8]| {
    let (a, b, text) = split_option_bytes(data);
    if let Err(message) = text_ingest(a, b, text) {
        assert!(!message.is_empty() && message.len() < 400, "{message}");
    }
});
