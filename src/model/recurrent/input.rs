//! The stack's input forms ([`RecurrentInput`]) and the token form's arithmetic: the first
//! layer's `x_t·W_ihᵀ` as a lookup of one column of `W_ih` per row, and `dW_ih` as a scatter-add
//! of the gate gradients into the columns of the tokens that occurred.
//!
//! For a one-hot `x` these are the dense products with the zero terms left out: the forward
//! pre-activation is `bias + W_ih[:, k]`, one rounding as in the GEMM (whose accumulator over the
//! row is `0 + … + 1·W_ih[:, k] + 0 + …`, exactly `W_ih[:, k]`), so the outputs are the same bits.
//! The weight gradient sums the same gate-gradient rows in the same row order, first into a zeroed
//! scratch, then adds that to `grads`, as the GEMM does with its accumulator; it is the same bits
//! when the GEMM ran the rows as one k block (up to 256 rows), else it differs by the rounding of
//! the GEMM's per-block partial sums. Two further differences with the dense path: the GEMM's
//! packing flushes operands below 2⁻⁶³ to zero (the lookup keeps such weights and gradients), and a
//! non-finite weight `w` of another column gives `0·w = NaN` in the GEMM but is not read here.

/// What the first layer of a stack reads at every step.
#[derive(Clone, Copy, Debug)]
pub enum RecurrentInput<'a> {
    /// Feature values, `input_size` per (sequence, step).
    Dense(&'a [f32]),
    /// One token id per (sequence, step), each below `input_size`: the one-hot row of that id,
    /// multiplied as a lookup of column `id` of `W_ih` (same arithmetic, see the module doc).
    Tokens(&'a [u32]),
}

/// Panics, naming the position, when a token id is not below `input_size`.
pub(super) fn check_token_ids(ids: &[u32], input_size: usize) {
    if let Some((at, &id)) = ids
        .iter()
        .enumerate()
        .find(|(_, &id)| id as usize >= input_size)
    {
        panic!("token id {id} at input position {at} is outside the input size {input_size}");
    }
}

/// `w_ih_t` `[input, gate_width]` = `W_ihᵀ` from `w_ih` `[gate_width, input]`: each token's column
/// of `W_ih` as one contiguous row.
pub(super) fn transpose_w_ih(
    w_ih: &[f32],
    gate_width: usize,
    input_size: usize,
    w_ih_t: &mut [f32],
) {
    for (g, row) in w_ih.chunks_exact(input_size).take(gate_width).enumerate() {
        for (k, &w) in row.iter().enumerate() {
            w_ih_t[k * gate_width + g] = w;
        }
    }
}

/// A step's pre-activations `pre` `[batch, gate_width]` for the tokens `ids` `[batch]`:
/// `bias + W_ih[:, id]` (or the column alone without a bias row), read from `w_ih_t`.
pub(super) fn lookup_rows(ids: &[u32], w_ih_t: &[f32], bias: Option<&[f32]>, pre: &mut [f32]) {
    let gate_width = pre.len() / ids.len().max(1);
    for (row, &id) in pre.chunks_exact_mut(gate_width).zip(ids) {
        let column = &w_ih_t[id as usize * gate_width..][..gate_width];
        match bias {
            Some(bias) => {
                for ((p, &b), &w) in row.iter_mut().zip(bias).zip(column) {
                    *p = b + w;
                }
            }
            None => row.copy_from_slice(column),
        }
    }
}

/// `d_w_ih += Σ_r d_gates[r] ⊗ onehot(ids[r])`: `d_gates` `[rows, gate_width]` summed per token
/// into `scratch` `[input, gate_width]` (zeroed here), then added into `d_w_ih`
/// `[gate_width, input]`.
pub(super) fn scatter_weight_grad(
    ids: &[u32],
    d_gates: &[f32],
    gate_width: usize,
    input_size: usize,
    scratch: &mut Vec<f32>,
    d_w_ih: &mut [f32],
) {
    scratch.clear();
    scratch.resize(input_size * gate_width, 0.0);
    for (d, &id) in d_gates.chunks_exact(gate_width).zip(ids) {
        let sum = &mut scratch[id as usize * gate_width..][..gate_width];
        crate::kernels::axpy(1.0, d, sum);
    }
    for (g, row) in d_w_ih
        .chunks_exact_mut(input_size)
        .take(gate_width)
        .enumerate()
    {
        for (k, w) in row.iter_mut().enumerate() {
            *w += scratch[k * gate_width + g];
        }
    }
}
