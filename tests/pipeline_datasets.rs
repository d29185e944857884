//! Every built-in dataset goes through `prepare` with the default configuration and each
//! transform, and the naive baselines line up with the actual values.

use rnn_playground::metrics::baselines::{self, persistence};
use rnn_playground::metrics::{rmse, ErrorMetrics};
use rnn_playground::pipeline::datasets::{self, DatasetOptions};
use rnn_playground::pipeline::synthetic::{random_walk, sine, SINE_PERIOD};
use rnn_playground::pipeline::{prepare, DataConfig, Split, Transform};

#[test]
fn every_builtin_prepares_with_every_transform() {
    for info in datasets::list() {
        let s = datasets::load(info.key, &DatasetOptions::default()).unwrap();
        for transform in [Transform::None, Transform::Diff, Transform::LogRet] {
            if transform == Transform::LogRet && s.values.iter().any(|&v| v <= 0.0) {
                // seattle temperatures go below zero: logret must refuse, naming the row
                let e = prepare(
                    &s,
                    &DataConfig {
                        transform,
                        ..DataConfig::default()
                    },
                )
                .unwrap_err();
                assert!(e.row().is_some(), "{}: {e}", info.key);
                continue;
            }
            let p = prepare(
                &s,
                &DataConfig {
                    transform,
                    ..DataConfig::default()
                },
            )
            .unwrap_or_else(|e| panic!("{} {transform:?}: {e}", info.key));
            assert!(!p.train.is_empty() && !p.val.is_empty() && !p.test.is_empty());
        }
    }
    // prices rose far above their 2000-2014 range: the level model must be warned about it
    let sp = datasets::load("sp500", &DatasetOptions::default()).unwrap();
    let p = prepare(&sp, &DataConfig::default()).unwrap();
    assert!(
        p.warnings
            .iter()
            .any(|w| w.starts_with("test targets leave the training range")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn baselines_line_up_with_actuals() {
    let s = random_walk(400, 3).unwrap();
    let p = prepare(
        &s,
        &DataConfig {
            horizon: 3,
            ..DataConfig::default()
        },
    )
    .unwrap();
    let w = &p.test;
    let actual = p.actual_levels(Split::Test);
    let pers = persistence(&p.levels, &w.target_index, w.horizon).unwrap();
    for i in 0..w.len {
        let t = w.target_index[i];
        assert_eq!(&actual[i * 3..i * 3 + 3], &s.values[t..t + 3]);
        assert_eq!(pers[i * 3], s.values[t - 1]);
    }
    let r = baselines::evaluate(&p, Split::Test, Some(7), 5).unwrap();
    assert_eq!(r.persistence.rmse, rmse(&actual, &pers).unwrap());
    assert!(r.seasonal_naive.is_some() && r.moving_average.is_some());
    assert_eq!(r.skill(r.persistence.rmse), Some(0.0));
}

#[test]
fn seasonal_naive_error_is_the_trend_per_season_and_needs_history() {
    let s = sine(600, 4).unwrap();
    let p = prepare(&s, &DataConfig::default()).unwrap();
    let r = baselines::evaluate(&p, Split::Test, Some(SINE_PERIOD), 10).unwrap();
    let sn = r.seasonal_naive.unwrap();
    // one period back differs by the trend (0.02·50 = 1) plus the difference of two N(0, 0.2²)
    // draws: RMSE ≈ sqrt(1 + 2·0.04) ≈ 1.04
    assert!(sn.rmse > 0.95 && sn.rmse < 1.15, "{}", sn.rmse);
    // a period longer than the history before the first training window: left out with a note
    let r = baselines::evaluate(&p, Split::Train, Some(365), 10).unwrap();
    assert!(r.seasonal_naive.is_none());
    assert!(
        r.notes[0].contains("seasonal naive left out on train"),
        "{:?}",
        r.notes
    );
    let per = ErrorMetrics::per_step(&[1.0, 2.0], &[1.0, 2.5], 1).unwrap();
    assert_eq!(per[0].mae, 0.25);
}
