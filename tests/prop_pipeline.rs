//! Property tests of the data pipeline: scale → inverse is the identity, windows never cross a
//! split boundary (training windows read training points only), and persistence is the series
//! shifted by one step.

use proptest::prelude::*;
use rnn_playground::metrics::baselines::persistence;
use rnn_playground::pipeline::{
    prepare, DataConfig, PipelineError, Scaler, ScalerKind, Series, Split, Transform,
};

/// A finite series of moderate magnitude (prices, counts, temperatures), 1 to 300 points.
fn series_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1.0e6f64..1.0e6, 1..300)
}

/// A strictly positive series (so log returns are defined), 20 to 300 points.
fn positive_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.01f64..1.0e5, 20..300)
}

/// A data configuration over the keys that move windows and splits.
fn data_config() -> impl Strategy<Value = DataConfig> {
    (
        1usize..30,
        1usize..5,
        1usize..4,
        0.3f64..0.9,
        0.0f64..0.3,
        prop_oneof![
            Just(Transform::None),
            Just(Transform::Diff),
            Just(Transform::LogRet)
        ],
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(
            |(window, horizon, stride, train_frac, val, transform, shuffle, seed)| {
                DataConfig {
                    window,
                    horizon,
                    stride,
                    train_frac,
                    // Keep the three fractions summing to at most 1.
                    val_frac: val.min(1.0 - train_frac),
                    transform,
                    shuffle,
                    seed,
                    ..DataConfig::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every scaler kind: `inverse(transform(x)) == x` to a tolerance relative to the data's
    /// range, for the values it was fitted on and for values outside them.
    #[test]
    fn scale_then_inverse_is_identity(
        data in series_values(),
        extra in prop::collection::vec(-1.0e7f64..1.0e7, 0..20),
        lo in -10.0f64..10.0,
        width in 0.01f64..100.0,
        zscore in any::<bool>(),
    ) {
        let kind = if zscore { ScalerKind::ZScore } else { ScalerKind::MinMax };
        let scaler = Scaler::fit(kind, &data, (lo, lo + width)).unwrap();
        let max_abs = data.iter().chain(&extra).fold(1.0f64, |m, v| m.max(v.abs()));
        for &x in data.iter().chain(&extra) {
            let back = scaler.inverse(scaler.transform(x));
            prop_assert!(
                (back - x).abs() <= 1e-9 * max_abs,
                "{kind:?}: {x} -> {} -> {back}", scaler.transform(x)
            );
        }
        let all: Vec<f64> = data.iter().chain(&extra).copied().collect();
        let round = scaler.inverse_all(&scaler.transform_all(&all));
        for (a, b) in all.iter().zip(&round) {
            prop_assert!((a - b).abs() <= 1e-9 * max_abs);
        }
    }

    /// Each window's targets lie inside its own split, training windows read training points
    /// only, and a window's inputs and targets are the scaled series at its indices.
    #[test]
    fn windows_never_cross_split_boundaries(values in positive_values(), cfg in data_config()) {
        let series = Series::from_values("prop", "value", values).unwrap();
        let prep = match prepare(&series, &cfg) {
            Ok(p) => p,
            Err(PipelineError::TooShort { .. }) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e}"))),
        };
        let b = prep.bounds;
        prop_assert!(b.train_end <= b.val_end && b.val_end <= b.n);
        prop_assert_eq!(b.n, prep.scaled.len());
        for (split, w) in [(Split::Train, &prep.train), (Split::Val, &prep.val), (Split::Test, &prep.test)] {
            let (start, end) = b.range(split);
            prop_assert_eq!(w.target_index.len(), w.len);
            for i in 0..w.len {
                let t = w.target_index[i] - prep.offset;
                prop_assert!(t >= start && t + cfg.horizon <= end,
                    "{split:?} window {i}: targets {t}..{} outside [{start}, {end})", t + cfg.horizon);
                prop_assert!(t >= cfg.window);
                if split == Split::Train {
                    prop_assert!(t + cfg.horizon <= b.train_end);
                }
                let want_x: Vec<f32> = prep.scaled[t - cfg.window..t].iter().map(|&v| v as f32).collect();
                let want_y: Vec<f32> = prep.scaled[t..t + cfg.horizon].iter().map(|&v| v as f32).collect();
                prop_assert_eq!(w.inputs(i), &want_x[..]);
                prop_assert_eq!(w.targets(i), &want_y[..]);
            }
        }
    }

    /// Persistence predicts, for every step of every window, the level just before the window's
    /// first target: the series shifted by one. With no transform that level is also the
    /// window's last input, unscaled.
    #[test]
    fn persistence_equals_the_shifted_series(values in positive_values(), cfg in data_config()) {
        let series = Series::from_values("prop", "value", values.clone()).unwrap();
        let cfg = DataConfig { transform: Transform::None, ..cfg };
        let Ok(prep) = prepare(&series, &cfg) else { return Ok(()) };
        for w in [&prep.train, &prep.val, &prep.test] {
            let p = persistence(&prep.levels, &w.target_index, w.horizon).unwrap();
            prop_assert_eq!(p.len(), w.len * w.horizon);
            for i in 0..w.len {
                let t = w.target_index[i];
                for k in 0..w.horizon {
                    prop_assert_eq!(p[i * w.horizon + k].to_bits(), values[t - 1].to_bits());
                }
                let last_input = prep.scaler.inverse(f64::from(w.inputs(i)[w.window - 1]));
                let scale = values.iter().fold(1.0f64, |m, v| m.max(v.abs()));
                prop_assert!((last_input - values[t - 1]).abs() <= 1e-6 * scale,
                    "window {i}: last input {last_input} vs level {}", values[t - 1]);
            }
        }
        // Horizon 1, one window per point: the forecasts are exactly levels[t - 1].
        let one = DataConfig { horizon: 1, stride: 1, shuffle: false, ..cfg };
        let Ok(prep) = prepare(&series, &one) else { return Ok(()) };
        let p = persistence(&prep.levels, &prep.test.target_index, 1).unwrap();
        let shifted: Vec<f64> = prep.test.target_index.iter().map(|&t| values[t - 1]).collect();
        prop_assert_eq!(p, shifted);
    }
}
