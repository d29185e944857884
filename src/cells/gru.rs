//! GRU step (PyTorch `nn.GRU`), gate blocks `r, z, n`:
//! `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
//! `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h`.
//! Note that `r` multiplies the hidden projection *including* `b_hn`.

use crate::kernels;

/// Forward epilogue for one step.
///
/// - `gx`: `[batch, 3·hidden]`, `W_ih x + b_ih`; replaced by the activated `r, z, n`.
/// - `gh`: `[batch, 3·hidden]`, `W_hh h + b_hh` (kept: its `n` block is needed by the backward step).
/// - `h_prev`: rows with stride `ldp`; `h`: receives `h'`, rows with stride `ldh`.
#[allow(clippy::too_many_arguments)]
pub fn forward_step(
    gx: &mut [f32],
    gh: &[f32],
    h_prev: &[f32],
    ldp: usize,
    h: &mut [f32],
    ldh: usize,
    batch: usize,
    hidden: usize,
) {
    let hh = hidden;
    for b in 0..batch {
        let g = &mut gx[b * 3 * hh..(b + 1) * 3 * hh];
        let p = &gh[b * 3 * hh..(b + 1) * 3 * hh];
        for j in 0..2 * hh {
            g[j] += p[j];
        }
        kernels::sigmoid_inplace(&mut g[..2 * hh]);
        for j in 0..hh {
            g[2 * hh + j] += g[j] * p[2 * hh + j];
        }
        kernels::tanh_inplace(&mut g[2 * hh..]);
        let hp = &h_prev[b * ldp..b * ldp + hh];
        let hr = &mut h[b * ldh..b * ldh + hh];
        for j in 0..hh {
            let (z, n) = (g[hh + j], g[2 * hh + j]);
            hr[j] = (1.0 - z) * n + z * hp[j];
        }
    }
}

/// Backward step.
///
/// - `gates`: the activated `r, z, n` cached by [`forward_step`]; `gh`: the cached hidden projection.
/// - `dh`: `[batch, hidden]`, gradient reaching `h'`.
/// - `dgx`: receives the gradient w.r.t. `W_ih x + b_ih` (`[batch, 3·hidden]`).
/// - `dgh`: receives the gradient w.r.t. `W_hh h + b_hh` (`[batch, 3·hidden]`).
/// - `dh_prev`: receives the direct part of the gradient for `h` (`z ⊙ dh`), `[batch, hidden]`;
///   the caller adds `dgh · W_hh`.
#[allow(clippy::too_many_arguments)]
pub fn backward_step(
    gates: &[f32],
    gh: &[f32],
    h_prev: &[f32],
    ldp: usize,
    dh: &[f32],
    dgx: &mut [f32],
    dgh: &mut [f32],
    dh_prev: &mut [f32],
    batch: usize,
    hidden: usize,
) {
    let hh = hidden;
    for b in 0..batch {
        let g = &gates[b * 3 * hh..(b + 1) * 3 * hh];
        let p = &gh[b * 3 * hh..(b + 1) * 3 * hh];
        let hp = &h_prev[b * ldp..b * ldp + hh];
        let dx = &mut dgx[b * 3 * hh..(b + 1) * 3 * hh];
        let dhh = &mut dgh[b * 3 * hh..(b + 1) * 3 * hh];
        for j in 0..hh {
            let (r, z, n) = (g[j], g[hh + j], g[2 * hh + j]);
            let d = dh[b * hh + j];
            let dn = d * (1.0 - z) * (1.0 - n * n);
            let dz = d * (hp[j] - n) * z * (1.0 - z);
            let dr = dn * p[2 * hh + j] * r * (1.0 - r);
            dx[j] = dr;
            dx[hh + j] = dz;
            dx[2 * hh + j] = dn;
            dhh[j] = dr;
            dhh[hh + j] = dz;
            dhh[2 * hh + j] = dn * r;
            dh_prev[b * hh + j] = d * z;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_update_gate_passes_candidate() {
        // r, z pre-activations very negative: r≈0, z≈0 → h' = tanh(x_n)
        let mut gx = vec![-30.0, -30.0, 0.3];
        let gh = vec![0.0, 0.0, 5.0];
        let mut h = vec![0.0];
        forward_step(&mut gx, &gh, &[1.0], 1, &mut h, 1, 1, 1);
        assert!((h[0] - 0.3f32.tanh()).abs() < 1e-6);
        // z very positive: h' = h
        let mut gx = vec![0.0, 30.0, 0.3];
        forward_step(&mut gx, &gh, &[0.7], 1, &mut h, 1, 1, 1);
        assert!((h[0] - 0.7).abs() < 1e-6);
    }
}
