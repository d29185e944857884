//! The benchmark code, compiled only with the cargo feature `bench`: the standard workload
//! ([`workload`], `bench/README.md`) and the GEMM-against-peak kernel benchmark ([`kernels`],
//! `bench/kernels.mjs`) on this crate's engine. Both are timed by a clock the caller supplies, so
//! the same code runs natively (`examples/workload.rs`) and in WebAssembly, where
//! `src/bindings/bench.rs` exports it to the harnesses in `bench/`. [`text`] is the text task's
//! workload (`npm run bench -- --task text`): TF.js's lstm-text-generation model and protocol.

pub mod kernels;
pub mod text;
pub mod workload;
