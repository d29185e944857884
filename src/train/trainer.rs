//! The training loop as a resumable state machine: [`Trainer::advance`] trains up to `n`
//! mini-batches and returns, so a caller (the CLI, a browser worker) can report progress, pause,
//! single-step, resume or cancel between calls. It never runs past the end of an epoch, so every
//! epoch end is reported with its validation loss.
//!
//! Per batch: gradients (train mode), a finiteness check, clipping by global norm, an optimiser
//! step. Per epoch: validation loss, learning-rate schedule, early stopping with
//! restore-best-weights. A non-finite loss, gradient or weight stops training with
//! [`StopReason::Diverged`] and puts back the weights of the last good step.

use super::clock::now_ms;
use super::schedule::LrSchedule;
use super::schedule::ScheduleKind;
use crate::model::{clip_grad_norm, Loss, Network, Optimizer, OptimizerConfig};
use crate::pipeline::Windows;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};

/// Mixed into the seed so the shuffling stream differs from the initialisation stream.
const SHUFFLE_STREAM: u64 = 0x5EED_0F5A;

/// Windows per forward pass when predicting many windows at once.
pub const PREDICT_CHUNK: usize = 256;

/// How a run is trained.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Maximum epochs.
    pub epochs: usize,
    /// Mini-batch size (clamped to the number of training windows).
    pub batch: usize,
    /// Loss minimised.
    pub loss: Loss,
    /// Global-norm gradient clipping (0 = off).
    pub clip: f32,
    /// Early-stopping patience in epochs (0 = off).
    pub patience: usize,
    /// Learning-rate schedule.
    pub schedule: ScheduleKind,
    /// Shuffle the training windows every epoch.
    pub shuffle: bool,
    /// Seed of the shuffling.
    pub seed: u64,
}

/// Why training ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// All epochs ran.
    Epochs,
    /// Validation loss stopped improving for `patience` epochs (best weights restored).
    EarlyStopping,
    /// A loss, gradient or weight became non-finite (last good weights kept).
    Diverged,
    /// The caller stopped it.
    Stopped,
}

/// What [`Trainer::advance`] reports (the browser's `Progress` object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Current epoch, 1-based (0 before the first batch).
    pub epoch: usize,
    /// Batches done in the current epoch (= `batches_per_epoch` at its end).
    pub batch: usize,
    /// Mini-batches per epoch.
    pub batches_per_epoch: usize,
    /// Mean training loss over the current epoch's batches so far (scaled units).
    pub train_loss: f64,
    /// Validation loss, reported at the end of an epoch when there is a validation split.
    pub val_loss: Option<f64>,
    /// Learning rate in use.
    pub lr: f32,
    /// Training windows per second during this call.
    pub samples_per_s: f64,
    /// Total training time so far.
    pub elapsed_ms: f64,
    /// Whether training is over.
    pub done: bool,
    /// Why it ended.
    pub stop_reason: Option<StopReason>,
    /// A sentence for the user when training diverged.
    pub message: Option<String>,
}

/// One finished epoch in the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// 1-based epoch.
    pub epoch: usize,
    /// Mean training loss.
    pub train_loss: f64,
    /// Validation loss, if there is a validation split.
    pub val_loss: Option<f64>,
    /// Learning rate used during the epoch.
    pub lr: f32,
}

/// The training state of one run (the network and data are passed in on each call).
#[derive(Debug)]
pub struct Trainer {
    opts: TrainOptions,
    optimizer: Optimizer,
    schedule: LrSchedule,
    rng: Rng,
    order: Vec<usize>,
    batch_size: usize,
    epoch: usize,
    batch: usize,
    loss_sum: f64,
    loss_count: usize,
    best_val: f64,
    best_values: Option<Vec<f32>>,
    bad_epochs: usize,
    last_good: Vec<f32>,
    history: Vec<EpochRecord>,
    elapsed_ms: f64,
    stop: Option<StopReason>,
    message: Option<String>,
    last_val: Option<f64>,
    xb: Vec<f32>,
    yb: Vec<f32>,
}

impl Trainer {
    /// A trainer for `net` on `train` windows. Fails naming the field when the options cannot work.
    pub fn new(
        net: &Network,
        optimizer: OptimizerConfig,
        opts: TrainOptions,
        train: &Windows,
    ) -> Result<Self, String> {
        if train.len == 0 {
            return Err(
                "no training windows: the training split is shorter than window + horizon".into(),
            );
        }
        if opts.batch == 0 {
            return Err("config field `batch`: must be at least 1, got 0".into());
        }
        if train.horizon != net.config.output_size || net.config.input_size != train.channels {
            return Err(format!(
                "windows have {} input channel(s) (1 + features) and {} targets, the model \
                 expects {} and {}",
                train.channels, train.horizon, net.config.input_size, net.config.output_size
            ));
        }
        optimizer.validate()?;
        let lr = optimizer.lr();
        Ok(Trainer {
            batch_size: opts.batch.min(train.len),
            optimizer: Optimizer::new(optimizer, &net.params),
            schedule: LrSchedule::new(opts.schedule, lr, opts.epochs),
            rng: Rng::new(opts.seed ^ SHUFFLE_STREAM),
            order: (0..train.len).collect(),
            epoch: 0,
            batch: 0,
            loss_sum: 0.0,
            loss_count: 0,
            best_val: f64::INFINITY,
            best_values: None,
            bad_epochs: 0,
            last_good: net.params.values.clone(),
            history: Vec::new(),
            elapsed_ms: 0.0,
            stop: if opts.epochs == 0 {
                Some(StopReason::Epochs)
            } else {
                None
            },
            message: None,
            last_val: None,
            xb: Vec::new(),
            yb: Vec::new(),
            opts,
        })
    }

    /// The batch size in use (the requested one clamped to the training windows).
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Mini-batches per epoch.
    pub fn batches_per_epoch(&self) -> usize {
        self.order.len().div_ceil(self.batch_size)
    }

    /// Finished epochs, oldest first.
    pub fn history(&self) -> &[EpochRecord] {
        &self.history
    }

    /// Number of finished epochs.
    pub fn epochs_run(&self) -> usize {
        self.history.len()
    }

    /// Whether training is over, and why.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stop
    }

    /// The divergence message, if training diverged.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The options of this run.
    pub fn options(&self) -> &TrainOptions {
        &self.opts
    }

    /// Where training stands, as [`Progress`] reports it: `(epoch, batch)`, the 1-based epoch
    /// (0 before the first batch) and the batches done in it (`batches_per_epoch` at its end).
    pub fn position(&self) -> (usize, usize) {
        let ended = self.batch == 0 && self.epoch > 0;
        let batch = if ended {
            self.batches_per_epoch()
        } else {
            self.batch
        };
        (self.epoch, batch)
    }

    /// Trains up to `max_batches` mini-batches (stopping early at the end of an epoch, when
    /// training ends, or when `cancel` is set: checked between batches).
    pub fn advance(
        &mut self,
        net: &mut Network,
        train: &Windows,
        val: &Windows,
        max_batches: usize,
        cancel: Option<&AtomicBool>,
    ) -> Progress {
        let t0 = now_ms();
        let mut samples = 0usize;
        let mut val_loss = None;
        let mut epoch_ended = false;
        let bpe = self.batches_per_epoch();
        let mut done_batches = 0;
        while self.stop.is_none() && done_batches < max_batches {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                self.finish(net, StopReason::Stopped);
                break;
            }
            if self.batch == 0 {
                self.start_epoch();
            }
            let start = self.batch * self.batch_size;
            let end = (start + self.batch_size).min(self.order.len());
            self.xb.clear();
            self.yb.clear();
            for &i in &self.order[start..end] {
                self.xb.extend_from_slice(train.inputs(i));
                self.yb.extend_from_slice(train.targets(i));
            }
            let b = end - start;
            let loss = net.compute_gradients(&self.xb, &self.yb, b, train.window, self.opts.loss);
            if !loss.is_finite() {
                self.diverge(net, format!("the training loss became {loss}"));
                break;
            }
            let norm = if self.opts.clip > 0.0 {
                clip_grad_norm(&mut net.params, self.opts.clip).0
            } else {
                crate::model::clip::grad_norm(&net.params) as f32
            };
            if !norm.is_finite() {
                self.diverge(net, "the gradient norm became non-finite".into());
                break;
            }
            self.last_good.copy_from_slice(&net.params.values);
            self.optimizer.step(&mut net.params);
            if let Some(i) = net.params.values.iter().position(|v| !v.is_finite()) {
                let name = net
                    .params
                    .tensors
                    .iter()
                    .find(|t| t.range().contains(&i))
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                self.diverge(net, format!("weight `{name}` became non-finite"));
                break;
            }
            self.loss_sum += loss * b as f64;
            self.loss_count += b;
            samples += b;
            self.batch += 1;
            done_batches += 1;
            if self.batch == bpe {
                val_loss = self.end_epoch(net, val);
                epoch_ended = true;
                break;
            }
        }
        let dt = now_ms() - t0;
        self.elapsed_ms += dt;
        Progress {
            epoch: self.epoch,
            batch: if epoch_ended { bpe } else { self.batch },
            batches_per_epoch: bpe,
            train_loss: self.current_train_loss(),
            val_loss: val_loss.or(if self.batch == 0 { self.last_val } else { None }),
            lr: self.optimizer.lr(),
            samples_per_s: if dt > 0.0 {
                samples as f64 * 1000.0 / dt
            } else {
                0.0
            },
            elapsed_ms: self.elapsed_ms,
            done: self.stop.is_some(),
            stop_reason: self.stop,
            message: self.message.clone(),
        }
    }

    /// Ends training now (the caller's stop button): restores the best weights when early
    /// stopping tracked any.
    pub fn stop(&mut self, net: &mut Network) {
        if self.stop.is_none() {
            self.finish(net, StopReason::Stopped);
        }
    }

    fn current_train_loss(&self) -> f64 {
        if self.loss_count > 0 {
            self.loss_sum / self.loss_count as f64
        } else {
            self.history.last().map_or(f64::NAN, |h| h.train_loss)
        }
    }

    fn start_epoch(&mut self) {
        self.epoch += 1;
        self.loss_sum = 0.0;
        self.loss_count = 0;
        if self.opts.shuffle {
            self.rng.shuffle(&mut self.order);
        }
    }

    /// Closes an epoch: validation, history, schedule, early stopping. Returns the validation loss.
    fn end_epoch(&mut self, net: &mut Network, val: &Windows) -> Option<f64> {
        let train_loss = self.loss_sum / self.loss_count.max(1) as f64;
        let val_loss = (val.len > 0).then(|| window_loss(net, val, self.opts.loss));
        self.history.push(EpochRecord {
            epoch: self.epoch,
            train_loss,
            val_loss,
            lr: self.optimizer.lr(),
        });
        self.batch = 0;
        self.last_val = val_loss;
        if let Some(v) = val_loss {
            if !v.is_finite() {
                self.diverge(net, format!("the validation loss became {v}"));
                return val_loss;
            }
        }
        let monitored = val_loss.unwrap_or(train_loss);
        let lr = self.schedule.end_epoch(self.epoch, monitored);
        self.optimizer.set_lr(lr);
        if self.opts.patience > 0 && val.len > 0 {
            if monitored < self.best_val {
                self.best_val = monitored;
                self.bad_epochs = 0;
                match &mut self.best_values {
                    Some(b) => b.copy_from_slice(&net.params.values),
                    None => self.best_values = Some(net.params.values.clone()),
                }
            } else {
                self.bad_epochs += 1;
                if self.bad_epochs >= self.opts.patience {
                    self.finish(net, StopReason::EarlyStopping);
                    return val_loss;
                }
            }
        }
        if self.epoch >= self.opts.epochs {
            self.finish(net, StopReason::Epochs);
        }
        val_loss
    }

    fn diverge(&mut self, net: &mut Network, what: String) {
        net.params.values.copy_from_slice(&self.last_good);
        net.params.zero_grads();
        self.message = Some(format!(
            "training diverged in epoch {} batch {}: {what}; kept the weights of the last good step (try a lower lr or clip)",
            self.epoch,
            self.batch + 1
        ));
        self.stop = Some(StopReason::Diverged);
    }

    /// Ends the run; with early stopping on, the best weights seen are put back.
    fn finish(&mut self, net: &mut Network, reason: StopReason) {
        if let Some(best) = &self.best_values {
            net.params.values.copy_from_slice(best);
        }
        self.stop = Some(reason);
    }
}

/// Predictions of `net` for every window of `set` (inference mode), `[n, outputs]`.
pub fn predict_windows(net: &mut Network, set: &Windows) -> Vec<f32> {
    let xs = set.input_len();
    let mut out = Vec::with_capacity(set.len * net.config.output_size);
    let mut i = 0;
    while i < set.len {
        let b = (set.len - i).min(PREDICT_CHUNK);
        out.extend(net.predict(&set.x[i * xs..(i + b) * xs], b, set.window));
        i += b;
    }
    out
}

/// The mean loss of `net` over every window of `set`.
pub fn window_loss(net: &mut Network, set: &Windows, loss: Loss) -> f64 {
    let pred = predict_windows(net, set);
    loss.value(&pred, &set.y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::CellKind;
    use crate::model::{NetworkConfig, OptimizerKind};

    /// The settings these tests vary; the rest are the playground's defaults (LSTM, seed 42,
    /// Adam at 0.01, clip 1, patience 10, batch 32).
    struct Case {
        hidden: usize,
        window: usize,
        epochs: usize,
        batch: usize,
        patience: usize,
        shuffle: bool,
        lr: f32,
        clip: f32,
        optimizer: OptimizerKind,
    }

    impl Default for Case {
        fn default() -> Self {
            Case {
                hidden: 50,
                window: 10,
                epochs: 50,
                batch: 32,
                patience: 10,
                shuffle: false,
                lr: 0.01,
                clip: 1.0,
                optimizer: OptimizerKind::Adam,
            }
        }
    }

    /// Windows of a scaled sine wave: enough signal for a small net to learn in a few epochs.
    fn sine_windows(n: usize, window: usize, offset: usize) -> Windows {
        let s: Vec<f64> = (0..n + window + offset)
            .map(|t| 0.5 + 0.4 * ((t as f64) * 0.3).sin())
            .collect();
        let targets: Vec<usize> = (offset + window..offset + window + n).collect();
        Windows::build(&s, &targets, window, 1, 0)
    }

    fn setup(case: &Case) -> (Network, Trainer, Windows, Windows) {
        let seed = 42;
        let net = NetworkConfig::new(CellKind::Lstm, case.hidden)
            .init(seed)
            .unwrap();
        let train = sine_windows(60, case.window, 0);
        let val = sine_windows(20, case.window, 60);
        let options = TrainOptions {
            epochs: case.epochs,
            batch: case.batch,
            loss: Loss::Mse,
            clip: case.clip,
            patience: case.patience,
            schedule: ScheduleKind::None,
            shuffle: case.shuffle,
            seed,
        };
        let optimizer = OptimizerConfig::from_kind(case.optimizer, case.lr, 0.0, 0.0).unwrap();
        let t = Trainer::new(&net, optimizer, options, &train).unwrap();
        (net, t, train, val)
    }

    #[test]
    fn learns_a_sine_and_reports_epochs_in_chunks() {
        let cfg = Case {
            hidden: 8,
            window: 6,
            epochs: 15,
            batch: 16,
            patience: 0,
            ..Default::default()
        };
        let (mut net, mut t, train, val) = setup(&cfg);
        let before = window_loss(&mut net, &val, Loss::Mse);
        let p = t.advance(&mut net, &train, &val, 2, None);
        assert_eq!((p.epoch, p.batch, p.batches_per_epoch), (1, 2, 4));
        assert!(p.val_loss.is_none() && !p.done);
        let p = t.advance(&mut net, &train, &val, 100, None);
        assert_eq!((p.epoch, p.batch), (1, 4), "stops at the epoch end");
        assert!(p.val_loss.is_some());
        let mut last = p;
        while !last.done {
            last = t.advance(&mut net, &train, &val, 3, None);
        }
        assert_eq!(last.stop_reason, Some(StopReason::Epochs));
        assert_eq!(t.epochs_run(), 15);
        let after = window_loss(&mut net, &val, Loss::Mse);
        assert!(after < before * 0.5, "val loss {before} -> {after}");
    }

    #[test]
    fn same_seed_same_bits() {
        let cfg = Case {
            hidden: 4,
            window: 5,
            epochs: 2,
            batch: 7,
            shuffle: true,
            ..Default::default()
        };
        let run = || {
            let (mut net, mut t, train, val) = setup(&cfg);
            while !t.advance(&mut net, &train, &val, 5, None).done {}
            net.params.values
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn cancel_and_divergence_keep_good_weights() {
        let cfg = Case {
            hidden: 4,
            window: 5,
            epochs: 5,
            ..Default::default()
        };
        let (mut net, mut t, train, val) = setup(&cfg);
        let flag = AtomicBool::new(true);
        let before = net.params.values.clone();
        let p = t.advance(&mut net, &train, &val, 10, Some(&flag));
        assert_eq!(p.stop_reason, Some(StopReason::Stopped));
        assert_eq!(net.params.values, before);

        let cfg = Case {
            hidden: 4,
            window: 5,
            epochs: 5,
            lr: 1e30,
            clip: 0.0,
            optimizer: OptimizerKind::Sgd,
            ..Default::default()
        };
        let (mut net, mut t, train, val) = setup(&cfg);
        let mut p = t.advance(&mut net, &train, &val, 1, None);
        while !p.done {
            p = t.advance(&mut net, &train, &val, 1, None);
        }
        assert_eq!(p.stop_reason, Some(StopReason::Diverged));
        assert!(
            p.message.as_deref().unwrap().contains("diverged"),
            "{:?}",
            p.message
        );
        assert!(net.params.values.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn early_stopping_restores_the_best_epoch() {
        // Validation targets that contradict training: val loss rises as training fits.
        let cfg = Case {
            hidden: 6,
            window: 5,
            epochs: 40,
            patience: 2,
            batch: 8,
            ..Default::default()
        };
        let (mut net, mut t, train, mut val) = setup(&cfg);
        val.y.iter_mut().for_each(|v| *v = 1.0 - *v);
        let mut p = t.advance(&mut net, &train, &val, usize::MAX, None);
        while !p.done {
            p = t.advance(&mut net, &train, &val, usize::MAX, None);
        }
        assert_eq!(p.stop_reason, Some(StopReason::EarlyStopping));
        let best = t
            .history()
            .iter()
            .filter_map(|h| h.val_loss)
            .fold(f64::INFINITY, f64::min);
        let now = window_loss(&mut net, &val, Loss::Mse);
        assert!(
            (now - best).abs() < 1e-9 * best.max(1.0),
            "restored {now} vs best {best}"
        );
    }
}
