//! Optimisers with PyTorch's update rules (`torch.optim.SGD`, `Adam`, `AdamW`, `RMSprop`).
//!
//! Each keeps its state in flat buffers shaped like [`Params::values`]; frozen tensors
//! (`trainable == false`) are neither updated nor given state changes. The arithmetic of one
//! update is done in f64 and rounded once, so results track PyTorch's to f32 precision.

use crate::model::params::Params;
use serde::{Deserialize, Serialize};

crate::choice_enum! {
    /// The `optimizer` key (PyTorch semantics).
    pub enum OptimizerKind for "optimizer" {
        /// Adam.
        Adam = "adam", "Adam";
        /// Adam with decoupled weight decay.
        AdamW = "adamw", "AdamW";
        /// Stochastic gradient descent with optional momentum.
        Sgd = "sgd", "SGD";
        /// RMSprop.
        RmsProp = "rmsprop", "RMSprop";
    }
}

/// Which optimiser, with its hyperparameters (PyTorch's names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum OptimizerConfig {
    /// Stochastic gradient descent with optional (Nesterov) momentum.
    Sgd {
        /// Learning rate.
        lr: f32,
        /// Momentum factor (0 = plain SGD).
        momentum: f32,
        /// Dampening for momentum.
        dampening: f32,
        /// Nesterov momentum.
        nesterov: bool,
        /// L2 penalty added to the gradient.
        weight_decay: f32,
    },
    /// Adam (L2 weight decay added to the gradient).
    Adam {
        /// Learning rate.
        lr: f32,
        /// First-moment decay.
        beta1: f32,
        /// Second-moment decay.
        beta2: f32,
        /// Added to the bias-corrected `√v`.
        eps: f32,
        /// L2 penalty added to the gradient.
        weight_decay: f32,
    },
    /// AdamW (decoupled weight decay).
    AdamW {
        /// Learning rate.
        lr: f32,
        /// First-moment decay.
        beta1: f32,
        /// Second-moment decay.
        beta2: f32,
        /// Added to the bias-corrected `√v`.
        eps: f32,
        /// Decoupled decay: `p ← p·(1 − lr·wd)` before the Adam step.
        weight_decay: f32,
    },
    /// RMSprop.
    RmsProp {
        /// Learning rate.
        lr: f32,
        /// Smoothing constant of the squared-gradient average.
        alpha: f32,
        /// Added to the root of the average.
        eps: f32,
        /// Momentum factor.
        momentum: f32,
        /// Normalise by the centred second moment (an estimate of the variance).
        centered: bool,
        /// L2 penalty added to the gradient.
        weight_decay: f32,
    },
}

impl OptimizerConfig {
    /// Adam with PyTorch's defaults and learning rate `lr`.
    pub fn adam(lr: f32) -> Self {
        OptimizerConfig::Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }

    /// Builds one by name (`adam`, `adamw`, `sgd`, `rmsprop`); see [`OptimizerConfig::from_kind`].
    pub fn from_name(
        name: &str,
        lr: f32,
        momentum: f32,
        weight_decay: f32,
    ) -> Result<Self, String> {
        let kind = OptimizerKind::parse(name).map_err(|e| e.to_string())?;
        Self::from_kind(kind, lr, momentum, weight_decay)
    }

    /// Builds one with PyTorch's defaults for everything not given (AdamW's weight decay
    /// defaults to 0.01 when `weight_decay` is 0).
    pub fn from_kind(
        kind: OptimizerKind,
        lr: f32,
        momentum: f32,
        weight_decay: f32,
    ) -> Result<Self, String> {
        let cfg = match kind {
            OptimizerKind::Adam => OptimizerConfig::Adam {
                lr,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                weight_decay,
            },
            OptimizerKind::AdamW => OptimizerConfig::AdamW {
                lr,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                weight_decay: if weight_decay == 0.0 {
                    0.01
                } else {
                    weight_decay
                },
            },
            OptimizerKind::Sgd => OptimizerConfig::Sgd {
                lr,
                momentum,
                dampening: 0.0,
                nesterov: false,
                weight_decay,
            },
            OptimizerKind::RmsProp => OptimizerConfig::RmsProp {
                lr,
                alpha: 0.99,
                eps: 1e-8,
                momentum,
                centered: false,
                weight_decay,
            },
        };
        cfg.validate()?;
        Ok(cfg)
    }

    /// The learning rate.
    pub fn lr(&self) -> f32 {
        match *self {
            OptimizerConfig::Sgd { lr, .. }
            | OptimizerConfig::Adam { lr, .. }
            | OptimizerConfig::AdamW { lr, .. }
            | OptimizerConfig::RmsProp { lr, .. } => lr,
        }
    }

    /// Checks the hyperparameters, naming the offending one.
    pub fn validate(&self) -> Result<(), String> {
        let lr = self.lr();
        if !(lr.is_finite() && lr > 0.0) {
            return Err(format!("lr must be a positive finite number (got {lr})"));
        }
        let unit = |name: &str, v: f32| {
            if (0.0..1.0).contains(&v) {
                Ok(())
            } else {
                Err(format!("{name} must be in [0, 1) (got {v})"))
            }
        };
        let nonneg = |name: &str, v: f32| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                Err(format!("{name} must be ≥ 0 (got {v})"))
            }
        };
        match *self {
            OptimizerConfig::Sgd {
                momentum,
                dampening,
                nesterov,
                weight_decay,
                ..
            } => {
                nonneg("momentum", momentum)?;
                nonneg("dampening", dampening)?;
                nonneg("weight_decay", weight_decay)?;
                if nesterov && (momentum <= 0.0 || dampening != 0.0) {
                    return Err("nesterov momentum requires momentum > 0 and dampening 0".into());
                }
            }
            OptimizerConfig::Adam {
                beta1,
                beta2,
                eps,
                weight_decay,
                ..
            }
            | OptimizerConfig::AdamW {
                beta1,
                beta2,
                eps,
                weight_decay,
                ..
            } => {
                unit("beta1", beta1)?;
                unit("beta2", beta2)?;
                nonneg("eps", eps)?;
                nonneg("weight_decay", weight_decay)?;
            }
            OptimizerConfig::RmsProp {
                alpha,
                eps,
                momentum,
                weight_decay,
                ..
            } => {
                unit("alpha", alpha)?;
                nonneg("eps", eps)?;
                nonneg("momentum", momentum)?;
                nonneg("weight_decay", weight_decay)?;
            }
        }
        Ok(())
    }
}

/// An optimiser bound to the layout of one [`Params`].
#[derive(Clone, Debug)]
pub struct Optimizer {
    config: OptimizerConfig,
    /// Steps taken (PyTorch's `t`, starting at 1 for the first step).
    step: u64,
    /// First buffer: momentum (SGD), `m` (Adam), squared average (RMSprop).
    s1: Vec<f32>,
    /// Second buffer: `v` (Adam), momentum (RMSprop).
    s2: Vec<f32>,
    /// Third buffer: gradient average (centred RMSprop).
    s3: Vec<f32>,
}

impl Optimizer {
    /// A fresh optimiser (zero state) for parameters laid out like `params`.
    pub fn new(config: OptimizerConfig, params: &Params) -> Self {
        let n = params.values.len();
        Optimizer {
            config,
            step: 0,
            s1: vec![0.0; n],
            s2: vec![0.0; n],
            s3: vec![0.0; n],
        }
    }

    /// The configuration (with the current learning rate).
    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    /// Current learning rate.
    pub fn lr(&self) -> f32 {
        self.config.lr()
    }

    /// Sets the learning rate (schedules call this between steps).
    pub fn set_lr(&mut self, new_lr: f32) {
        match &mut self.config {
            OptimizerConfig::Sgd { lr, .. }
            | OptimizerConfig::Adam { lr, .. }
            | OptimizerConfig::AdamW { lr, .. }
            | OptimizerConfig::RmsProp { lr, .. } => *lr = new_lr,
        }
    }

    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.step
    }

    /// One update of every trainable tensor from `params.grads`.
    pub fn step(&mut self, params: &mut Params) {
        assert_eq!(
            params.values.len(),
            self.s1.len(),
            "optimizer bound to another parameter layout"
        );
        self.step += 1;
        let t = self.step as i32;
        let cfg = self.config;
        for ti in 0..params.tensors.len() {
            if !params.tensors[ti].trainable {
                continue;
            }
            for i in params.tensors[ti].range() {
                let p = params.values[i] as f64;
                let g = params.grads[i] as f64;
                params.values[i] = match cfg {
                    OptimizerConfig::Sgd {
                        lr,
                        momentum,
                        dampening,
                        nesterov,
                        weight_decay,
                    } => {
                        let mut d = g + weight_decay as f64 * p;
                        if momentum != 0.0 {
                            let buf = if t == 1 {
                                d
                            } else {
                                momentum as f64 * self.s1[i] as f64 + (1.0 - dampening as f64) * d
                            };
                            self.s1[i] = buf as f32;
                            d = if nesterov {
                                d + momentum as f64 * buf
                            } else {
                                buf
                            };
                        }
                        p - lr as f64 * d
                    }
                    OptimizerConfig::Adam {
                        lr,
                        beta1,
                        beta2,
                        eps,
                        weight_decay,
                    } => {
                        let g = g + weight_decay as f64 * p;
                        self.adam_update(i, p, g, lr, beta1, beta2, eps, t)
                    }
                    OptimizerConfig::AdamW {
                        lr,
                        beta1,
                        beta2,
                        eps,
                        weight_decay,
                    } => {
                        let p = p * (1.0 - lr as f64 * weight_decay as f64);
                        self.adam_update(i, p, g, lr, beta1, beta2, eps, t)
                    }
                    OptimizerConfig::RmsProp {
                        lr,
                        alpha,
                        eps,
                        momentum,
                        centered,
                        weight_decay,
                    } => {
                        let (a, g) = (alpha as f64, g + weight_decay as f64 * p);
                        let sq = a * self.s1[i] as f64 + (1.0 - a) * g * g;
                        self.s1[i] = sq as f32;
                        let avg = if centered {
                            let ga = a * self.s3[i] as f64 + (1.0 - a) * g;
                            self.s3[i] = ga as f32;
                            (sq - ga * ga).max(0.0).sqrt() + eps as f64
                        } else {
                            sq.sqrt() + eps as f64
                        };
                        if momentum > 0.0 {
                            let buf = momentum as f64 * self.s2[i] as f64 + g / avg;
                            self.s2[i] = buf as f32;
                            p - lr as f64 * buf
                        } else {
                            p - lr as f64 * g / avg
                        }
                    }
                } as f32;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn adam_update(
        &mut self,
        i: usize,
        p: f64,
        g: f64,
        lr: f32,
        b1: f32,
        b2: f32,
        eps: f32,
        t: i32,
    ) -> f64 {
        let (b1, b2) = (b1 as f64, b2 as f64);
        let m = b1 * self.s1[i] as f64 + (1.0 - b1) * g;
        let v = b2 * self.s2[i] as f64 + (1.0 - b2) * g * g;
        self.s1[i] = m as f32;
        self.s2[i] = v as f32;
        let bc1 = 1.0 - b1.powi(t);
        let bc2 = 1.0 - b2.powi(t);
        p - (lr as f64 / bc1) * m / (v.sqrt() / bc2.sqrt() + eps as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(v: f32, g: f32) -> Params {
        let mut p = Params::new();
        p.register("w", &[1]);
        p.values[0] = v;
        p.grads[0] = g;
        p
    }

    #[test]
    fn sgd_momentum_by_hand() {
        let mut p = one(1.0, 0.5);
        let mut o = Optimizer::new(
            OptimizerConfig::from_name("sgd", 0.1, 0.9, 0.0).unwrap(),
            &p,
        );
        o.step(&mut p); // buf = 0.5 → 1 − 0.05
        assert!((p.values[0] - 0.95).abs() < 1e-7);
        o.step(&mut p); // buf = 0.9·0.5 + 0.5 = 0.95 → 0.95 − 0.095
        assert!((p.values[0] - 0.855).abs() < 1e-7);
    }

    #[test]
    fn adam_first_step_moves_by_lr() {
        // At t = 1, m̂ = g and √v̂ = |g|, so the step is lr·sign(g) (up to eps).
        let mut p = one(1.0, -3.0);
        let mut o = Optimizer::new(OptimizerConfig::adam(0.01), &p);
        o.step(&mut p);
        assert!((p.values[0] - 1.01).abs() < 1e-6);
    }

    #[test]
    fn adamw_decays_decoupled_and_frozen_is_untouched() {
        let mut p = one(2.0, 0.0);
        p.register("frozen", &[1]);
        p.values[1] = 5.0;
        p.grads[1] = 1.0;
        p.set_trainable(|n| n == "w");
        let mut o = Optimizer::new(
            OptimizerConfig::from_name("adamw", 0.1, 0.0, 0.5).unwrap(),
            &p,
        );
        o.step(&mut p);
        assert!((p.values[0] - 2.0 * (1.0 - 0.05)).abs() < 1e-6);
        assert_eq!(p.values[1], 5.0);
    }

    #[test]
    fn rmsprop_first_step_by_hand() {
        let mut p = one(0.0, 2.0);
        let mut o = Optimizer::new(
            OptimizerConfig::from_name("rmsprop", 0.01, 0.0, 0.0).unwrap(),
            &p,
        );
        o.step(&mut p); // sq = 0.01·4 → step = 0.01·2/0.2
        assert!((p.values[0] + 0.1).abs() < 1e-6);
    }

    #[test]
    fn rejects_bad_hyperparameters() {
        assert!(OptimizerConfig::from_name("adam", 0.0, 0.0, 0.0)
            .unwrap_err()
            .contains("lr"));
        assert!(OptimizerConfig::from_name("adam", -1.0, 0.0, 0.0)
            .unwrap_err()
            .contains("lr"));
        assert!(OptimizerConfig::from_name("adam", f32::NAN, 0.0, 0.0).is_err());
        assert!(OptimizerConfig::from_name("lbfgs", 0.1, 0.0, 0.0)
            .unwrap_err()
            .contains("lbfgs"));
    }
}
