//! Embedding table `Embedding(V, E)` (PyTorch `nn.Embedding`), over an external [`Params`]:
//! forward is a gather of rows by id, backward a scatter-add of the output gradient into the
//! rows of the ids that occurred (rows of ids that never occur get no gradient).

use crate::model::params::Params;
use crate::rng::Rng;
use std::ops::Range;

/// A lookup table: `weight` `[num_embeddings, embedding_dim]`.
#[derive(Clone, Debug)]
pub struct Embedding {
    /// Number of rows (the vocabulary size V).
    pub num_embeddings: usize,
    /// Width of a row (E).
    pub embedding_dim: usize,
    weight: Range<usize>,
}

impl Embedding {
    /// Registers `{prefix}weight` (`[V, E]`, zero-filled) in `params`.
    pub fn new(
        num_embeddings: usize,
        embedding_dim: usize,
        params: &mut Params,
        prefix: &str,
    ) -> Self {
        let weight = params.register(format!("{prefix}weight"), &[num_embeddings, embedding_dim]);
        Embedding {
            num_embeddings,
            embedding_dim,
            weight,
        }
    }

    /// PyTorch's initialisation: every weight drawn from the standard normal `N(0, 1)`.
    pub fn init_params(&self, params: &mut Params, rng: &mut Rng) {
        params.values[self.weight.clone()]
            .iter_mut()
            .for_each(|v| *v = rng.normal() as f32);
    }

    /// `out [ids.len(), E]`: row `k` is the table's row `ids[k]`. Panics on an id ≥ V (the
    /// text layer maps every character to an id below V, `<unk>` included).
    pub fn forward(&self, params: &Params, ids: &[u32], out: &mut [f32]) {
        let e = self.embedding_dim;
        assert_eq!(
            out.len(),
            ids.len() * e,
            "embedding output must be [ids, E]"
        );
        let table = &params.values[self.weight.clone()];
        for (row, &id) in out.chunks_exact_mut(e).zip(ids) {
            let id = self.checked(id);
            row.copy_from_slice(&table[id * e..][..e]);
        }
    }

    /// Adds `d_out [ids.len(), E]` into the gradient rows of `ids` (a repeated id accumulates).
    pub fn backward(&self, params: &mut Params, ids: &[u32], d_out: &[f32]) {
        let e = self.embedding_dim;
        assert_eq!(
            d_out.len(),
            ids.len() * e,
            "embedding gradient must be [ids, E]"
        );
        let grads = &mut params.grads[self.weight.clone()];
        for (row, &id) in d_out.chunks_exact(e).zip(ids) {
            let id = self.checked(id);
            for (g, d) in grads[id * e..][..e].iter_mut().zip(row) {
                *g += d;
            }
        }
    }

    fn checked(&self, id: u32) -> usize {
        let id = id as usize;
        assert!(
            id < self.num_embeddings,
            "token id {id} is outside the embedding table of {} rows",
            self.num_embeddings
        );
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_and_scatter_add_by_hand() {
        let mut p = Params::new();
        let emb = Embedding::new(3, 2, &mut p, "embed.");
        p.values.copy_from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let mut out = [0.0; 6];
        emb.forward(&p, &[2, 0, 2], &mut out);
        assert_eq!(out, [5.0, 6.0, 1.0, 2.0, 5.0, 6.0]);
        emb.backward(&mut p, &[2, 0, 2], &[1.0, 1.0, 0.5, 0.25, 2.0, 3.0]);
        assert_eq!(p.grads, [0.5, 0.25, 0.0, 0.0, 3.0, 4.0]);
    }

    #[test]
    fn init_is_standard_normal_and_seeded() {
        let mut p = Params::new();
        let emb = Embedding::new(100, 50, &mut p, "embed.");
        emb.init_params(&mut p, &mut Rng::new(5));
        let n = p.values.len() as f64;
        let mean = p.values.iter().map(|&v| v as f64).sum::<f64>() / n;
        let var = p
            .values
            .iter()
            .map(|&v| (v as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        assert!(
            mean.abs() < 0.05 && (var - 1.0).abs() < 0.08,
            "{mean} {var}"
        );
        let mut q = Params::new();
        Embedding::new(100, 50, &mut q, "embed.").init_params(&mut q, &mut Rng::new(5));
        assert_eq!(p.values, q.values);
    }
}
