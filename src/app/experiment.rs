//! One run on one series: the prepared data, the network, the trainer and the evaluation, behind
//! the small API the CLI and the browser session share. Every method either succeeds or leaves the
//! experiment as it was.

use crate::config::PlaygroundConfig;
use crate::io::{model_file, Header, SavedModel, TrainingRecord};
use crate::model::Network;
use crate::pipeline::covariates::check_feature_names;
use crate::pipeline::{datasets, prepare_with_scalers, FeatureScaling, Prepared, Scaler, Series};
use crate::train::evaluate::{self, Metrics, Predictions};
use crate::train::inspect::{self, parse_split, Inspection};
use crate::train::{Freeze, Progress, Trainer};
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// What `configure` reports (the browser's `ConfigSummary`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigSummary {
    /// Scalar parameters of the network.
    pub params: usize,
    /// Trainable scalar parameters (fewer when frozen).
    pub trainable_params: usize,
    /// Training windows.
    pub train_windows: usize,
    /// Validation windows.
    pub val_windows: usize,
    /// Test windows.
    pub test_windows: usize,
    /// Mini-batch size in use (clamped to the training windows).
    pub batch: usize,
    /// Decisions taken on the user's behalf.
    pub notes: Vec<String>,
    /// Things to know before trusting the numbers.
    pub warnings: Vec<String>,
}

/// A configured run.
#[derive(Debug)]
pub struct Experiment {
    /// The configuration (shared vocabulary).
    pub config: PlaygroundConfig,
    /// The series as loaded.
    pub series: Series,
    /// Windows, scaler, transform.
    pub prepared: Prepared,
    /// The model.
    pub network: Network,
    /// The training state.
    pub trainer: Trainer,
    /// How parameters are frozen.
    pub freeze: Freeze,
    /// Notes of configuration (batch clamping, kept scaler, loaded model).
    pub notes: Vec<String>,
    /// Warnings of configuration.
    pub warnings: Vec<String>,
}

/// Picks the seasonal-naive period: the configured `period`, else the built-in dataset's season
/// (from the series source `dataset NAME`), else none (a CSV of unknown frequency).
pub fn season_for(config: &PlaygroundConfig, source: &str) -> Option<usize> {
    if config.period > 0 {
        return Some(config.period);
    }
    let name = source.strip_prefix("dataset ")?.split_whitespace().next()?;
    datasets::info(name).ok()?.season
}

impl Experiment {
    /// Prepares `series` and builds a fresh, seeded network and optimiser.
    pub fn new(series: Series, config: PlaygroundConfig) -> Result<Self, String> {
        config.validate()?;
        let network = config.network_config().init(config.seed)?;
        // The series' feature columns are those of `features` (names may be spelled
        // differently: an index, another case), so their count must agree.
        let (have, want) = (series.feature_names(), &config.features);
        if have.len() != want.len() {
            return Err(format!(
                "config field `features`: [{}] asked for, but the series was loaded with [{}] \
                 (load the data again with these features)",
                want.join(", "),
                have.join(", ")
            ));
        }
        Self::assemble(
            series,
            config,
            network,
            (None, None),
            Freeze::None,
            Vec::new(),
        )
    }

    /// Continues from a saved model on `series` (fine-tuning or evaluation): the architecture,
    /// window, horizon and transform come from the model; `config` supplies the training options.
    /// With `keep_scaler`, the model's scaler is reused instead of refitted on the new series.
    pub fn from_model(
        series: Series,
        mut config: PlaygroundConfig,
        saved: SavedModel,
        keep_scaler: bool,
        freeze: Freeze,
    ) -> Result<Self, String> {
        let mut notes = saved.notes;
        let t = &saved.training.config;
        config.cell = saved.network.config.cell;
        config.hidden = saved.network.config.hidden_size;
        config.layers = saved.network.config.num_layers;
        config.bidirectional = saved.network.config.bidirectional;
        config.horizon = saved.network.config.output_size;
        // The model reads its own covariates, in its own order: the data must have them.
        config.features = saved.features.iter().map(|f| f.name.clone()).collect();
        if saved.network.config.input_size != 1 + config.features.len() {
            return Err(format!(
                "the model reads {} input(s) per step but its file lists {} feature(s): the \
                 covariate columns it was trained on are unknown",
                saved.network.config.input_size,
                config.features.len()
            ));
        }
        check_feature_names(&series, &config.features).map_err(|e| {
            format!(
                "{e} (the model was trained with features [{}])",
                config.features.join(", ")
            )
        })?;
        if saved.scaler.is_some() {
            config.window = t.window;
            config.stride = t.stride;
            config.transform = saved.transform;
            config.scaler = t.scaler;
        }
        config.validate()?;
        let scaler = match (keep_scaler, saved.scaler) {
            (true, Some(s)) => Some(s),
            (true, None) => {
                notes.push("the model file has no scaler: fitted one on this series".into());
                None
            }
            (false, _) => None,
        };
        let features = (keep_scaler && scaler.is_some()).then_some(saved.features);
        Self::assemble(
            series,
            config,
            saved.network,
            (scaler, features),
            freeze,
            notes,
        )
    }

    fn assemble(
        series: Series,
        config: PlaygroundConfig,
        mut network: Network,
        (scaler, features): (Option<Scaler>, Option<Vec<FeatureScaling>>),
        freeze: Freeze,
        mut notes: Vec<String>,
    ) -> Result<Self, String> {
        let prepared =
            prepare_with_scalers(&series, &config.data_config(), scaler, features.as_deref())
                .map_err(|e| e.to_string())?;
        freeze.apply(&mut network.params, network.config.num_layers)?;
        let mut warnings = prepared.warnings.clone();
        notes.extend(prepared.notes.iter().cloned());
        if prepared.train.len == 0 {
            return Err(format!(
                "no training windows: the training split ({} points) is shorter than window {} + horizon {}",
                prepared.bounds.train_end, config.window, config.horizon
            ));
        }
        if config.batch > prepared.train.len {
            notes.push(format!(
                "batch {} is larger than the {} training windows: using {} (one batch per epoch)",
                config.batch, prepared.train.len, prepared.train.len
            ));
        }
        if config.patience > 0 && prepared.val.len == 0 {
            warnings.push("no validation windows: early stopping is off".into());
        }
        let trainer = Trainer::new(
            &network,
            config.optimizer_config()?,
            config.train_options(),
            &prepared.train,
        )?;
        Ok(Experiment {
            config,
            series,
            prepared,
            network,
            trainer,
            freeze,
            notes,
            warnings,
        })
    }

    /// The summary shown after configuring.
    pub fn summary(&self) -> ConfigSummary {
        let p = &self.network.params;
        ConfigSummary {
            params: p.count(),
            trainable_params: p
                .tensors
                .iter()
                .filter(|t| t.trainable)
                .map(|t| t.len())
                .sum(),
            train_windows: self.prepared.train.len,
            val_windows: self.prepared.val.len,
            test_windows: self.prepared.test.len,
            batch: self.trainer.batch_size(),
            notes: self.notes.clone(),
            warnings: self.warnings.clone(),
        }
    }

    /// Trains up to `max_batches` mini-batches (see [`Trainer::advance`]).
    pub fn train_batches(&mut self, max_batches: usize, cancel: Option<&AtomicBool>) -> Progress {
        self.trainer.advance(
            &mut self.network,
            &self.prepared.train,
            &self.prepared.val,
            max_batches,
            cancel,
        )
    }

    /// Trains until done, calling `on_progress` after every chunk of batches.
    pub fn train_to_end(
        &mut self,
        chunk: usize,
        cancel: Option<&AtomicBool>,
        mut on_progress: impl FnMut(&Progress),
    ) -> Progress {
        loop {
            let p = self.train_batches(chunk.max(1), cancel);
            on_progress(&p);
            if p.done {
                return p;
            }
        }
    }

    /// Ends training now (best weights restored when early stopping tracked them).
    pub fn stop(&mut self) {
        self.trainer.stop(&mut self.network);
    }

    /// Changes which tensors train; the optimiser skips frozen ones from the next batch on.
    pub fn set_freeze(&mut self, freeze: Freeze) -> Result<usize, String> {
        let n = freeze.apply(&mut self.network.params, self.network.config.num_layers)?;
        self.freeze = freeze;
        Ok(n)
    }

    /// Metrics of the current weights on the original scale, with baselines and forecast.
    pub fn evaluate(&mut self) -> Result<Metrics, String> {
        let opts = evaluate::EvalOptions {
            season: season_for(&self.config, &self.series.source),
            steps: self.config.steps,
            interval: Some(self.config.interval),
        };
        let mut m = evaluate::metrics_with(&mut self.network, &self.prepared, &opts)?;
        m.epochs_run = self.trainer.epochs_run();
        m.stop_reason = self.trainer.stop_reason();
        m.best_epoch =
            evaluate::best_epoch(self.trainer.history(), self.config.patience, m.stop_reason);
        let mut w = self.warnings.clone();
        if let Some(msg) = self.trainer.message() {
            w.push(msg.to_string());
        }
        w.append(&mut m.warnings);
        m.warnings = w;
        Ok(m)
    }

    /// One-step predictions over every split plus the forecast past the end.
    pub fn predictions(&mut self) -> Result<Predictions, String> {
        evaluate::predictions(&mut self.network, &self.prepared, self.config.steps)
    }

    /// Window `index` of `split` (`train`, `val` or `test`; in time order, −1 = the last) seen
    /// from inside the network: gates and states, gradient flow and saliency, with the
    /// configured training loss and the current training position (see [`inspect::inspect`]).
    /// One forward and one backward of that window; training continues bit for bit as without it.
    pub fn inspect(&mut self, split: &str, index: i64) -> Result<Inspection, String> {
        let split = parse_split(split)?;
        let loss = self.trainer.options().loss;
        let position = self.trainer.position();
        inspect::inspect(
            &mut self.network,
            &self.prepared,
            split,
            index,
            loss,
            position,
        )
    }

    /// Recursive forecast of `steps` values past the end of the series, original scale.
    pub fn forecast(&mut self, steps: usize) -> Result<Vec<f64>, String> {
        evaluate::forecast(&mut self.network, &self.prepared, steps)
    }

    /// The training record stored in model files.
    pub fn training_record(&self, metrics: Option<&Metrics>) -> TrainingRecord {
        TrainingRecord {
            config: self.config.clone(),
            source: self.series.source.clone(),
            column: self.series.column.clone(),
            epochs_run: self.trainer.epochs_run(),
            stop_reason: self.trainer.stop_reason(),
            history: self.trainer.history().to_vec(),
            metrics: metrics.map(|m| serde_json::to_value(m).expect("metrics serialise")),
        }
    }

    /// The JSON model file.
    pub fn export_json(&self, metrics: Option<&Metrics>) -> String {
        let record = self.training_record(metrics);
        model_file::to_json(&self.network, &self.header(&record))
    }

    /// The safetensors model file.
    pub fn export_safetensors(&self, metrics: Option<&Metrics>) -> Result<Vec<u8>, String> {
        let record = self.training_record(metrics);
        model_file::to_safetensors(&self.network, &self.header(&record))
    }

    fn header<'a>(&'a self, record: &'a TrainingRecord) -> Header<'a> {
        Header {
            scaler: Some(&self.prepared.scaler),
            transform: self.prepared.transform,
            features: &self.prepared.features,
            training: record,
        }
    }
}
