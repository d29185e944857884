//! Sampling text from a character language model: the prime is read to set the state, then
//! each next id is drawn from `softmax(logits / temperature)` (optionally over the `top_k`
//! most likely ids only), with the project's seeded generator: same model, prime, options and
//! seed → the same ids.

use crate::model::CharLm;
use crate::rng::Rng;

/// How to sample.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleOptions {
    /// Ids to generate after the prime.
    pub length: usize,
    /// Softmax temperature; 0 takes the most likely id every time (greedy).
    pub temperature: f32,
    /// Sample among the `k` most likely ids only (`None` or 0: all of them).
    pub top_k: Option<usize>,
    /// Seed of the sampling.
    pub seed: u64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            length: 200,
            temperature: 1.0,
            top_k: None,
            seed: 0,
        }
    }
}

/// Longest sample [`generate`] writes, so a typo cannot ask for hours of work.
pub const MAX_SAMPLE_LENGTH: usize = 1_000_000;

impl SampleOptions {
    /// Checks the options, naming the offending one.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.temperature.is_finite() && self.temperature >= 0.0) {
            return Err(format!(
                "temperature must be a finite number ≥ 0 (got {})",
                self.temperature
            ));
        }
        if self.length > MAX_SAMPLE_LENGTH {
            return Err(format!(
                "length must be at most {MAX_SAMPLE_LENGTH} (got {})",
                self.length
            ));
        }
        Ok(())
    }
}

/// Generates `opts.length` ids after `prime` (which must hold at least one id; the caller picks
/// a start such as a newline when the user gives none). Returns the new ids only.
pub fn generate(lm: &mut CharLm, prime: &[u32], opts: &SampleOptions) -> Result<Vec<u32>, String> {
    opts.validate()?;
    if prime.is_empty() {
        return Err("the prime must hold at least one character".into());
    }
    let v = lm.config.vocab_size;
    if let Some(&bad) = prime.iter().find(|&&id| id as usize >= v) {
        return Err(format!("prime id {bad} is outside the vocabulary of {v}"));
    }
    let mut rng = Rng::new(opts.seed);
    let (logits, mut state) = lm.forward(prime, 1, prime.len(), None);
    let mut last: Vec<f32> = logits[(prime.len() - 1) * v..].to_vec();
    let mut out = Vec::with_capacity(opts.length);
    let mut weights = vec![0.0f64; v];
    for k in 0..opts.length {
        let id = sample(&last, opts, &mut rng, &mut weights);
        out.push(id);
        if k + 1 < opts.length {
            let (logits, next) = lm.forward(&[id], 1, 1, Some(&state));
            last.copy_from_slice(&logits);
            state = next;
        }
    }
    Ok(out)
}

/// One draw from the tempered, top-k-filtered softmax of `logits`. Ties in the top-k cut keep
/// the lower ids; the draw compares one uniform number with the cumulative weights in id order.
fn sample(logits: &[f32], opts: &SampleOptions, rng: &mut Rng, weights: &mut [f64]) -> u32 {
    let argmax = logits
        .iter()
        .enumerate()
        .fold(0, |best, (i, &l)| if l > logits[best] { i } else { best });
    if opts.temperature == 0.0 {
        return argmax as u32;
    }
    let k = opts.top_k.filter(|&k| k > 0 && k < logits.len());
    let cutoff = k.map(|k| {
        let mut sorted: Vec<f32> = logits.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        sorted[k - 1]
    });
    let t = opts.temperature as f64;
    let max = logits[argmax] as f64;
    let mut kept = 0usize;
    for (w, &l) in weights.iter_mut().zip(logits) {
        let keep = match (cutoff, k) {
            (Some(c), Some(k)) => l >= c && kept < k,
            _ => true,
        };
        *w = if keep {
            kept += 1;
            ((l as f64 - max) / t).exp()
        } else {
            0.0
        };
    }
    let total: f64 = weights.iter().sum();
    let mut u = rng.next_f64() * total;
    for (i, &w) in weights.iter().enumerate() {
        if u < w {
            return i as u32;
        }
        u -= w;
    }
    argmax as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::CellKind;
    use crate::model::CharLmConfig;

    fn model() -> CharLm {
        CharLmConfig::new(CellKind::Lstm, 9, 4, 8).init(3).unwrap()
    }

    #[test]
    fn same_seed_same_text_and_seeds_differ() {
        let mut lm = model();
        let opts = SampleOptions {
            length: 60,
            ..SampleOptions::default()
        };
        let a = generate(&mut lm, &[1, 2], &opts).unwrap();
        let b = generate(&mut lm, &[1, 2], &opts).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 60);
        let c = generate(&mut lm, &[1, 2], &SampleOptions { seed: 1, ..opts }).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn greedy_and_top_one_follow_the_argmax() {
        let mut lm = model();
        let greedy = SampleOptions {
            length: 30,
            temperature: 0.0,
            ..SampleOptions::default()
        };
        let top1 = SampleOptions {
            length: 30,
            top_k: Some(1),
            seed: 99,
            ..SampleOptions::default()
        };
        let a = generate(&mut lm, &[4], &greedy).unwrap();
        assert_eq!(a, generate(&mut lm, &[4], &top1).unwrap());
        // The first greedy id is the argmax of the prime's logits.
        let (logits, _) = lm.forward(&[4], 1, 1, None);
        let best = (0..9)
            .max_by(|&i, &j| logits[i].total_cmp(&logits[j]))
            .unwrap();
        assert_eq!(a[0], best as u32);
    }

    #[test]
    fn top_k_never_draws_outside_the_k_best() {
        let logits = [0.0f32, 3.0, 1.0, 2.9, -1.0];
        let opts = SampleOptions {
            top_k: Some(2),
            temperature: 5.0,
            ..SampleOptions::default()
        };
        let mut rng = Rng::new(1);
        let mut w = vec![0.0; 5];
        let draws: Vec<u32> = (0..200)
            .map(|_| sample(&logits, &opts, &mut rng, &mut w))
            .collect();
        assert!(draws.iter().all(|&d| d == 1 || d == 3), "{draws:?}");
        assert!(draws.contains(&1) && draws.contains(&3));
    }

    #[test]
    fn bad_options_are_named() {
        let mut lm = model();
        let hot = SampleOptions {
            temperature: -1.0,
            ..SampleOptions::default()
        };
        assert!(generate(&mut lm, &[1], &hot)
            .unwrap_err()
            .contains("temperature"));
        let err = generate(&mut lm, &[], &SampleOptions::default()).unwrap_err();
        assert!(err.contains("prime"), "{err}");
        let err = generate(&mut lm, &[9], &SampleOptions::default()).unwrap_err();
        assert!(err.contains("outside"), "{err}");
    }
}
