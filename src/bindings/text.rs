//! The text task's façade: a [`TextSession`] owns one text, its character language model and
//! the truncated-BPTT trainer ([`TextExperiment`]), as [`super::Session`] does for a series.
//! The page's worker (`www/engine-text.js`) drives it in chunks. Objects cross as plain JS
//! objects with the CLI's snake_case keys; a failed call leaves the session as it was.

use super::{from_js, js_err, set, to_js};
use crate::app::text_experiment::generate_text;
use crate::app::{TextExperiment, TextSettings};
use crate::io::text_model::{self, SavedTextModel};
use crate::pipeline::corpora;
use crate::train::text::SampleOptions;
use crate::train::Freeze;
use js_sys::{Float32Array, Object};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The built-in corpora: `{key, label, description, chars, licence, file}[]`. This build has no
/// text compiled in: the page fetches `file` and passes its bytes to `TextSession.loadText`.
#[wasm_bindgen(unchecked_return_type = "CorpusInfo[]")]
pub fn corpora() -> Result<JsValue, JsError> {
    to_js(&corpora::list())
}

/// The text the session reads, kept so new settings or an imported model can be applied to it.
struct LoadedText {
    bytes: Vec<u8>,
    source: String,
}

/// One text run in the browser: the text, the model, the trainer.
#[wasm_bindgen]
pub struct TextSession {
    text: Option<LoadedText>,
    experiment: Option<TextExperiment>,
    /// A model imported before any text was loaded (its file, the model read from it and the
    /// freeze asked for): it generates, and the next `loadText` continues from it (fine-tuning,
    /// its vocabulary kept, those layers frozen).
    imported: Option<(Vec<u8>, SavedTextModel, Freeze)>,
}

impl Default for TextSession {
    fn default() -> Self {
        Self::new()
    }
}

/// Reads the settings object (missing keys = defaults, unknown keys refused by name).
fn settings_from(v: &JsValue) -> Result<TextSettings, JsError> {
    let value = from_js(v, "text settings")?;
    if value.is_null() {
        return Ok(TextSettings::default());
    }
    serde_json::from_value(value).map_err(|e| JsError::new(&format!("text settings: {e}")))
}

/// What loading a text or a model reports: the summary, the settings in force and the
/// baselines the chart draws before training has produced any metrics.
fn loaded(ex: &TextExperiment) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Loaded<'a> {
        source: &'a str,
        #[serde(flatten)]
        summary: crate::app::TextSummary,
        settings: &'a TextSettings,
        unigram_val_bpc: f64,
        ngram_val_bpc: f64,
        ngram_order: usize,
        ngram_smoothing: &'a str,
        vocabulary: Vec<String>,
    }
    let b = &ex.baselines;
    to_js(&Loaded {
        source: &ex.corpus.source,
        summary: ex.summary(),
        settings: &ex.settings,
        unigram_val_bpc: b.unigram_val_bpc,
        ngram_val_bpc: b.ngram_val_bpc,
        ngram_order: b.ngram_order,
        ngram_smoothing: b.ngram_smoothing,
        vocabulary: ex.corpus.vocab.to_list(),
    })
}

#[wasm_bindgen]
impl TextSession {
    /// An empty session.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TextSession {
        console_error_panic_hook::set_once();
        TextSession {
            text: None,
            experiment: None,
            imported: None,
        }
    }

    /// Reads UTF-8 `bytes` (named `source` in messages: a file name, "pasted text", "corpus
    /// sonnets"), builds the vocabulary on the training split and a fresh seeded model with
    /// `settings` (`TextSettings` keys; missing = defaults) or, after an `importModel` with no
    /// text loaded, the imported model on this text with its vocabulary. On error the loaded
    /// text and model stay.
    #[wasm_bindgen(js_name = loadText, unchecked_return_type = "TextLoaded")]
    pub fn load_text(
        &mut self,
        bytes: &[u8],
        source: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | undefined")]
        settings: JsValue,
    ) -> Result<JsValue, JsError> {
        let settings = settings_from(&settings)?;
        let ex = match &self.imported {
            Some((file, _, freeze)) => {
                let saved = text_model::from_bytes(file).map_err(js_err)?;
                TextExperiment::from_model(saved, bytes, source, settings, *freeze)
            }
            None => TextExperiment::new(bytes, source, settings),
        }
        .map_err(js_err)?;
        let out = loaded(&ex)?;
        self.imported = None;
        self.text = Some(LoadedText {
            bytes: bytes.to_vec(),
            source: source.to_string(),
        });
        self.experiment = Some(ex);
        Ok(out)
    }

    /// A fresh model with new `settings` on the loaded text (the vocabulary is rebuilt, so
    /// `lowercase` and the split fractions apply).
    #[wasm_bindgen(unchecked_return_type = "TextLoaded")]
    pub fn configure(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | undefined")]
        settings: JsValue,
    ) -> Result<JsValue, JsError> {
        let t = self.loaded_text()?;
        let settings = settings_from(&settings)?;
        let ex = TextExperiment::new(&t.bytes, &t.source, settings).map_err(js_err)?;
        let out = loaded(&ex)?;
        self.experiment = Some(ex);
        Ok(out)
    }

    fn loaded_text(&self) -> Result<&LoadedText, JsError> {
        self.text
            .as_ref()
            .ok_or_else(|| JsError::new("no text loaded: call loadText first"))
    }

    fn experiment(&mut self) -> Result<&mut TextExperiment, JsError> {
        self.experiment
            .as_mut()
            .ok_or_else(|| JsError::new("no text model: call loadText first"))
    }

    /// Trains up to `max_batches` chunks (stopping at an epoch's end): `TextProgress`.
    #[wasm_bindgen(js_name = trainBatches, unchecked_return_type = "TextProgress")]
    pub fn train_batches(&mut self, max_batches: u32) -> Result<JsValue, JsError> {
        let p = self
            .experiment()?
            .train_batches(max_batches.max(1) as usize, None);
        to_js(&p)
    }

    /// The finished epochs `{epoch, train_bpc, val_bpc, lr}[]`.
    #[wasm_bindgen(unchecked_return_type = "TextEpoch[]")]
    pub fn history(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.experiment()?.trainer.history())
    }

    /// Ends training now (the best validation epoch's weights are put back).
    pub fn stop(&mut self) {
        if let Some(ex) = self.experiment.as_mut() {
            ex.stop();
        }
    }

    /// The metrics object: the keys of the CLI's metrics file (`train_bpc`, `val_bpc`,
    /// `test_bpc`, `unigram_test_bpc`, `ngram_test_bpc`, `ngram_order`, `epochs_run`,
    /// `best_epoch`, `sample`, …).
    #[wasm_bindgen(unchecked_return_type = "TextMetrics")]
    pub fn evaluate(&mut self) -> Result<JsValue, JsError> {
        let m = self.experiment()?.evaluate().map_err(js_err)?;
        to_js(&m)
    }

    /// Text after `options.prime`: `{prime?: string, length?: number (200), temperature?: number
    /// (1), top_k?: number | null, seed?: number (0)}`. The same options and weights give the
    /// same text. Returns the new characters only.
    pub fn generate(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "GenerateOptions | undefined")] options: JsValue,
    ) -> Result<String, JsError> {
        let o = from_js(&options, "generate options")?;
        let d = SampleOptions::default();
        let num = |key: &str| o.get(key).filter(|v| !v.is_null());
        let opts = SampleOptions {
            length: match num("length") {
                Some(v) => as_count(v, "length")?,
                None => d.length,
            },
            temperature: match num("temperature") {
                Some(v) => v
                    .as_f64()
                    .ok_or_else(|| JsError::new("generate options: temperature must be a number"))?
                    as f32,
                None => d.temperature,
            },
            top_k: num("top_k").map(|v| as_count(v, "top_k")).transpose()?,
            seed: match num("seed") {
                Some(v) => v.as_u64().ok_or_else(|| {
                    JsError::new("generate options: seed must be a whole number ≥ 0")
                })?,
                None => d.seed,
            },
        };
        let prime = o.get("prime").and_then(Value::as_str).unwrap_or("");
        if self.experiment.is_none() {
            if let Some((_, saved, _)) = self.imported.as_mut() {
                return generate_text(
                    &mut saved.model,
                    &saved.vocab,
                    saved.lowercase,
                    prime,
                    &opts,
                )
                .map_err(js_err);
            }
        }
        self.experiment()?.generate(prime, &opts).map_err(js_err)
    }

    /// One layer's hidden states over `passage`: `{chars: string[], layer, hidden, values:
    /// Float32Array [chars·hidden], unknown}`. Training is not disturbed.
    #[wasm_bindgen(unchecked_return_type = "UnitActivations")]
    pub fn activations(&mut self, passage: &str, layer: u32) -> Result<JsValue, JsError> {
        let u = self
            .experiment()?
            .unit_activations(passage, layer as usize)
            .map_err(js_err)?;
        #[derive(Serialize)]
        struct Head<'a> {
            chars: &'a [String],
            layer: usize,
            hidden: usize,
            unknown: usize,
        }
        let obj = to_js(&Head {
            chars: &u.chars,
            layer: u.layer,
            hidden: u.hidden,
            unknown: u.unknown,
        })?;
        set(
            obj.unchecked_ref::<Object>(),
            "values",
            &Float32Array::from(&u.values[..]),
        );
        Ok(obj)
    }

    /// The JSON text model file.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&mut self) -> Result<String, JsError> {
        Ok(self.experiment()?.export_json(None))
    }

    /// The safetensors text model file (PyTorch `state_dict` names, vocabulary in the metadata).
    #[wasm_bindgen(js_name = exportSafetensors)]
    pub fn export_safetensors(&mut self) -> Result<Vec<u8>, JsError> {
        self.experiment()?.export_safetensors(None).map_err(js_err)
    }

    /// Loads a text model file (JSON or safetensors). With a text loaded, the run continues from
    /// it on that text (its vocabulary kept: unseen characters read as `<unk>` and are counted in
    /// the notes; its training settings kept); without one it generates, and the next `loadText`
    /// continues from it. `freeze` (`"none"` when absent, `"recurrent"`, `"first:K"`: the
    /// series' fine-tuning choices) keeps those parameters fixed while it trains. Returns
    /// `{fine_tuning, vocab_size, params, loaded}` (`loaded` as `loadText` reports, `null`
    /// without a text); on error the old model stays.
    #[wasm_bindgen(js_name = importModel, unchecked_return_type = "TextImported")]
    pub fn import_model(
        &mut self,
        bytes: &[u8],
        freeze: Option<String>,
    ) -> Result<JsValue, JsError> {
        let freeze: Freeze = freeze
            .as_deref()
            .unwrap_or("none")
            .parse()
            .map_err(js_err)?;
        if !text_model::is_text_model(bytes) {
            return Err(JsError::new(
                "this is not a text model file (format rnn-playground-text-model): a series model \
                 opens in the series playground",
            ));
        }
        let saved = text_model::from_bytes(bytes).map_err(js_err)?;
        let (vocab_size, params) = (saved.vocab.len(), saved.model.params.count());
        let head = |fine_tuning: bool, loaded: JsValue| -> Result<JsValue, JsError> {
            #[derive(Serialize)]
            struct Imported {
                fine_tuning: bool,
                vocab_size: usize,
                params: usize,
            }
            let obj = to_js(&Imported {
                fine_tuning,
                vocab_size,
                params,
            })?;
            set(obj.unchecked_ref::<Object>(), "loaded", &loaded);
            Ok(obj)
        };
        let Some(t) = self.text.as_ref() else {
            if let Freeze::First(k) = freeze {
                let layers = saved.model.config.num_layers;
                if k > layers {
                    return Err(JsError::new(&format!(
                        "freeze first:{k}: the model has only {layers} recurrent layer(s)"
                    )));
                }
            }
            self.imported = Some((bytes.to_vec(), saved, freeze));
            self.experiment = None;
            return head(false, JsValue::NULL);
        };
        let settings = serde_json::from_value::<TextSettings>(saved.training.settings.clone())
            .unwrap_or_default();
        let ex = TextExperiment::from_model(saved, &t.bytes, &t.source, settings, freeze)
            .map_err(js_err)?;
        let out = loaded(&ex)?;
        self.experiment = Some(ex);
        head(true, out)
    }
}

/// A whole number ≥ 0 from a JSON value, or an error naming `key`.
fn as_count(v: &Value, key: &str) -> Result<usize, JsError> {
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| {
            JsError::new(&format!(
                "generate options: {key} must be a whole number ≥ 0"
            ))
        })
}

#[wasm_bindgen(typescript_custom_section)]
const TEXT_TS_TYPES: &'static str = r#"
/** A built-in text corpus. */
export interface CorpusInfo { key: string; label: string; description: string; chars: number; licence: string; file: string; }
/** What `TextSession.loadText`, `configure` and `importModel` report. */
export interface TextLoaded { source: string; chars: number; vocab_size: number; split_chars: [number, number, number]; unknown_chars: [number, number, number]; params: number; trainable_params: number; batches_per_epoch: number; notes: string[]; settings: Record<string, unknown>; unigram_val_bpc: number; ngram_val_bpc: number; ngram_order: number; ngram_smoothing: string; vocabulary: string[]; }
/** Text training progress after `trainBatches`. */
export interface TextProgress { epoch: number; batch: number; batches_per_epoch: number; train_bpc: number; val_bpc: number | null; lr: number; chars_per_s: number; elapsed_ms: number; done: boolean; stop_reason: null | "epochs" | "early_stopping" | "diverged" | "stopped"; message: string | null; }
/** One finished epoch of a text run. */
export interface TextEpoch { epoch: number; train_bpc: number; val_bpc: number | null; lr: number; }
/** The text metrics (the CLI's metrics file keys). */
export interface TextMetrics { train_bpc: number; val_bpc: number | null; test_bpc: number | null; train_perplexity: number; val_perplexity: number | null; test_perplexity: number | null; unigram_test_bpc: number | null; ngram_test_bpc: number | null; ngram_order: number; unigram_val_bpc: number; ngram_val_bpc: number; ngram_smoothing: string; epochs_run: number; best_epoch: number | null; stop_reason: TextProgress["stop_reason"]; train_seconds: number; train_chars_per_s: number; chars: number; vocab_size: number; unknown_chars: [number, number, number]; sample: string; }
/** What `TextSession.importModel` loaded: `loaded` is `null` when no text was loaded (the model generates; the next `loadText` continues from it). */
export interface TextImported { fine_tuning: boolean; vocab_size: number; params: number; loaded: TextLoaded | null; }
/** Options of `TextSession.generate`. */
export interface GenerateOptions { prime?: string; length?: number; temperature?: number; top_k?: number | null; seed?: number; }
/** One layer's hidden states over a passage: `values` is `[chars.length, hidden]` row-major. */
export interface UnitActivations { chars: string[]; layer: number; hidden: number; unknown: number; values: Float32Array; }
"#;
