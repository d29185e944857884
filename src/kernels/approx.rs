//! Scalar `exp`, `sigmoid` and `tanh` built only from operations every instruction set has
//! (multiply, add, divide, compare/select, integer add on the bits), so that loops over them
//! auto-vectorise and so that the simd128 and AVX2 modules can mirror them lane for lane.
//!
//! - `exp`: Cody–Waite range reduction `x = n·ln2 + r`, `|r| ≤ ln2/2`, then the degree-7
//!   polynomial of Cephes' `expf` for `e^r`, scaled by `2^n` through the exponent bits.
//!   Inputs are clamped to `[EXP_LO, EXP_HI]` so `2^n` stays a normal float.
//! - `sigmoid(x) = 1 / (1 + e^(−x))`.
//! - `tanh`: for `|x| < 0.625` the odd polynomial of Cephes' `tanhf`, otherwise
//!   `1 − 2 / (e^(2|x|) + 1)`, with the sign of `x` copied back.
//!
//! Measured against f64 (see `tests/kernels.rs`): relative error of a few f32 ulps, absolute
//! error below 2e-7 for sigmoid and tanh.

/// Lower clamp of the `exp` argument (`e^EXP_LO` is just above the smallest normal float).
pub(crate) const EXP_LO: f32 = -87.33;
/// Upper clamp of the `exp` argument (`e^EXP_HI` is just below `f32::MAX`).
pub(crate) const EXP_HI: f32 = 88.37;
/// log2(e).
pub(crate) const LOG2E: f32 = std::f32::consts::LOG2_E;
/// ln 2 split in a part exact in a few bits and a correction (Cody–Waite).
pub(crate) const LN2_HI: f32 = 0.693_359_4;
/// See [`LN2_HI`].
pub(crate) const LN2_LO: f32 = -2.121_944_4e-4;
/// `1.5 · 2^23`: adding and subtracting it rounds a float of magnitude < 2^22 to an integer,
/// and leaves that integer in the low mantissa bits of the sum.
pub(crate) const ROUND_MAGIC: f32 = 12_582_912.0;
/// Coefficients of `e^r ≈ 1 + r + r²·(P0·r⁵ + P1·r⁴ + … + P5)` (Cephes `expf`, rounded to f32).
pub(crate) const EXP_P: [f32; 6] = [
    1.987_569_1e-4,
    1.398_2e-3,
    8.333_452e-3,
    4.166_579_6e-2,
    1.666_666_5e-1,
    5e-1,
];
/// Below this magnitude tanh uses its polynomial (Cephes `tanhf`).
pub(crate) const TANH_SMALL: f32 = 0.625;
/// Coefficients of `tanh x ≈ x + x³·(T0·z⁴ + T1·z³ + … + T4)`, `z = x²` (Cephes `tanhf`).
pub(crate) const TANH_P: [f32; 5] = [
    -5.704_988_7e-3,
    2.063_909e-2,
    -5.373_971_6e-2,
    1.333_144_2e-1,
    -3.333_328e-1,
];

/// `e^x` to about 1 ulp for `x` in `[EXP_LO, EXP_HI]`; clamps outside, keeps NaN.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    let xc = x.clamp(EXP_LO, EXP_HI);
    let t = xc * LOG2E + ROUND_MAGIC;
    let n = t - ROUND_MAGIC;
    let ni = (t.to_bits() as i32).wrapping_sub(ROUND_MAGIC.to_bits() as i32);
    let r = xc - n * LN2_HI - n * LN2_LO;
    let mut p = EXP_P[0];
    p = p * r + EXP_P[1];
    p = p * r + EXP_P[2];
    p = p * r + EXP_P[3];
    p = p * r + EXP_P[4];
    p = p * r + EXP_P[5];
    let e = p * (r * r) + r + 1.0;
    let scaled = f32::from_bits((e.to_bits() as i32).wrapping_add(ni << 23) as u32);
    if x.is_nan() {
        x
    } else {
        scaled
    }
}

/// Logistic sigmoid `1 / (1 + e^(−x))`.
#[inline(always)]
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// Hyperbolic tangent.
#[inline(always)]
pub(crate) fn tanh(x: f32) -> f32 {
    let y = x.abs();
    let z = x * x;
    let mut p = TANH_P[0];
    p = p * z + TANH_P[1];
    p = p * z + TANH_P[2];
    p = p * z + TANH_P[3];
    p = p * z + TANH_P[4];
    let small = p * z * x + x;
    let e = exp(y + y);
    let large = (1.0 - 2.0 / (e + 1.0)).copysign(x);
    if y < TANH_SMALL {
        small
    } else {
        large
    }
}
