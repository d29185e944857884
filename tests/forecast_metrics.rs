//! Forecasting as practitioners measure it (issue 15): MASE/RMSSE and the drift baseline in the
//! metrics object, `best_epoch`, and split-conformal intervals whose test coverage lands near the
//! nominal level on a series with known noise.

use rnn_playground::app::Experiment;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::metrics::baselines::{drift, drift_slope};
use rnn_playground::metrics::{mae, NaiveScale};
use rnn_playground::pipeline::{Series, Split};
use rnn_playground::rng::Rng;
use rnn_playground::train::evaluate::best_epoch;
use rnn_playground::train::{EpochRecord, StopReason};

/// `y_t = 10 + 3·sin(2πt/25) + ε_t`, ε i.i.d. N(0, σ²): a stationary series, so the residuals of
/// a fixed model are exchangeable between the validation and test splits.
fn noisy_sine(n: usize, sigma: f64, seed: u64) -> Series {
    let mut rng = Rng::new(seed);
    let v = (0..n)
        .map(|t| {
            10.0 + 3.0 * (2.0 * std::f64::consts::PI * t as f64 / 25.0).sin() + sigma * rng.normal()
        })
        .collect();
    Series::from_values("noisy sine", "y", v).unwrap()
}

fn quick(interval: f64) -> PlaygroundConfig {
    PlaygroundConfig {
        hidden: 4,
        window: 10,
        epochs: 2,
        batch: 64,
        patience: 0,
        interval,
        ..Default::default()
    }
}

#[test]
fn test_mase_is_test_mae_over_the_training_naive_mae() {
    let s = noisy_sine(300, 0.5, 3);
    let mut ex = Experiment::new(s, quick(0.0)).unwrap();
    ex.train_to_end(64, None, |_| {});
    let m = ex.evaluate().unwrap();
    // No season for a CSV-like series: lag 1 over the training levels [0, 210).
    let train = &ex.prepared.levels[..ex.prepared.split_range(Split::Train).1];
    assert_eq!(train.len(), 210);
    let scale = NaiveScale::fit(train, 1).unwrap();
    let by_hand = m.test_mae.unwrap() / scale.mae;
    assert!((m.test_mase.unwrap() - by_hand).abs() < 1e-12);
    assert!(
        (m.test_rmsse.unwrap() - (m.test_rmse.unwrap().powi(2) / scale.mse).sqrt()).abs() < 1e-12
    );
    assert_eq!(m.mase_period, Some(1));
    // Persistence's MASE on test: its MAE over the same scale.
    let p = m.baselines["test"].persistence;
    assert!((p.mase.unwrap() - p.mae / scale.mae).abs() < 1e-12);
    // Drift: last known level + slope fitted on train, scored like the others.
    let w = ex.prepared.windows(Split::Test);
    let slope = drift_slope(train).unwrap();
    let pred = drift(&ex.prepared.levels, &w.target_index, 1, slope).unwrap();
    let d = m.baselines["test"].drift.unwrap();
    assert!((d.mae - mae(&ex.prepared.actual_levels(Split::Test), &pred).unwrap()).abs() < 1e-12);
    // The metrics file has the baselines both ways round.
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(
        v["baselines"]["drift"]["test"]["mae"],
        v["baselines"]["test"]["drift"]["mae"]
    );
    for name in ["persistence", "moving_average", "drift"] {
        for split in ["train", "val", "test"] {
            assert!(
                v["baselines"][name][split]["mase"].is_number(),
                "baselines.{name}.{split}.mase"
            );
        }
    }
    let back: rnn_playground::train::Metrics = serde_json::from_value(v).unwrap();
    assert_eq!(back.baselines, m.baselines);
}

#[test]
fn ninety_percent_intervals_cover_about_ninety_percent_of_the_test_values() {
    // 4000 points → 600 validation and 600 test windows. Split-conformal coverage with n = 600
    // calibration residuals is at least 0.9 and below 0.9 + 1/601 in expectation; the test
    // split's empirical coverage then scatters around it with a standard deviation of about
    // sqrt(0.9·0.1·(1/600 + 1/600)) ≈ 0.017 (calibration and test both finite). ±0.05 is
    // about three standard deviations; the series and model are seeded, so the value is fixed.
    let s = noisy_sine(4000, 0.4, 11);
    let mut ex = Experiment::new(s, quick(0.9)).unwrap();
    ex.train_to_end(256, None, |_| {});
    let m = ex.evaluate().unwrap();
    let c = m.test_interval_coverage.unwrap();
    assert!((c - 0.9).abs() < 0.05, "coverage {c}");
    assert_eq!(m.interval_level, Some(0.9));
    // Width: 2·q with q the 541st smallest of 600 absolute validation errors (⌈601·0.9⌉).
    let q = m.interval_half_width[0].unwrap();
    assert!((m.test_interval_width.unwrap() - 2.0 * q).abs() < 1e-12);
    // Past the end: 10 recursive steps, each with bounds around the forecast that widen overall.
    assert_eq!(m.forecast_lower.len(), 10);
    for i in 0..10 {
        assert!(m.forecast_lower[i] < m.forecast[i] && m.forecast[i] < m.forecast_upper[i]);
    }
    let first = m.forecast_upper[0] - m.forecast_lower[0];
    let last = m.forecast_upper[9] - m.forecast_lower[9];
    assert!(last >= first * 0.9, "first {first} last {last}");
}

#[test]
fn a_narrower_level_covers_less() {
    let s = noisy_sine(4000, 0.4, 11);
    let mut ex = Experiment::new(s, quick(0.5)).unwrap();
    ex.train_to_end(256, None, |_| {});
    let m = ex.evaluate().unwrap();
    let c = m.test_interval_coverage.unwrap();
    assert!((c - 0.5).abs() < 0.07, "coverage {c}");
}

#[test]
fn too_few_validation_windows_give_no_interval_and_say_so() {
    // 60 points: 9 validation windows; level 0.95 needs ⌈10·0.95⌉ = 10 > 9 residuals.
    let s = noisy_sine(60, 0.4, 1);
    let mut cfg = quick(0.95);
    cfg.window = 5;
    let mut ex = Experiment::new(s, cfg).unwrap();
    ex.train_to_end(64, None, |_| {});
    let m = ex.evaluate().unwrap();
    assert_eq!(m.test_interval_coverage, None);
    assert!(m.forecast_lower.is_empty());
    assert!(
        m.warnings
            .iter()
            .any(|w| w.contains("too few") && w.contains("95 %")),
        "{:?}",
        m.warnings
    );
}

fn rec(epoch: usize, val: f64) -> EpochRecord {
    EpochRecord {
        epoch,
        train_loss: 1.0,
        val_loss: Some(val),
        lr: 0.01,
    }
}

#[test]
fn best_epoch_is_the_restored_one() {
    let h = [rec(1, 0.5), rec(2, 0.3), rec(3, 0.3), rec(4, 0.4)];
    // early stopping restores the first lowest validation loss
    assert_eq!(best_epoch(&h, 2, Some(StopReason::EarlyStopping)), Some(2));
    assert_eq!(best_epoch(&h, 2, Some(StopReason::Epochs)), Some(2));
    // without early stopping the final weights are kept
    assert_eq!(best_epoch(&h, 0, Some(StopReason::Epochs)), Some(4));
    assert_eq!(best_epoch(&h, 2, None), None);
    assert_eq!(best_epoch(&h, 2, Some(StopReason::Diverged)), None);
}

#[test]
fn the_metrics_carry_best_epoch_after_early_stopping() {
    let s = noisy_sine(300, 0.5, 3);
    let cfg = PlaygroundConfig {
        epochs: 40,
        patience: 3,
        ..quick(0.0)
    };
    let mut ex = Experiment::new(s, cfg).unwrap();
    ex.train_to_end(64, None, |_| {});
    let m = ex.evaluate().unwrap();
    let h = ex.trainer.history();
    let best = h
        .iter()
        .min_by(|a, b| a.val_loss.unwrap().total_cmp(&b.val_loss.unwrap()))
        .unwrap();
    assert_eq!(m.best_epoch, Some(best.epoch));
}

#[test]
fn log_return_intervals_scale_with_the_level_and_keep_their_coverage() {
    // A price growing 0.1 % a step with 1 % multiplicative noise: the test levels are about
    // e^0.6 ≈ 1.8 times the validation levels, so absolute errors are too; residuals divided by
    // the last known level stay exchangeable. Same tolerance argument as above (600 + 600).
    let mut rng = Rng::new(5);
    let v: Vec<f64> = (0..4000)
        .map(|t| 100.0 * (0.001 * t as f64 + 0.01 * rng.normal()).exp())
        .collect();
    let s = Series::from_values("growing price", "p", v).unwrap();
    let cfg = PlaygroundConfig {
        transform: rnn_playground::pipeline::Transform::LogRet,
        ..quick(0.9)
    };
    let mut ex = Experiment::new(s, cfg).unwrap();
    ex.train_to_end(256, None, |_| {});
    let m = ex.evaluate().unwrap();
    assert_eq!(m.interval_relative, Some(true));
    let c = m.test_interval_coverage.unwrap();
    assert!((c - 0.9).abs() < 0.05, "coverage {c}");
    // past the end the half width is a fraction of the last level
    let q = (m.forecast_upper[0] - m.forecast_lower[0]) / 2.0;
    assert!(q > 0.005 * ex.prepared.last_level() && q < 0.1 * ex.prepared.last_level());
}
