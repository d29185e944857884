//! x86-64 AVX2 + FMA kernels, chosen at run time natively when the CPU has both
//! (see [`available`]); same API as the scalar and simd128 modules.
//!
//! - GEMM: the shared packed driver ([`super::packed`]) with a `6 × 16` micro-kernel: twelve
//!   `__m256` accumulators (six rows × two vectors of eight), per k step two B loads, six
//!   broadcasts of A and twelve fused multiply-adds; fused `alpha · acc + beta · C` epilogue.
//! - `sigmoid_inplace` / `tanh_inplace`: the approximations of [`super::approx`], eight lanes at
//!   a time (plain multiplies and adds, not FMA, so the results match the other builds).
//! - `axpy`, `dot`: eight lanes with FMA.

use super::approx::{
    EXP_HI, EXP_LO, EXP_P, LN2_HI, LN2_LO, LOG2E, ROUND_MAGIC, TANH_P, TANH_SMALL,
};
use super::packed::{self, MicroKernel};
use super::Trans;
use std::arch::x86_64::*;
use std::sync::atomic::{AtomicU8, Ordering};

/// Instruction-set name reported by [`super::backend_name`] when this module is in use.
pub const NAME: &str = "avx2";

/// 0 = not yet checked, 1 = unavailable, 2 = available.
static DETECTED: AtomicU8 = AtomicU8::new(0);

/// Whether this CPU runs AVX2 and FMA (detected once, then cached).
#[inline]
pub fn available() -> bool {
    match DETECTED.load(Ordering::Relaxed) {
        2 => true,
        1 => false,
        _ => {
            let ok = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
            DETECTED.store(if ok { 2 } else { 1 }, Ordering::Relaxed);
            ok
        }
    }
}

fn require() {
    assert!(
        available(),
        "kernels::avx2 called on a CPU without AVX2+FMA"
    );
}

/// Rows of the micro-kernel tile.
const MR: usize = 6;
/// `__m256` vectors per tile row.
const NV: usize = 2;

pub(crate) struct Avx2Tile;

impl MicroKernel for Avx2Tile {
    const MR: usize = MR;
    const NR: usize = 8 * NV;

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
        // SAFETY: only reached through `gemm`, which checked the CPU features; pointer
        // requirements are the caller's (see `MicroKernel::tile`).
        unsafe { tile_6x16(kc, a, b, c, ldc, alpha, beta) }
    }
}

#[target_feature(enable = "avx2,fma")]
unsafe fn tile_6x16(
    kc: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    alpha: f32,
    beta: f32,
) {
    let mut acc = [[_mm256_setzero_ps(); NV]; MR];
    let mut pa = a;
    let mut pb = b;
    for _ in 0..kc {
        // SAFETY: kc·MR floats at a and kc·NR floats at b (caller); unaligned loads.
        unsafe {
            let b0 = _mm256_loadu_ps(pb);
            let b1 = _mm256_loadu_ps(pb.add(8));
            for (r, row) in acc.iter_mut().enumerate() {
                let ar = _mm256_broadcast_ss(&*pa.add(r));
                row[0] = _mm256_fmadd_ps(ar, b0, row[0]);
                row[1] = _mm256_fmadd_ps(ar, b1, row[1]);
            }
            pa = pa.add(MR);
            pb = pb.add(8 * NV);
        }
    }
    let va = _mm256_set1_ps(alpha);
    let vb = _mm256_set1_ps(beta);
    for (r, row) in acc.iter().enumerate() {
        for (v, &sum) in row.iter().enumerate() {
            // SAFETY: an MR×NR block at c with row stride ldc (caller).
            unsafe {
                let dst = c.add(r * ldc + 8 * v);
                let out = if beta == 0.0 {
                    _mm256_mul_ps(va, sum)
                } else {
                    _mm256_add_ps(
                        _mm256_mul_ps(va, sum),
                        _mm256_mul_ps(vb, _mm256_loadu_ps(dst)),
                    )
                };
                _mm256_storeu_ps(dst, out);
            }
        }
    }
}

/// See [`super::gemm`]. Panics on a CPU without AVX2+FMA.
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
    require();
    packed::gemm::<Avx2Tile>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

/// Eight lanes of [`super::approx::exp`]; NaN lanes stay NaN.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn exp8(x: __m256) -> __m256 {
    // max/min return their second operand when one is NaN: NaN lanes become EXP_LO here and
    // are restored by the final blend.
    let xc = _mm256_min_ps(
        _mm256_max_ps(x, _mm256_set1_ps(EXP_LO)),
        _mm256_set1_ps(EXP_HI),
    );
    let magic = _mm256_set1_ps(ROUND_MAGIC);
    let t = _mm256_add_ps(_mm256_mul_ps(xc, _mm256_set1_ps(LOG2E)), magic);
    let n = _mm256_sub_ps(t, magic);
    let ni = _mm256_sub_epi32(_mm256_castps_si256(t), _mm256_castps_si256(magic));
    let r = _mm256_sub_ps(
        _mm256_sub_ps(xc, _mm256_mul_ps(n, _mm256_set1_ps(LN2_HI))),
        _mm256_mul_ps(n, _mm256_set1_ps(LN2_LO)),
    );
    let mut p = _mm256_set1_ps(EXP_P[0]);
    for &coef in &EXP_P[1..] {
        p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(coef));
    }
    let e = _mm256_add_ps(
        _mm256_add_ps(_mm256_mul_ps(p, _mm256_mul_ps(r, r)), r),
        _mm256_set1_ps(1.0),
    );
    let scaled = _mm256_castsi256_ps(_mm256_add_epi32(
        _mm256_castps_si256(e),
        _mm256_slli_epi32::<23>(ni),
    ));
    let nan = _mm256_cmp_ps::<_CMP_UNORD_Q>(x, x);
    _mm256_blendv_ps(scaled, x, nan)
}

#[inline]
#[target_feature(enable = "avx2,fma")]
fn sigmoid8(x: __m256) -> __m256 {
    let one = _mm256_set1_ps(1.0);
    let neg = _mm256_xor_ps(x, _mm256_set1_ps(-0.0));
    _mm256_div_ps(one, _mm256_add_ps(one, exp8(neg)))
}

#[inline]
#[target_feature(enable = "avx2,fma")]
fn tanh8(x: __m256) -> __m256 {
    let sign = _mm256_set1_ps(-0.0);
    let y = _mm256_andnot_ps(sign, x);
    let z = _mm256_mul_ps(x, x);
    let mut p = _mm256_set1_ps(TANH_P[0]);
    for &coef in &TANH_P[1..] {
        p = _mm256_add_ps(_mm256_mul_ps(p, z), _mm256_set1_ps(coef));
    }
    let small = _mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(p, z), x), x);
    let one = _mm256_set1_ps(1.0);
    let e = exp8(_mm256_add_ps(y, y));
    let large = _mm256_sub_ps(
        one,
        _mm256_div_ps(_mm256_set1_ps(2.0), _mm256_add_ps(e, one)),
    );
    let signed = _mm256_or_ps(large, _mm256_and_ps(x, sign));
    let is_small = _mm256_cmp_ps::<_CMP_LT_OQ>(y, _mm256_set1_ps(TANH_SMALL));
    _mm256_blendv_ps(signed, small, is_small)
}

/// Applies the lane function `$f` to every element of `$x`, the tail through a padded vector.
macro_rules! map8 {
    ($x:expr, $f:ident) => {{
        let x: &mut [f32] = $x;
        let mut chunks = x.chunks_exact_mut(8);
        for ch in &mut chunks {
            // SAFETY: ch has exactly 8 floats; unaligned load/store.
            unsafe {
                let p = ch.as_mut_ptr();
                _mm256_storeu_ps(p, $f(_mm256_loadu_ps(p)));
            }
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let mut buf = [0.0f32; 8];
            buf[..rest.len()].copy_from_slice(rest);
            // SAFETY: buf holds 8 floats.
            unsafe {
                let p = buf.as_mut_ptr();
                _mm256_storeu_ps(p, $f(_mm256_loadu_ps(p)));
            }
            let n = rest.len();
            rest.copy_from_slice(&buf[..n]);
        }
    }};
}

#[target_feature(enable = "avx2,fma")]
fn sigmoid_avx2(x: &mut [f32]) {
    map8!(x, sigmoid8)
}

#[target_feature(enable = "avx2,fma")]
fn tanh_avx2(x: &mut [f32]) {
    map8!(x, tanh8)
}

/// Packs `op(B)` for [`gemm_packed`]; returns the panel width it used.
pub fn pack_b(tb: Trans, k: usize, n: usize, b: &[f32], ldb: usize, out: &mut Vec<f32>) -> usize {
    require();
    packed::pack_b_full::<Avx2Tile>(tb, k, n, b, ldb, out);
    <Avx2Tile as MicroKernel>::NR
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
    require();
    assert_eq!(
        nr,
        <Avx2Tile as MicroKernel>::NR,
        "gemm_packed: B packed for another kernel"
    );
    packed::gemm_prepacked::<Avx2Tile>(ta, m, n, k, alpha, a, lda, pb, beta, c, ldc)
}

/// See [`super::sigmoid_inplace`]. Panics on a CPU without AVX2+FMA.
pub fn sigmoid_inplace(x: &mut [f32]) {
    require();
    // SAFETY: the CPU features were checked above.
    unsafe { sigmoid_avx2(x) }
}

/// See [`super::tanh_inplace`]. Panics on a CPU without AVX2+FMA.
pub fn tanh_inplace(x: &mut [f32]) {
    require();
    // SAFETY: the CPU features were checked above.
    unsafe { tanh_avx2(x) }
}

#[target_feature(enable = "avx2,fma")]
fn axpy_avx2(alpha: f32, x: &[f32], y: &mut [f32]) {
    let va = _mm256_set1_ps(alpha);
    let n8 = x.len() / 8 * 8;
    for i in (0..n8).step_by(8) {
        // SAFETY: i + 8 ≤ n8 ≤ len of both slices.
        unsafe {
            let py = y.as_mut_ptr().add(i);
            let vx = _mm256_loadu_ps(x.as_ptr().add(i));
            _mm256_storeu_ps(py, _mm256_fmadd_ps(va, vx, _mm256_loadu_ps(py)));
        }
    }
    for i in n8..x.len() {
        y[i] = alpha.mul_add(x[i], y[i]);
    }
}

#[target_feature(enable = "avx2,fma")]
fn dot_avx2(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [_mm256_setzero_ps(); 4];
    let n32 = x.len() / 32 * 32;
    for i in (0..n32).step_by(32) {
        for (v, slot) in acc.iter_mut().enumerate() {
            // SAFETY: i + 32 ≤ n32 ≤ len of both slices.
            unsafe {
                let vx = _mm256_loadu_ps(x.as_ptr().add(i + 8 * v));
                let vy = _mm256_loadu_ps(y.as_ptr().add(i + 8 * v));
                *slot = _mm256_fmadd_ps(vx, vy, *slot);
            }
        }
    }
    let mut n8 = n32;
    while n8 + 8 <= x.len() {
        // SAFETY: n8 + 8 ≤ len of both slices.
        unsafe {
            let vx = _mm256_loadu_ps(x.as_ptr().add(n8));
            let vy = _mm256_loadu_ps(y.as_ptr().add(n8));
            acc[0] = _mm256_fmadd_ps(vx, vy, acc[0]);
        }
        n8 += 8;
    }
    let s = _mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3]));
    let s4 = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps::<1>(s));
    let mut lanes = [0.0f32; 4];
    // SAFETY: lanes holds 4 floats.
    unsafe { _mm_storeu_ps(lanes.as_mut_ptr(), s4) };
    let mut total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for i in n8..x.len() {
        total += x[i] * y[i];
    }
    total
}

/// See [`super::axpy`]. Panics on a CPU without AVX2+FMA.
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    require();
    assert_eq!(x.len(), y.len(), "axpy: length mismatch");
    // SAFETY: the CPU features were checked above.
    unsafe { axpy_avx2(alpha, x, y) }
}

/// See [`super::dot`]. Panics on a CPU without AVX2+FMA.
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    require();
    assert_eq!(x.len(), y.len(), "dot: length mismatch");
    // SAFETY: the CPU features were checked above.
    unsafe { dot_avx2(x, y) }
}
