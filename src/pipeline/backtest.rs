//! Rolling-origin backtest folds: where each fold's training data ends and its test block lies,
//! and the fold's own preparation (transform and scaler refitted on the fold's training part).
//!
//! **The plan.** The last part of the series, the test fraction `1 − train_frac − val_frac` of
//! its `n` levels (as in the single split), is cut into `N` equal blocks of `B = ⌊test/N⌋` levels,
//! the last block ending at the series' end. Fold `i` has origin `o_i = n − (N − i)·B`: it may use
//! the levels before `o_i` and is scored on the block `[o_i, o_i + B)`.
//! - `expanding` (default): fold `i` uses every level in `[0, o_i)`.
//! - `sliding`: fold `i` uses the `o_0` levels `[o_i − o_0, o_i)`, as many as the first fold.
//!
//! Within its data the fold is split chronologically by the ratio `train_frac : val_frac` into
//! training and validation (for early stopping and interval calibration). The transform and
//! scaler are fitted on the fold's **training** part only, so no fold sees its test block (or
//! anything after it). Levels after the block are not part of the fold at all.

use serde::{Deserialize, Serialize};

use super::series::Covariate;
use super::{prepare_with_bounds, DataConfig, PipelineError, Prepared, Series, SplitBounds};

crate::choice_enum! {
    /// How the training data of successive backtest folds grows (the `backtest_window` key).
    #[derive(Default)]
    pub enum BacktestWindow for "backtest_window" {
        /// Every fold trains on all the levels before its origin.
        #[default]
        Expanding = "expanding", "Expanding window";
        /// Every fold trains on as many levels as the first, the latest before its origin.
        Sliding = "sliding", "Sliding window";
    }
}

/// One backtest fold, in original-series indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fold {
    /// 0-based fold number.
    pub index: usize,
    /// First level the fold uses.
    pub start: usize,
    /// The origin: first level of the test block (everything before it is known).
    pub origin: usize,
    /// End (exclusive) of the test block.
    pub end: usize,
}

/// The folds of an `folds`-fold backtest of a series of `n` levels (see the module doc).
/// Fails naming `backtest` when the test part is too short for `folds` blocks of at least
/// `horizon` levels.
pub fn plan(
    n: usize,
    folds: usize,
    cfg: &DataConfig,
    window: BacktestWindow,
) -> Result<Vec<Fold>, PipelineError> {
    if folds == 0 {
        return Err(PipelineError::config(
            "backtest",
            "0 folds: ask for at least 1",
        ));
    }
    let fit_end = SplitBounds::new(n, cfg.train_frac, cfg.val_frac).val_end;
    let test = n - fit_end;
    let block = test / folds;
    if block < cfg.horizon.max(1) {
        return Err(PipelineError::config(
            "backtest",
            format!(
                "{folds} folds need test blocks of at least horizon {} levels each, but the test \
                 part (the last {test} of {n} levels) gives {block} per fold: use fewer folds or \
                 a smaller train_frac + val_frac",
                cfg.horizon
            ),
        ));
    }
    let first = n - folds * block;
    Ok((0..folds)
        .map(|i| {
            let origin = first + i * block;
            let start = match window {
                BacktestWindow::Expanding => 0,
                BacktestWindow::Sliding => origin - first,
            };
            Fold {
                index: i,
                start,
                origin,
                end: origin + block,
            }
        })
        .collect())
}

/// `series` restricted to the levels `[start, end)`.
pub fn slice(series: &Series, start: usize, end: usize) -> Series {
    Series {
        source: series.source.clone(),
        column: series.column.clone(),
        values: series.values[start..end].to_vec(),
        dates: series.dates.as_ref().map(|d| d[start..end].to_vec()),
        rows: series
            .rows
            .get(start..end)
            .map(<[u64]>::to_vec)
            .unwrap_or_default(),
        missing: series.missing,
        notes: Vec::new(),
        warnings: Vec::new(),
        features: series
            .features
            .iter()
            .map(|f| Covariate {
                name: f.name.clone(),
                values: f.values[start..end].to_vec(),
            })
            .collect(),
        numeric_columns: series.numeric_columns.clone(),
    }
}

/// The fold's data prepared on its own: the fold's levels `[start, end)`, the test split exactly
/// its block, training and validation split by `train_frac : val_frac`, transform and scaler
/// fitted on the fold's training part. Level `i` of the result is level `start + i` of `series`.
pub fn prepare_fold(
    series: &Series,
    cfg: &DataConfig,
    fold: &Fold,
) -> Result<Prepared, PipelineError> {
    let part = slice(series, fold.start, fold.end);
    let offset = cfg.transform.offset();
    let fit = (fold.origin - fold.start).saturating_sub(offset);
    let n = (fold.end - fold.start).saturating_sub(offset);
    let ratio = cfg.train_frac / (cfg.train_frac + cfg.val_frac);
    let train_end = ((ratio * fit as f64 + 1e-9).floor() as usize).min(fit);
    let bounds = SplitBounds {
        n,
        train_end,
        val_end: fit,
    };
    prepare_with_bounds(&part, cfg, bounds).map_err(|e| match e {
        PipelineError::TooShort { have, need, detail } => PipelineError::TooShort {
            have,
            need,
            detail: format!(
                "backtest fold {} (levels {}..{}, origin {}): {detail}",
                fold.index + 1,
                fold.start,
                fold.end,
                fold.origin
            ),
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> DataConfig {
        DataConfig {
            window: 3,
            ..DataConfig::default()
        }
    }

    #[test]
    fn expanding_plan_by_hand() {
        // n 100, train+val 0.85 → fit end 85, test 15; 3 folds of 5: origins 85, 90, 95
        let f = plan(100, 3, &cfg(), BacktestWindow::Expanding).unwrap();
        let o: Vec<_> = f.iter().map(|f| (f.start, f.origin, f.end)).collect();
        assert_eq!(o, vec![(0, 85, 90), (0, 90, 95), (0, 95, 100)]);
    }

    #[test]
    fn sliding_plan_keeps_the_length() {
        // test 15 → 2 folds of 7: first origin 100 - 14 = 86
        let f = plan(100, 2, &cfg(), BacktestWindow::Sliding).unwrap();
        let o: Vec<_> = f.iter().map(|f| (f.start, f.origin, f.end)).collect();
        assert_eq!(o, vec![(0, 86, 93), (7, 93, 100)]);
    }

    #[test]
    fn too_many_folds_is_an_error_naming_backtest() {
        let e = plan(100, 16, &cfg(), BacktestWindow::Expanding)
            .unwrap_err()
            .to_string();
        assert!(e.contains("backtest") && e.contains("16 folds"), "{e}");
        assert!(plan(100, 0, &cfg(), BacktestWindow::Expanding).is_err());
    }

    #[test]
    fn a_fold_tests_exactly_its_block() {
        let values: Vec<f64> = (0..100)
            .map(|v| (v as f64 * 0.3).sin() + v as f64)
            .collect();
        let s = Series::from_values("t", "v", values).unwrap();
        let c = DataConfig {
            transform: crate::pipeline::Transform::Diff,
            ..cfg()
        };
        let f = plan(100, 3, &c, BacktestWindow::Sliding).unwrap()[1];
        let p = prepare_fold(&s, &c, &f).unwrap();
        // the test windows' first targets are the block, in the fold's own indices
        let t: Vec<usize> = p.test.target_index.iter().map(|i| i + f.start).collect();
        assert_eq!(t, (f.origin..f.end).collect::<Vec<_>>());
        assert_eq!(p.levels.len(), f.end - f.start);
    }
}
