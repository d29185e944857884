//! Softmax cross-entropy over rows of logits (PyTorch `F.cross_entropy(logits, y)`, mean
//! reduction), with a stable log-sum-exp: each row is shifted by its maximum before `exp`.

/// Mean over the `rows = targets.len()` rows of `−log softmax(logits[r])[targets[r]]`.
/// `logits` is `[rows, classes]`. When `grad` is given (same shape) it receives
/// `∂mean/∂logits = (softmax − one_hot) / rows`. Accumulates the loss in f64; the
/// exponentials of the shifted logits are f32 (relative error about 1e-7).
/// A target ≥ `classes` panics (the text layer never produces one).
pub fn softmax_cross_entropy(
    logits: &[f32],
    classes: usize,
    targets: &[u32],
    mut grad: Option<&mut [f32]>,
) -> f64 {
    let rows = targets.len();
    assert_eq!(
        logits.len(),
        rows * classes,
        "logits must be [rows, classes]"
    );
    assert!(rows > 0 && classes > 0, "cross-entropy of an empty batch");
    let scale = 1.0 / rows as f64;
    let mut total = 0.0f64;
    for (r, (row, &target)) in logits.chunks_exact(classes).zip(targets).enumerate() {
        let target = target as usize;
        assert!(target < classes, "target id {target} ≥ {classes} classes");
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        match grad.as_deref_mut() {
            None => total += log_sum_exp_shifted(row, max) - (row[target] - max) as f64,
            Some(g) => {
                // exp(l − max) once, into the gradient row; then scaled to softmax / rows.
                let out = &mut g[r * classes..][..classes];
                let mut sum = 0.0f64;
                for (o, &l) in out.iter_mut().zip(row) {
                    *o = (l - max).exp();
                    sum += *o as f64;
                }
                total += sum.ln() - (row[target] - max) as f64;
                let k = (scale / sum) as f32;
                out.iter_mut().for_each(|o| *o *= k);
                out[target] -= scale as f32;
            }
        }
    }
    total * scale
}

/// `−log softmax(row)[target]` in nats for one row of logits (for evaluation by row).
pub fn row_nats(row: &[f32], target: usize) -> f64 {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    log_sum_exp_shifted(row, max) - (row[target] - max) as f64
}

/// `ln Σ exp(l − max)`, the terms in f32 (each in (0, 1]), the sum in f64.
fn log_sum_exp_shifted(row: &[f32], max: f32) -> f64 {
    row.iter()
        .map(|&l| (l - max).exp() as f64)
        .sum::<f64>()
        .ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_definition_and_survives_large_logits() {
        let logits = [1.0f32, 2.0, 3.0, 0.5, 0.5, 0.5];
        let naive = |row: &[f32], t: usize| {
            let s: f64 = row.iter().map(|&l| (l as f64).exp()).sum();
            -((row[t] as f64).exp() / s).ln()
        };
        let want = (naive(&logits[..3], 2) + naive(&logits[3..], 0)) / 2.0;
        let mut g = [0.0f32; 6];
        let got = softmax_cross_entropy(&logits, 3, &[2, 0], Some(&mut g));
        assert!((got - want).abs() < 1e-12, "{got} {want}");
        assert!((g[3] - (1.0 / 3.0 - 1.0) / 2.0).abs() < 1e-7);
        assert!(
            g.iter().sum::<f32>().abs() < 1e-6,
            "each row's gradient sums to 0"
        );
        // Shifted by 1000, the naive form overflows; the stable one does not move.
        let big: Vec<f32> = logits.iter().map(|l| l + 1000.0).collect();
        let shifted = softmax_cross_entropy(&big, 3, &[2, 0], None);
        assert!((shifted - want).abs() < 1e-9, "{shifted}");
        assert!((row_nats(&big[..3], 2) - naive(&logits[..3], 2)).abs() < 1e-9);
    }
}
