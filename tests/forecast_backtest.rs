//! The rolling-origin backtest (issue 15): no fold's transform or scaler sees its test block
//! (a property over random plans), folds report every measure, progress and cancellation work
//! across folds, and the same seed gives the same report.

use proptest::prelude::*;
use rnn_playground::app::Backtest;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::pipeline::backtest::{plan, prepare_fold};
use rnn_playground::pipeline::synthetic::sine;
use rnn_playground::pipeline::{BacktestWindow, DataConfig, ScalerKind, Series, Transform};
use std::sync::atomic::{AtomicBool, Ordering};

fn any_transform() -> impl Strategy<Value = Transform> {
    prop_oneof![
        Just(Transform::None),
        Just(Transform::Diff),
        Just(Transform::LogRet)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Replacing the test block and everything after it by wild values, in the target and in
    /// the covariate (`features`), changes neither the fold's scalers (the target's and every
    /// feature's) nor its training and validation windows.
    #[test]
    fn a_folds_scaler_never_sees_its_test_block(
        values in prop::collection::vec(1.0f64..100.0, 80..240),
        feature_seed in 1.0f64..50.0,
        folds in 1usize..5,
        window in 1usize..8,
        horizon in 1usize..3,
        transform in any_transform(),
        zscore in any::<bool>(),
        sliding in any::<bool>(),
    ) {
        let cfg = DataConfig {
            transform,
            scaler: if zscore { ScalerKind::ZScore } else { ScalerKind::MinMax },
            window,
            horizon,
            ..DataConfig::default()
        };
        let kind = if sliding { BacktestWindow::Sliding } else { BacktestWindow::Expanding };
        let feature: Vec<f64> = values
            .iter()
            .enumerate()
            .map(|(i, v)| feature_seed + (v * 0.37 + i as f64).sin().abs() * 10.0)
            .collect();
        let series = Series::from_values("p", "v", values.clone())
            .unwrap()
            .with_feature("x", feature.clone())
            .unwrap();
        let Ok(plan) = plan(values.len(), folds, &cfg, kind) else {
            return Ok(());
        };
        for f in plan {
            let Ok(clean) = prepare_fold(&series, &cfg, &f) else { continue };
            prop_assert_eq!(clean.channels(), 2);
            let mut wild = values.clone();
            let mut wild_feature = feature.clone();
            for (i, (v, x)) in wild.iter_mut().zip(wild_feature.iter_mut()).enumerate().skip(f.origin) {
                *v = 1e6 + 7.0 * i as f64;
                *x = 5e5 + 3.0 * i as f64;
            }
            let wild = Series::from_values("p", "v", wild)
                .unwrap()
                .with_feature("x", wild_feature)
                .unwrap();
            let dirty = prepare_fold(&wild, &cfg, &f).unwrap();
            prop_assert_eq!(&clean.scaler, &dirty.scaler);
            prop_assert_eq!(&clean.features, &dirty.features);
            prop_assert_eq!(&clean.train, &dirty.train);
            prop_assert_eq!(&clean.val, &dirty.val);
            // and the split points put the test block exactly at the origin
            let test_start = clean.bounds.val_end + clean.offset + f.start;
            prop_assert_eq!(test_start, f.origin);
            prop_assert!(clean.bounds.train_end + clean.offset + f.start <= f.origin);
        }
    }
}

fn config(folds: usize) -> PlaygroundConfig {
    PlaygroundConfig {
        dataset: "sine".into(),
        hidden: 4,
        window: 8,
        horizon: 2,
        epochs: 3,
        batch: 64,
        backtest: folds,
        ..Default::default()
    }
}

fn series() -> Series {
    sine(400, 5).unwrap()
}

#[test]
fn every_fold_reports_every_measure_and_the_mean_averages_them() {
    let mut b = Backtest::new(series(), config(3)).unwrap();
    let mut seen = Vec::new();
    let r = b
        .run_to_end(4, None, |p| {
            if seen.last() != Some(&p.fold) {
                seen.push(p.fold);
            }
        })
        .unwrap();
    assert_eq!(seen, vec![1, 2, 3], "progress walks the folds in order");
    assert!(r.complete);
    assert_eq!(r.folds.len(), 3);
    // test part 0.15·400 = 60 levels → blocks of 20 from origin 340
    let origins: Vec<usize> = r.folds.iter().map(|f| f.origin).collect();
    assert_eq!(origins, vec![340, 360, 380]);
    for f in &r.folds {
        assert_eq!(f.test_size, 20);
        assert!(f.test_mase.is_some() && f.skill.is_some());
        assert_eq!(f.test_per_step_rmse.len(), 2, "error by horizon step");
        assert_eq!(f.test_interval_coverage, None, "no interval asked for");
        for name in ["persistence", "seasonal_naive", "moving_average", "drift"] {
            assert!(f.baselines[name].mase.is_some(), "{name}");
        }
    }
    let mean = r.folds.iter().map(|f| f.test_mase.unwrap()).sum::<f64>() / 3.0;
    assert!((r.mean.test_mase.unwrap() - mean).abs() < 1e-12);
    // expanding: every fold starts at 0 and trains on more levels than the one before
    assert!(r.folds.iter().all(|f| f.start == 0));
    assert!(r
        .folds
        .windows(2)
        .all(|w| w[1].train_size > w[0].train_size));
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "origin",
        "train_size",
        "test_rmse",
        "test_mae",
        "test_mase",
        "skill",
    ] {
        assert!(!v["folds"][0][key].is_null(), "{key}");
    }
}

#[test]
fn sliding_folds_keep_their_length_and_the_same_seed_repeats_the_report() {
    let cfg = PlaygroundConfig {
        backtest_window: BacktestWindow::Sliding,
        interval: 0.8,
        ..config(2)
    };
    let run = || {
        Backtest::new(series(), cfg.clone())
            .unwrap()
            .run_to_end(64, None, |_| {})
            .unwrap()
    };
    let r = run();
    assert_eq!(r.folds[1].start - r.folds[0].start, 30);
    assert_eq!(r.folds[0].train_size, r.folds[1].train_size);
    // each fold's interval is calibrated on its own validation part and scored on its block
    for f in &r.folds {
        let c = f.test_interval_coverage.unwrap();
        assert!((0.0..=1.0).contains(&c) && f.test_interval_width.unwrap() > 0.0);
    }
    assert_eq!(r, run());
}

#[test]
fn cancelling_ends_the_backtest_after_the_current_fold() {
    let mut b = Backtest::new(series(), config(3)).unwrap();
    let cancel = AtomicBool::new(false);
    let p = b.advance(1, Some(&cancel)).unwrap();
    assert!(!p.done);
    cancel.store(true, Ordering::Relaxed);
    let p = b.advance(1, Some(&cancel)).unwrap();
    assert!(p.done && p.fold == 1);
    let r = b.report();
    assert!(!r.complete);
    assert_eq!((r.folds.len(), r.planned), (1, 3));
    assert!(b.advance(1, None).is_err());
}

#[test]
fn fine_tuning_starts_each_fold_from_the_previous_weights() {
    let fresh = Backtest::new(series(), config(2))
        .unwrap()
        .run_to_end(64, None, |_| {})
        .unwrap();
    let tuned_cfg = PlaygroundConfig {
        backtest_fine_tune: true,
        ..config(2)
    };
    let tuned = Backtest::new(series(), tuned_cfg)
        .unwrap()
        .run_to_end(64, None, |_| {})
        .unwrap();
    // the first fold starts from the seed either way; the second does not
    assert_eq!(fresh.folds[0].test_rmse, tuned.folds[0].test_rmse);
    assert_ne!(fresh.folds[1].test_rmse, tuned.folds[1].test_rmse);
}

#[test]
fn too_many_folds_are_refused_naming_backtest() {
    let e = Backtest::new(series(), config(40)).unwrap_err();
    assert!(e.contains("backtest") && e.contains("40 folds"), "{e}");
}
