//! Kernel benchmark module for WebAssembly (built as a cdylib example, driven by
//! `bench/kernels/run.mjs`): plain C-ABI exports, no wasm-bindgen, so Node can instantiate the
//! `.wasm` directly and time each call with `performance.now()`.
//!
//! Exports:
//! - `gemm_run(m, n, k, trans_b, reps, variant) -> f32`: `reps` GEMMs `C = A·op(B)` on
//!   seeded operands with `kernels::gemm` (variant 0), `kernels::reference::gemm` (1), or
//!   `kernels::gemm_packed` with B packed once before the loop (2); returns a checksum so the
//!   work cannot be optimised away.
//! - `peak_run(iters) -> f32`: the multiply+add peak of this build: 12 independent
//!   accumulators, f32x4 lanes in the SIMD build (96 flops per iteration), plain f32 in the
//!   scalar build (24 flops per iteration).
//! - `activation_run(len, reps, kind) -> f32`: sigmoid or tanh over `len` values, `reps` times.
//! - `peak_flops_per_iter() -> u32`, `is_simd() -> u32`.

use rnn_playground::kernels::{self, reference, Trans};
use rnn_playground::rng::Rng;

fn operands(len: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

/// Runs `reps` GEMMs of shape `m × n × k` (B transposed when `trans_b != 0`) with the kernel
/// chosen by `variant` (see the module doc); returns a checksum.
#[no_mangle]
pub extern "C" fn gemm_run(m: u32, n: u32, k: u32, trans_b: u32, reps: u32, variant: u32) -> f32 {
    let (m, n, k) = (m as usize, n as usize, k as usize);
    let a = operands(m * k, 1);
    let b = operands(k * n, 2);
    let mut c = vec![0.0f32; m * n];
    let (tb, ldb) = if trans_b != 0 {
        (Trans::Yes, k)
    } else {
        (Trans::No, n)
    };
    if variant == 2 {
        let mut packed = kernels::PackedB::new();
        packed.pack(tb, k, n, &b, ldb);
        for _ in 0..reps {
            kernels::gemm_packed(Trans::No, m, 1.0, &a, k, &packed, 0.0, &mut c, n);
        }
        return c.iter().sum();
    }
    let f = if variant == 1 {
        reference::gemm
    } else {
        kernels::gemm
    };
    for _ in 0..reps {
        f(Trans::No, tb, m, n, k, 1.0, &a, k, &b, ldb, 0.0, &mut c, n);
    }
    c.iter().sum()
}

/// 1 when built with SIMD128, 0 for the scalar build.
#[no_mangle]
pub extern "C" fn is_simd() -> u32 {
    cfg!(all(target_arch = "wasm32", target_feature = "simd128")) as u32
}

/// Flops performed per iteration of [`peak_run`].
#[no_mangle]
pub extern "C" fn peak_flops_per_iter() -> u32 {
    if is_simd() == 1 {
        12 * 4 * 2
    } else {
        12 * 2
    }
}

/// Peak loop (the definition): 12 independent f32x4 accumulators, each updated
/// `acc = acc · m + a` per iteration (SIMD build). A form with the multiplies off the
/// accumulator chains (`acc_i += x · c_i`) needs 12 more live vectors and spills in V8, so it
/// measures lower; this one is the machine's practical peak.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[no_mangle]
pub extern "C" fn peak_run(iters: u32) -> f32 {
    use core::arch::wasm32::*;
    let mut acc = [f32x4_splat(0.0); 12];
    for (i, a) in acc.iter_mut().enumerate() {
        *a = f32x4_splat(1.0 + i as f32 * 1e-3);
    }
    let mul = f32x4_splat(std::hint::black_box(0.999_999));
    let add = f32x4_splat(std::hint::black_box(1e-7));
    for _ in 0..iters {
        for a in acc.iter_mut() {
            *a = f32x4_add(f32x4_mul(*a, mul), add);
        }
    }
    let mut s = f32x4_splat(0.0);
    for a in acc {
        s = f32x4_add(s, a);
    }
    f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<3>(s)
}

/// The same peak loop with 12 scalar f32 accumulators (scalar build).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[no_mangle]
pub extern "C" fn peak_run(iters: u32) -> f32 {
    let mut acc = [0.0f32; 12];
    for (i, a) in acc.iter_mut().enumerate() {
        *a = 1.0 + i as f32 * 1e-3;
    }
    let (mul, add) = (
        std::hint::black_box(0.999_999f32),
        std::hint::black_box(1e-7f32),
    );
    for _ in 0..iters {
        for a in acc.iter_mut() {
            *a = *a * mul + add;
        }
    }
    acc.iter().sum()
}

/// Applies sigmoid (`kind == 0`) or tanh (`kind != 0`) `reps` times to `len` seeded values in
/// [-4, 4) (restored before each pass); returns a checksum.
#[no_mangle]
pub extern "C" fn activation_run(len: u32, reps: u32, kind: u32) -> f32 {
    let src: Vec<f32> = operands(len as usize, 3).iter().map(|v| 4.0 * v).collect();
    let mut buf = src.clone();
    for _ in 0..reps {
        buf.copy_from_slice(&src);
        if kind == 0 {
            kernels::sigmoid_inplace(&mut buf);
        } else {
            kernels::tanh_inplace(&mut buf);
        }
    }
    buf.iter().sum()
}
