//! Test-only faults inside the wasm instance (cargo feature `fault-injection`, never in the
//! app's build: `scripts/build-wasm.sh faults` builds it into `www/pkg/faults/` for
//! `tests/e2e/faults.test.js`, which serves it in place of the app's module). They are real:
//! a panic that ends in a trap, and allocations that exhaust the 4 GiB wasm32 memory until one
//! fails (`handle_alloc_error` aborts with a trap), so the page's crash path is tested against
//! what a bug or an oversized request really does, not against a thrown JS error.

use super::Session;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Session {
    /// Causes fault `kind` inside the module: 1 a panic (a `RuntimeError: unreachable`),
    /// 2 an allocation failure (blocks of 256 MiB are reserved until the memory cannot
    /// grow). Any other kind returns without doing anything. Never returns for 1 and 2.
    #[wasm_bindgen(js_name = injectFault)]
    pub fn inject_fault(&mut self, kind: u32) {
        match kind {
            1 => panic!("fault injection: a deliberate panic inside the wasm module"),
            2 => {
                let mut held: Vec<Vec<u8>> = Vec::new();
                loop {
                    // Reserved, not touched: the pages cost address space, not resident memory.
                    held.push(Vec::with_capacity(256 << 20));
                    std::hint::black_box(&held);
                }
            }
            _ => {}
        }
    }
}
