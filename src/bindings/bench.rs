//! The benchmark's WebAssembly exports (cargo feature `bench`): the standard workload, the text
//! workload and the kernel benchmark of [`crate::bench`], called by `bench/ours-wasm.mjs`,
//! `bench/ours-text.mjs`, `bench/worker-ours.js` and `bench/kernels.mjs`. The kernels' instruction set comes from the app's `backend()` export.

use wasm_bindgen::prelude::*;

use crate::bench::{kernels, text, workload};
use crate::cells::CellKind;

#[wasm_bindgen]
extern "C" {
    /// The host's `performance.now()` (a page, a worker or Node): milliseconds.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The host's wall clock in seconds.
fn wall_seconds() -> f64 {
    performance_now() / 1000.0
}

/// What the caller's clock returned; `None` without a clock or when calling it threw.
fn call_clock(clock: Option<&js_sys::Function>) -> Option<JsValue> {
    clock.and_then(|f| f.call0(&JsValue::NULL).ok())
}

/// A JS `Error` carrying the message of `e`.
fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Runs the standard workload for `cell` (`"lstm"` | `"gru"`, parsed as a [`CellKind`]) and
/// `config` (e.g. `"w10-h50-l1"`) on the text of `series.csv`; returns the
/// [`workload::WorkloadReport`] as JSON. Wall time comes from `performance.now()`; `cpu_clock`,
/// when given, returns the CPU seconds used so far (Node: `process.cpuUsage()`).
#[wasm_bindgen]
pub fn run_workload(
    series_csv: &str,
    cell: &str,
    config: &str,
    cpu_clock: Option<js_sys::Function>,
) -> Result<String, JsError> {
    let prices = workload::parse_series_csv(series_csv).map_err(js_err)?;
    let cell = cell.parse::<CellKind>().map_err(js_err)?;
    let config = workload::config_by_name(config).map_err(js_err)?;
    let mut clock = || workload::Stamp {
        wall_s: wall_seconds(),
        cpu_s: call_clock(cpu_clock.as_ref())
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::NAN),
    };
    let report = workload::run(
        &prices,
        cell,
        &config,
        &workload::Protocol::STANDARD,
        &mut clock,
    )
    .map_err(js_err)?;
    serde_json::to_string(&report).map_err(js_err)
}

/// Runs the text workload ([`text::run`]) on `text` with `batches` timed batches; returns the
/// result line ([`text::TextReport::result_line`]) for `engine` and `env`. Clocks as for
/// [`run_workload`].
#[wasm_bindgen]
pub fn run_text_workload(
    text: &str,
    batches: usize,
    engine: &str,
    env: &str,
    cpu_clock: Option<js_sys::Function>,
) -> Result<String, JsError> {
    let mut clock = || workload::Stamp {
        wall_s: wall_seconds(),
        cpu_s: call_clock(cpu_clock.as_ref())
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::NAN),
    };
    let report = text::run(text, batches, &mut clock).map_err(js_err)?;
    Ok(report.result_line(engine, env, &text_notes(&report)))
}

/// The notes of a text result line.
fn text_notes(r: &text::TextReport) -> String {
    format!(
        "{} timed batches after 1 warm-up batch; one-hot input through W_ih as TF.js; PyTorch \
         RMSprop and init; loss_after_N = mean cross-entropy (nats) on the last {} windows",
        r.batches,
        text::EVAL_EXAMPLES
    )
}

/// Runs [`kernels::run`] and returns the [`kernels::KernelReport`] as JSON. Timed with
/// `cpu_clock()` (CPU seconds, e.g. from Node's `process.cpuUsage()`) when given, so that a busy
/// machine does not count time spent waiting for a core; else with `performance.now()`.
#[wasm_bindgen]
pub fn run_kernel_bench(min_seconds: f64, cpu_clock: Option<js_sys::Function>) -> String {
    let mut clock = || match call_clock(cpu_clock.as_ref()) {
        Some(v) => v.as_f64().unwrap_or(f64::NAN),
        None => wall_seconds(),
    };
    let report = kernels::run(min_seconds, &mut clock);
    serde_json::to_string(&report).expect("a kernel report always serialises")
}
