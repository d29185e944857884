//! Plain reference kernels: the simplest correct code, used as the oracle in tests.

use super::Trans;

#[inline]
fn at(m: &[f32], ld: usize, t: Trans, r: usize, c: usize) -> f32 {
    match t {
        Trans::No => m[r * ld + c],
        Trans::Yes => m[c * ld + r],
    }
}

/// Triple-loop GEMM with f64 accumulation; same contract as [`super::gemm`].
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
    for i in 0..m {
        for j in 0..n {
            let mut acc = 0.0f64;
            for p in 0..k {
                acc += at(a, lda, ta, i, p) as f64 * at(b, ldb, tb, p, j) as f64;
            }
            let old = if beta == 0.0 {
                0.0
            } else {
                beta * c[i * ldc + j]
            };
            c[i * ldc + j] = alpha * acc as f32 + old;
        }
    }
}

/// Logistic sigmoid in f64, rounded to f32.
pub fn sigmoid(x: f32) -> f32 {
    (1.0 / (1.0 + (-(x as f64)).exp())) as f32
}

/// Hyperbolic tangent in f64, rounded to f32.
pub fn tanh(x: f32) -> f32 {
    (x as f64).tanh() as f32
}
