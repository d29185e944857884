//! WebAssembly SIMD128 kernels (`core::arch::wasm32`), compiled when the build enables
//! `target-feature=+simd128`.
//!
//! The same code is the relaxed-SIMD build when `target-feature=+relaxed-simd` is on too: every
//! multiply-add chain goes through [`madd`], which is then `f32x4.relaxed_madd` (fused where the
//! engine has FMA, one rounding; else two, as plain simd128). Results may differ from the
//! simd128 build in the last bits; the tests' error bounds hold for both roundings. The relaxed
//! intrinsics are stable since Rust 1.82, above the crate's `rust-version`: only this build needs
//! the newer toolchain (hence the `incompatible_msrv` allowances).
//!
//! - GEMM: the shared packed driver ([`super::packed`]) with a `4 × 8` micro-kernel: eight
//!   `f32x4` accumulators (four rows × two vectors), each k step loading two B vectors and
//!   splatting four A values, then a fused `alpha · acc + beta · C` epilogue.
//! - `sigmoid_inplace` / `tanh_inplace`: the approximations of [`super::approx`], four lanes
//!   at a time.
//! - `axpy`, `dot`: four lanes, several independent accumulators.

use super::approx::{
    EXP_HI, EXP_LO, EXP_P, LN2_HI, LN2_LO, LOG2E, ROUND_MAGIC, TANH_P, TANH_SMALL,
};
use super::packed::{self, MicroKernel};
use super::Trans;
use core::arch::wasm32::*;

/// Instruction-set name reported by [`super::backend_name`].
#[cfg(not(target_feature = "relaxed-simd"))]
pub const NAME: &str = "simd128";
/// Instruction-set name reported by [`super::backend_name`].
#[cfg(target_feature = "relaxed-simd")]
pub const NAME: &str = "relaxed-simd";

/// `a · b + c` lane-wise: `f32x4.relaxed_madd` in the relaxed-SIMD build (one or two roundings,
/// the engine's choice), `f32x4.mul` then `f32x4.add` otherwise.
#[allow(clippy::incompatible_msrv)]
#[inline(always)]
pub(crate) fn madd(a: v128, b: v128, c: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    return f32x4_relaxed_madd(a, b, c);
    #[cfg(not(target_feature = "relaxed-simd"))]
    return f32x4_add(f32x4_mul(a, b), c);
}

/// `c − a · b` lane-wise: `f32x4.relaxed_nmadd` in the relaxed-SIMD build, else mul then sub.
#[allow(clippy::incompatible_msrv)]
#[inline(always)]
fn nmadd(a: v128, b: v128, c: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    return f32x4_relaxed_nmadd(a, b, c);
    #[cfg(not(target_feature = "relaxed-simd"))]
    return f32x4_sub(c, f32x4_mul(a, b));
}

/// Rows of the micro-kernel tile.
const MR: usize = 4;
/// f32x4 vectors per tile row.
const NV: usize = 2;

pub(crate) struct Simd128Tile;

impl MicroKernel for Simd128Tile {
    const MR: usize = MR;
    const NR: usize = 4 * NV;

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
        let zero = f32x4_splat(0.0);
        let mut acc = [[zero; NV]; MR];
        let mut pa = a;
        let mut pb = b;
        for _ in 0..kc {
            // SAFETY: the caller guarantees kc·MR floats at a and kc·NR floats at b;
            // wasm loads have no alignment requirement.
            unsafe {
                let mut bv = [zero; NV];
                for (v, slot) in bv.iter_mut().enumerate() {
                    *slot = v128_load(pb.add(4 * v) as *const v128);
                }
                for (r, row) in acc.iter_mut().enumerate() {
                    let ar = v128_load32_splat(pa.add(r) as *const u32);
                    for v in 0..NV {
                        row[v] = madd(ar, bv[v], row[v]);
                    }
                }
                pa = pa.add(MR);
                pb = pb.add(4 * NV);
            }
        }
        let va = f32x4_splat(alpha);
        let vb = f32x4_splat(beta);
        for (r, row) in acc.iter().enumerate() {
            for (v, &sum) in row.iter().enumerate() {
                // SAFETY: the caller guarantees an MR×NR block at c with row stride ldc.
                unsafe {
                    let dst = c.add(r * ldc + 4 * v) as *mut v128;
                    let out = if beta == 0.0 {
                        f32x4_mul(va, sum)
                    } else {
                        madd(va, sum, f32x4_mul(vb, v128_load(dst)))
                    };
                    v128_store(dst, out);
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
    packed::gemm::<Simd128Tile>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

/// Packs `op(B)` for [`gemm_packed`]; returns the panel width it used.
pub fn pack_b(tb: Trans, k: usize, n: usize, b: &[f32], ldb: usize, out: &mut Vec<f32>) -> usize {
    packed::pack_b_full::<Simd128Tile>(tb, k, n, b, ldb, out);
    <Simd128Tile as MicroKernel>::NR
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
        <Simd128Tile as MicroKernel>::NR,
        "gemm_packed: B packed for another kernel"
    );
    packed::gemm_prepacked::<Simd128Tile>(ta, m, n, k, alpha, a, lda, pb, beta, c, ldc)
}

/// The constants of the activations as vectors, built once per call and passed by reference:
/// as `v128.const` inside the loop, V8 would rematerialise each one on every iteration.
#[derive(Clone, Copy)]
struct Consts {
    lo: v128,
    hi: v128,
    log2e: v128,
    magic: v128,
    ln2_hi: v128,
    ln2_lo: v128,
    exp_p: [v128; 6],
    tanh_p: [v128; 5],
    tanh_small: v128,
    one: v128,
    two: v128,
    sign: v128,
}

impl Consts {
    fn new() -> Consts {
        // black_box keeps LLVM from folding them back into per-use constants.
        std::hint::black_box(Consts {
            lo: f32x4_splat(EXP_LO),
            hi: f32x4_splat(EXP_HI),
            log2e: f32x4_splat(LOG2E),
            magic: f32x4_splat(ROUND_MAGIC),
            ln2_hi: f32x4_splat(LN2_HI),
            ln2_lo: f32x4_splat(LN2_LO),
            exp_p: EXP_P.map(|c| f32x4_splat(c)),
            tanh_p: TANH_P.map(|c| f32x4_splat(c)),
            tanh_small: f32x4_splat(TANH_SMALL),
            one: f32x4_splat(1.0),
            two: f32x4_splat(2.0),
            sign: f32x4_splat(-0.0),
        })
    }
}

/// Four lanes of [`super::approx::exp`]: clamp, Cody–Waite reduction, Cephes polynomial,
/// exponent-bit scaling; NaN lanes stay NaN.
#[inline(always)]
fn exp4(x: v128, k: &Consts) -> v128 {
    let xc = f32x4_pmin(f32x4_pmax(x, k.lo), k.hi);
    let t = madd(xc, k.log2e, k.magic);
    let n = f32x4_sub(t, k.magic);
    let ni = i32x4_sub(t, k.magic);
    let r = nmadd(n, k.ln2_lo, nmadd(n, k.ln2_hi, xc));
    let mut p = k.exp_p[0];
    for &coef in &k.exp_p[1..] {
        p = madd(p, r, coef);
    }
    let e = f32x4_add(madd(p, f32x4_mul(r, r), r), k.one);
    let scaled = i32x4_add(e, i32x4_shl(ni, 23));
    v128_bitselect(x, scaled, f32x4_ne(x, x))
}

#[inline(always)]
fn sigmoid4(x: v128, k: &Consts) -> v128 {
    f32x4_div(k.one, f32x4_add(k.one, exp4(v128_xor(x, k.sign), k)))
}

#[inline(always)]
fn tanh4(x: v128, k: &Consts) -> v128 {
    let y = v128_andnot(x, k.sign);
    let z = f32x4_mul(x, x);
    let mut p = k.tanh_p[0];
    for &coef in &k.tanh_p[1..] {
        p = madd(p, z, coef);
    }
    let small = madd(f32x4_mul(p, z), x, x);
    let e = exp4(f32x4_add(y, y), k);
    let large = f32x4_sub(k.one, f32x4_div(k.two, f32x4_add(e, k.one)));
    let signed = v128_or(large, v128_and(x, k.sign));
    v128_bitselect(small, signed, f32x4_lt(y, k.tanh_small))
}

/// Applies `f` to every lane of `x`, the tail through a zero-padded vector.
#[inline(always)]
fn map4(x: &mut [f32], f: impl Fn(v128, &Consts) -> v128) {
    let k = Consts::new();
    let mut chunks = x.chunks_exact_mut(4);
    for ch in &mut chunks {
        // SAFETY: ch has exactly 4 floats; wasm loads/stores have no alignment requirement.
        unsafe {
            let p = ch.as_mut_ptr() as *mut v128;
            v128_store(p, f(v128_load(p), &k));
        }
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let mut buf = [0.0f32; 4];
        buf[..rest.len()].copy_from_slice(rest);
        // SAFETY: buf holds 4 floats.
        unsafe {
            let p = buf.as_mut_ptr() as *mut v128;
            v128_store(p, f(v128_load(p), &k));
        }
        rest.copy_from_slice(&buf[..rest.len()]);
    }
}

/// See [`super::sigmoid_inplace`].
pub fn sigmoid_inplace(x: &mut [f32]) {
    map4(x, sigmoid4)
}

/// See [`super::tanh_inplace`].
pub fn tanh_inplace(x: &mut [f32]) {
    map4(x, tanh4)
}

/// See [`super::axpy`].
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    let va = f32x4_splat(alpha);
    let n4 = x.len() / 4 * 4;
    for i in (0..n4).step_by(4) {
        // SAFETY: i + 4 ≤ n4 ≤ len of both slices.
        unsafe {
            let px = x.as_ptr().add(i) as *const v128;
            let py = y.as_mut_ptr().add(i) as *mut v128;
            v128_store(py, madd(va, v128_load(px), v128_load(py)));
        }
    }
    for i in n4..x.len() {
        y[i] += alpha * x[i];
    }
}

/// See [`super::dot`].
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    let zero = f32x4_splat(0.0);
    let mut acc = [zero; 4];
    let n16 = x.len() / 16 * 16;
    for i in (0..n16).step_by(16) {
        for (v, slot) in acc.iter_mut().enumerate() {
            // SAFETY: i + 16 ≤ n16 ≤ len of both slices.
            unsafe {
                let px = x.as_ptr().add(i + 4 * v) as *const v128;
                let py = y.as_ptr().add(i + 4 * v) as *const v128;
                *slot = madd(v128_load(px), v128_load(py), *slot);
            }
        }
    }
    let mut n4 = n16;
    while n4 + 4 <= x.len() {
        // SAFETY: n4 + 4 ≤ len of both slices.
        unsafe {
            let px = x.as_ptr().add(n4) as *const v128;
            let py = y.as_ptr().add(n4) as *const v128;
            acc[0] = madd(v128_load(px), v128_load(py), acc[0]);
        }
        n4 += 4;
    }
    let s = f32x4_add(f32x4_add(acc[0], acc[1]), f32x4_add(acc[2], acc[3]));
    let mut total = (f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s))
        + (f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s));
    for i in n4..x.len() {
        total += x[i] * y[i];
    }
    total
}
