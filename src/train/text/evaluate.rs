//! Bits per character of a character language model on a split: the split is cut into a few
//! contiguous rows (as for training), each read chunk after chunk with the state carried, and
//! every target of every row is scored.

use crate::model::CharLm;
use crate::pipeline::text::{chunk_count, copy_chunk, stream_rows};

/// Rows a split is read in for evaluation (fewer when the split is short). Each row's first
/// few characters are predicted from a zero state, so fewer rows is slightly more faithful;
/// four keep the evaluation of a 10,000-character split at a few milliseconds.
pub const EVAL_ROWS: usize = 4;

/// Rows a split of `len` ids is evaluated in: about one per 2,000 characters, at least
/// [`EVAL_ROWS`] and at most 64.
pub fn eval_rows(len: usize) -> usize {
    (len / 2000).clamp(EVAL_ROWS, 64)
}

/// Steps per evaluation chunk.
pub const EVAL_CHUNK: usize = 128;

/// Mean cross-entropy in nats over every scored target, and the number scored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplitLoss {
    /// Mean negative log-likelihood, nats per character.
    pub nats: f64,
    /// Characters scored.
    pub count: usize,
}

impl SplitLoss {
    /// Bits per character: nats / ln 2.
    pub fn bpc(&self) -> f64 {
        self.nats / std::f64::consts::LN_2
    }

    /// Perplexity per character: e^nats.
    pub fn perplexity(&self) -> f64 {
        self.nats.exp()
    }
}

/// The model's loss on `ids` read as `rows` contiguous rows (clamped so each row holds at
/// least 2 ids) in chunks of [`EVAL_CHUNK`]. `None` when `ids` has fewer than 2 ids.
pub fn split_loss(lm: &mut CharLm, ids: &[u32], rows: usize) -> Option<SplitLoss> {
    let rows = rows.clamp(1, (ids.len() / 2).max(1));
    let (stream, row_len) = stream_rows(ids, rows).ok()?;
    let full = chunk_count(row_len, EVAL_CHUNK);
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut state = None;
    let mut total = 0.0f64;
    let mut count = 0usize;
    let mut start = 0;
    for k in 0..=full {
        let len = if k < full {
            EVAL_CHUNK
        } else {
            row_len - 1 - start
        };
        if len == 0 {
            break;
        }
        x.resize(rows * len, 0);
        y.resize(rows * len, 0);
        copy_chunk(&stream, row_len, start, len, &mut x, &mut y);
        let (loss, next) = lm.loss(&x, &y, rows, len, state.as_ref());
        total += loss * (rows * len) as f64;
        count += rows * len;
        state = Some(next);
        start += len;
    }
    Some(SplitLoss {
        nats: total / count as f64,
        count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::CellKind;
    use crate::model::CharLmConfig;

    #[test]
    fn scores_every_target_and_matches_one_pass() {
        let mut lm = CharLmConfig::new(CellKind::Gru, 4, 3, 5).init(7).unwrap();
        let ids: Vec<u32> = (0..301).map(|i| (i * i % 4) as u32).collect();
        let got = split_loss(&mut lm, &ids, 1).unwrap();
        assert_eq!(got.count, 300);
        // One pass over the whole sequence gives the same mean.
        let (whole, _) = lm.loss(&ids[..300], &ids[1..], 1, 300, None);
        assert!((got.nats - whole).abs() < 1e-6, "{} {whole}", got.nats);
        assert!((got.bpc() - whole / std::f64::consts::LN_2).abs() < 1e-6);
        let rows = split_loss(&mut lm, &ids, 4).unwrap();
        assert_eq!(rows.count, 4 * 74);
        assert!(split_loss(&mut lm, &ids[..1], 4).is_none());
    }
}
