//! The blocked GEMM driver shared by every instruction set (Goto/BLIS loop order).
//!
//! `op(A)` and `op(B)` are copied ("packed") into contiguous panels so that one register-tiled
//! micro-kernel serves all four transpose combinations:
//! - an A panel holds `MR` rows of `op(A)` for `kc` steps of k, stored `[p][MR]`;
//! - a B panel holds `NR` columns of `op(B)` for `kc` steps of k, stored `[p][NR]`.
//!
//! Rows and columns past the matrix edge are packed as zeros, so the micro-kernel always runs on
//! a full `MR × NR` tile; edge tiles are computed into a scratch tile and only their valid part is
//! written back. k is blocked by [`KC`] for cache; the first k block applies the caller's `beta`,
//! later blocks accumulate (`beta = 1`). The packing buffers live in a thread-local workspace that
//! grows to the largest size seen and is then reused, so the cells' per-time-step GEMMs do not
//! allocate.
//!
//! Packing also flushes operands smaller than [`TINY`] in magnitude to zero. WebAssembly has no
//! flush-to-zero mode, and x86 CPUs take a microcode assist on every subnormal operand or result
//! (about 40× slower on the machines we measure on); a saturated network's gradients are full of
//! them. Products of two operands at or above `TINY` are normal numbers, and the flushed terms are
//! far below one ulp of any result that is not itself vanishingly small.

use super::Trans;
use std::cell::RefCell;

/// Depth of a k block: an A panel (`MR × KC`) and a B panel (`KC × NR`) stay in L1.
pub(crate) const KC: usize = 256;
/// Rows of `op(A)` packed at a time (rounded to a multiple of `MR`): the A block stays in L2.
const MC_TARGET: usize = 96;
/// Columns of `op(B)` packed at a time (rounded to a multiple of `NR`).
const NC_TARGET: usize = 2048;
/// Largest `MR · NR` a micro-kernel may use (size of the edge scratch tile).
pub(crate) const MAX_TILE: usize = 128;
/// Operands below this magnitude (2⁻⁶³) are packed as zero; see the module notes.
pub(crate) const TINY: f32 = 1.084_202_2e-19;

/// `v`, or zero when `|v| <` [`TINY`] (NaN and infinities pass through).
#[inline(always)]
fn flush(v: f32) -> f32 {
    if v.abs() < TINY {
        0.0
    } else {
        v
    }
}

/// A register-tiled micro-kernel: `C[0..MR, 0..NR] = alpha · Σ_p A[p][·] ⊗ B[p][·] + beta · C`.
pub(crate) trait MicroKernel {
    /// Rows of the tile.
    const MR: usize;
    /// Columns of the tile.
    const NR: usize;

    /// Runs one full tile.
    ///
    /// # Safety
    /// `a` points to `kc · MR` readable floats, `b` to `kc · NR`, and `c` to an `MR × NR` block
    /// with row stride `ldc` that is writable (and readable when `beta != 0`). With `beta == 0`
    /// the old contents of `C` must not be read into the result.
    unsafe fn tile(
        kc: usize,
        a: *const f32,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        alpha: f32,
        beta: f32,
    );
}

struct Workspace {
    a: Vec<f32>,
    b: Vec<f32>,
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = const {
        RefCell::new(Workspace { a: Vec::new(), b: Vec::new() })
    };
}

fn grow(v: &mut Vec<f32>, len: usize) {
    if v.len() < len {
        v.resize(len, 0.0);
    }
}

/// `C = beta · C` (the `k == 0` case); `beta == 0` writes zeros whatever C held.
pub(crate) fn scale_c(m: usize, n: usize, beta: f32, c: &mut [f32], ldc: usize) {
    for i in 0..m {
        let row = &mut c[i * ldc..i * ldc + n];
        if beta == 0.0 {
            row.fill(0.0);
        } else if beta != 1.0 {
            row.iter_mut().for_each(|v| *v *= beta);
        }
    }
}

/// Copies an `rows × kc` block whose element `(r, p)` is at `src[r·rs + p·ps]` into the panel
/// layout `dst[p·W + r]` (through [`flush`]), zero-filling rows `rows..W`. Both packings reduce
/// to this.
///
/// # Safety
/// `dst` holds `kc·W` floats; every `src[r·rs + p·ps]` for `r < rows`, `p < kc` is readable.
#[inline(always)]
unsafe fn pack_panel<const W: usize>(
    src: *const f32,
    rs: usize,
    ps: usize,
    rows: usize,
    kc: usize,
    dst: *mut f32,
) {
    unsafe {
        if rows == W && ps == 1 {
            // W contiguous rows of the source: read W streams, write contiguously.
            let mut s = [src; W];
            for (r, ptr) in s.iter_mut().enumerate() {
                *ptr = src.add(r * rs);
            }
            for p in 0..kc {
                let d = dst.add(p * W);
                for (r, ptr) in s.iter().enumerate() {
                    *d.add(r) = flush(*ptr.add(p));
                }
            }
        } else if rs == 1 && rows == W {
            // Each step of p is W consecutive floats of the source: a fixed-size block.
            for p in 0..kc {
                let v = std::ptr::read_unaligned(src.add(p * ps) as *const [f32; W]);
                std::ptr::write_unaligned(dst.add(p * W) as *mut [f32; W], v.map(flush));
            }
        } else {
            for p in 0..kc {
                let d = dst.add(p * W);
                for r in 0..W {
                    *d.add(r) = if r < rows {
                        flush(*src.add(r * rs + p * ps))
                    } else {
                        0.0
                    };
                }
            }
        }
    }
}

/// Packs `op(A)[i0 .. i0+mc, p0 .. p0+kc]` into `mc.div_ceil(MR)` panels of `kc · MR` floats.
fn pack_a<const MR: usize>(
    ta: Trans,
    a: &[f32],
    lda: usize,
    i0: usize,
    mc: usize,
    p0: usize,
    kc: usize,
    out: &mut [f32],
) {
    let panels = mc.div_ceil(MR);
    assert!(out.len() >= panels * kc * MR);
    for panel in 0..panels {
        let r0 = i0 + panel * MR;
        let rows = MR.min(i0 + mc - r0);
        // op(A)[i, p] = a[i·lda + p] (No) or a[p·lda + i] (Yes).
        let (start, rs, ps) = match ta {
            Trans::No => (r0 * lda + p0, lda, 1),
            Trans::Yes => (p0 * lda + r0, 1, lda),
        };
        let last = start + (rows - 1) * rs + (kc - 1) * ps;
        assert!(last < a.len(), "gemm: operand A too small");
        // SAFETY: the largest source index was checked just above; the panel fits in out.
        unsafe {
            pack_panel::<MR>(
                a.as_ptr().add(start),
                rs,
                ps,
                rows,
                kc,
                out.as_mut_ptr().add(panel * kc * MR),
            )
        }
    }
}

/// Packs `op(B)[p0 .. p0+kc, j0 .. j0+nc]` into `nc.div_ceil(NR)` panels of `kc · NR` floats.
///
/// A B panel is an A panel of `op(B)ᵀ`, so this is [`pack_a`] with the transpose flag flipped.
fn pack_b<const NR: usize>(
    tb: Trans,
    b: &[f32],
    ldb: usize,
    p0: usize,
    kc: usize,
    j0: usize,
    nc: usize,
    out: &mut [f32],
) {
    let flipped = match tb {
        Trans::No => Trans::Yes,
        Trans::Yes => Trans::No,
    };
    pack_a::<NR>(flipped, b, ldb, j0, nc, p0, kc, out)
}

/// Blocked, packed GEMM with micro-kernel `K`; same contract as [`super::gemm`]
/// (operand sizes already checked by the caller).
pub(crate) fn gemm<K: MicroKernel>(
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
    if k == 0 || alpha == 0.0 {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    assert!(
        ldc >= n && c.len() >= (m - 1) * ldc + n,
        "gemm: C too small"
    );
    WORKSPACE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut ws) => {
            let ws = &mut *ws;
            run::<K>(
                ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &mut ws.a, &mut ws.b,
            )
        }
        // Only reachable through re-entrance, which nothing in the crate does; stay correct anyway.
        Err(_) => run::<K>(
            ta,
            tb,
            m,
            n,
            k,
            alpha,
            a,
            lda,
            b,
            ldb,
            beta,
            c,
            ldc,
            &mut Vec::new(),
            &mut Vec::new(),
        ),
    })
}

fn run<K: MicroKernel>(
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
    wa: &mut Vec<f32>,
    wb: &mut Vec<f32>,
) {
    let (mr, nr) = (K::MR, K::NR);
    debug_assert!(mr * nr <= MAX_TILE);
    let mc_max = (MC_TARGET / mr).max(1) * mr;
    let nc_max = (NC_TARGET / nr).max(1) * nr;
    let kc_max = KC.min(k);
    let mc_cap = mc_max.min(m.div_ceil(mr) * mr);
    let nc_cap = nc_max.min(n.div_ceil(nr) * nr);
    grow(wa, mc_cap * kc_max);
    grow(wb, nc_cap * kc_max);
    for j0 in (0..n).step_by(nc_max) {
        let nc = nc_max.min(n - j0);
        for p0 in (0..k).step_by(KC) {
            let kc = KC.min(k - p0);
            let beta_blk = if p0 == 0 { beta } else { 1.0 };
            pack_b_dispatch::<K>(tb, b, ldb, p0, kc, j0, nc, wb);
            for i0 in (0..m).step_by(mc_max) {
                let mc = mc_max.min(m - i0);
                pack_a_dispatch::<K>(ta, a, lda, i0, mc, p0, kc, wa);
                macro_block::<K>(i0, mc, j0, nc, kc, wa, wb, alpha, beta_blk, c, ldc);
            }
        }
    }
}

/// All tiles of `C[i0 .. i0+mc, j0 .. j0+nc]` from a packed A block `wa` (`mc` rows) and a
/// packed B block `wb` (`nc` columns), both `kc` deep.
#[inline]
fn macro_block<K: MicroKernel>(
    i0: usize,
    mc: usize,
    j0: usize,
    nc: usize,
    kc: usize,
    wa: &[f32],
    wb: &[f32],
    alpha: f32,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    let (mr, nr) = (K::MR, K::NR);
    assert!(wa.len() >= mc.div_ceil(mr) * mr * kc && wb.len() >= nc.div_ceil(nr) * nr * kc);
    assert!(c.len() >= (i0 + mc - 1) * ldc + j0 + nc);
    let mut scratch = [0.0f32; MAX_TILE];
    for jp in 0..nc.div_ceil(nr) {
        let cols = nr.min(nc - jp * nr);
        let pb = wb[jp * kc * nr..].as_ptr();
        for ip in 0..mc.div_ceil(mr) {
            let rows = mr.min(mc - ip * mr);
            let pa = wa[ip * kc * mr..].as_ptr();
            let ci = i0 + ip * mr;
            let cj = j0 + jp * nr;
            if rows == mr && cols == nr {
                // SAFETY: the panels hold kc·MR and kc·NR floats; the C block
                // [ci .. ci+MR, cj .. cj+NR] lies inside c (asserted above, ldc ≥ n).
                unsafe {
                    K::tile(
                        kc,
                        pa,
                        pb,
                        c.as_mut_ptr().add(ci * ldc + cj),
                        ldc,
                        alpha,
                        beta,
                    );
                }
            } else {
                // SAFETY: scratch holds MAX_TILE ≥ MR·NR floats, stride NR.
                unsafe {
                    K::tile(kc, pa, pb, scratch.as_mut_ptr(), nr, 1.0, 0.0);
                }
                for r in 0..rows {
                    let dst = &mut c[(ci + r) * ldc + cj..(ci + r) * ldc + cj + cols];
                    let src = &scratch[r * nr..r * nr + cols];
                    if beta == 0.0 {
                        for (d, s) in dst.iter_mut().zip(src) {
                            *d = alpha * s;
                        }
                    } else {
                        for (d, s) in dst.iter_mut().zip(src) {
                            *d = alpha * s + beta * *d;
                        }
                    }
                }
            }
        }
    }
}

/// Packs all of `op(B)` (`k × n`) for [`gemm_prepacked`]: k block `p0` (of [`KC`] rows) starts at
/// `p0 · n_pad` (`n_pad` = n rounded up to `NR`) and holds `n_pad / NR` panels of `kc · NR`.
pub(crate) fn pack_b_full<K: MicroKernel>(
    tb: Trans,
    k: usize,
    n: usize,
    b: &[f32],
    ldb: usize,
    out: &mut Vec<f32>,
) {
    let n_pad = n.div_ceil(K::NR) * K::NR;
    out.clear();
    out.resize(k * n_pad, 0.0);
    if n == 0 {
        return;
    }
    for p0 in (0..k).step_by(KC) {
        let kc = KC.min(k - p0);
        pack_b_dispatch::<K>(tb, b, ldb, p0, kc, 0, n, &mut out[p0 * n_pad..]);
    }
}

/// `C = alpha · op(A) · B + beta · C` with B already packed by [`pack_b_full`] for the same `K`.
pub(crate) fn gemm_prepacked<K: MicroKernel>(
    ta: Trans,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    pb: &[f32],
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(
        ldc >= n && c.len() >= (m - 1) * ldc + n,
        "gemm: C too small"
    );
    if k == 0 || alpha == 0.0 {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    let n_pad = n.div_ceil(K::NR) * K::NR;
    assert!(pb.len() >= k * n_pad, "gemm_packed: packed B too small");
    let mr = K::MR;
    let mc_max = (MC_TARGET / mr).max(1) * mr;
    let mut run = |wa: &mut Vec<f32>| {
        grow(wa, mc_max.min(m.div_ceil(mr) * mr) * KC.min(k));
        for p0 in (0..k).step_by(KC) {
            let kc = KC.min(k - p0);
            let beta_blk = if p0 == 0 { beta } else { 1.0 };
            for i0 in (0..m).step_by(mc_max) {
                let mc = mc_max.min(m - i0);
                pack_a_dispatch::<K>(ta, a, lda, i0, mc, p0, kc, wa);
                macro_block::<K>(
                    i0,
                    mc,
                    0,
                    n,
                    kc,
                    wa,
                    &pb[p0 * n_pad..],
                    alpha,
                    beta_blk,
                    c,
                    ldc,
                );
            }
        }
    };
    WORKSPACE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut ws) => run(&mut ws.a),
        Err(_) => run(&mut Vec::new()),
    })
}

// `pack_a`/`pack_b` take the tile sizes as const generics so their inner loops unroll; the
// micro-kernels use a handful of sizes, dispatched here.
fn pack_a_dispatch<K: MicroKernel>(
    ta: Trans,
    a: &[f32],
    lda: usize,
    i0: usize,
    mc: usize,
    p0: usize,
    kc: usize,
    out: &mut [f32],
) {
    match K::MR {
        4 => pack_a::<4>(ta, a, lda, i0, mc, p0, kc, out),
        6 => pack_a::<6>(ta, a, lda, i0, mc, p0, kc, out),
        8 => pack_a::<8>(ta, a, lda, i0, mc, p0, kc, out),
        mr => unreachable!("no packing routine for MR = {mr}"),
    }
}

fn pack_b_dispatch<K: MicroKernel>(
    tb: Trans,
    b: &[f32],
    ldb: usize,
    p0: usize,
    kc: usize,
    j0: usize,
    nc: usize,
    out: &mut [f32],
) {
    match K::NR {
        4 => pack_b::<4>(tb, b, ldb, p0, kc, j0, nc, out),
        8 => pack_b::<8>(tb, b, ldb, p0, kc, j0, nc, out),
        16 => pack_b::<16>(tb, b, ldb, p0, kc, j0, nc, out),
        nr => unreachable!("no packing routine for NR = {nr}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_flushes_tiny_operands_only() {
        let sub = f32::from_bits(1); // the smallest subnormal
        let src = [
            1.0,
            sub,
            -1e-20,
            TINY,
            f32::NAN,
            -f32::INFINITY,
            1e-19,
            -2.5,
        ];
        // Each of the three copy paths: W rows with p contiguous, p-major blocks, and the edge.
        for (rs, ps, rows) in [(2, 1, 4), (1, 4, 4), (1, 4, 3)] {
            let mut dst = [9.0f32; 8];
            // SAFETY: every src[r·rs + p·ps] with r < rows, p < 2 is inside src; dst holds 2·4.
            unsafe { pack_panel::<4>(src.as_ptr(), rs, ps, rows, 2, dst.as_mut_ptr()) };
            for p in 0..2 {
                for r in 0..4 {
                    let got = dst[p * 4 + r];
                    if r >= rows {
                        assert_eq!(got, 0.0);
                        continue;
                    }
                    let v = src[r * rs + p * ps];
                    if v.is_nan() {
                        assert!(got.is_nan());
                    } else if v.abs() < TINY {
                        assert_eq!(got, 0.0, "{v:e} should be flushed");
                    } else {
                        assert_eq!(got, v);
                    }
                }
            }
        }
        assert_eq!(TINY, 2f32.powi(-63));
    }
}
