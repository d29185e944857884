//! `prepare`: splits without leakage, scaler fitted on training only, the way back to levels,
//! warnings and configuration errors.

use rnn_playground::pipeline::synthetic::{ramp, random_walk, sine};
use rnn_playground::pipeline::{
    prepare, prepare_with_scaler, DataConfig, Scaler, ScalerKind, Series, Split, Transform,
};

fn cfg(window: usize, horizon: usize) -> DataConfig {
    DataConfig {
        window,
        horizon,
        ..DataConfig::default()
    }
}

#[test]
fn windows_never_cross_a_split_boundary() {
    let s = sine(300, 3).unwrap();
    for transform in [Transform::None, Transform::Diff, Transform::LogRet] {
        for (w, h, stride) in [(10, 1, 1), (7, 3, 2), (1, 5, 1), (20, 4, 3)] {
            let c = DataConfig {
                transform,
                stride,
                ..cfg(w, h)
            };
            let p = prepare(&s, &c).unwrap();
            let off = transform.offset();
            for split in [Split::Train, Split::Val, Split::Test] {
                let (start, end) = p.split_range(split);
                let win = p.windows(split);
                assert!(!win.is_empty(), "{transform:?} {split:?} w{w} h{h}");
                assert_eq!(win.x.len(), win.len * w);
                assert_eq!(win.y.len(), win.len * h);
                for i in 0..win.len {
                    let t = win.target_index[i];
                    // every target inside the split
                    assert!(
                        t >= start && t + h <= end,
                        "{split:?} window {i}: {t}+{h} vs [{start},{end})"
                    );
                    // inputs are the w modelled points just before the first target
                    let zt = t - off;
                    for k in 0..w {
                        assert_eq!(win.inputs(i)[k], p.scaled[zt - w + k] as f32);
                    }
                    for k in 0..h {
                        assert_eq!(win.targets(i)[k], p.scaled[zt + k] as f32);
                    }
                }
                // training inputs never reach outside the training split
                if split == Split::Train {
                    assert!(win.target_index.iter().all(|&t| t - off >= w));
                }
            }
            // chronological, non-overlapping split ranges covering the modelled series
            assert_eq!(p.split_range(Split::Train).1, p.split_range(Split::Val).0);
            assert_eq!(p.split_range(Split::Val).1, p.split_range(Split::Test).0);
            assert_eq!(p.split_range(Split::Test).1, s.len());
        }
    }
}

#[test]
fn scaler_sees_only_the_training_split() {
    // Training part 0..7 ranges over 0..6; a huge spike in the test part must not move it.
    let mut v: Vec<f64> = (0..10).map(|i| i as f64).collect();
    v[9] = 1000.0;
    let s = Series::from_values("t", "v", v).unwrap();
    let p = prepare(
        &s,
        &DataConfig {
            val_frac: 0.1,
            ..cfg(2, 1)
        },
    )
    .unwrap();
    match &p.scaler {
        Scaler::MinMax(m) => assert_eq!((m.data_min, m.data_max), (0.0, 6.0)),
        other => panic!("{other:?}"),
    }
    assert_eq!(p.bounds.train_end, 7);
    // the spike is reported as leaving the training range
    assert!(p
        .warnings
        .iter()
        .any(|w| w.starts_with("test targets leave the training range")));
}

#[test]
fn perfect_outputs_map_back_to_the_actual_levels() {
    let s = random_walk(200, 9).unwrap();
    for transform in [Transform::None, Transform::Diff, Transform::LogRet] {
        for scaler in [ScalerKind::MinMax, ScalerKind::ZScore] {
            let c = DataConfig {
                transform,
                scaler,
                ..cfg(5, 3)
            };
            let p = prepare(&s, &c).unwrap();
            for split in [Split::Train, Split::Val, Split::Test] {
                let w = p.windows(split);
                // the windows' own targets are the network's ideal outputs (f32-rounded)
                let pred = p.predicted_levels(split, &w.y).unwrap();
                let actual = p.actual_levels(split);
                for (a, b) in pred.iter().zip(&actual) {
                    assert!(
                        (a - b).abs() < 1e-4 * b.abs(),
                        "{transform:?} {scaler:?}: {a} vs {b}"
                    );
                }
            }
            assert!(p
                .predicted_levels(Split::Test, &[0.0])
                .unwrap_err()
                .to_string()
                .contains("expected"));
        }
    }
}

#[test]
fn transforms_round_trip() {
    let s = random_walk(500, 1).unwrap();
    for t in [Transform::Diff, Transform::LogRet] {
        let z = t.apply(&s).unwrap();
        assert_eq!(z.len(), s.len() - 1);
        // one-step, from the actual previous level
        for i in 1..s.len() {
            let back = t.inverse_step(s.values[i - 1], z[i - 1]);
            assert!(
                (back - s.values[i]).abs() <= 4.0 * f64::EPSILON * s.values[i],
                "{t:?} {i}"
            );
        }
        // chained from the first level
        let chain = t.inverse_chain(s.values[0], &z);
        for (a, b) in chain.iter().zip(&s.values[1..]) {
            assert!((a - b).abs() <= 1e-12 * b, "{t:?}: {a} vs {b}");
        }
    }
    // diff is bit-exact for neighbours within a factor of two (Sterbenz)
    let z = Transform::Diff.apply(&s).unwrap();
    for i in 1..s.len() {
        assert_eq!(
            Transform::Diff.inverse_step(s.values[i - 1], z[i - 1]),
            s.values[i]
        );
    }
}

#[test]
fn the_ramp_warns_that_test_values_leave_the_training_range() {
    let p = prepare(&ramp(), &cfg(10, 1)).unwrap();
    let w: Vec<&String> = p
        .warnings
        .iter()
        .filter(|w| w.contains("leave the training range"))
        .collect();
    assert_eq!(w.len(), 2, "{:?}", p.warnings);
    assert!(w[1].starts_with("test targets"), "{}", w[1]);
    assert!(
        w[1].contains("[1, 2.3]") && w[1].contains("to 3)") && w[1].contains("transform diff"),
        "{}",
        w[1]
    );
    // with first differences every target is 0.1: nothing leaves the range
    let d = prepare(
        &ramp(),
        &DataConfig {
            transform: Transform::Diff,
            ..cfg(10, 1)
        },
    )
    .unwrap();
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.contains("leave the training range")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn ramp_with_diff_forecasts_3_1_from_a_perfect_model() {
    // An oracle that always outputs the scaled 0.1 step: the chained inverse must give 3.1.
    let p = prepare(
        &ramp(),
        &DataConfig {
            transform: Transform::Diff,
            ..cfg(10, 1)
        },
    )
    .unwrap();
    let step = p.to_model(3.0, 3.1);
    let f = p.forecast_future(3, |_| vec![step]).unwrap();
    assert!(
        (f[0] - 3.1).abs() < 1e-6 && (f[2] - 3.3).abs() < 1e-6,
        "{f:?}"
    );
    assert!(p
        .forecast_future(2, |_| vec![f32::NAN])
        .unwrap_err()
        .to_string()
        .contains("step 1"));
}

#[test]
fn recursive_forecast_feeds_predictions_back() {
    let s = Series::from_values("t", "v", (0..40).map(|i| i as f64).collect()).unwrap();
    let p = prepare(
        &s,
        &DataConfig {
            scaler: ScalerKind::ZScore,
            ..cfg(3, 1)
        },
    )
    .unwrap();
    let mut seen = Vec::new();
    let out = p
        .recursive_forecast(&[1.0, 2.0, 3.0], 0.0, 3, |w| {
            seen.push(w.to_vec());
            vec![w[2] + 1.0]
        })
        .unwrap();
    assert_eq!(
        seen,
        vec![
            vec![1.0, 2.0, 3.0],
            vec![2.0, 3.0, 4.0],
            vec![3.0, 4.0, 5.0]
        ]
    );
    let expect: Vec<f64> = [4.0, 5.0, 6.0]
        .iter()
        .map(|&v| p.scaler.inverse(v))
        .collect();
    assert_eq!(out, expect);
}

#[test]
fn shuffling_is_seeded_and_keeps_pairs_together() {
    let s = sine(200, 1).unwrap();
    let plain = prepare(&s, &cfg(5, 2)).unwrap();
    let a = prepare(
        &s,
        &DataConfig {
            shuffle: true,
            seed: 7,
            ..cfg(5, 2)
        },
    )
    .unwrap();
    let b = prepare(
        &s,
        &DataConfig {
            shuffle: true,
            seed: 7,
            ..cfg(5, 2)
        },
    )
    .unwrap();
    let c = prepare(
        &s,
        &DataConfig {
            shuffle: true,
            seed: 8,
            ..cfg(5, 2)
        },
    )
    .unwrap();
    assert_eq!(a.train, b.train);
    assert_ne!(a.train.target_index, c.train.target_index);
    assert_ne!(a.train.target_index, plain.train.target_index);
    for i in 0..a.train.len {
        let j = plain
            .train
            .target_index
            .iter()
            .position(|&t| t == a.train.target_index[i])
            .unwrap();
        assert_eq!(a.train.inputs(i), plain.train.inputs(j));
        assert_eq!(a.train.targets(i), plain.train.targets(j));
    }
    assert_eq!(a.test, plain.test);
}

#[test]
fn configuration_errors_name_the_field() {
    let s = sine(100, 1).unwrap();
    let e = prepare(&s, &cfg(0, 1)).unwrap_err();
    assert_eq!(e.field(), Some("window"));
    assert!(e.to_string().contains("invalid window: 0"), "{e}");
    assert!(prepare(&s, &cfg(5, 0))
        .unwrap_err()
        .to_string()
        .contains("invalid horizon"));
    let e = prepare(
        &s,
        &DataConfig {
            stride: 0,
            ..cfg(5, 1)
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("invalid stride"), "{e}");
    let e = prepare(
        &s,
        &DataConfig {
            train_frac: 1.5,
            ..cfg(5, 1)
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("invalid train_frac: 1.5"), "{e}");
    let e = prepare(
        &s,
        &DataConfig {
            train_frac: 0.9,
            val_frac: 0.2,
            ..cfg(5, 1)
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("exceeds 1"), "{e}");
    let e = prepare(
        &s,
        &DataConfig {
            feature_range: (1.0, 0.0),
            ..cfg(5, 1)
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("feature_range"), "{e}");
}

#[test]
fn too_short_says_how_many_points_are_needed() {
    let s = Series::from_values("t", "v", (0..15).map(|i| i as f64).collect()).unwrap();
    let e = prepare(&s, &cfg(10, 1)).unwrap_err().to_string();
    assert!(
        e.contains("has 15 points") && e.contains("window 10 + horizon 1"),
        "{e}"
    );
    // the quoted minimum really is the minimum
    let need: usize = e.split("at least ").nth(1).unwrap().trim().parse().unwrap();
    let ok = Series::from_values("t", "v", (0..need).map(|i| i as f64).collect()).unwrap();
    assert!(prepare(&ok, &cfg(10, 1)).is_ok());
    let short = Series::from_values("t", "v", (0..need - 1).map(|i| i as f64).collect()).unwrap();
    assert!(prepare(&short, &cfg(10, 1)).is_err());
    // a transform costs one more point, and says so
    let e = prepare(
        &ok,
        &DataConfig {
            transform: Transform::Diff,
            ..cfg(10, 1)
        },
    )
    .unwrap_err();
    assert!(
        e.to_string().contains(&format!("at least {}", need + 1)),
        "{e}"
    );
    assert!(e.to_string().contains("transform diff"), "{e}");
    let empty = Series::from_values("t", "v", vec![]).unwrap();
    assert!(prepare(&empty, &cfg(10, 1))
        .unwrap_err()
        .to_string()
        .contains("has 0 points"));
}

#[test]
fn constant_series_is_defined_and_warned() {
    let s = Series::from_values("t", "v", vec![5.0; 60]).unwrap();
    for scaler in [ScalerKind::MinMax, ScalerKind::ZScore] {
        let p = prepare(
            &s,
            &DataConfig {
                scaler,
                ..cfg(10, 1)
            },
        )
        .unwrap();
        assert!(p.scaled.iter().all(|v| v.is_finite()));
        assert!(
            p.warnings
                .iter()
                .any(|w| w.contains("training split is constant")),
            "{:?}",
            p.warnings
        );
        assert_eq!(p.from_model(0.0, p.train.y[0]), 5.0);
    }
}

#[test]
fn logret_on_non_positive_names_the_row() {
    let mut v: Vec<f64> = (1..=40).map(|i| i as f64).collect();
    v[25] = -1.0;
    let s = Series::from_values("prices.csv", "close", v).unwrap();
    let e = prepare(
        &s,
        &DataConfig {
            transform: Transform::LogRet,
            ..cfg(5, 1)
        },
    )
    .unwrap_err();
    assert_eq!(e.row(), Some(26));
    assert!(
        e.to_string().contains("row 26") && e.to_string().contains("close"),
        "{e}"
    );
}

#[test]
fn a_supplied_scaler_is_kept() {
    let s = sine(200, 2).unwrap();
    let fitted = Scaler::fit(ScalerKind::MinMax, &[0.0, 100.0], (0.0, 1.0)).unwrap();
    let p = prepare_with_scaler(&s, &cfg(5, 1), Some(fitted.clone())).unwrap();
    assert_eq!(p.scaler, fitted);
    assert!(p
        .notes
        .iter()
        .any(|n| n.contains("kept the supplied minmax scaler")));
    assert_eq!(p.train.y[0], (s.values[5] / 100.0) as f32);
}

#[test]
fn config_uses_the_shared_vocabulary() {
    let c: DataConfig = serde_json::from_str(
        r#"{"transform":"logret","scaler":"zscore","train_frac":0.6,"val_frac":0.2,
            "window":12,"horizon":3,"stride":2,"shuffle":true,"seed":7}"#,
    )
    .unwrap();
    assert_eq!(c.transform, Transform::LogRet);
    assert_eq!(c.scaler, ScalerKind::ZScore);
    assert_eq!((c.window, c.horizon, c.stride, c.seed), (12, 3, 2, 7));
    let d: DataConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(d, DataConfig::default());
    assert_eq!(
        (d.window, d.horizon, d.train_frac, d.val_frac, d.seed),
        (10, 1, 0.7, 0.15, 42)
    );
}
