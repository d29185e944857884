//! Chronological train / validation / test splits and sliding windows that never leak.
//!
//! **The rule.** Splits cut the modelled series (after the transform) by fractions:
//! points `[0, train_end)` are training, `[train_end, val_end)` validation, `[val_end, n)` test,
//! with `train_end = ⌊train_frac·n⌋` and `val_end = ⌊(train_frac + val_frac)·n⌋`.
//! A window belongs to the split in which its **first target** lies, and **all** of its
//! `horizon` targets must lie in that same split (windows whose targets would cross a boundary
//! are dropped). The `window` inputs precede the first target and may reach back into the
//! preceding split: those are past values, known at forecast time, so this is not leakage, and it
//! lets the validation and test splits be evaluated from their very first point.
//! Training windows therefore use training points only. The scaler is fitted on the training
//! points `[0, train_end)` only.
//!
//! Windows start at the first usable point of their split and step by `stride` within it.

use super::PipelineError;

/// Where the splits fall, in indices of the modelled (transformed) series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SplitBounds {
    /// Length of the modelled series.
    pub n: usize,
    /// End (exclusive) of the training split.
    pub train_end: usize,
    /// End (exclusive) of the validation split; the test split is `[val_end, n)`.
    pub val_end: usize,
}

/// The three splits, by name (for messages and selection).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Training split.
    Train,
    /// Validation split.
    Val,
    /// Test split.
    Test,
}

impl Split {
    /// `train`, `val` or `test`.
    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Val => "val",
            Split::Test => "test",
        }
    }
}

/// Checks `train_frac` and `val_frac` (test gets the rest).
pub fn check_fractions(train_frac: f64, val_frac: f64) -> Result<(), PipelineError> {
    if !(train_frac.is_finite() && train_frac > 0.0 && train_frac <= 1.0) {
        return Err(PipelineError::config(
            "train_frac",
            format!("{train_frac} must be in (0, 1]"),
        ));
    }
    if !(val_frac.is_finite() && (0.0..1.0).contains(&val_frac)) {
        return Err(PipelineError::config(
            "val_frac",
            format!("{val_frac} must be in [0, 1)"),
        ));
    }
    if train_frac + val_frac > 1.0 + 1e-9 {
        return Err(PipelineError::config(
            "val_frac",
            format!("train_frac {train_frac} + val_frac {val_frac} exceeds 1 (test gets 1 - both)"),
        ));
    }
    Ok(())
}

impl SplitBounds {
    /// Split points for a modelled series of `n` points (fractions already checked).
    pub fn new(n: usize, train_frac: f64, val_frac: f64) -> SplitBounds {
        // The 1e-9 keeps 0.7·10 = 7.000000000000001 and 0.85·20 = 16.999999999999996 at 7 and 17.
        let cut = |f: f64| (((f * n as f64) + 1e-9).floor() as usize).min(n);
        let train_end = cut(train_frac);
        let val_end = if train_frac + val_frac >= 1.0 - 1e-12 {
            n
        } else {
            cut(train_frac + val_frac).max(train_end)
        };
        SplitBounds {
            n,
            train_end,
            val_end,
        }
    }

    /// The `[start, end)` range of a split.
    pub fn range(&self, split: Split) -> (usize, usize) {
        match split {
            Split::Train => (0, self.train_end),
            Split::Val => (self.train_end, self.val_end),
            Split::Test => (self.val_end, self.n),
        }
    }

    /// Number of windows of `split` (without building them).
    pub fn window_count(
        &self,
        split: Split,
        window: usize,
        horizon: usize,
        stride: usize,
    ) -> usize {
        let (start, end) = self.range(split);
        let first = start.max(window);
        match first.checked_add(horizon) {
            Some(e) if e <= end => (end - horizon - first) / stride.max(1) + 1,
            _ => 0,
        }
    }

    /// First targets `t` (modelled-series index) of the windows of `split`.
    pub fn window_targets(
        &self,
        split: Split,
        window: usize,
        horizon: usize,
        stride: usize,
    ) -> Vec<usize> {
        let (start, end) = self.range(split);
        if self.window_count(split, window, horizon, stride) == 0 {
            return Vec::new();
        }
        (start.max(window)..=end - horizon)
            .step_by(stride.max(1))
            .collect()
    }
}

/// The longest series the pipeline accepts, and the largest `window` / `horizon`.
pub const MAX_POINTS: usize = 10_000_000;

/// The smallest modelled-series length for which training has a window, and validation / test
/// have one whenever their fraction is positive. `None` if no length up to 10⁷ works.
pub fn min_points(window: usize, horizon: usize, train_frac: f64, val_frac: f64) -> Option<usize> {
    let want_val = val_frac > 0.0;
    let want_test = train_frac + val_frac < 1.0 - 1e-12;
    let start = window.checked_add(horizon)?;
    (start..=MAX_POINTS).find(|&n| {
        let b = SplitBounds::new(n, train_frac, val_frac);
        let ok = |s| b.window_count(s, window, horizon, 1) > 0;
        ok(Split::Train) && (!want_val || ok(Split::Val)) && (!want_test || ok(Split::Test))
    })
}

/// Windows of one split, ready for the network: inputs `x` shaped `[len, window, channels]` and
/// targets `y` shaped `[len, horizon]`, both row-major f32 in scaled units. Channel 0 is the
/// target column; channels `1..` are the covariates (`features`), in order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Windows {
    /// Inputs, `len · window · channels` values (`[len, window, channels]`).
    pub x: Vec<f32>,
    /// Targets, `len · horizon` values (`[len, horizon]`).
    pub y: Vec<f32>,
    /// Number of windows.
    pub len: usize,
    /// Input length W.
    pub window: usize,
    /// Targets per window h.
    pub horizon: usize,
    /// Input values per time step: 1 (the target) + the number of covariates.
    #[serde(default = "one")]
    pub channels: usize,
    /// For each window, the index **in the original series** of its first target (for plots,
    /// for the actual levels, and for the last known level `target_index - 1`).
    pub target_index: Vec<usize>,
}

fn one() -> usize {
    1
}

impl Windows {
    /// Builds the windows whose first targets are `targets` (modelled-series indices) from the
    /// scaled modelled series `z`; `offset` converts to original-series indices.
    pub fn build(
        z: &[f64],
        targets: &[usize],
        window: usize,
        horizon: usize,
        offset: usize,
    ) -> Windows {
        Self::build_channels(&[z], targets, window, horizon, offset)
    }

    /// As [`Windows::build`] with several input channels of the same length: `channels[0]` is
    /// the scaled target series (inputs and targets), the others covariates (inputs only).
    pub fn build_channels(
        channels: &[&[f64]],
        targets: &[usize],
        window: usize,
        horizon: usize,
        offset: usize,
    ) -> Windows {
        let c = channels.len();
        let z = channels[0];
        let mut x = Vec::with_capacity(targets.len() * window * c);
        let mut y = Vec::with_capacity(targets.len() * horizon);
        for &t in targets {
            for s in t - window..t {
                x.extend(channels.iter().map(|ch| ch[s] as f32));
            }
            y.extend(z[t..t + horizon].iter().map(|&v| v as f32));
        }
        Windows {
            x,
            y,
            len: targets.len(),
            window,
            horizon,
            channels: c,
            target_index: targets.iter().map(|t| t + offset).collect(),
        }
    }

    /// Input values per window: `window · channels`.
    pub fn input_len(&self) -> usize {
        self.window * self.channels
    }

    /// True when there are no windows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Inputs of window `i` (`window · channels` values, time-major).
    pub fn inputs(&self, i: usize) -> &[f32] {
        let n = self.input_len();
        &self.x[i * n..(i + 1) * n]
    }

    /// Targets of window `i` (`horizon` values).
    pub fn targets(&self, i: usize) -> &[f32] {
        &self.y[i * self.horizon..(i + 1) * self.horizon]
    }

    /// Reorders the windows by `perm` (a permutation of `0..len`).
    pub fn permute(&mut self, perm: &[usize]) {
        let (w, h) = (self.input_len(), self.horizon);
        let mut x = Vec::with_capacity(self.x.len());
        let mut y = Vec::with_capacity(self.y.len());
        let mut ti = Vec::with_capacity(self.len);
        for &i in perm {
            x.extend_from_slice(&self.x[i * w..(i + 1) * w]);
            y.extend_from_slice(&self.y[i * h..(i + 1) * h]);
            ti.push(self.target_index[i]);
        }
        self.x = x;
        self.y = y;
        self.target_index = ti;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_targets_by_hand() {
        let b = SplitBounds::new(20, 0.7, 0.15);
        assert_eq!((b.train_end, b.val_end), (14, 17));
        assert_eq!(
            b.window_targets(Split::Train, 10, 1, 1),
            vec![10, 11, 12, 13]
        );
        assert_eq!(b.window_targets(Split::Val, 10, 1, 1), vec![14, 15, 16]);
        assert_eq!(b.window_targets(Split::Test, 10, 1, 1), vec![17, 18, 19]);
        assert_eq!(b.window_targets(Split::Test, 10, 2, 1), vec![17, 18]);
        assert_eq!(b.window_targets(Split::Train, 3, 1, 4), vec![3, 7, 11]);
        let whole = SplitBounds::new(10, 0.7, 0.3);
        assert_eq!(whole.val_end, 10);
    }

    #[test]
    fn windows_hold_the_right_values() {
        let z: Vec<f64> = (0..8).map(|v| v as f64).collect();
        let w = Windows::build(&z, &[3, 5], 3, 2, 1);
        assert_eq!(w.x, vec![0.0, 1.0, 2.0, 2.0, 3.0, 4.0]);
        assert_eq!(w.y, vec![3.0, 4.0, 5.0, 6.0]);
        assert_eq!(w.target_index, vec![4, 6]);
        assert_eq!(w.inputs(1), &[2.0, 3.0, 4.0]);
        let mut p = w.clone();
        p.permute(&[1, 0]);
        assert_eq!(p.targets(0), &[5.0, 6.0]);
        assert_eq!(p.target_index, vec![6, 4]);
    }

    #[test]
    fn minimum_length() {
        // window 10, horizon 1: train needs 11 points inside ⌊0.7 n⌋, val and test one each.
        let n = min_points(10, 1, 0.7, 0.15).unwrap();
        let b = SplitBounds::new(n, 0.7, 0.15);
        assert!(b.train_end >= 11 && b.val_end > b.train_end && b.n > b.val_end);
        let b1 = SplitBounds::new(n - 1, 0.7, 0.15);
        assert!(
            b1.train_end < 11 || b1.val_end == b1.train_end || b1.n == b1.val_end,
            "{n} is not minimal"
        );
        assert_eq!(min_points(2, 1, 1.0, 0.0), Some(3));
    }

    #[test]
    fn fractions_are_checked() {
        assert!(check_fractions(0.7, 0.15).is_ok());
        assert!(check_fractions(0.0, 0.1)
            .unwrap_err()
            .to_string()
            .contains("train_frac"));
        assert!(check_fractions(0.9, 0.2)
            .unwrap_err()
            .to_string()
            .contains("exceeds 1"));
        assert!(check_fractions(0.5, -0.1)
            .unwrap_err()
            .to_string()
            .contains("val_frac"));
        assert!(check_fractions(f64::NAN, 0.1).is_err());
    }
}
