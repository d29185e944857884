//! [`State`], the recurrent state `(h, c)`, and its way into and out of the workspace: the
//! initial state a forward starts from and the final state it ends in.

use super::layout::Dims;
use super::workspace::Workspace;
use super::RecurrentConfig;

/// Recurrent state: `h` is `[layers·dirs, batch, hidden]`; `c` the same for LSTM, else `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Hidden states.
    pub h: Vec<f32>,
    /// Cell states (LSTM only).
    pub c: Option<Vec<f32>>,
}

impl State {
    /// All-zero state for `config` and `batch` sequences.
    pub fn zeros(config: &RecurrentConfig, batch: usize) -> Self {
        let n = config.num_layers * config.dirs() * batch * config.hidden_size;
        State {
            h: vec![0.0; n],
            c: config.cell.has_cell_state().then(|| vec![0.0; n]),
        }
    }
}

/// Copies the initial state into `work.h0` / `work.c0` (`[layers·dirs, batch, hidden]`, already
/// sized): `state`'s `h` and, for an LSTM given one, its `c`; zeros for whatever is not given.
/// Panics when a given tensor has the wrong length.
pub(super) fn load_initial_state(
    config: &RecurrentConfig,
    work: &mut Workspace,
    state: Option<&State>,
) {
    let len = config.layer_dirs() * work.batch * config.hidden_size;
    match state {
        Some(s) => {
            assert_eq!(s.h.len(), len, "h0 must be [layers·dirs, batch, hidden]");
            work.h0.copy_from_slice(&s.h);
            match (&s.c, config.cell.has_cell_state()) {
                (Some(c), true) => {
                    assert_eq!(c.len(), len, "c0 must be [layers·dirs, batch, hidden]");
                    work.c0.copy_from_slice(c)
                }
                _ => work.c0.fill(0.0),
            }
        }
        None => {
            work.h0.fill(0.0);
            work.c0.fill(0.0);
        }
    }
}

/// The final state `(h_n, c_n)` of the last forward, `[layers·dirs, batch, hidden]`: each
/// direction's state after its last step (time `steps−1` forward, time 0 in reverse).
pub(super) fn final_state(config: &RecurrentConfig, work: &Workspace) -> State {
    let dims = Dims::new(config, work.batch, work.seq);
    let (batch, hidden, directions) = (dims.batch, dims.hidden, config.dirs());
    let len = config.layer_dirs() * batch * hidden;
    let mut h = vec![0.0; len];
    let mut c = config.cell.has_cell_state().then(|| vec![0.0; len]);
    for layer in 0..config.num_layers {
        let output = &work.layer_outputs[layer];
        for dir in 0..directions {
            let layer_dir = layer * directions + dir;
            let t = if dir == 0 { dims.steps - 1 } else { 0 };
            for b in 0..batch {
                let row = t * batch + b;
                let dst = (layer_dir * batch + b) * hidden;
                let h_t = &output[row * dims.output_width + dir * hidden..][..hidden];
                h[dst..][..hidden].copy_from_slice(h_t);
                if let Some(c) = c.as_mut() {
                    let c_t = &work.cells[layer_dir][row * hidden..][..hidden];
                    c[dst..][..hidden].copy_from_slice(c_t);
                }
            }
        }
    }
    State { h, c }
}
