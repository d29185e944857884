//! Kernel throughput for the benchmark report: GEMM GFLOP/s at square sizes, and the machine's
//! peak for the instruction set this crate was compiled for, measured by a multiply-add loop on
//! independent accumulators (simd128: `f32x4` mul+add on 12 accumulators, relaxed-SIMD:
//! `f32x4.relaxed_madd` on 12 accumulators; otherwise 12 scalar f32 accumulators). The clock is
//! the caller's (seconds), so the same code runs natively and in WebAssembly (`bench/kernels.mjs`).

use serde::Serialize;

use crate::kernels::{self, Trans};

/// The square GEMM sizes the report covers.
pub const GEMM_SIZES: [usize; 4] = [64, 128, 256, 512];

/// GFLOP/s of one square GEMM size.
#[derive(Clone, Debug, Serialize)]
pub struct GemmRate {
    /// `m = n = k`.
    pub n: usize,
    /// `2·n³ · repetitions / seconds / 1e9`.
    pub gflops: f64,
}

/// What [`run`] measured.
#[derive(Clone, Debug, Serialize)]
pub struct KernelReport {
    /// `crate::kernels::backend_name()`.
    pub kernels: String,
    /// Peak multiply-add GFLOP/s of the loop in [`peak_gflops`].
    pub peak_gflops: f64,
    /// GEMM rates at [`GEMM_SIZES`].
    pub gemm: Vec<GemmRate>,
}

/// Times `C = A·B` (row-major, no transposes, beta 0) on `n × n` matrices for at least
/// `min_seconds` and 3 repetitions after one untimed call.
pub fn gemm_gflops(n: usize, min_seconds: f64, clock: &mut dyn FnMut() -> f64) -> f64 {
    let a: Vec<f32> = (0..n * n)
        .map(|i| ((i * 7 % 13) as f32 - 6.0) * 0.01)
        .collect();
    let b: Vec<f32> = (0..n * n)
        .map(|i| ((i * 5 % 11) as f32 - 5.0) * 0.01)
        .collect();
    let mut c = vec![0.0f32; n * n];
    let call = |c: &mut [f32]| {
        kernels::gemm(Trans::No, Trans::No, n, n, n, 1.0, &a, n, &b, n, 0.0, c, n);
    };
    call(&mut c);
    let t0 = clock();
    let mut reps = 0usize;
    let mut elapsed = 0.0;
    while reps < 3 || elapsed < min_seconds {
        call(&mut c);
        reps += 1;
        elapsed = clock() - t0;
    }
    std::hint::black_box(&c);
    2.0 * (n * n * n) as f64 * reps as f64 / elapsed / 1e9
}

/// Peak multiply-add GFLOP/s: each iteration does `acc = acc·m + a` on 12 independent
/// accumulators (`f32x4` with simd128, one `relaxed_madd` each with relaxed-SIMD, scalar f32
/// otherwise), counting the multiply and the add.
/// (Natively the compiler may vectorise the scalar loop; the figure is meant for wasm builds.)
pub fn peak_gflops(min_seconds: f64, clock: &mut dyn FnMut() -> f64) -> f64 {
    const INNER: usize = 1 << 16;
    let mut checksum = 0.0f32;
    for _ in 0..20 {
        checksum += peak_loop(INNER).1; // warm-up: lets the engine tier the loop up
    }
    let t0 = clock();
    let mut flops = 0.0;
    let mut elapsed = 0.0;
    while flops == 0.0 || elapsed < min_seconds {
        let (f, sum) = peak_loop(INNER);
        flops += f;
        checksum += sum;
        elapsed = clock() - t0;
    }
    std::hint::black_box(checksum);
    flops / elapsed / 1e9
}

/// `v = step(v)` for each named accumulator, one statement each (the peak loops' body).
macro_rules! each {
    ($step:ident; $($v:ident),+) => { $( $v = $step($v); )+ };
}

// Never inlined: wasm engines optimise a function for its *next* call (no on-stack replacement),
// so the loop must be a function that is called many times.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(never)]
fn peak_loop(iters: usize) -> (f64, f32) {
    use crate::kernels::simd128::madd;
    use core::arch::wasm32::*;
    let m = f32x4_splat(std::hint::black_box(0.999_9));
    let a = f32x4_splat(std::hint::black_box(1e-4));
    // Twelve named accumulators (not an array) so they live in wasm locals, not linear memory.
    let (mut v0, mut v1, mut v2, mut v3) = (
        f32x4_splat(1.0),
        f32x4_splat(1.01),
        f32x4_splat(1.02),
        f32x4_splat(1.03),
    );
    let (mut v4, mut v5, mut v6, mut v7) = (
        f32x4_splat(1.04),
        f32x4_splat(1.05),
        f32x4_splat(1.06),
        f32x4_splat(1.07),
    );
    let (mut v8, mut v9, mut v10, mut v11) = (
        f32x4_splat(1.08),
        f32x4_splat(1.09),
        f32x4_splat(1.1),
        f32x4_splat(1.11),
    );
    let step = |v| madd(v, m, a);
    for _ in 0..iters {
        each!(step; v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11);
    }
    let s = [v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11]
        .into_iter()
        .fold(f32x4_splat(0.0), |s, v| f32x4_add(s, v));
    let sum = f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<3>(s);
    ((iters * 12 * 4 * 2) as f64, sum)
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(never)]
fn peak_loop(iters: usize) -> (f64, f32) {
    let m = std::hint::black_box(0.999_9f32);
    let a = std::hint::black_box(1e-4f32);
    // Twelve named accumulators (not an array) so they live in registers / wasm locals.
    let (mut v0, mut v1, mut v2, mut v3) = (1.0f32, 1.01f32, 1.02f32, 1.03f32);
    let (mut v4, mut v5, mut v6, mut v7) = (1.04f32, 1.05f32, 1.06f32, 1.07f32);
    let (mut v8, mut v9, mut v10, mut v11) = (1.08f32, 1.09f32, 1.1f32, 1.11f32);
    let step = |v: f32| v * m + a;
    for _ in 0..iters {
        each!(step; v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11);
    }
    let sum = v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11;
    ((iters * 12 * 2) as f64, sum)
}

/// Peak and GEMM rates, each measured for at least `min_seconds`.
pub fn run(min_seconds: f64, clock: &mut dyn FnMut() -> f64) -> KernelReport {
    let peak = peak_gflops(min_seconds, clock);
    let gemm = GEMM_SIZES
        .iter()
        .map(|&n| GemmRate {
            n,
            gflops: gemm_gflops(n, min_seconds, clock),
        })
        .collect();
    KernelReport {
        kernels: kernels::backend_name().to_string(),
        peak_gflops: peak,
        gemm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticking() -> impl FnMut() -> f64 {
        let mut t = 0.0;
        move || {
            t += 0.5;
            t
        }
    }

    #[test]
    fn rates_follow_the_flop_count_and_the_clock() {
        // One untimed call, then 3 repetitions over 3 ticks of 0.5 s: 2·8³·3 / 1.5 s.
        let g = gemm_gflops(8, 0.0, &mut ticking());
        let expected = 2.0 * 512.0 * 3.0 / 1.5 / 1e9;
        assert!((g / expected - 1.0).abs() < 1e-12, "{g}");
        let p = peak_gflops(0.0, &mut ticking());
        let per_call = if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
            96.0
        } else {
            24.0
        };
        let expected = per_call * 65536.0 / 0.5 / 1e9;
        assert!((p / expected - 1.0).abs() < 1e-12, "{p}");
    }
}
