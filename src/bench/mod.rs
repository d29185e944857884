//! The benchmark code, compiled only with the cargo feature `bench`: the standard workload
//! ([`workload`], `bench/README.md`) and the GEMM-against-peak kernel benchmark ([`kernels`],
//! `bench/kernels.mjs`) on this crate's engine. Both are timed by a clock the caller supplies, so
//! the same code runs natively (`examples/workload.rs`) and in WebAssembly, where
//! `src/bindings/bench.rs` exports it to the harnesses in `bench/`.

pub mod kernels;
pub mod workload;
