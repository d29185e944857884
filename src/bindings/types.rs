//! TypeScript declarations of the plain objects the façade returns (wasm-bindgen would type them
//! `any`); the methods name them with `unchecked_return_type`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A built-in dataset. */
export interface DatasetInfo { name: string; description: string; length: number; license: string; frequency: string; season: number | null; file: string | null; embedded: boolean; }
/** Options of `loadCsv`. */
export interface CsvLoadOptions { column?: string | number; missing?: "error" | "drop" | "ffill"; source?: string; features?: (string | number)[] | string; }
/** Options of `loadDataset`. */
export interface DatasetLoadOptions { symbol?: string; seed?: number; column?: string; lag?: number; text?: string; features?: (string | number)[] | string; }
/** The loaded series. */
export interface DataSummary { source: string; column: string; columns: string[]; numeric_columns: string[]; features: string[]; rows: number; missing_count: number; notes: string[]; warnings: string[]; values: Float32Array; dates: string[] | null; }
/** What `configure` built. */
export interface ConfigSummary { params: number; trainable_params: number; train_windows: number; val_windows: number; test_windows: number; batch: number; notes: string[]; warnings: string[]; }
/** Training progress after `trainBatches`. */
export interface Progress { epoch: number; batch: number; batches_per_epoch: number; train_loss: number; val_loss: number | null; lr: number; samples_per_s: number; elapsed_ms: number; done: boolean; stop_reason: null | "epochs" | "early_stopping" | "diverged" | "stopped"; message: string | null; }
/** One-step predictions over every split, original scale. */
export interface Predictions { target_index: Int32Array; predicted: Float32Array; split: Uint8Array; forecast: Float32Array; forecast_start: number; }
/** Error measures of one forecast. */
export interface ErrorMetrics { n: number; rmse: number; mae: number; mape: number | null; mape_skipped: number; smape: number; mase: number | null; rmsse: number | null; }
/** The naive baselines on one split. */
export interface BaselineReport { persistence: ErrorMetrics; seasonal_naive: ErrorMetrics | null; season: number | null; moving_average: ErrorMetrics | null; ma_window: number; drift: ErrorMetrics | null; drift_slope: number | null; notes: string[]; }
/** The metrics object (same keys as the CLI's metrics file). */
export interface Metrics { train_rmse: number | null; val_rmse: number | null; test_rmse: number | null; test_mae: number | null; test_mape: number | null; test_smape: number | null; test_mase: number | null; test_rmsse: number | null; mase_period: number | null; persistence_test_rmse: number | null; skill: number | null; epochs_run: number; stop_reason: Progress["stop_reason"]; best_epoch: number | null; forecast: number[]; splits: Record<string, ErrorMetrics>; baselines: Record<string, BaselineReport | Record<string, ErrorMetrics>>; test_per_step: ErrorMetrics[]; test_recursive: number[]; test_recursive_rmse: number | null; test_recursive_abs_error: number[]; horizon: number; season: number | null; interval_level: number | null; test_interval_coverage: number | null; test_interval_width: number | null; interval_half_width: (number | null)[]; forecast_lower: number[]; forecast_upper: number[]; features: string[]; warnings: string[]; }
/** One window seen from inside the network (`Session.inspect`): per-state arrays are flat, `shape = [layers·directions, window, hidden]` (state index `layer·directions + dir`); `grad_h_norm` is `[states, window]`; `input`, `target` and `prediction` are on the original scale, `input_scaled` what the network reads; `saliency[t] = ∂ȳ/∂x_t` with `ȳ` the mean of the horizon's outputs. */
export interface InspectionPacked { cell: string; layers: number; directions: number; hidden: number; window: number; horizon: number; split: "train" | "val" | "test"; index: number; windows: number; target_row: number; input: Float32Array; input_scaled: Float32Array; target: Float32Array; prediction: Float32Array; loss: number; grad_h_norm: Float32Array; saliency: Float32Array; gate_names: string[]; gates: Record<string, Float32Array>; shape: [number, number, number]; epoch: number; batch: number; }
/** What `importModel` loaded. */
export interface ImportedModel { config: Record<string, unknown>; params: number; notes: string[]; warnings: string[]; }
"#;
