//! One run of the character language model on one text: the corpus (splits and vocabulary),
//! the model, the truncated-BPTT trainer, the honest baselines (unigram and interpolated
//! n-gram), generation and the model files, behind the API the CLI (and later the browser
//! session) share. Every method either succeeds or leaves the run as it was.

use crate::cells::CellKind;
use crate::io::text_model::{self, SavedTextModel, TextTrainingRecord};
use crate::metrics::ngram::TextBaselines;
use crate::model::{CharLm, CharLmConfig, OptimizerConfig, OptimizerKind};
use crate::pipeline::text::{TextCorpus, TextOptions};
use crate::train::text::{
    eval_rows, generate, split_loss, SampleOptions, TbpttOptions, TextProgress, TextTrainer,
};
use crate::train::{Freeze, ScheduleKind, StopReason};
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// Highest n-gram order the baseline tries (the order is chosen on the validation split).
pub const NGRAM_MAX_ORDER: usize = 7;

/// Characters generated for the metrics' `sample`.
pub const SAMPLE_LENGTH: usize = 300;

/// Everything that defines a text run: architecture, training and the split. The names are
/// the series configuration's where the concept is the same (`cell`, `hidden`, `lr`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TextSettings {
    /// Recurrent cell.
    pub cell: CellKind,
    /// Units per layer.
    pub hidden: usize,
    /// Stacked layers.
    pub layers: usize,
    /// Embedding width.
    pub embed: usize,
    /// Dropout between layers.
    pub dropout: f32,
    /// LSTM forget-gate bias added after the init.
    pub forget_bias: f32,
    /// Maximum epochs.
    pub epochs: usize,
    /// Parallel contiguous rows per step.
    pub batch: usize,
    /// Truncated-BPTT length.
    pub chunk: usize,
    /// Optimiser.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub lr: f32,
    /// Weight decay.
    pub weight_decay: f32,
    /// Momentum (sgd, rmsprop).
    pub momentum: f32,
    /// Learning-rate schedule.
    pub schedule: ScheduleKind,
    /// Global-norm clipping (0 = off).
    pub clip: f32,
    /// Early-stopping patience on validation bpc (0 = off; the best epoch is kept anyway).
    pub patience: usize,
    /// Seed of the initialisation, dropout and the metrics' sample.
    pub seed: u64,
    /// Training share of the characters.
    pub train_frac: f64,
    /// Validation share.
    pub val_frac: f64,
    /// Lower-case the text before building the vocabulary.
    pub lowercase: bool,
    /// Stop at the first epoch end after this many seconds of training (0 = no limit).
    pub time_limit_s: f64,
}

impl Default for TextSettings {
    fn default() -> Self {
        TextSettings {
            cell: CellKind::Lstm,
            hidden: 128,
            layers: 1,
            embed: 32,
            dropout: 0.0,
            forget_bias: 0.0,
            epochs: 20,
            batch: 32,
            chunk: 64,
            optimizer: OptimizerKind::Adam,
            lr: 3e-3,
            weight_decay: 0.0,
            momentum: 0.0,
            schedule: ScheduleKind::None,
            clip: 5.0,
            patience: 0,
            seed: 42,
            train_frac: 0.8,
            val_frac: 0.1,
            lowercase: false,
            time_limit_s: 0.0,
        }
    }
}

impl TextSettings {
    fn text_options(&self, source: &str) -> TextOptions {
        TextOptions {
            source: source.to_string(),
            lowercase: self.lowercase,
            train_frac: self.train_frac,
            val_frac: self.val_frac,
        }
    }

    fn tbptt(&self) -> TbpttOptions {
        TbpttOptions {
            epochs: self.epochs,
            batch: self.batch,
            chunk: self.chunk,
            clip: self.clip,
            patience: self.patience,
            schedule: self.schedule,
            time_limit_s: self.time_limit_s,
        }
    }

    fn model_config(&self, vocab_size: usize) -> CharLmConfig {
        CharLmConfig {
            cell: self.cell,
            vocab_size,
            embed_size: self.embed,
            hidden_size: self.hidden,
            num_layers: self.layers,
            dropout: self.dropout,
            forget_bias: self.forget_bias,
        }
    }
}

/// The evaluation of a text run: bits per character (and perplexity) on each split beside the
/// baselines, and a sample. The keys are the CLI's metrics file and the page's `train()` result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextMetrics {
    /// Model, training split.
    pub train_bpc: f64,
    /// Model, validation split (`None` without one).
    pub val_bpc: Option<f64>,
    /// Model, test split (`None` without one).
    pub test_bpc: Option<f64>,
    /// Per-character perplexity `2^bpc` on the training split.
    pub train_perplexity: f64,
    /// On the validation split.
    pub val_perplexity: Option<f64>,
    /// On the test split.
    pub test_perplexity: Option<f64>,
    /// Add-one unigram on the test split.
    pub unigram_test_bpc: Option<f64>,
    /// Interpolated n-gram on the test split, at `ngram_order`.
    pub ngram_test_bpc: Option<f64>,
    /// The n-gram order chosen on the validation split.
    pub ngram_order: usize,
    /// The unigram on the validation split.
    pub unigram_val_bpc: f64,
    /// The n-gram on the validation split.
    pub ngram_val_bpc: f64,
    /// How the n-gram is smoothed.
    pub ngram_smoothing: String,
    /// Finished epochs.
    pub epochs_run: usize,
    /// The epoch whose weights are kept (best validation bpc).
    pub best_epoch: Option<usize>,
    /// Why training ended.
    pub stop_reason: Option<StopReason>,
    /// Seconds of training.
    pub train_seconds: f64,
    /// Training characters per second over the whole run.
    pub train_chars_per_s: f64,
    /// Characters of the text, and the vocabulary size (with `<unk>`).
    pub chars: usize,
    /// Vocabulary size, `<unk>` included.
    pub vocab_size: usize,
    /// Characters read as `<unk>` (train, val, test).
    pub unknown_chars: [usize; 3],
    /// Text generated after training ([`SAMPLE_LENGTH`] characters, temperature 1, the run's seed).
    pub sample: String,
}

/// What configuring a text run reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextSummary {
    /// Characters of the normalised text.
    pub chars: usize,
    /// Vocabulary size, `<unk>` included.
    pub vocab_size: usize,
    /// Characters per split (train, val, test).
    pub split_chars: [usize; 3],
    /// Characters read as `<unk>` per split.
    pub unknown_chars: [usize; 3],
    /// Scalar parameters.
    pub params: usize,
    /// Trainable scalar parameters.
    pub trainable_params: usize,
    /// Chunks per epoch.
    pub batches_per_epoch: usize,
    /// What was done on the user's behalf.
    pub notes: Vec<String>,
}

/// A configured text run.
#[derive(Debug)]
pub struct TextExperiment {
    /// The settings (architecture fields follow the model when it was loaded).
    pub settings: TextSettings,
    /// The text's splits and vocabulary.
    pub corpus: TextCorpus,
    /// The model.
    pub model: CharLm,
    /// The training state.
    pub trainer: TextTrainer,
    /// The baselines, fitted once on the training split.
    pub baselines: TextBaselines,
    /// Notes of configuration.
    pub notes: Vec<String>,
}

impl TextExperiment {
    /// Reads `bytes` (named `source` in messages), builds the vocabulary on the training split
    /// and a fresh, seeded model.
    pub fn new(bytes: &[u8], source: &str, settings: TextSettings) -> Result<Self, String> {
        let corpus =
            TextCorpus::from_bytes(bytes, &settings.text_options(source), settings.chunk + 1)
                .map_err(|e| e.to_string())?;
        let model = settings
            .model_config(corpus.vocab.len())
            .init(settings.seed)?;
        Self::assemble(corpus, settings, model, Freeze::None, Vec::new())
    }

    /// Continues from a saved model on a new text (fine-tuning or evaluation): the model's
    /// vocabulary and lower-casing are kept (unseen characters become `<unk>` and are counted),
    /// its architecture replaces the settings'; `settings` gives the training options.
    pub fn from_model(
        saved: SavedTextModel,
        bytes: &[u8],
        source: &str,
        mut settings: TextSettings,
        freeze: Freeze,
    ) -> Result<Self, String> {
        let c = &saved.model.config;
        settings.cell = c.cell;
        settings.hidden = c.hidden_size;
        settings.layers = c.num_layers;
        settings.embed = c.embed_size;
        settings.lowercase = saved.lowercase;
        let opts = settings.text_options(source);
        let corpus =
            TextCorpus::from_bytes_with_vocab(bytes, &opts, settings.chunk + 1, &saved.vocab)
                .map_err(|e| e.to_string())?;
        let notes = vec![format!(
            "kept the model's vocabulary ({} symbols with <unk>); {} characters of this text are not in it and read as <unk>",
            saved.vocab.len(),
            corpus.unknown_count()
        )];
        Self::assemble(corpus, settings, saved.model, freeze, notes)
    }

    fn assemble(
        corpus: TextCorpus,
        settings: TextSettings,
        mut model: CharLm,
        freeze: Freeze,
        mut notes: Vec<String>,
    ) -> Result<Self, String> {
        freeze.apply(&mut model.params, model.config.num_layers)?;
        let optimizer = OptimizerConfig::from_kind(
            settings.optimizer,
            settings.lr,
            settings.momentum,
            settings.weight_decay,
        )?;
        let trainer = TextTrainer::new(&model, optimizer, settings.tbptt(), &corpus.train)?;
        let v = corpus.vocab.len();
        let baselines =
            TextBaselines::fit(&corpus.train, &corpus.val, &corpus.test, v, NGRAM_MAX_ORDER)
                .map_err(|e| e.to_string())?;
        notes.extend(corpus.notes.iter().cloned());
        Ok(TextExperiment {
            settings,
            corpus,
            model,
            trainer,
            baselines,
            notes,
        })
    }

    /// The summary shown after configuring.
    pub fn summary(&self) -> TextSummary {
        let p = &self.model.params;
        let c = &self.corpus;
        TextSummary {
            chars: c.chars,
            vocab_size: c.vocab.len(),
            split_chars: [c.train.len(), c.val.len(), c.test.len()],
            unknown_chars: c.unknown,
            params: p.count(),
            trainable_params: p
                .tensors
                .iter()
                .filter(|t| t.trainable)
                .map(|t| t.len())
                .sum(),
            batches_per_epoch: self.trainer.batches_per_epoch(),
            notes: self.notes.clone(),
        }
    }

    /// Trains up to `max_batches` chunks (see [`TextTrainer::advance`]).
    pub fn train_batches(
        &mut self,
        max_batches: usize,
        cancel: Option<&AtomicBool>,
    ) -> TextProgress {
        self.trainer
            .advance(&mut self.model, &self.corpus.val, max_batches, cancel)
    }

    /// Trains until done, calling `on_progress` after every call of `per_call` chunks.
    pub fn train_to_end(
        &mut self,
        per_call: usize,
        cancel: Option<&AtomicBool>,
        mut on_progress: impl FnMut(&TextProgress),
    ) -> TextProgress {
        loop {
            let p = self.train_batches(per_call.max(1), cancel);
            on_progress(&p);
            if p.done {
                return p;
            }
        }
    }

    /// Ends training now (the best validation epoch's weights are put back).
    pub fn stop(&mut self) {
        self.trainer.stop(&mut self.model);
    }

    /// Bits per character of the current weights on every split, beside the baselines, with a
    /// sample of [`SAMPLE_LENGTH`] characters.
    pub fn evaluate(&mut self) -> Result<TextMetrics, String> {
        let bpc = |lm: &mut CharLm, ids: &[u32]| {
            split_loss(lm, ids, eval_rows(ids.len())).map(|l| l.bpc())
        };
        let train_bpc = bpc(&mut self.model, &self.corpus.train)
            .ok_or("the training split has fewer than 2 characters")?;
        let val_bpc = bpc(&mut self.model, &self.corpus.val);
        let test_bpc = bpc(&mut self.model, &self.corpus.test);
        let sample = self.generate(
            "",
            &SampleOptions {
                length: SAMPLE_LENGTH,
                temperature: 1.0,
                top_k: None,
                seed: self.settings.seed,
            },
        )?;
        let b = &self.baselines;
        let seconds = self.trainer.elapsed_ms() / 1e3;
        Ok(TextMetrics {
            train_bpc,
            val_bpc,
            test_bpc,
            train_perplexity: train_bpc.exp2(),
            val_perplexity: val_bpc.map(f64::exp2),
            test_perplexity: test_bpc.map(f64::exp2),
            unigram_test_bpc: b.unigram_test_bpc,
            ngram_test_bpc: b.ngram_test_bpc,
            ngram_order: b.ngram_order,
            unigram_val_bpc: b.unigram_val_bpc,
            ngram_val_bpc: b.ngram_val_bpc,
            ngram_smoothing: b.ngram_smoothing.to_string(),
            epochs_run: self.trainer.epochs_run(),
            best_epoch: self.trainer.best_epoch(),
            stop_reason: self.trainer.stop_reason(),
            train_seconds: seconds,
            train_chars_per_s: if seconds > 0.0 {
                self.trainer.chars_trained() as f64 / seconds
            } else {
                0.0
            },
            chars: self.corpus.chars,
            vocab_size: self.corpus.vocab.len(),
            unknown_chars: self.corpus.unknown,
            sample,
        })
    }

    /// Text generated after `prime` (lower-cased when the model is; characters outside the
    /// vocabulary read as `<unk>`). An empty prime starts from a newline (or `<unk>` when the
    /// vocabulary has none). Returns the new characters only.
    pub fn generate(&mut self, prime: &str, opts: &SampleOptions) -> Result<String, String> {
        generate_text(
            &mut self.model,
            &self.corpus.vocab,
            self.settings.lowercase,
            prime,
            opts,
        )
    }

    /// The training record stored in model files.
    pub fn training_record(&self, metrics: Option<&TextMetrics>) -> TextTrainingRecord {
        TextTrainingRecord {
            source: self.corpus.source.clone(),
            settings: serde_json::to_value(&self.settings).expect("settings serialise"),
            epochs_run: self.trainer.epochs_run(),
            best_epoch: self.trainer.best_epoch(),
            stop_reason: self.trainer.stop_reason(),
            history: self.trainer.history().to_vec(),
            metrics: metrics.map(|m| serde_json::to_value(m).expect("metrics serialise")),
        }
    }

    /// The JSON text model file.
    pub fn export_json(&self, metrics: Option<&TextMetrics>) -> String {
        let record = self.training_record(metrics);
        text_model::to_json(
            &self.model,
            &self.corpus.vocab,
            self.settings.lowercase,
            &record,
        )
    }

    /// The safetensors text model file.
    pub fn export_safetensors(&self, metrics: Option<&TextMetrics>) -> Result<Vec<u8>, String> {
        let record = self.training_record(metrics);
        text_model::to_safetensors(
            &self.model,
            &self.corpus.vocab,
            self.settings.lowercase,
            &record,
        )
    }
}

/// Generation with a vocabulary: encodes `prime` (see [`TextExperiment::generate`]), samples,
/// decodes. Shared with the `generate` command, which has a model file and no text.
pub fn generate_text(
    model: &mut CharLm,
    vocab: &crate::pipeline::text::CharVocab,
    lowercase: bool,
    prime: &str,
    opts: &SampleOptions,
) -> Result<String, String> {
    let prime = if lowercase {
        prime.to_lowercase()
    } else {
        prime.to_string()
    };
    let mut ids = vocab.encode(&prime).0;
    if ids.is_empty() {
        ids.push(vocab.id_of('\n').unwrap_or(crate::pipeline::text::UNK_ID));
    }
    let out = generate(model, &ids, opts)?;
    Ok(vocab.decode(&out))
}
