//! Index arithmetic shared by the forward and backward passes: the sizes of one pass, the order in
//! which a direction visits the time steps, and copies between batch-first and time-major rows.

use super::RecurrentConfig;
use std::ops::Range;

/// The sizes of one pass, fixed by the configuration and the (batch, steps) shape.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dims {
    /// Sequences per batch.
    pub batch: usize,
    /// Time steps per sequence.
    pub steps: usize,
    /// Units per layer and direction.
    pub hidden: usize,
    /// Width of a layer's output row: `directions · hidden`.
    pub output_width: usize,
    /// Width of one direction's gate row: `G · hidden`.
    pub gate_width: usize,
}

impl Dims {
    /// The sizes of a pass of `config` over `batch` sequences of `steps` steps.
    pub fn new(config: &RecurrentConfig, batch: usize, steps: usize) -> Self {
        Dims {
            batch,
            steps,
            hidden: config.hidden_size,
            output_width: config.output_size(),
            gate_width: config.gate_width(),
        }
    }

    /// The block of (layer, direction) `layer_dir` in a `[layers·dirs, batch, hidden]` state.
    pub fn state_block(&self, layer_dir: usize) -> Range<usize> {
        let block = self.batch * self.hidden;
        layer_dir * block..(layer_dir + 1) * block
    }

    /// The rows of time step (or gate slot) `t` in a time-major `[steps·batch, G·hidden]` buffer.
    pub fn gate_rows(&self, t: usize) -> Range<usize> {
        let block = self.batch * self.gate_width;
        t * block..(t + 1) * block
    }

    /// The rows of time step `t` in a time-major `[steps·batch, hidden]` buffer.
    pub fn hidden_rows(&self, t: usize) -> Range<usize> {
        let block = self.batch * self.hidden;
        t * block..(t + 1) * block
    }
}

/// The time index of a direction's `step`-th step: direction 0 runs `0, 1, …, steps−1`,
/// direction 1 (reverse) `steps−1, …, 0`.
#[inline]
pub(super) fn time_at(dir: usize, step: usize, steps: usize) -> usize {
    if dir == 0 {
        step
    } else {
        steps - 1 - step
    }
}

/// The time index a direction visited just before `t` (meaningless, and unused, at its first
/// step: it wraps for direction 0 and is `steps` for direction 1).
#[inline]
pub(super) fn previous_time(dir: usize, t: usize) -> usize {
    if dir == 0 {
        t.wrapping_sub(1)
    } else {
        t + 1
    }
}

/// Copies batch-first rows `src` `[batch, steps, width]` into time-major `dst` `[steps, batch, width]`.
pub(super) fn batch_first_to_time_major(
    src: &[f32],
    dst: &mut [f32],
    batch: usize,
    steps: usize,
    width: usize,
) {
    for t in 0..steps {
        for b in 0..batch {
            dst[(t * batch + b) * width..(t * batch + b + 1) * width]
                .copy_from_slice(&src[(b * steps + t) * width..(b * steps + t + 1) * width]);
        }
    }
}

/// Copies time-major rows `src` `[steps, batch, width]` into batch-first `dst` `[batch, steps, width]`.
pub(super) fn time_major_to_batch_first(
    src: &[f32],
    dst: &mut [f32],
    batch: usize,
    steps: usize,
    width: usize,
) {
    for t in 0..steps {
        for b in 0..batch {
            dst[(b * steps + t) * width..(b * steps + t + 1) * width]
                .copy_from_slice(&src[(t * batch + b) * width..(t * batch + b + 1) * width]);
        }
    }
}

/// Splits a time-major buffer of `block`-long row blocks into (block `prev`, mutable block
/// `cur`); `prev` is `None` at a direction's first step (`first`).
pub(super) fn split_rows(
    buf: &mut [f32],
    block: usize,
    prev: usize,
    cur: usize,
    first: bool,
) -> (Option<&[f32]>, &mut [f32]) {
    if first {
        return (None, &mut buf[cur * block..(cur + 1) * block]);
    }
    if prev < cur {
        let (a, b) = buf.split_at_mut(cur * block);
        (Some(&a[prev * block..(prev + 1) * block]), &mut b[..block])
    } else {
        let (a, b) = buf.split_at_mut(prev * block);
        (Some(&b[..block]), &mut a[cur * block..(cur + 1) * block])
    }
}
