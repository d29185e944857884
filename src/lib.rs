//! # rnn-playground
//!
//! Recurrent neural networks (Elman RNN, LSTM, GRU) with full backpropagation through time,
//! following PyTorch's equations and parameter layout exactly, on SIMD128 kernels when built
//! for WebAssembly.
//!
//! Layers, bottom up. A module imports only modules listed above it (`tests/layers.rs` checks
//! this on the source; `docs/architecture.md` says what each owns):
//! - [`vocab`], [`rng`]: named choices (how every enum gets its names) and the seeded random
//!   numbers every random choice takes. They import nothing of the crate.
//! - [`kernels`]: GEMM, activations, vector ops; scalar, simd128 and avx2 with one API.
//! - [`cells`]: the per-step epilogues and backward steps of the RNN, LSTM and GRU cells.
//! - [`model`]: named parameters, recurrent stacks, heads, losses, optimisers; one batch seen
//!   from inside (gates, states, `∂loss/∂h_t`, saliency) by the same passes.
//! - [`pipeline`]: CSV ingest, built-in datasets, transforms, scalers, windows and splits.
//! - [`metrics`]: forecast error measures and naive baselines on the original scale.
//! - [`train`]: the training loop, schedules, early stopping, evaluation, forecasting and the
//!   inspection of one window.
//! - [`config`]: the shared configuration vocabulary (keys, defaults, bounds) and the options
//!   it builds for the layers below.
//! - [`io`]: model files (versioned JSON, PyTorch-named safetensors) recording a configuration.
//! - [`app`]: the [`app::Experiment`] that ties data, model, trainer and files together.
//! - `bench` (cargo feature `bench` only): the standard benchmark workload (`bench/`) and GEMM
//!   GFLOP/s against the measured multiply-add peak, timed by a caller-given clock.
//! - `bindings` (wasm32 only): the `#[wasm_bindgen]` façade over [`app`]; the CLI
//!   (`src/bin/`) is the native façade.

pub mod app;
#[cfg(feature = "bench")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod cells;
pub mod config;
pub mod io;
pub mod kernels;
pub mod metrics;
pub mod model;
pub mod pipeline;
pub mod rng;
pub mod train;
pub mod vocab;
