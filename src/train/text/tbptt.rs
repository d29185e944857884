//! Truncated backpropagation through time for the character language model, as a resumable
//! state machine like the series [`crate::train::Trainer`]: [`TextTrainer::advance`] trains up
//! to `n` chunks and returns, never past the end of an epoch.
//!
//! The training ids are cut once into B contiguous rows ([`stream_rows`]). An epoch reads them
//! left to right in chunks of T: step k feeds `rows[:, kT..(k+1)T]` with the next ids as
//! targets, starting from the previous chunk's final state, detached (no gradient flows
//! across a chunk boundary); each epoch starts from zeros. Per chunk: gradients, a finiteness
//! check, global-norm clipping, an optimiser step. Per epoch: validation bits per character,
//! the learning-rate schedule, best-weights tracking and early stopping. When training ends
//! for any reason but divergence, the weights of the best validation epoch are put back.

use super::evaluate::{eval_rows, split_loss};
use crate::model::clip::{clip_grad_norm, grad_norm};
use crate::model::{CharLm, Optimizer, OptimizerConfig, State};
use crate::pipeline::text::{chunk_count, copy_chunk, stream_rows};
use crate::train::clock::now_ms;
use crate::train::schedule::{LrSchedule, ScheduleKind};
use crate::train::StopReason;
use serde::{Deserialize, Serialize};
use std::f64::consts::LN_2;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a text model is trained.
#[derive(Clone, Debug, PartialEq)]
pub struct TbpttOptions {
    /// Maximum epochs (passes over the training rows).
    pub epochs: usize,
    /// Parallel contiguous rows B.
    pub batch: usize,
    /// Steps per chunk T (the truncation length).
    pub chunk: usize,
    /// Global-norm gradient clipping (0 = off).
    pub clip: f32,
    /// Early-stopping patience in epochs on validation bits per character (0 = off).
    pub patience: usize,
    /// Learning-rate schedule (monitoring validation bpc, else training bpc).
    pub schedule: ScheduleKind,
    /// Stop at the first epoch end after this much training time, in seconds (0 = no limit).
    pub time_limit_s: f64,
}

impl Default for TbpttOptions {
    fn default() -> Self {
        TbpttOptions {
            epochs: 20,
            batch: 32,
            chunk: 64,
            clip: 5.0,
            patience: 0,
            schedule: ScheduleKind::None,
            time_limit_s: 0.0,
        }
    }
}

/// What [`TextTrainer::advance`] reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextProgress {
    /// Current epoch, 1-based (0 before the first chunk).
    pub epoch: usize,
    /// Chunks done in the current epoch.
    pub batch: usize,
    /// Chunks per epoch.
    pub batches_per_epoch: usize,
    /// Mean training bits per character over the current epoch's chunks so far.
    pub train_bpc: f64,
    /// Validation bits per character, at the end of an epoch with a validation split.
    pub val_bpc: Option<f64>,
    /// Learning rate in use.
    pub lr: f32,
    /// Training characters (targets) per second during this call.
    pub chars_per_s: f64,
    /// Total training time so far.
    pub elapsed_ms: f64,
    /// Whether training is over.
    pub done: bool,
    /// Why it ended.
    pub stop_reason: Option<StopReason>,
    /// A sentence for the user when training diverged or hit the time limit.
    pub message: Option<String>,
}

/// One finished epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextEpoch {
    /// 1-based epoch.
    pub epoch: usize,
    /// Mean training bits per character of its chunks.
    pub train_bpc: f64,
    /// Validation bits per character, if there is a validation split.
    pub val_bpc: Option<f64>,
    /// Learning rate used.
    pub lr: f32,
}

/// The training state of one text run (the model and validation ids are passed in per call).
#[derive(Debug)]
pub struct TextTrainer {
    opts: TbpttOptions,
    optimizer: Optimizer,
    schedule: LrSchedule,
    rows: Vec<u32>,
    row_len: usize,
    state: Option<State>,
    epoch: usize,
    batch: usize,
    nats_sum: f64,
    nats_count: usize,
    best_val: f64,
    best_epoch: Option<usize>,
    best_values: Option<Vec<f32>>,
    bad_epochs: usize,
    last_good: Vec<f32>,
    history: Vec<TextEpoch>,
    elapsed_ms: f64,
    chars_trained: u64,
    stop: Option<StopReason>,
    message: Option<String>,
    x: Vec<u32>,
    y: Vec<u32>,
}

impl TextTrainer {
    /// A trainer for `lm` on the `train` ids. Fails naming the option when the text is too
    /// short for `batch` rows of at least one chunk and its targets.
    pub fn new(
        lm: &CharLm,
        optimizer: OptimizerConfig,
        opts: TbpttOptions,
        train: &[u32],
    ) -> Result<Self, String> {
        for (name, value) in [("batch", opts.batch), ("chunk", opts.chunk)] {
            if value == 0 {
                return Err(format!("{name} must be at least 1 (got 0)"));
            }
        }
        if !(opts.time_limit_s.is_finite() && opts.time_limit_s >= 0.0) {
            return Err(format!(
                "the time limit must be ≥ 0 seconds (got {})",
                opts.time_limit_s
            ));
        }
        optimizer.validate()?;
        let (rows, row_len) = stream_rows(train, opts.batch).map_err(|e| e.to_string())?;
        if chunk_count(row_len, opts.chunk) == 0 {
            return Err(format!(
                "the training split ({} characters) cut into {} rows gives rows of {row_len}, \
                 shorter than one chunk of {} and its next character: lower batch or chunk",
                train.len(),
                opts.batch,
                opts.chunk
            ));
        }
        let lr = optimizer.lr();
        Ok(TextTrainer {
            optimizer: Optimizer::new(optimizer, &lm.params),
            schedule: LrSchedule::new(opts.schedule, lr, opts.epochs),
            rows,
            row_len,
            state: None,
            epoch: 0,
            batch: 0,
            nats_sum: 0.0,
            nats_count: 0,
            best_val: f64::INFINITY,
            best_epoch: None,
            best_values: None,
            bad_epochs: 0,
            last_good: lm.params.values.clone(),
            history: Vec::new(),
            elapsed_ms: 0.0,
            chars_trained: 0,
            stop: (opts.epochs == 0).then_some(StopReason::Epochs),
            message: None,
            x: Vec::new(),
            y: Vec::new(),
            opts,
        })
    }

    /// Chunks per epoch.
    pub fn batches_per_epoch(&self) -> usize {
        chunk_count(self.row_len, self.opts.chunk)
    }

    /// Finished epochs, oldest first.
    pub fn history(&self) -> &[TextEpoch] {
        &self.history
    }

    /// Number of finished epochs.
    pub fn epochs_run(&self) -> usize {
        self.history.len()
    }

    /// The epoch whose weights are kept (best validation bpc), if any was validated.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best_epoch
    }

    /// Whether training is over, and why.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stop
    }

    /// The options of this run.
    pub fn options(&self) -> &TbpttOptions {
        &self.opts
    }

    /// Total training time so far, milliseconds.
    pub fn elapsed_ms(&self) -> f64 {
        self.elapsed_ms
    }

    /// Training characters (targets) processed so far.
    pub fn chars_trained(&self) -> u64 {
        self.chars_trained
    }

    /// Trains up to `max_batches` chunks (stopping early at the end of an epoch, when training
    /// ends, or when `cancel` is set: checked between chunks). `val` is the validation split's
    /// ids (empty: none).
    pub fn advance(
        &mut self,
        lm: &mut CharLm,
        val: &[u32],
        max_batches: usize,
        cancel: Option<&AtomicBool>,
    ) -> TextProgress {
        let t0 = now_ms();
        let mut chars = 0usize;
        let mut val_bpc = None;
        let bpe = self.batches_per_epoch();
        let (b, t) = (self.opts.batch, self.opts.chunk);
        let mut done = 0;
        let mut epoch_ended = false;
        while self.stop.is_none() && done < max_batches {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                self.finish(lm, StopReason::Stopped);
                break;
            }
            if self.batch == 0 {
                self.epoch += 1;
                self.nats_sum = 0.0;
                self.nats_count = 0;
                self.state = None;
            }
            self.x.resize(b * t, 0);
            self.y.resize(b * t, 0);
            let start = self.batch * t;
            copy_chunk(&self.rows, self.row_len, start, t, &mut self.x, &mut self.y);
            let (loss, next) = lm.compute_gradients(&self.x, &self.y, b, t, self.state.as_ref());
            if !loss.is_finite() {
                self.diverge(lm, format!("the training loss became {loss}"));
                break;
            }
            let norm = if self.opts.clip > 0.0 {
                clip_grad_norm(&mut lm.params, self.opts.clip).0
            } else {
                grad_norm(&lm.params) as f32
            };
            if !norm.is_finite() {
                self.diverge(lm, "the gradient norm became non-finite".into());
                break;
            }
            self.last_good.copy_from_slice(&lm.params.values);
            self.optimizer.step(&mut lm.params);
            if let Some(name) = first_non_finite(lm) {
                self.diverge(lm, format!("weight `{name}` became non-finite"));
                break;
            }
            self.state = Some(next);
            self.nats_sum += loss * (b * t) as f64;
            self.nats_count += b * t;
            chars += b * t;
            self.batch += 1;
            done += 1;
            if self.batch == bpe {
                self.elapsed_ms += now_ms() - t0;
                val_bpc = self.end_epoch(lm, val);
                epoch_ended = true;
                break;
            }
        }
        if !epoch_ended {
            self.elapsed_ms += now_ms() - t0;
        }
        self.chars_trained += chars as u64;
        let dt = now_ms() - t0;
        TextProgress {
            epoch: self.epoch,
            batch: if epoch_ended { bpe } else { self.batch },
            batches_per_epoch: bpe,
            train_bpc: self.current_train_bpc(),
            val_bpc,
            lr: self.optimizer.lr(),
            chars_per_s: if dt > 0.0 {
                chars as f64 * 1000.0 / dt
            } else {
                0.0
            },
            elapsed_ms: self.elapsed_ms,
            done: self.stop.is_some(),
            stop_reason: self.stop,
            message: self.message.clone(),
        }
    }

    /// Ends training now (the caller's stop button), restoring the best weights seen.
    pub fn stop(&mut self, lm: &mut CharLm) {
        if self.stop.is_none() {
            self.finish(lm, StopReason::Stopped);
        }
    }

    fn current_train_bpc(&self) -> f64 {
        if self.nats_count > 0 {
            self.nats_sum / self.nats_count as f64 / LN_2
        } else {
            self.history.last().map_or(f64::NAN, |h| h.train_bpc)
        }
    }

    /// Closes an epoch: validation bpc, history, schedule, best weights, early stopping and
    /// the time limit. Returns the validation bpc.
    fn end_epoch(&mut self, lm: &mut CharLm, val: &[u32]) -> Option<f64> {
        let train_bpc = self.nats_sum / self.nats_count.max(1) as f64 / LN_2;
        let val_bpc = split_loss(lm, val, eval_rows(val.len())).map(|l| l.bpc());
        self.history.push(TextEpoch {
            epoch: self.epoch,
            train_bpc,
            val_bpc,
            lr: self.optimizer.lr(),
        });
        self.batch = 0;
        if let Some(v) = val_bpc.filter(|v| !v.is_finite()) {
            self.diverge(lm, format!("the validation bits per character became {v}"));
            return val_bpc;
        }
        let monitored = val_bpc.unwrap_or(train_bpc);
        let lr = self.schedule.end_epoch(self.epoch, monitored);
        self.optimizer.set_lr(lr);
        if val_bpc.is_some() {
            if monitored < self.best_val {
                self.best_val = monitored;
                self.best_epoch = Some(self.epoch);
                self.bad_epochs = 0;
                match &mut self.best_values {
                    Some(best) => best.copy_from_slice(&lm.params.values),
                    None => self.best_values = Some(lm.params.values.clone()),
                }
            } else {
                self.bad_epochs += 1;
                if self.opts.patience > 0 && self.bad_epochs >= self.opts.patience {
                    self.finish(lm, StopReason::EarlyStopping);
                    return val_bpc;
                }
            }
        }
        if self.epoch >= self.opts.epochs {
            self.finish(lm, StopReason::Epochs);
        } else if self.opts.time_limit_s > 0.0 && self.elapsed_ms >= self.opts.time_limit_s * 1e3 {
            self.message = Some(format!(
                "stopped after epoch {}: the time limit of {} s was reached",
                self.epoch, self.opts.time_limit_s
            ));
            self.finish(lm, StopReason::Stopped);
        }
        val_bpc
    }

    fn diverge(&mut self, lm: &mut CharLm, what: String) {
        lm.params.values.copy_from_slice(&self.last_good);
        lm.params.zero_grads();
        self.message = Some(format!(
            "training diverged in epoch {} chunk {}: {what}; kept the weights of the last good step (try a lower lr or clip)",
            self.epoch,
            self.batch + 1
        ));
        self.stop = Some(StopReason::Diverged);
    }

    /// Ends the run, putting back the best validation epoch's weights.
    fn finish(&mut self, lm: &mut CharLm, reason: StopReason) {
        if let Some(best) = &self.best_values {
            lm.params.values.copy_from_slice(best);
        }
        self.stop = Some(reason);
    }
}

fn first_non_finite(lm: &CharLm) -> Option<String> {
    let i = lm.params.values.iter().position(|v| !v.is_finite())?;
    let tensor = lm.params.tensors.iter().find(|t| t.range().contains(&i))?;
    Some(tensor.name.clone())
}
