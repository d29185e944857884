//! Portable scalar kernels (the fallback when no SIMD instruction set is compiled in).

use super::Trans;

/// Instruction-set name reported by [`super::backend_name`].
pub const NAME: &str = "scalar";

/// See [`super::gemm`].
#[allow(clippy::too_many_arguments)]
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
        let crow = &mut c[i * ldc..i * ldc + n];
        if beta == 0.0 {
            crow.fill(0.0);
        } else if beta != 1.0 {
            crow.iter_mut().for_each(|v| *v *= beta);
        }
        for p in 0..k {
            let aip = alpha
                * match ta {
                    Trans::No => a[i * lda + p],
                    Trans::Yes => a[p * lda + i],
                };
            if aip == 0.0 {
                continue;
            }
            match tb {
                Trans::No => {
                    let brow = &b[p * ldb..p * ldb + n];
                    for (cv, bv) in crow.iter_mut().zip(brow) {
                        *cv += aip * bv;
                    }
                }
                Trans::Yes => {
                    for (j, cv) in crow.iter_mut().enumerate() {
                        *cv += aip * b[j * ldb + p];
                    }
                }
            }
        }
    }
}

/// See [`super::sigmoid_inplace`].
pub fn sigmoid_inplace(x: &mut [f32]) {
    for v in x {
        *v = 1.0 / (1.0 + (-*v).exp());
    }
}

/// See [`super::tanh_inplace`].
pub fn tanh_inplace(x: &mut [f32]) {
    for v in x {
        *v = v.tanh();
    }
}

/// See [`super::axpy`].
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yv, xv) in y.iter_mut().zip(x) {
        *yv += alpha * xv;
    }
}

/// See [`super::dot`].
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}
