//! # rnn-playground
//!
//! Recurrent neural networks (Elman RNN, LSTM, GRU) with full backpropagation through time,
//! following PyTorch's equations and parameter layout exactly, on SIMD128 kernels when built
//! for WebAssembly.
//!
//! Layers, bottom up (calls never flow up):
//! - [`kernels`]: GEMM, activations, vector ops; scalar and simd128 with one API.
//! - [`rng`]: the seeded random numbers every random choice takes.
//! - [`model`]: named parameters, recurrent stacks, heads, losses, optimisers.
//! - [`pipeline`]: CSV ingest, built-in datasets, transforms, scalers, windows and splits.
//! - [`metrics`]: forecast error measures and naive baselines on the original scale.
//! - [`config`]: the shared configuration vocabulary.
//! - [`train`]: the training loop, evaluation, forecasting, fine-tuning ([`train::Experiment`]).
//! - [`io`]: model files (versioned JSON, PyTorch-named safetensors).
//! - `bench` (cargo feature `bench` only): the standard benchmark workload (`bench/`) and GEMM
//!   GFLOP/s against the measured multiply-add peak, timed by a caller-given clock.

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
