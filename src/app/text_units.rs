//! The unit view of a text run: how every hidden unit of one layer responds, character by
//! character, to a passage (Karpathy's "visualising the predictions and the neuron firings").
//! Kept apart from `text_experiment.rs`: one more method on [`TextExperiment`].

use crate::app::TextExperiment;
use crate::train::text::hidden_states;
use serde::Serialize;

/// One layer's hidden states over a passage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitActivations {
    /// The characters as the model read them, one per step (`<unk>` shown as U+FFFD; lower-cased
    /// when the model is).
    pub chars: Vec<String>,
    /// The layer, from 0.
    pub layer: usize,
    /// Units of the layer.
    pub hidden: usize,
    /// `h` after each character, row-major `[chars.len(), hidden]`.
    pub values: Vec<f32>,
    /// Characters of the passage outside the vocabulary (read as `<unk>`).
    pub unknown: usize,
}

impl TextExperiment {
    /// `h` of `layer` after each character of `passage`, read from a zero state with the current
    /// weights (line ends normalised to `\n`, lower-cased when the model is). Training is not
    /// disturbed: the trainer's carried state is its own.
    pub fn unit_activations(
        &mut self,
        passage: &str,
        layer: usize,
    ) -> Result<UnitActivations, String> {
        let mut text = passage.replace("\r\n", "\n");
        if self.settings.lowercase {
            text = text.to_lowercase();
        }
        let (ids, unknown) = self.corpus.vocab.encode(&text);
        let values = hidden_states(&mut self.model, &ids, layer)?;
        let vocab = &self.corpus.vocab;
        Ok(UnitActivations {
            chars: ids.iter().map(|&id| vocab.decode(&[id])).collect(),
            layer,
            hidden: self.model.config.hidden_size,
            values,
            unknown,
        })
    }
}
