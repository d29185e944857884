//! What `importModel` and the CLI's `--model` read: `io::model_file::from_bytes`, which sniffs
//! safetensors or JSON, over arbitrary bytes; and `from_safetensors` directly, so inputs that do
//! not pass the sniffing still reach the safetensors decoder. A model or an error, never a panic
//! (nor an allocation the header merely claims).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnn_playground::io::model_file::{from_bytes, from_safetensors};

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = from_bytes(data) {
        assert!(m.network.params.values.iter().all(|v| v.is_finite()));
    }
    if let Ok(m) = from_safetensors(data) {
        assert!(m.network.params.values.iter().all(|v| v.is_finite()));
    }
});
