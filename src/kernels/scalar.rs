//! Portable scalar kernels (the fallback when no SIMD instruction set is compiled in).
//!
//! GEMM runs the shared packed driver ([`super::packed`]) with a register-tiled micro-kernel
//! written as fixed-size array loops, which LLVM keeps in registers (and, natively, vectorises
//! with the baseline SSE2). Activations use the branch-free approximations of [`super::approx`].

use super::approx;
use super::packed::{self, MicroKernel};
use super::Trans;

/// Instruction-set name reported by [`super::backend_name`].
pub const NAME: &str = "scalar";

/// Tile rows.
const MR: usize = 4;
/// Tile columns: natively two SSE2 vectors per row; in scalar wasm (no vector registers)
/// a 4×4 tile keeps the 16 accumulators within the x86/ARM float register file of the JIT.
#[cfg(not(target_arch = "wasm32"))]
const NR: usize = 8;
#[cfg(target_arch = "wasm32")]
const NR: usize = 4;

pub(crate) struct ScalarTile;

impl MicroKernel for ScalarTile {
    const MR: usize = MR;
    const NR: usize = NR;

    #[inline(always)]
    unsafe fn tile(
        kc: usize,
        a: *const f32,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        alpha: f32,
        beta: f32,
    ) {
        let mut acc = [[0.0f32; NR]; MR];
        for p in 0..kc {
            // SAFETY: the caller guarantees kc·MR floats at a and kc·NR floats at b.
            let ap: &[f32; MR] = unsafe { &*(a.add(p * MR) as *const [f32; MR]) };
            let bp: &[f32; NR] = unsafe { &*(b.add(p * NR) as *const [f32; NR]) };
            for r in 0..MR {
                for j in 0..NR {
                    acc[r][j] += ap[r] * bp[j];
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            // SAFETY: the caller guarantees an MR×NR block at c with row stride ldc.
            let dst = unsafe { std::slice::from_raw_parts_mut(c.add(r * ldc), NR) };
            if beta == 0.0 {
                for (d, s) in dst.iter_mut().zip(row) {
                    *d = alpha * s;
                }
            } else {
                for (d, s) in dst.iter_mut().zip(row) {
                    *d = alpha * s + beta * *d;
                }
            }
        }
    }
}

/// See [`super::gemm`].
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
    packed::gemm::<ScalarTile>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

/// Packs `op(B)` for [`gemm_packed`]; returns the panel width it used.
pub fn pack_b(tb: Trans, k: usize, n: usize, b: &[f32], ldb: usize, out: &mut Vec<f32>) -> usize {
    packed::pack_b_full::<ScalarTile>(tb, k, n, b, ldb, out);
    <ScalarTile as MicroKernel>::NR
}

/// `C = alpha · op(A) · B + beta · C` with `B` (`k × n`) packed by [`pack_b`] (panel width `nr`).
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
    assert_eq!(
        nr,
        <ScalarTile as MicroKernel>::NR,
        "gemm_packed: B packed for another kernel"
    );
    packed::gemm_prepacked::<ScalarTile>(ta, m, n, k, alpha, a, lda, pb, beta, c, ldc)
}

/// See [`super::sigmoid_inplace`].
pub fn sigmoid_inplace(x: &mut [f32]) {
    for v in x {
        *v = approx::sigmoid(*v);
    }
}

/// See [`super::tanh_inplace`].
pub fn tanh_inplace(x: &mut [f32]) {
    for v in x {
        *v = approx::tanh(*v);
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
    // Eight independent partial sums: breaks the add dependency chain and lets LLVM vectorise.
    let mut acc = [0.0f32; 8];
    let xs = x.chunks_exact(8);
    let ys = y.chunks_exact(8);
    let (xr, yr) = (xs.remainder(), ys.remainder());
    for (xc, yc) in xs.zip(ys) {
        for i in 0..8 {
            acc[i] += xc[i] * yc[i];
        }
    }
    let mut tail = 0.0f32;
    for (a, b) in xr.iter().zip(yr) {
        tail += a * b;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}
