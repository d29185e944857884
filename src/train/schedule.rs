//! Learning-rate schedules, applied at the end of every epoch (PyTorch's `StepLR`, `ExponentialLR`,
//! `CosineAnnealingLR` and `ReduceLROnPlateau` with fixed, documented constants).

crate::choice_enum! {
    /// The `schedule` key: how the learning rate changes, per epoch.
    pub enum ScheduleKind for "schedule" {
        /// Constant.
        None = "none", "Constant";
        /// Multiply by [`STEP_GAMMA`] every [`STEP_SIZE`] epochs.
        Step = "step", "Step decay";
        /// Multiply by [`EXP_GAMMA`] every epoch.
        Exp = "exp", "Exponential";
        /// Cosine annealing to zero over `epochs`.
        Cosine = "cosine", "Cosine";
        /// Multiply by [`PLATEAU_FACTOR`] after [`PLATEAU_PATIENCE`] epochs without improvement.
        Plateau = "plateau", "Reduce on plateau";
    }
}

/// `step`: factor per step.
pub const STEP_GAMMA: f32 = 0.5;
/// `step`: epochs per step.
pub const STEP_SIZE: usize = 10;
/// `exp`: factor per epoch.
pub const EXP_GAMMA: f32 = 0.95;
/// `plateau`: factor on a plateau.
pub const PLATEAU_FACTOR: f32 = 0.5;
/// `plateau`: epochs without improvement before reducing.
pub const PLATEAU_PATIENCE: usize = 5;
/// `plateau`: relative improvement that counts (PyTorch's default `threshold`, mode `rel`).
pub const PLATEAU_THRESHOLD: f64 = 1e-4;

/// The state of a schedule over one training run.
#[derive(Clone, Debug)]
pub struct LrSchedule {
    kind: ScheduleKind,
    base_lr: f32,
    total_epochs: usize,
    lr: f32,
    best: f64,
    bad_epochs: usize,
}

impl LrSchedule {
    /// A schedule starting at `base_lr` for a run of `total_epochs`.
    pub fn new(kind: ScheduleKind, base_lr: f32, total_epochs: usize) -> Self {
        LrSchedule {
            kind,
            base_lr,
            total_epochs: total_epochs.max(1),
            lr: base_lr,
            best: f64::INFINITY,
            bad_epochs: 0,
        }
    }

    /// The current learning rate.
    pub fn lr(&self) -> f32 {
        self.lr
    }

    /// Called after epoch `epochs_done` (1-based count of finished epochs) with the monitored loss
    /// (validation loss, or training loss without a validation split); returns the new rate.
    pub fn end_epoch(&mut self, epochs_done: usize, monitored: f64) -> f32 {
        let e = epochs_done as f32;
        self.lr = match self.kind {
            ScheduleKind::None => self.base_lr,
            ScheduleKind::Step => self.base_lr * STEP_GAMMA.powi((epochs_done / STEP_SIZE) as i32),
            ScheduleKind::Exp => self.base_lr * EXP_GAMMA.powf(e),
            ScheduleKind::Cosine => {
                let t = (e / self.total_epochs as f32).min(1.0);
                self.base_lr * 0.5 * (1.0 + (std::f32::consts::PI * t).cos())
            }
            ScheduleKind::Plateau => {
                if monitored < self.best * (1.0 - PLATEAU_THRESHOLD) {
                    self.best = monitored;
                    self.bad_epochs = 0;
                } else {
                    self.bad_epochs += 1;
                    if self.bad_epochs > PLATEAU_PATIENCE {
                        self.bad_epochs = 0;
                        self.lr *= PLATEAU_FACTOR;
                    }
                }
                self.lr
            }
        };
        self.lr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_their_formulas() {
        let mut s = LrSchedule::new(ScheduleKind::Step, 0.1, 50);
        assert_eq!(s.end_epoch(9, 0.0), 0.1);
        assert_eq!(s.end_epoch(10, 0.0), 0.05);
        let mut s = LrSchedule::new(ScheduleKind::Exp, 1.0, 50);
        assert!((s.end_epoch(2, 0.0) - 0.9025).abs() < 1e-6);
        let mut s = LrSchedule::new(ScheduleKind::Cosine, 1.0, 10);
        assert!((s.end_epoch(5, 0.0) - 0.5).abs() < 1e-6);
        assert!(s.end_epoch(10, 0.0).abs() < 1e-6);
        let mut s = LrSchedule::new(ScheduleKind::Plateau, 1.0, 100);
        s.end_epoch(1, 1.0);
        for e in 2..=6 {
            assert_eq!(s.end_epoch(e, 1.0), 1.0);
        }
        assert_eq!(s.end_epoch(7, 1.0), 0.5);
        assert_eq!(s.end_epoch(8, 0.1), 0.5);
    }
}
