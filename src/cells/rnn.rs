//! Elman RNN step: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`, act = tanh or ReLU.

use crate::kernels;

/// Forward epilogue for one step.
///
/// `pre`: `[batch, hidden]` pre-activations, replaced by `h'` (kept as the backward cache).
/// `h`: where `h'` is also written, rows of `hidden` values with stride `ldh`.
pub fn forward_step(
    pre: &mut [f32],
    relu: bool,
    h: &mut [f32],
    ldh: usize,
    batch: usize,
    hidden: usize,
) {
    if relu {
        pre.iter_mut().for_each(|v| *v = v.max(0.0));
    } else {
        kernels::tanh_inplace(pre);
    }
    for b in 0..batch {
        h[b * ldh..b * ldh + hidden].copy_from_slice(&pre[b * hidden..(b + 1) * hidden]);
    }
}

/// Backward step: `dpre = dh ⊙ act'(·)`, written from the cached activations `act` (`[batch, hidden]`).
pub fn backward_step(act: &[f32], relu: bool, dh: &[f32], dpre: &mut [f32]) {
    if relu {
        for ((d, &a), &g) in dpre.iter_mut().zip(act).zip(dh) {
            *d = if a > 0.0 { g } else { 0.0 };
        }
    } else {
        for ((d, &a), &g) in dpre.iter_mut().zip(act).zip(dh) {
            *d = g * (1.0 - a * a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_step_by_hand() {
        let mut pre = vec![0.0, 0.5, -2.0, 10.0];
        let mut h = vec![9.0; 6];
        forward_step(&mut pre, false, &mut h, 3, 2, 2);
        assert_eq!(h[0], 0.0);
        assert!((h[1] - 0.5f32.tanh()).abs() < 1e-7);
        assert_eq!(h[2], 9.0); // stride gap untouched
        assert!((h[3] - (-2.0f32).tanh()).abs() < 1e-7);
        let mut d = vec![0.0; 4];
        backward_step(&pre, false, &[1.0, 1.0, 2.0, 1.0], &mut d);
        assert!((d[1] - (1.0 - 0.5f32.tanh().powi(2))).abs() < 1e-6);
        assert!((d[2] - 2.0 * (1.0 - 2.0f32.tanh().powi(2))).abs() < 1e-6);
    }

    #[test]
    fn relu_step_by_hand() {
        let mut pre = vec![-1.0, 3.0];
        let mut h = vec![0.0; 2];
        forward_step(&mut pre, true, &mut h, 2, 1, 2);
        assert_eq!(h, vec![0.0, 3.0]);
        let mut d = vec![7.0; 2];
        backward_step(&pre, true, &[5.0, 5.0], &mut d);
        assert_eq!(d, vec![0.0, 5.0]);
    }
}
