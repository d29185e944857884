//! The JSON model loader (`io::model_file::from_json`) over arbitrary text: a model or an error
//! naming the field, never a panic; a loaded model's weights are all finite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnn_playground::io::model_file::from_json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(m) = from_json(text) {
        assert!(m.network.params.values.iter().all(|v| v.is_finite()));
    }
});
