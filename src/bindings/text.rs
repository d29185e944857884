//! The text task's `#[wasm_bindgen]` façade: a [`TextSession`] owns one text run
//! ([`TextExperiment`]): load a text, train in chunks, bits per character beside the baselines,
//! generate, export and import. A failed call leaves the session as it was.

use super::{from_js, js_err, to_js};
use crate::app::text_experiment::generate_text;
use crate::app::{TextExperiment, TextSettings};
use crate::io::text_model::{self, SavedTextModel};
use crate::train::text::SampleOptions;
use crate::train::Freeze;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TEXT_TYPES: &'static str = r#"
/** Options of `TextSession.loadText`: a name for messages and any text setting (defaults: LSTM 128, embed 32, chunk 64, batch 32, Adam 3e-3). */
export interface TextLoadOptions { name?: string; cell?: string; hidden?: number; layers?: number; embed?: number; dropout?: number; forget_bias?: number; epochs?: number; batch?: number; chunk?: number; optimizer?: string; lr?: number; weight_decay?: number; momentum?: number; schedule?: string; clip?: number; patience?: number; seed?: number; train_frac?: number; val_frac?: number; lowercase?: boolean; time_limit_s?: number; }
/** What `loadText` built. */
export interface TextSummary { chars: number; vocab_size: number; split_chars: [number, number, number]; unknown_chars: [number, number, number]; params: number; trainable_params: number; batches_per_epoch: number; notes: string[]; }
/** Progress after `trainBatches`. */
export interface TextProgress { epoch: number; batch: number; batches_per_epoch: number; train_bpc: number; val_bpc: number | null; lr: number; chars_per_s: number; elapsed_ms: number; done: boolean; stop_reason: null | "epochs" | "early_stopping" | "diverged" | "stopped"; message: string | null; }
/** The text metrics (the CLI's metrics file keys). */
export interface TextMetrics { train_bpc: number; val_bpc: number | null; test_bpc: number | null; train_perplexity: number; val_perplexity: number | null; test_perplexity: number | null; unigram_test_bpc: number | null; ngram_test_bpc: number | null; ngram_order: number; unigram_val_bpc: number; ngram_val_bpc: number; ngram_smoothing: string; ngram_train_chars: number; epochs_run: number; best_epoch: number | null; stop_reason: TextProgress["stop_reason"]; train_seconds: number; train_chars_per_s: number; chars: number; vocab_size: number; unknown_chars: [number, number, number]; sample: string; }
/** Options of `generate`. */
export interface GenerateOptions { prime?: string; length?: number; temperature?: number; top_k?: number | null; seed?: number; }
/** What `importModel` loaded. */
export interface ImportedTextModel { vocab_size: number; params: number; fine_tuning: boolean; }
"#;

/// `generate`'s options, every one optional.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct GenerateOptions {
    prime: String,
    length: Option<usize>,
    temperature: Option<f32>,
    top_k: Option<usize>,
    seed: u64,
}

/// One text run in the browser.
#[wasm_bindgen]
#[derive(Default)]
pub struct TextSession {
    run: Option<TextExperiment>,
    /// A model imported before any text was loaded (its file and the model read from it): it
    /// generates, and the next `loadText` fine-tunes it.
    imported: Option<(Vec<u8>, SavedTextModel)>,
    /// The last text loaded (bytes and name), for `importModel` to rebuild the run on.
    text: Option<(Vec<u8>, String)>,
}

#[wasm_bindgen]
impl TextSession {
    /// An empty session.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TextSession {
        TextSession::default()
    }

    /// Reads `text` (UTF-8) and builds the run: splits, vocabulary, a fresh seeded model — or,
    /// after `importModel`, the imported model on this text with its vocabulary.
    #[wasm_bindgen(js_name = loadText, unchecked_return_type = "TextSummary")]
    pub fn load_text(
        &mut self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "TextLoadOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let mut v = from_js(&options, "options")?;
        let name = match v.as_object_mut().and_then(|o| o.remove("name")) {
            Some(Value::String(s)) => s,
            _ => "text".to_string(),
        };
        if v.is_null() {
            v = Value::Object(Default::default());
        }
        let settings: TextSettings =
            serde_json::from_value(v).map_err(|e| js_err(format!("options: {e}")))?;
        let bytes = text.as_bytes();
        let run = match &self.imported {
            Some((file, _)) => {
                let saved = text_model::from_bytes(file).map_err(js_err)?;
                TextExperiment::from_model(saved, bytes, &name, settings, Freeze::None)
            }
            None => TextExperiment::new(bytes, &name, settings),
        }
        .map_err(js_err)?;
        let summary = to_js(&run.summary())?;
        self.run = Some(run);
        self.imported = None;
        self.text = Some((bytes.to_vec(), name));
        Ok(summary)
    }

    /// Trains up to `max_batches` chunks (never past an epoch end).
    #[wasm_bindgen(js_name = trainBatches, unchecked_return_type = "TextProgress")]
    pub fn train_batches(&mut self, max_batches: u32) -> Result<JsValue, JsError> {
        let p = self.run_mut()?.train_batches(max_batches as usize, None);
        to_js(&p)
    }

    /// Ends training now (the best validation epoch's weights are put back).
    pub fn stop(&mut self) {
        if let Some(run) = self.run.as_mut() {
            run.stop();
        }
    }

    /// Bits per character on every split beside the baselines, with a sample.
    #[wasm_bindgen(unchecked_return_type = "TextMetrics")]
    pub fn evaluate(&mut self) -> Result<JsValue, JsError> {
        let m = self.run_mut()?.evaluate().map_err(js_err)?;
        to_js(&m)
    }

    /// Text sampled after `prime`: same options and seed, same text.
    pub fn generate(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "GenerateOptions | undefined")] options: JsValue,
    ) -> Result<String, JsError> {
        let v = from_js(&options, "options")?;
        let o: GenerateOptions = if v.is_null() {
            GenerateOptions::default()
        } else {
            serde_json::from_value(v).map_err(|e| js_err(format!("options: {e}")))?
        };
        let defaults = SampleOptions::default();
        let opts = SampleOptions {
            length: o.length.unwrap_or(defaults.length),
            temperature: o.temperature.unwrap_or(defaults.temperature),
            top_k: o.top_k,
            seed: o.seed,
        };
        match (self.run.as_mut(), self.imported.as_mut()) {
            (Some(run), _) => run.generate(&o.prime, &opts).map_err(js_err),
            (None, Some((_, m))) => {
                generate_text(&mut m.model, &m.vocab, m.lowercase, &o.prime, &opts).map_err(js_err)
            }
            (None, None) => Err(js_err("no model: load a text or import a model first")),
        }
    }

    /// The JSON text model file.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&mut self) -> Result<String, JsError> {
        Ok(self.run_mut()?.export_json(None))
    }

    /// The safetensors text model file.
    #[wasm_bindgen(js_name = exportSafetensors)]
    pub fn export_safetensors(&mut self) -> Result<Vec<u8>, JsError> {
        self.run_mut()?.export_safetensors(None).map_err(js_err)
    }

    /// Loads a text model file (JSON or safetensors). With a text loaded, the run continues from
    /// it on that text (fine-tuning, the model's vocabulary kept); otherwise it generates, and
    /// the next `loadText` fine-tunes it.
    #[wasm_bindgen(js_name = importModel, unchecked_return_type = "ImportedTextModel")]
    pub fn import_model(&mut self, bytes: &[u8]) -> Result<JsValue, JsError> {
        let saved = text_model::from_bytes(bytes).map_err(js_err)?;
        let info = serde_json::json!({
            "vocab_size": saved.vocab.len(),
            "params": saved.model.params.count(),
            "fine_tuning": self.text.is_some(),
        });
        match &self.text {
            Some((text, name)) => {
                let settings = self
                    .run
                    .as_ref()
                    .map(|r| r.settings.clone())
                    .unwrap_or_default();
                let run = TextExperiment::from_model(saved, text, name, settings, Freeze::None)
                    .map_err(js_err)?;
                self.run = Some(run);
            }
            None => self.imported = Some((bytes.to_vec(), saved)),
        }
        to_js(&info)
    }
}

impl TextSession {
    fn run_mut(&mut self) -> Result<&mut TextExperiment, JsError> {
        self.run
            .as_mut()
            .ok_or_else(|| js_err("no text loaded: call loadText first"))
    }
}
