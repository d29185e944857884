//! The training engine over real pipeline data: every optimiser, loss and schedule trains; direct
//! multi-output forecasting (horizon > 1); stopping from outside; fine-tuning keeps or refits the
//! scaler and freezes layers.

use rnn_playground::app::Experiment;
use rnn_playground::cells::CellKind;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::model_file::from_json;
use rnn_playground::model::{LossKind, OptimizerKind};
use rnn_playground::pipeline::synthetic::{random_walk, sine};
use rnn_playground::pipeline::Transform;
use rnn_playground::train::ScheduleKind;
use rnn_playground::train::{Freeze, StopReason};
use std::sync::atomic::AtomicBool;

fn small() -> PlaygroundConfig {
    PlaygroundConfig {
        dataset: "sine".into(),
        hidden: 6,
        window: 10,
        epochs: 3,
        ..Default::default()
    }
}

#[test]
fn every_optimizer_loss_and_schedule_trains_to_finite_metrics() {
    let combos = [
        (
            OptimizerKind::Adam,
            LossKind::Mse,
            ScheduleKind::None,
            CellKind::Lstm,
        ),
        (
            OptimizerKind::AdamW,
            LossKind::Mae,
            ScheduleKind::Step,
            CellKind::Gru,
        ),
        (
            OptimizerKind::Sgd,
            LossKind::Huber,
            ScheduleKind::Exp,
            CellKind::RnnTanh,
        ),
        (
            OptimizerKind::RmsProp,
            LossKind::Mse,
            ScheduleKind::Cosine,
            CellKind::RnnRelu,
        ),
        (
            OptimizerKind::Adam,
            LossKind::Mse,
            ScheduleKind::Plateau,
            CellKind::Lstm,
        ),
    ];
    for (optimizer, loss, schedule, cell) in combos {
        let cfg = PlaygroundConfig {
            optimizer,
            loss,
            schedule,
            cell,
            momentum: 0.5,
            ..small()
        };
        let mut ex = Experiment::new(sine(300, 3).unwrap(), cfg).unwrap();
        let p = ex.train_to_end(7, None, |_| {});
        assert_eq!(
            p.stop_reason,
            Some(StopReason::Epochs),
            "{optimizer} {loss} {schedule}"
        );
        let m = ex.evaluate().unwrap();
        assert!(
            m.test_rmse.unwrap().is_finite() && m.skill.is_some(),
            "{optimizer}"
        );
        assert_eq!(m.epochs_run, 3);
        assert_eq!(m.forecast.len(), 10);
    }
}

#[test]
fn horizon_three_is_direct_multi_output() {
    let cfg = PlaygroundConfig {
        horizon: 3,
        transform: Transform::Diff,
        steps: 7,
        ..small()
    };
    let mut ex = Experiment::new(sine(300, 4).unwrap(), cfg).unwrap();
    assert_eq!(ex.network.config.output_size, 3);
    ex.train_to_end(50, None, |_| {});
    let m = ex.evaluate().unwrap();
    assert_eq!(m.horizon, 3);
    assert_eq!(m.test_per_step.len(), 3);
    assert_eq!(m.forecast.len(), 7);
    let p = ex.predictions().unwrap();
    assert_eq!(
        p.predicted.len(),
        ex.prepared.train.len + ex.prepared.val.len + ex.prepared.test.len
    );
    assert!(
        m.test_recursive_abs_error.len() == m.test_recursive.len() && !m.test_recursive.is_empty()
    );
}

#[test]
fn cancel_flag_and_stop_end_training() {
    let mut ex = Experiment::new(
        sine(300, 5).unwrap(),
        PlaygroundConfig {
            epochs: 100,
            ..small()
        },
    )
    .unwrap();
    ex.train_batches(3, None);
    let flag = AtomicBool::new(true);
    let p = ex.train_batches(10, Some(&flag));
    assert!(p.done && p.stop_reason == Some(StopReason::Stopped));
    let mut ex = Experiment::new(sine(300, 5).unwrap(), small()).unwrap();
    ex.stop();
    assert!(ex.train_batches(5, None).done);
}

#[test]
fn fine_tuning_keeps_or_refits_the_scaler_and_freezes_layers() {
    let cfg = PlaygroundConfig {
        layers: 2,
        ..small()
    };
    let mut ex = Experiment::new(sine(300, 6).unwrap(), cfg.clone()).unwrap();
    ex.train_to_end(50, None, |_| {});
    let json = ex.export_json(None);
    let scaler = ex.prepared.scaler.clone();

    let walk = random_walk(300, 9).unwrap();
    let kept = Experiment::from_model(
        walk.clone(),
        cfg.clone(),
        from_json(&json).unwrap(),
        true,
        Freeze::None,
    )
    .unwrap();
    assert_eq!(kept.prepared.scaler, scaler);
    let mut refit = Experiment::from_model(
        walk,
        cfg,
        from_json(&json).unwrap(),
        false,
        "first:1".parse().unwrap(),
    )
    .unwrap();
    assert_ne!(refit.prepared.scaler, scaler);
    let s = refit.summary();
    assert!(s.trainable_params < s.params);
    let before = refit.network.params.clone();
    refit.train_to_end(50, None, |_| {});
    for t in &before.tensors {
        let same = before.values[t.range()] == refit.network.params.values[t.range()];
        assert_eq!(same, t.name.ends_with("_l0"), "{}", t.name);
    }
}
