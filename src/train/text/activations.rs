//! The hidden states of one recurrent layer over a passage, for the page's unit view: the
//! passage is read one character at a time from a zero state (inference mode, no dropout), and
//! after each character the layer's `h` (`[hidden]`) is copied out. The same forward code as
//! training and generation; it leaves no trace in the training state (the trainer keeps its
//! own carried state).

use crate::model::CharLm;

/// Longest passage [`hidden_states`] reads, so a pasted book cannot stall the worker.
pub const MAX_PASSAGE_CHARS: usize = 5_000;

/// `h` of `layer` after each of `ids`, row-major `[ids.len(), hidden]`. Fails naming the layer
/// when it does not exist, and when the passage is empty, too long or has an id outside the
/// vocabulary.
pub fn hidden_states(lm: &mut CharLm, ids: &[u32], layer: usize) -> Result<Vec<f32>, String> {
    let (layers, h, v) = (
        lm.config.num_layers,
        lm.config.hidden_size,
        lm.config.vocab_size,
    );
    if layer >= layers {
        return Err(format!(
            "layer {layer} does not exist: the model has {layers} layer(s), numbered from 0"
        ));
    }
    if ids.is_empty() {
        return Err("the passage is empty: give at least one character".into());
    }
    if ids.len() > MAX_PASSAGE_CHARS {
        return Err(format!(
            "the passage has {} characters; the unit view reads at most {MAX_PASSAGE_CHARS}",
            ids.len()
        ));
    }
    if let Some(&bad) = ids.iter().find(|&&id| id as usize >= v) {
        return Err(format!("id {bad} is outside the vocabulary of {v}"));
    }
    let mut out = Vec::with_capacity(ids.len() * h);
    let mut state = None;
    for &id in ids {
        let (_, next) = lm.forward(&[id], 1, 1, state.as_ref());
        // The state is `[layers, batch = 1, hidden]`.
        out.extend_from_slice(&next.h[layer * h..(layer + 1) * h]);
        state = Some(next);
    }
    Ok(out)
}
