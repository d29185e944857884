//! Native x86-64 kernel selection at run time: the AVX2+FMA module when the CPU has it, the
//! portable scalar module otherwise. The choice is made once and cached. Setting the environment
//! variable `RNN_PLAYGROUND_KERNELS=scalar` forces the scalar module (for comparisons).

use super::{avx2, scalar, Trans};
use std::sync::atomic::{AtomicU8, Ordering};

/// 0 = not yet chosen, 1 = scalar, 2 = AVX2.
static CHOICE: AtomicU8 = AtomicU8::new(0);

#[inline]
fn use_avx2() -> bool {
    match CHOICE.load(Ordering::Relaxed) {
        2 => true,
        1 => false,
        _ => {
            let forced_scalar =
                std::env::var("RNN_PLAYGROUND_KERNELS").is_ok_and(|v| v == "scalar");
            let ok = !forced_scalar && avx2::available();
            CHOICE.store(if ok { 2 } else { 1 }, Ordering::Relaxed);
            ok
        }
    }
}

/// Name of the module in use (`"avx2"` or `"scalar"`).
pub fn name() -> &'static str {
    if use_avx2() {
        avx2::NAME
    } else {
        scalar::NAME
    }
}

/// See [`super::gemm`].
#[inline]
pub fn gemm(
    ta: Trans,
    tb: Trans,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if use_avx2() {
        avx2::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    } else {
        scalar::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

/// See [`super::PackedB::pack`].
pub fn pack_b(tb: Trans, k: usize, n: usize, b: &[f32], ldb: usize, out: &mut Vec<f32>) -> usize {
    if use_avx2() {
        avx2::pack_b(tb, k, n, b, ldb, out)
    } else {
        scalar::pack_b(tb, k, n, b, ldb, out)
    }
}

/// See [`super::gemm_packed`].
pub fn gemm_packed(
    ta: Trans,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    pb: &[f32],
    nr: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if use_avx2() {
        avx2::gemm_packed(ta, m, n, k, alpha, a, lda, pb, nr, beta, c, ldc)
    } else {
        scalar::gemm_packed(ta, m, n, k, alpha, a, lda, pb, nr, beta, c, ldc)
    }
}

/// See [`super::sigmoid_inplace`].
#[inline]
pub fn sigmoid_inplace(x: &mut [f32]) {
    if use_avx2() {
        avx2::sigmoid_inplace(x)
    } else {
        scalar::sigmoid_inplace(x)
    }
}

/// See [`super::tanh_inplace`].
#[inline]
pub fn tanh_inplace(x: &mut [f32]) {
    if use_avx2() {
        avx2::tanh_inplace(x)
    } else {
        scalar::tanh_inplace(x)
    }
}

/// See [`super::axpy`].
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    if use_avx2() {
        avx2::axpy(alpha, x, y)
    } else {
        scalar::axpy(alpha, x, y)
    }
}

/// See [`super::dot`].
#[inline]
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    if use_avx2() {
        avx2::dot(x, y)
    } else {
        scalar::dot(x, y)
    }
}
