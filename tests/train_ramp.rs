//! The classic tutorial ramp 1.0, 1.1, …, 3.0 with window 10: with first differences the next
//! forecast is 3.1 (within 0.02); without a transform the pipeline warns that the test targets
//! leave the training range.

use rnn_playground::app::Experiment;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::pipeline::synthetic::ramp;
use rnn_playground::pipeline::Transform;

fn ramp_config(transform: Transform) -> PlaygroundConfig {
    PlaygroundConfig {
        dataset: "ramp".into(),
        transform,
        window: 10,
        hidden: 16,
        epochs: 150,
        batch: 8,
        patience: 0,
        ..Default::default()
    }
}

#[test]
fn diff_transform_forecasts_the_next_ramp_value() {
    let mut ex = Experiment::new(ramp(), ramp_config(Transform::Diff)).unwrap();
    let p = ex.train_to_end(64, None, |_| {});
    assert!(p.done);
    let next = ex.forecast(1).unwrap()[0];
    assert!(
        (next - 3.1).abs() < 0.02,
        "next forecast {next}, expected 3.1 ± 0.02"
    );
}

#[test]
fn without_transform_the_range_warning_appears() {
    let mut cfg = ramp_config(Transform::None);
    cfg.epochs = 2;
    let mut ex = Experiment::new(ramp(), cfg).unwrap();
    ex.train_to_end(64, None, |_| {});
    let m = ex.evaluate().unwrap();
    assert!(
        m.warnings
            .iter()
            .any(|w| w.contains("test targets leave the training range")),
        "{:?}",
        m.warnings
    );
}
