//! Gradient clipping (PyTorch `clip_grad_norm_` and `clip_grad_value_`) over trainable tensors.

use crate::model::params::Params;

/// Global L2 norm of the trainable gradients, accumulated in f64.
pub fn grad_norm(params: &Params) -> f64 {
    params
        .tensors
        .iter()
        .filter(|t| t.trainable)
        .map(|t| crate::kernels::sum_squares(&params.grads[t.range()]))
        .sum::<f64>()
        .sqrt()
}

/// Scales all trainable gradients by `min(1, max_norm / (norm + 1e-6))`.
/// Returns `(norm before clipping, the coefficient applied)`.
pub fn clip_grad_norm(params: &mut Params, max_norm: f32) -> (f32, f32) {
    let norm = grad_norm(params);
    let coef = (max_norm as f64 / (norm + 1e-6)).min(1.0);
    if coef < 1.0 {
        for i in 0..params.tensors.len() {
            if params.tensors[i].trainable {
                let r = params.tensors[i].range();
                params.grads[r]
                    .iter_mut()
                    .for_each(|g| *g = (*g as f64 * coef) as f32);
            }
        }
    }
    (norm as f32, coef as f32)
}

/// Clamps every trainable gradient element to `[-clip, clip]`.
pub fn clip_grad_value(params: &mut Params, clip: f32) {
    for i in 0..params.tensors.len() {
        if params.tensors[i].trainable {
            let r = params.tensors[i].range();
            params.grads[r]
                .iter_mut()
                .for_each(|g| *g = g.clamp(-clip, clip));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_clip_by_hand() {
        let mut p = Params::new();
        p.register("a", &[2]);
        p.register("frozen", &[1]);
        p.grads.copy_from_slice(&[3.0, 4.0, 100.0]);
        p.set_trainable(|n| n != "frozen");
        let (norm, coef) = clip_grad_norm(&mut p, 1.0);
        assert!((norm - 5.0).abs() < 1e-6);
        assert!((coef - 0.2).abs() < 1e-6);
        assert!((p.grads[0] - 0.6).abs() < 1e-6 && (p.grads[1] - 0.8).abs() < 1e-6);
        assert_eq!(p.grads[2], 100.0);
        clip_grad_value(&mut p, 0.7);
        assert!((p.grads[0] - 0.6).abs() < 1e-6);
        assert_eq!(p.grads[1], 0.7);
    }
}
