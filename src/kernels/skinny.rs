//! GEMMs with a dimension of 1, done as row-wise `dot`s or `axpy`s instead of through the packed
//! driver.
//!
//! A series model has one input feature and one output, so `X·W_ihᵀ` (`k = 1`), `dX = dG·W_ih`
//! and `dW_ih = dGᵀ·X` (`n = 1`) and the head's products are matrix–vector products. The packed
//! driver would copy the whole large operand into panels and then run a `MR × NR` tile of which
//! one column (or row) is used; these paths read each operand once. They apply only when the
//! vector and the result are contiguous; [`try_gemm`] returns `false` otherwise.

use super::{imp, Trans};

/// Computes `C = alpha · op(A) · op(B) + beta · C` when one of `m`, `n`, `k` is 1 and the
/// operands allow a contiguous row-wise product; returns whether it did. Same contract as
/// [`super::gemm`] (operand sizes already checked, `m, n ≥ 1`).
pub(crate) fn try_gemm(
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
) -> bool {
    if k == 0 || alpha == 0.0 {
        return false; // the driver scales C without reading A or B
    }
    // Stride between consecutive elements of op(A)'s row i (along k) and of op(B)'s column
    // j (along k), and between consecutive rows (columns) of the same.
    let (a_kstep, a_row) = match ta {
        Trans::No => (1, lda),
        Trans::Yes => (lda, 1),
    };
    let (b_kstep, b_col) = match tb {
        Trans::No => (ldb, 1),
        Trans::Yes => (1, ldb),
    };
    if n == 1 && (ldc == 1 || m == 1) {
        // c[i] = alpha · op(A)[i, :] · op(B)[:, 0] + beta · c[i]
        if a_kstep == 1 && b_kstep == 1 {
            let bv = &b[..k];
            for i in 0..m {
                let s = alpha * imp::dot(&a[i * a_row..i * a_row + k], bv);
                c[i] = if beta == 0.0 { s } else { s + beta * c[i] };
            }
            return true;
        }
        if a_row == 1 {
            // Columns of op(A) are contiguous: accumulate them, weighted by op(B)[p, 0].
            let cv = &mut c[..m];
            scale(cv, beta);
            for p in 0..k {
                imp::axpy(alpha * b[p * b_kstep], &a[p * a_kstep..p * a_kstep + m], cv);
            }
            return true;
        }
        return false;
    }
    if m == 1 || k == 1 {
        // Row i of C = beta · C[i, :] + Σ_p alpha · op(A)[i, p] · op(B)[p, :], when the rows of
        // op(B) are contiguous (m == 1 needs that of every p; k == 1 of p = 0 only).
        if b_col != 1 && n > 1 {
            return false;
        }
        for i in 0..m {
            let row = &mut c[i * ldc..i * ldc + n];
            scale(row, beta);
            for p in 0..k {
                let x = alpha * a[i * a_row + p * a_kstep];
                imp::axpy(x, &b[p * b_kstep..p * b_kstep + n], row);
            }
        }
        return true;
    }
    false
}

/// `v = beta · v`; `beta == 0` writes zeros whatever `v` held (NaNs included).
fn scale(v: &mut [f32], beta: f32) {
    if beta == 0.0 {
        v.fill(0.0);
    } else if beta != 1.0 {
        v.iter_mut().for_each(|x| *x *= beta);
    }
}
