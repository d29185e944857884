//! Dense f32 kernels: GEMM, activations and small vector ops on contiguous row-major slices.
//!
//! One API, several instruction sets (RustFFT's layout):
//! - [`scalar`]: portable code, the fallback everywhere;
//! - `simd128`: `core::arch::wasm32` SIMD, chosen at compile time when built with
//!   `target-feature=+simd128`; with `+relaxed-simd` as well, the same module runs its
//!   multiply-adds as `f32x4.relaxed_madd` (fused multiply-add where the engine has it) and
//!   reports itself as `"relaxed-simd"`;
//! - `avx2`: x86-64 AVX2+FMA, chosen natively at run time when the CPU has it (detected once).
//!
//! GEMM in every module is the same blocked, packed driver with a register-tiled micro-kernel of
//! that instruction set. [`reference`] holds plain, obviously-correct versions that the tests
//! compare every kernel against.
//!
//! Nothing here knows about neural networks; the cells build their epilogues from these pieces.

// GEMM takes BLAS's argument list (transposes, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) in
// every instruction set; bundling it into a struct would hide the shapes at every call site.
#![allow(clippy::too_many_arguments)]

mod approx;
mod packed;
pub mod reference;
pub mod scalar;
mod skinny;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod simd128;

#[cfg(target_arch = "x86_64")]
pub mod avx2;
#[cfg(target_arch = "x86_64")]
mod x86_dispatch;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd128 as imp;

#[cfg(target_arch = "x86_64")]
use x86_dispatch as imp;

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
use scalar as imp;

/// Whether an operand is used as stored or transposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trans {
    /// Use the matrix as stored.
    No,
    /// Use its transpose.
    Yes,
}

/// Name of the instruction set the kernels run on (`"relaxed-simd"`, `"simd128"`, `"avx2"` or
/// `"scalar"`).
pub fn backend_name() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    return imp::name();
    #[cfg(not(target_arch = "x86_64"))]
    return imp::NAME;
}

/// `C = alpha · op(A) · op(B) + beta · C`, all row-major.
///
/// Shapes: `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`.
/// `lda`, `ldb`, `ldc` are the row strides of the matrices *as stored*
/// (so `A` stored `[m, k]` has `lda ≥ k`; stored `[k, m]` for `Trans::Yes` has `lda ≥ m`).
/// With `beta == 0` the old contents of `C` are ignored (NaNs in it do not propagate).
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
    if m == 0 || n == 0 {
        return;
    }
    check_operand("A", ta, m, k, a.len(), lda);
    check_operand("B", tb, k, n, b.len(), ldb);
    assert!(
        ldc >= n && c.len() >= (m - 1) * ldc + n,
        "gemm: C too small"
    );
    if (m == 1 || n == 1 || k == 1)
        && skinny::try_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    {
        return;
    }
    imp::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

/// A right-hand GEMM operand `op(B)` (`k × n`) packed once into the panel layout of the
/// micro-kernel in use, for products that reuse the same matrix many times (a recurrent weight
/// `W_hh` across the time steps of a batch: pack after each optimiser step, then call
/// [`gemm_packed`] per step). Re-packing reuses the allocation.
#[derive(Clone, Debug, Default)]
pub struct PackedB {
    data: Vec<f32>,
    k: usize,
    n: usize,
    nr: usize,
}

impl PackedB {
    /// An empty packed matrix (`0 × 0`); fill it with [`PackedB::pack`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Packs `op(B)`, `k × n`, from `b` stored with row stride `ldb` (as in [`gemm`]).
    pub fn pack(&mut self, tb: Trans, k: usize, n: usize, b: &[f32], ldb: usize) {
        check_operand("B", tb, k, n, b.len(), ldb);
        self.nr = imp::pack_b(tb, k, n, b, ldb, &mut self.data);
        self.k = k;
        self.n = n;
    }

    /// Rows of `op(B)` (the GEMM's `k`).
    pub fn rows(&self) -> usize {
        self.k
    }

    /// Columns of `op(B)` (the GEMM's `n`).
    pub fn cols(&self) -> usize {
        self.n
    }
}

/// `C = alpha · op(A) · B + beta · C` with `B` prepacked: the same contract as [`gemm`], with
/// `k = b.rows()` and `n = b.cols()`, and without packing B on every call.
#[inline]
pub fn gemm_packed(
    ta: Trans,
    m: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &PackedB,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    let (k, n) = (b.k, b.n);
    if m == 0 || n == 0 {
        return;
    }
    check_operand("A", ta, m, k, a.len(), lda);
    assert!(
        ldc >= n && c.len() >= (m - 1) * ldc + n,
        "gemm: C too small"
    );
    imp::gemm_packed(ta, m, n, k, alpha, a, lda, &b.data, b.nr, beta, c, ldc)
}

fn check_operand(name: &str, t: Trans, rows: usize, cols: usize, len: usize, ld: usize) {
    let (sr, sc) = match t {
        Trans::No => (rows, cols),
        Trans::Yes => (cols, rows),
    };
    if sr == 0 || sc == 0 {
        return;
    }
    assert!(
        ld >= sc && len >= (sr - 1) * ld + sc,
        "gemm: operand {name} too small ({sr}x{sc}, ld {ld}, len {len})"
    );
}

/// `x[i] = σ(x[i]) = 1 / (1 + e^(−x[i]))`, accurate to a few f32 ulps.
#[inline]
pub fn sigmoid_inplace(x: &mut [f32]) {
    imp::sigmoid_inplace(x)
}

/// `x[i] = tanh(x[i])`, accurate to a few f32 ulps.
#[inline]
pub fn tanh_inplace(x: &mut [f32]) {
    imp::tanh_inplace(x)
}

/// `y[i] += alpha · x[i]`.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    assert_eq!(x.len(), y.len(), "axpy: length mismatch");
    imp::axpy(alpha, x, y)
}

/// `Σ x[i] · y[i]`.
#[inline]
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    assert_eq!(x.len(), y.len(), "dot: length mismatch");
    imp::dot(x, y)
}

/// Adds `row` to each of the `rows` rows of `m` (`m` is `[rows, row.len()]` with stride `ld`).
#[inline]
pub fn add_row_broadcast(m: &mut [f32], rows: usize, ld: usize, row: &[f32]) {
    for r in 0..rows {
        let dst = &mut m[r * ld..r * ld + row.len()];
        imp::axpy(1.0, row, dst);
    }
}

/// `out[j] += Σ_r m[r, j]`: column sums of a `[rows, out.len()]` matrix with stride `ld`
/// (bias gradients).
#[inline]
pub fn add_column_sums(m: &[f32], rows: usize, ld: usize, out: &mut [f32]) {
    let n = out.len();
    for r in 0..rows {
        imp::axpy(1.0, &m[r * ld..r * ld + n], out);
    }
}

/// `Σ x[i]²` accumulated in f64 (for gradient norms).
#[inline]
pub fn sum_squares(x: &[f32]) -> f64 {
    x.iter().map(|&v| (v as f64) * (v as f64)).sum()
}
