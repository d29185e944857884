//! LSTM step (PyTorch `nn.LSTM`), gate blocks `i, f, g, o`:
//! `i = σ(·)`, `f = σ(·)`, `g = tanh(·)`, `o = σ(·)`, `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`,
//! each `(·) = W_i* x + b_i* + W_h* h + b_h*`.

use crate::kernels;

/// Forward epilogue for one step, over the whole batch at once.
///
/// - `gates`: `[batch, 4·hidden]` pre-activations, replaced by the activated `i, f, g, o`.
/// - `c_prev`: `[batch, hidden]`; `c`: `[batch, hidden]`, receives `c'`.
/// - `tanh_c`: `[batch, hidden]`, receives `tanh(c')` (kept for the backward step).
/// - `h`: receives `h'`, rows of `hidden` values with stride `ldh`.
///
/// All four gates go through one vectorised sigmoid call: the `g` block is pre-scaled by 2 and
/// mapped back with `tanh(x) = 2σ(2x) − 1`.
#[allow(clippy::too_many_arguments)]
pub fn forward_step(
    gates: &mut [f32],
    c_prev: &[f32],
    c: &mut [f32],
    tanh_c: &mut [f32],
    h: &mut [f32],
    ldh: usize,
    batch: usize,
    hidden: usize,
) {
    let hh = hidden;
    let gates = &mut gates[..batch * 4 * hh];
    for b in 0..batch {
        gates[b * 4 * hh + 2 * hh..b * 4 * hh + 3 * hh]
            .iter_mut()
            .for_each(|v| *v *= 2.0);
    }
    kernels::sigmoid_inplace(gates);
    for b in 0..batch {
        let g = &mut gates[b * 4 * hh..(b + 1) * 4 * hh];
        g[2 * hh..3 * hh]
            .iter_mut()
            .for_each(|v| *v = 2.0 * *v - 1.0);
        let cp = &c_prev[b * hh..(b + 1) * hh];
        let cn = &mut c[b * hh..(b + 1) * hh];
        for j in 0..hh {
            cn[j] = g[hh + j] * cp[j] + g[j] * g[2 * hh + j];
        }
    }
    let tanh_c = &mut tanh_c[..batch * hh];
    tanh_c.copy_from_slice(&c[..batch * hh]);
    kernels::tanh_inplace(tanh_c);
    for b in 0..batch {
        let o = &gates[b * 4 * hh + 3 * hh..(b + 1) * 4 * hh];
        let tc = &tanh_c[b * hh..(b + 1) * hh];
        let hr = &mut h[b * ldh..b * ldh + hh];
        for j in 0..hh {
            hr[j] = o[j] * tc[j];
        }
    }
}

/// Backward step.
///
/// - `gates`: the activated `i, f, g, o` cached by [`forward_step`]; `c_prev` and `tanh_c`
///   (`tanh(c')`) from the forward pass.
/// - `dh`: `[batch, hidden]`, gradient reaching `h'` (from the output and from the next step).
/// - `dc`: on entry the gradient reaching `c'` from the next step; on exit the gradient for `c`.
/// - `dgates`: `[batch, 4·hidden]`, receives the gradient of the gate pre-activations.
#[allow(clippy::too_many_arguments)]
pub fn backward_step(
    gates: &[f32],
    c_prev: &[f32],
    tanh_c: &[f32],
    dh: &[f32],
    dc: &mut [f32],
    dgates: &mut [f32],
    batch: usize,
    hidden: usize,
) {
    let hh = hidden;
    for b in 0..batch {
        let g = &gates[b * 4 * hh..(b + 1) * 4 * hh];
        let dg = &mut dgates[b * 4 * hh..(b + 1) * 4 * hh];
        let tc = &tanh_c[b * hh..(b + 1) * hh];
        let cp = &c_prev[b * hh..(b + 1) * hh];
        let dhr = &dh[b * hh..(b + 1) * hh];
        let dcr = &mut dc[b * hh..(b + 1) * hh];
        for j in 0..hh {
            let (i, f, gg, o) = (g[j], g[hh + j], g[2 * hh + j], g[3 * hh + j]);
            let dct = dcr[j] + dhr[j] * o * (1.0 - tc[j] * tc[j]);
            dg[j] = dct * gg * i * (1.0 - i);
            dg[hh + j] = dct * cp[j] * f * (1.0 - f);
            dg[2 * hh + j] = dct * i * (1.0 - gg * gg);
            dg[3 * hh + j] = dhr[j] * tc[j] * o * (1.0 - o);
            dcr[j] = dct * f;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(x: f32) -> f32 {
        1.0 / (1.0 + (-x).exp())
    }

    #[test]
    fn one_unit_by_hand() {
        // pre-activations i, f, g, o = 0, 1, 0.5, -1; c_prev = 2
        let mut gates = vec![0.0, 1.0, 0.5, -1.0];
        let mut c = vec![0.0];
        let mut tc = vec![0.0];
        let mut h = vec![0.0];
        forward_step(&mut gates, &[2.0], &mut c, &mut tc, &mut h, 1, 1, 1);
        let want_c = sig(1.0) * 2.0 + 0.5 * 0.5f32.tanh();
        assert!((c[0] - want_c).abs() < 1e-6);
        assert!((h[0] - sig(-1.0) * want_c.tanh()).abs() < 1e-6);
        // with dh = 0 and dc = 1, only c's path carries gradient: dc_prev = f
        let mut dc = vec![1.0];
        let mut dg = vec![0.0; 4];
        backward_step(&gates, &[2.0], &tc, &[0.0], &mut dc, &mut dg, 1, 1);
        assert!((dc[0] - sig(1.0)).abs() < 1e-6);
        assert_eq!(dg[3], 0.0);
        assert!((dg[0] - 0.5f32.tanh() * 0.25).abs() < 1e-6); // dct·g·σ'(0)
        assert!((tc[0] - want_c.tanh()).abs() < 1e-6);
    }
}
