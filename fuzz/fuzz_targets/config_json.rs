//! The configuration parser behind the URL hash, the element's attributes and `configure`:
//! `PlaygroundConfig::from_json_value` over any JSON value. A configuration that validates, or
//! an error naming the key, never a panic; an accepted configuration round-trips through its JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnn_playground::config::PlaygroundConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(cfg) = PlaygroundConfig::from_json_value(&value) {
        let back = PlaygroundConfig::from_json_value(&cfg.to_json_value())
            .expect("an accepted configuration reads back");
        assert_eq!(back.to_json_value(), cfg.to_json_value());
    }
});
