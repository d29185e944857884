//! The honest baselines of the character-level language model, in bits per character:
//!
//! - [`Unigram`]: add-one (Laplace) smoothing over the vocabulary,
//!   `p(w) = (c(w) + 1) / (N + V)` with `N` training characters and `V` ids (`<unk>` included).
//! - [`Ngram`]: **interpolated Kneser–Ney** of orders 1 to [`MAX_ORDER`] (7). For a context `h`
//!   and its shortening `h'` (the oldest character dropped),
//!   `p(w | h) = max(c(h w) − D, 0) / c(h) + D · N1+(h •) / c(h) · p(w | h')`, where at the
//!   model's highest order `c` are raw counts and at every lower order continuation counts
//!   (`c(h w)` = the number of distinct characters seen before `h w`); `N1+(h •)` is the number
//!   of distinct `w` with `c(h w) > 0`. Below order 1 is the uniform `1/V`, so `<unk>` and unseen
//!   characters keep some probability. A context never seen (`c(h) = 0`) defers to `p(w | h')`.
//!   The discount of each order and count kind is `D = n1 / (n1 + 2·n2)` from its numbers of
//!   counts equal to 1 and 2 (0.5 when either is 0). Near the start of a slice, where fewer than
//!   `order − 1` characters precede, the longest available context uses raw counts.
//!
//! Both score a slice of ids as the mean of `−log2 p` over **every position but the first**,
//! each predicted from the ids before it in the same slice (the first is context only): the
//! targets a model reading the slice from its start predicts. The n-gram's order is chosen on
//! the validation split ([`Ngram::choose_order`]); [`TextBaselines`] gathers what a metrics file
//! reports.
//!
//! Cost: fitting keeps one hash-map entry per distinct k-gram of the training text, k ≤ order
//! (about 240,000 for Hamlet's training split at order 7), so memory grows with the text and the
//! order.

use std::collections::HashMap;

use serde::Serialize;

use crate::pipeline::PipelineError;

/// The highest n-gram order fitted by default and the most [`Ngram::fit`] accepts.
pub const MAX_ORDER: usize = 7;

/// [`TextBaselines::fit`] counts the n-gram on at most this many training characters (the last
/// ones, next to the validation split): about 60 bytes per counted (context, character) pair
/// keeps the model of a 2,000,000-character text at order 7 within a few hundred MB, which a
/// browser tab can hold; a 50 MB text counted whole would not fit.
pub const MAX_NGRAM_TRAIN_CHARS: usize = 2_000_000;

/// How [`Ngram`] smooths, as metrics files state it.
pub const NGRAM_SMOOTHING: &str =
    "interpolated Kneser-Ney (D = n1/(n1+2 n2) per order), uniform below order 1";
/// How [`Unigram`] smooths, as metrics files state it.
pub const UNIGRAM_SMOOTHING: &str = "add-one (Laplace) over the vocabulary";

fn invalid(message: String) -> PipelineError {
    PipelineError::InvalidValues {
        what: "n-gram baseline".to_string(),
        message,
    }
}

/// Checks that every id is below `vocab_size`.
fn check_ids(ids: &[u32], vocab_size: usize, what: &str) -> Result<(), PipelineError> {
    match ids.iter().position(|&id| id as usize >= vocab_size) {
        Some(i) => Err(invalid(format!(
            "{what} id {} at position {i} is not below the vocabulary size {vocab_size}",
            ids[i]
        ))),
        None => Ok(()),
    }
}

/// Checks that a slice to score has a target (at least 2 ids) and valid ids.
fn check_scored(ids: &[u32], vocab_size: usize) -> Result<(), PipelineError> {
    if ids.len() < 2 {
        return Err(invalid(format!(
            "{} ids to score: at least 2 are needed (the first is context only)",
            ids.len()
        )));
    }
    check_ids(ids, vocab_size, "scored")
}

/// Add-one unigram model over a vocabulary of `V` ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Unigram {
    /// `p(w)` for every id.
    probs: Vec<f64>,
}

impl Unigram {
    /// Counts `train` (every id below `vocab_size`, which must be at least 1).
    pub fn fit(train: &[u32], vocab_size: usize) -> Result<Self, PipelineError> {
        if vocab_size == 0 {
            return Err(invalid("the vocabulary is empty".to_string()));
        }
        check_ids(train, vocab_size, "training")?;
        let mut counts = vec![0u64; vocab_size];
        for &id in train {
            counts[id as usize] += 1;
        }
        let denom = (train.len() + vocab_size) as f64;
        Ok(Unigram {
            probs: counts.iter().map(|&c| (c as f64 + 1.0) / denom).collect(),
        })
    }

    /// `p(id)`; 0 for an id outside the vocabulary.
    pub fn prob(&self, id: u32) -> f64 {
        self.probs.get(id as usize).copied().unwrap_or(0.0)
    }

    /// Mean bits per character over `ids[1..]`.
    pub fn bits_per_char(&self, ids: &[u32]) -> Result<f64, PipelineError> {
        check_scored(ids, self.probs.len())?;
        let bits: f64 = ids[1..].iter().map(|&w| -self.prob(w).log2()).sum();
        Ok(bits / (ids.len() - 1) as f64)
    }
}

/// Counts of one context node: raw (index 0) and continuation (index 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct NodeStats {
    /// `Σ_w c(h w)` for each count kind (at most the training length, below 2³²: texts are at
    /// most 50 MB).
    total: [u32; 2],
    /// `N1+(h •)` for each count kind.
    types: [u32; 2],
}

/// An interpolated Kneser–Ney character model of every order 1..=`max_order` at once.
#[derive(Clone, Debug)]
pub struct Ngram {
    vocab_size: usize,
    max_order: usize,
    /// Context trie, newest character first: `(parent << 32) | id` → child node. Node 0 is the
    /// empty context; a node's context is its parent's with one older character in front.
    children: HashMap<u64, u32>,
    /// `(node << 32) | w` → `[raw, continuation]` count of `w` after the node's context.
    counts: HashMap<u64, [u32; 2]>,
    /// Per node.
    nodes: Vec<NodeStats>,
    /// `discounts[d][kind]` for contexts of length `d`.
    discounts: Vec<[f64; 2]>,
}

fn key(node: u32, id: u32) -> u64 {
    ((node as u64) << 32) | id as u64
}

impl Ngram {
    /// Counts every k-gram of `train` for k = 1..=`max_order` (1 to [`MAX_ORDER`]); ids must be
    /// below `vocab_size`.
    pub fn fit(train: &[u32], vocab_size: usize, max_order: usize) -> Result<Self, PipelineError> {
        if !(1..=MAX_ORDER).contains(&max_order) {
            return Err(invalid(format!(
                "order {max_order}: choose between 1 and {MAX_ORDER}"
            )));
        }
        if vocab_size == 0 {
            return Err(invalid("the vocabulary is empty".to_string()));
        }
        check_ids(train, vocab_size, "training")?;
        let mut children: HashMap<u64, u32> = HashMap::new();
        let mut counts: HashMap<u64, [u32; 2]> = HashMap::new();
        let mut parent: Vec<u32> = vec![0];
        let mut depth: Vec<u8> = vec![0];
        for (i, &w) in train.iter().enumerate() {
            let mut node = 0u32;
            for d in 0..=i.min(max_order - 1) {
                if d > 0 {
                    let next = parent.len() as u32;
                    node = *children.entry(key(node, train[i - d])).or_insert_with(|| {
                        parent.push(node);
                        depth.push(d as u8);
                        next
                    });
                }
                counts.entry(key(node, w)).or_default()[0] += 1;
            }
        }
        // Continuation count of (h, w): the number of one-longer contexts x·h seen before w.
        let seen: Vec<u64> = counts.keys().copied().collect();
        for k in seen {
            let node = (k >> 32) as u32;
            if node != 0 {
                let up = key(parent[node as usize], k as u32);
                counts.entry(up).or_default()[1] += 1;
            }
        }
        let mut nodes = vec![NodeStats::default(); parent.len()];
        let mut n12 = vec![[[0u64; 2]; 2]; max_order];
        for (&k, c) in &counts {
            let node = (k >> 32) as usize;
            let d = depth[node] as usize;
            for kind in 0..2 {
                let v = c[kind];
                if v > 0 {
                    nodes[node].total[kind] += v;
                    nodes[node].types[kind] += 1;
                    if v <= 2 {
                        n12[d][kind][v as usize - 1] += 1u64;
                    }
                }
            }
        }
        let discounts = n12
            .iter()
            .map(|per_kind| {
                per_kind.map(|[n1, n2]| {
                    if n1 > 0 && n2 > 0 {
                        n1 as f64 / (n1 as f64 + 2.0 * n2 as f64)
                    } else {
                        0.5
                    }
                })
            })
            .collect();
        Ok(Ngram {
            vocab_size,
            max_order,
            children,
            counts,
            nodes,
            discounts,
        })
    }

    /// The highest order fitted.
    pub fn max_order(&self) -> usize {
        self.max_order
    }

    /// The vocabulary size `V`.
    pub fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    /// Distinct (context, character) pairs counted: the model's size.
    pub fn entries(&self) -> usize {
        self.counts.len()
    }

    /// `p(w | context)` under the model of `order` (1..=[`Ngram::max_order`], clamped), reading
    /// at most the last `order − 1` ids of `context`; `context` shorter than that is a slice
    /// start. 0 for `w` outside the vocabulary.
    pub fn prob(&self, order: usize, context: &[u32], w: u32) -> f64 {
        if w as usize >= self.vocab_size {
            return 0.0;
        }
        let order = order.clamp(1, self.max_order);
        let top = (order - 1).min(context.len());
        let mut chain = [0u32; MAX_ORDER];
        let mut len = 1;
        for d in 1..=top {
            match self
                .children
                .get(&key(chain[d - 1], context[context.len() - d]))
            {
                Some(&c) => {
                    chain[d] = c;
                    len += 1;
                }
                None => break,
            }
        }
        let mut p = 1.0 / self.vocab_size as f64;
        for (d, &node) in chain[..len].iter().enumerate() {
            let kind = usize::from(d != top);
            let stats = self.nodes[node as usize];
            let total = stats.total[kind];
            if total == 0 {
                continue;
            }
            let c = self.counts.get(&key(node, w)).map_or(0, |c| c[kind]) as f64;
            let disc = self.discounts[d][kind];
            p = ((c - disc).max(0.0) + disc * stats.types[kind] as f64 * p) / total as f64;
        }
        p
    }

    /// Mean bits per character over `ids[1..]` under the model of `order`, each id predicted
    /// from the ids before it in the slice.
    pub fn bits_per_char(&self, order: usize, ids: &[u32]) -> Result<f64, PipelineError> {
        check_scored(ids, self.vocab_size)?;
        let lo = order.saturating_sub(1);
        let bits: f64 = (1..ids.len())
            .map(|i| {
                -self
                    .prob(order, &ids[i.saturating_sub(lo)..i], ids[i])
                    .log2()
            })
            .sum();
        Ok(bits / (ids.len() - 1) as f64)
    }

    /// The order (1..=[`Ngram::max_order`]) with the fewest bits per character on `val`, and
    /// the bits per character of every order (index `order − 1`); a tie keeps the lower order.
    pub fn choose_order(&self, val: &[u32]) -> Result<(usize, Vec<f64>), PipelineError> {
        let bpc = (1..=self.max_order)
            .map(|k| self.bits_per_char(k, val))
            .collect::<Result<Vec<f64>, _>>()?;
        let mut best = 0;
        for (k, &b) in bpc.iter().enumerate() {
            if b < bpc[best] {
                best = k;
            }
        }
        Ok((best + 1, bpc))
    }
}

/// The baselines a text run reports beside the model, in bits per character.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextBaselines {
    /// Add-one unigram on the validation split.
    pub unigram_val_bpc: f64,
    /// Add-one unigram on the test split (`None` without one).
    pub unigram_test_bpc: Option<f64>,
    /// The n-gram order chosen on the validation split.
    pub ngram_order: usize,
    /// The n-gram's validation bits per character for every order 1..=max (index order − 1).
    pub ngram_val_bpc_by_order: Vec<f64>,
    /// The chosen order's validation bits per character.
    pub ngram_val_bpc: f64,
    /// The chosen order on the test split (`None` without one).
    pub ngram_test_bpc: Option<f64>,
    /// Training characters the n-gram counted: all of them, or the last
    /// [`MAX_NGRAM_TRAIN_CHARS`].
    pub ngram_train_chars: usize,
    /// [`UNIGRAM_SMOOTHING`].
    pub unigram_smoothing: &'static str,
    /// [`NGRAM_SMOOTHING`].
    pub ngram_smoothing: &'static str,
}

impl TextBaselines {
    /// Fits the unigram on `train` and the n-gram on its last [`MAX_NGRAM_TRAIN_CHARS`] ids,
    /// chooses the n-gram order (1..=`max_order`) on `val` (at least 2 ids) and scores `test`
    /// when it has at least 2 ids.
    pub fn fit(
        train: &[u32],
        val: &[u32],
        test: &[u32],
        vocab_size: usize,
        max_order: usize,
    ) -> Result<Self, PipelineError> {
        let unigram = Unigram::fit(train, vocab_size)?;
        let ngram_train = &train[train.len().saturating_sub(MAX_NGRAM_TRAIN_CHARS)..];
        let ngram = Ngram::fit(ngram_train, vocab_size, max_order)?;
        let (order, by_order) = ngram.choose_order(val)?;
        let has_test = test.len() >= 2;
        Ok(TextBaselines {
            unigram_val_bpc: unigram.bits_per_char(val)?,
            unigram_test_bpc: has_test.then(|| unigram.bits_per_char(test)).transpose()?,
            ngram_order: order,
            ngram_val_bpc: by_order[order - 1],
            ngram_val_bpc_by_order: by_order,
            ngram_test_bpc: has_test
                .then(|| ngram.bits_per_char(order, test))
                .transpose()?,
            ngram_train_chars: ngram_train.len(),
            unigram_smoothing: UNIGRAM_SMOOTHING,
            ngram_smoothing: NGRAM_SMOOTHING,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: u32 = 1;
    const B: u32 = 2;

    #[test]
    fn unigram_by_hand() {
        // "aab" over V = 3 (<unk>, a, b): p = (c + 1) / (3 + 3).
        let u = Unigram::fit(&[A, A, B], 3).unwrap();
        assert_eq!(u.prob(0), 1.0 / 6.0);
        assert_eq!(u.prob(A), 3.0 / 6.0);
        assert_eq!(u.prob(B), 2.0 / 6.0);
        // Scoring "ab": only b is predicted.
        let bpc = u.bits_per_char(&[A, B]).unwrap();
        assert!((bpc - (3.0f64).log2()).abs() < 1e-12, "{bpc}");
        assert!(u.bits_per_char(&[A]).is_err());
        assert!(u
            .bits_per_char(&[A, 7])
            .unwrap_err()
            .to_string()
            .contains("id 7"));
    }

    #[test]
    fn order_one_is_absolute_discounting_over_uniform() {
        // "aab", V = 3: raw counts a 2, b 1 → n1 = 1, n2 = 1, D = 1/3; N = 3, 2 types.
        // p(w) = (max(c − 1/3, 0) + 1/3 · 2 · 1/3) / 3.
        let m = Ngram::fit(&[A, A, B], 3, 1).unwrap();
        let d = 1.0 / 3.0;
        let p = |c: f64| ((c - d).max(0.0) + d * 2.0 / 3.0) / 3.0;
        assert!((m.prob(1, &[], A) - p(2.0)).abs() < 1e-15);
        assert!((m.prob(1, &[], B) - p(1.0)).abs() < 1e-15);
        assert!((m.prob(1, &[], 0) - p(0.0)).abs() < 1e-15);
        let sum: f64 = (0..3).map(|w| m.prob(1, &[], w)).sum();
        assert!((sum - 1.0).abs() < 1e-15);
    }

    #[test]
    fn bigram_by_hand() {
        // "abab", V = 3. Bigrams: ab ×2, ba ×1.
        // Order 2, context a (raw): c(a·) = {b: 2}, total 2, 1 type; raw counts at length 1 are
        //   ab 2, ba 1 → D1 = 1/(1 + 2) = 1/3.
        // Lower order (continuation, length 0): b is preceded by {a} → 1, a by {b} → 1; total 2,
        //   2 types; continuation counts 1, 1 → n1 = 2, n2 = 0 → D0 = 0.5.
        //   p_cont(b) = (1 − 0.5 + 0.5 · 2 · 1/3) / 2 = 5/12, p_cont(<unk>) = 1/6.
        // p(b | a) = (2 − 1/3 + 1/3 · 1 · 5/12) / 2 = 65/72.
        let m = Ngram::fit(&[A, B, A, B], 3, 2).unwrap();
        assert!(
            (m.prob(2, &[A], B) - 65.0 / 72.0).abs() < 1e-15,
            "{}",
            m.prob(2, &[A], B)
        );
        // p(a | a) = (0 + 1/3 · 1 · 5/12) / 2 = 5/72; p(<unk> | a) = 1/3 · 1/6 / 2 = 1/36.
        assert!((m.prob(2, &[A], A) - 5.0 / 72.0).abs() < 1e-15);
        assert!((m.prob(2, &[A], 0) - 1.0 / 36.0).abs() < 1e-15);
        // An unseen context (<unk>) defers to the continuation unigram.
        assert!((m.prob(2, &[0], B) - 5.0 / 12.0).abs() < 1e-15);
        // At a slice start the unigram uses raw counts: a 2, b 2 (n1 = 0 → D = 0.5).
        // p(a) = (2 − 0.5 + 0.5 · 2 · 1/3) / 4 = 11/24.
        assert!((m.prob(2, &[], A) - 11.0 / 24.0).abs() < 1e-15);
        // Scoring "ab" predicts b from a only.
        let bpc = m.bits_per_char(2, &[A, B]).unwrap();
        assert!((bpc + (65.0f64 / 72.0).log2()).abs() < 1e-12);
    }

    #[test]
    fn longer_orders_help_on_a_repeating_text_and_the_order_is_chosen() {
        let text: Vec<u32> = "abcabcabcabdabcabcabc"
            .bytes()
            .map(|b| (b - b'a' + 1) as u32)
            .collect();
        let m = Ngram::fit(&text, 5, 4).unwrap();
        let val = [1, 2, 3, 1, 2, 3, 1, 2];
        let (order, bpc) = m.choose_order(&val).unwrap();
        assert_eq!(bpc.len(), 4);
        assert!(bpc[2] < bpc[0], "{bpc:?}");
        assert!(order >= 2, "{order} {bpc:?}");
        assert_eq!(
            bpc[order - 1],
            bpc.iter().copied().fold(f64::INFINITY, f64::min)
        );
        assert!(Ngram::fit(&text, 5, 8).is_err());
        assert!(Ngram::fit(&text, 5, 0).is_err());
        assert!(Ngram::fit(&[9], 5, 2)
            .unwrap_err()
            .to_string()
            .contains("id 9"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Every conditional distribution of every order sums to 1 over the vocabulary, for any
        /// training text and any context (seen, unseen, shorter than the order, empty).
        #[test]
        fn every_conditional_distribution_sums_to_one(
            (v, train, context) in (1usize..10).prop_flat_map(|v| (
                Just(v),
                prop::collection::vec(0..v as u32, 0..200),
                prop::collection::vec(0..v as u32, 0..9),
            )),
            order in 1usize..=MAX_ORDER,
        ) {
            let m = Ngram::fit(&train, v, MAX_ORDER).unwrap();
            for k in 1..=order {
                let sum: f64 = (0..v as u32).map(|w| m.prob(k, &context, w)).sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "order {} sums to {}", k, sum);
                prop_assert!((0..v as u32).all(|w| m.prob(k, &context, w) > 0.0));
            }
            let low = Ngram::fit(&train, v, order).unwrap();
            let sum: f64 = (0..v as u32).map(|w| low.prob(order, &context, w)).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "max order {} sums to {}", order, sum);
            let u = Unigram::fit(&train, v).unwrap();
            let sum: f64 = (0..v as u32).map(|w| u.prob(w)).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9);
        }
    }
}
