//! Fully connected layer `y = x·Wᵀ + b` (PyTorch `nn.Linear`), over an external [`Params`].

use crate::kernels::{self, Trans};
use crate::model::params::Params;
use crate::rng::Rng;
use std::ops::Range;

/// A linear layer: `weight` `[out, in]`, `bias` `[out]`.
#[derive(Clone, Debug)]
pub struct Linear {
    /// Input features.
    pub in_features: usize,
    /// Output features.
    pub out_features: usize,
    weight: Range<usize>,
    bias: Range<usize>,
}

impl Linear {
    /// Registers `{prefix}weight` and `{prefix}bias` in `params`.
    pub fn new(in_features: usize, out_features: usize, params: &mut Params, prefix: &str) -> Self {
        let weight = params.register(format!("{prefix}weight"), &[out_features, in_features]);
        let bias = params.register(format!("{prefix}bias"), &[out_features]);
        Linear {
            in_features,
            out_features,
            weight,
            bias,
        }
    }

    /// PyTorch's default initialisation: weight and bias uniform in `±1/√in`
    /// (what `kaiming_uniform_(a=√5)` amounts to).
    pub fn init_params(&self, params: &mut Params, rng: &mut Rng) {
        let k = 1.0 / (self.in_features as f32).sqrt();
        for r in [self.weight.clone(), self.bias.clone()] {
            params.values[r]
                .iter_mut()
                .for_each(|v| *v = rng.uniform(-k, k));
        }
    }

    /// `y [rows, out] = x [rows, in] (row stride ldx) · Wᵀ + b`.
    pub fn forward(&self, params: &Params, x: &[f32], ldx: usize, rows: usize, y: &mut [f32]) {
        let (i, o) = (self.in_features, self.out_features);
        let p = &params.values;
        kernels::gemm(
            Trans::No,
            Trans::Yes,
            rows,
            o,
            i,
            1.0,
            x,
            ldx,
            &p[self.weight.clone()],
            i,
            0.0,
            y,
            o,
        );
        kernels::add_row_broadcast(y, rows, o, &p[self.bias.clone()]);
    }

    /// Accumulates `dW += dyᵀ·x`, `db += Σ dy` into `params.grads` and writes `dx = dy·W`
    /// (rows with stride `lddx`).
    #[allow(clippy::too_many_arguments)]
    pub fn backward(
        &self,
        params: &mut Params,
        x: &[f32],
        ldx: usize,
        rows: usize,
        dy: &[f32],
        dx: &mut [f32],
        lddx: usize,
    ) {
        let (i, o) = (self.in_features, self.out_features);
        let g = &mut params.grads;
        kernels::gemm(
            Trans::Yes,
            Trans::No,
            o,
            i,
            rows,
            1.0,
            dy,
            o,
            x,
            ldx,
            1.0,
            &mut g[self.weight.clone()],
            i,
        );
        kernels::add_column_sums(dy, rows, o, &mut g[self.bias.clone()]);
        let w = &params.values[self.weight.clone()];
        kernels::gemm(
            Trans::No,
            Trans::No,
            rows,
            i,
            o,
            1.0,
            dy,
            o,
            w,
            i,
            0.0,
            dx,
            lddx,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_linear_by_hand() {
        let mut p = Params::new();
        let fc = Linear::new(2, 1, &mut p, "fc.");
        p.get_mut("fc.weight")
            .unwrap()
            .copy_from_slice(&[2.0, -1.0]);
        p.get_mut("fc.bias").unwrap()[0] = 0.5;
        let x = [1.0, 3.0, 0.0, 1.0];
        let mut y = [0.0; 2];
        fc.forward(&p, &x, 2, 2, &mut y);
        assert_eq!(y, [2.0 - 3.0 + 0.5, -1.0 + 0.5]);
        let mut dx = [0.0; 4];
        fc.backward(&mut p, &x, 2, 2, &[1.0, 2.0], &mut dx, 2);
        assert_eq!(p.grad("fc.weight").unwrap(), &[1.0, 3.0 + 2.0]);
        assert_eq!(p.grad("fc.bias").unwrap(), &[3.0]);
        assert_eq!(dx, [2.0, -1.0, 4.0, -2.0]);
    }
}
