//! Regression losses with mean reduction (PyTorch `MSELoss`, `L1Loss`, `HuberLoss`).

use serde::{Deserialize, Serialize};

/// A loss function; every variant averages over all elements.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Loss {
    /// Mean squared error.
    Mse,
    /// Mean absolute error (L1).
    Mae,
    /// Huber: quadratic below `delta`, linear above.
    Huber {
        /// Where the loss turns linear (PyTorch's default 1.0).
        delta: f32,
    },
}

crate::choice_enum! {
    /// The `loss` key: which loss to train with (Huber with PyTorch's default delta 1).
    pub enum LossKind for "loss" {
        /// Mean squared error.
        Mse = "mse", "MSE";
        /// Mean absolute error (L1).
        Mae = "mae", "MAE", alias "l1";
        /// Huber loss with delta 1.
        Huber = "huber", "Huber";
    }
}

impl LossKind {
    /// The loss function this choice names.
    pub fn loss(self) -> Loss {
        match self {
            LossKind::Mse => Loss::Mse,
            LossKind::Mae => Loss::Mae,
            LossKind::Huber => Loss::Huber { delta: 1.0 },
        }
    }
}

impl Loss {
    /// Parses `mse`, `mae` or `huber` (delta 1.0).
    pub fn from_name(name: &str) -> Result<Loss, String> {
        LossKind::parse(name)
            .map(LossKind::loss)
            .map_err(|e| e.to_string())
    }

    /// The loss value (accumulated in f64).
    pub fn value(&self, pred: &[f32], target: &[f32]) -> f64 {
        assert_eq!(
            pred.len(),
            target.len(),
            "loss: prediction and target lengths differ"
        );
        let n = pred.len().max(1) as f64;
        let sum: f64 = pred
            .iter()
            .zip(target)
            .map(|(&p, &t)| {
                let d = p as f64 - t as f64;
                match *self {
                    Loss::Mse => d * d,
                    Loss::Mae => d.abs(),
                    Loss::Huber { delta } => {
                        let dl = delta as f64;
                        if d.abs() < dl {
                            0.5 * d * d
                        } else {
                            dl * (d.abs() - 0.5 * dl)
                        }
                    }
                }
            })
            .sum();
        sum / n
    }

    /// The loss value, and its gradient w.r.t. `pred` written into `grad`.
    pub fn value_and_grad(&self, pred: &[f32], target: &[f32], grad: &mut [f32]) -> f64 {
        assert_eq!(
            grad.len(),
            pred.len(),
            "loss: gradient buffer length differs"
        );
        let n = pred.len().max(1) as f32;
        for ((g, &p), &t) in grad.iter_mut().zip(pred).zip(target) {
            let d = p - t;
            *g = match *self {
                Loss::Mse => 2.0 * d / n,
                Loss::Mae => {
                    if d > 0.0 {
                        1.0 / n
                    } else if d < 0.0 {
                        -1.0 / n
                    } else {
                        0.0
                    }
                }
                Loss::Huber { delta } => d.clamp(-delta, delta) / n,
            };
        }
        self.value(pred, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losses_by_hand() {
        let p = [1.0, 2.0, 5.0];
        let t = [1.0, 0.0, 2.0];
        let mut g = [0.0; 3];
        assert_eq!(
            Loss::Mse.value_and_grad(&p, &t, &mut g),
            (0.0 + 4.0 + 9.0) / 3.0
        );
        assert_eq!(g, [0.0, 4.0 / 3.0, 2.0]);
        assert_eq!(Loss::Mae.value_and_grad(&p, &t, &mut g), 5.0 / 3.0);
        assert_eq!(g, [0.0, 1.0 / 3.0, 1.0 / 3.0]);
        // Huber δ=1: d = 0, 2, 3 → 0, 1.5, 2.5
        assert_eq!(
            Loss::Huber { delta: 1.0 }.value_and_grad(&p, &t, &mut g),
            4.0 / 3.0
        );
        assert_eq!(g, [0.0, 1.0 / 3.0, 1.0 / 3.0]);
        assert!(Loss::from_name("hinge").unwrap_err().contains("hinge"));
    }
}
