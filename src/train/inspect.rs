//! One window of a split seen from inside the network ("Inside the network" in
//! `docs/architecture.md`): every step's gates and states, the gradient flow
//! `‖∂loss/∂h_t‖₂` per layer and direction, and the saliency `∂ŷ/∂x_t`, from one forward and
//! one backward of that window alone (batch 1) through [`Network::inspect`].

use crate::cells::CellKind;
use crate::model::{Loss, Network};
use crate::pipeline::{Prepared, Split};

/// The splits, in the order their names are listed in messages.
const SPLITS: [Split; 3] = [Split::Train, Split::Val, Split::Test];

/// Parses a split name (`train`, `val` or `test`, as [`Split::name`] spells them; case and
/// surrounding spaces ignored).
pub fn parse_split(name: &str) -> Result<Split, String> {
    let wanted = name.trim().to_ascii_lowercase();
    SPLITS
        .into_iter()
        .find(|s| s.name() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = SPLITS.iter().map(|s| s.name()).collect();
            format!(
                "split: \"{}\" is not one of {}",
                crate::vocab::short_quote(name),
                names.join(", ")
            )
        })
}

/// One window seen from inside the network. Per-state arrays are flat, state index
/// `layer·directions + dir` as in PyTorch: `grad_h_norm` is `[states, window]` and each entry of
/// `gates` `[states, window, hidden]`, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    /// The cell type.
    pub cell: CellKind,
    /// Stacked layers.
    pub layers: usize,
    /// Directions per layer (2 when bidirectional).
    pub directions: usize,
    /// Units per layer and direction.
    pub hidden: usize,
    /// Input steps T.
    pub window: usize,
    /// Targets per window.
    pub horizon: usize,
    /// The split the window is in.
    pub split: Split,
    /// The window's position in its split, in time order (negative indices resolved).
    pub index: usize,
    /// How many windows the split has.
    pub windows: usize,
    /// The row of the series (original indexing) of the window's first target.
    pub target_row: usize,
    /// The series at the input steps, original scale: rows `target_row − window ..
    /// target_row`.
    pub input: Vec<f64>,
    /// What the network reads at those steps: transformed and scaled.
    pub input_scaled: Vec<f32>,
    /// The actual values of the targets, original scale.
    pub target: Vec<f64>,
    /// The network's predictions of the targets, original scale (chained from the last actual
    /// value before the first target, as the evaluation does).
    pub prediction: Vec<f64>,
    /// The training loss of this window (scaled units).
    pub loss: f64,
    /// `‖∂loss/∂h_t‖₂` per state and step, `[states, window]`.
    pub grad_h_norm: Vec<f32>,
    /// `∂ȳ/∂x_t` per step, `ȳ` the mean of the horizon's scaled outputs (the one prediction
    /// when the horizon is 1), `x_t` the scaled input of the target column. `[window]`.
    pub saliency: Vec<f32>,
    /// The names of `gates`, in this fixed order: LSTM `i, f, g, o, c, h`; GRU `r, z, n, h`;
    /// RNN `h` (`c` is the cell state, `h` the hidden state).
    pub gate_names: Vec<&'static str>,
    /// Every step's activations, one `[states, window, hidden]` array per name.
    pub gates: Vec<Vec<f32>>,
    /// The epoch training was in (0 before the first batch).
    pub epoch: usize,
    /// Batches done in that epoch.
    pub batch: usize,
}

/// Inspects window `index` of `split` (in time order; negative counts from the end, −1 = the
/// last window) with the training `loss`; `position` is where training stands
/// (`Trainer::position`). Fails naming the split and its window count when there is no such
/// window.
pub fn inspect(
    net: &mut Network,
    prepared: &Prepared,
    split: Split,
    index: i64,
    loss: Loss,
    position: (usize, usize),
) -> Result<Inspection, String> {
    let set = prepared.windows(split);
    let position_in_split = resolve_index(split, index, set.len)?;
    // The training windows may be stored shuffled: index them in time order.
    let mut order: Vec<usize> = (0..set.len).collect();
    order.sort_by_key(|&i| set.target_index[i]);
    let i = order[position_in_split];
    let (window, horizon) = (set.window, set.horizon);
    let inside = net.inspect(set.inputs(i), set.targets(i), 1, window, loss);
    // the target channel only (channel 0 of each step), as the saliency below
    let input_scaled: Vec<f32> = set
        .inputs(i)
        .iter()
        .step_by(set.channels)
        .copied()
        .collect();
    let target_row = set.target_index[i];
    let levels = &prepared.levels;
    let input_size = net.config.input_size;
    let recurrent = net.recurrent().config();
    Ok(Inspection {
        cell: recurrent.cell,
        layers: recurrent.num_layers,
        directions: recurrent.dirs(),
        hidden: recurrent.hidden_size,
        window,
        horizon,
        split,
        index: position_in_split,
        windows: set.len,
        target_row,
        input: levels[target_row - window..target_row].to_vec(),
        input_scaled,
        target: levels[target_row..target_row + horizon].to_vec(),
        prediction: prepared.levels_from_outputs(levels[target_row - 1], &inside.prediction),
        loss: inside.loss,
        grad_h_norm: inside.grad_h_norm(),
        saliency: inside
            .saliency
            .iter()
            .step_by(input_size)
            .copied()
            .collect(),
        gate_names: inside.activations.iter().map(|a| a.name).collect(),
        gates: inside.activations.into_iter().map(|a| a.values).collect(),
        epoch: position.0,
        batch: position.1,
    })
}

/// The position in a split of `count` windows that `index` names (negative: from the end).
fn resolve_index(split: Split, index: i64, count: usize) -> Result<usize, String> {
    let name = split.name();
    if count == 0 {
        return Err(format!(
            "index {index}: the {name} split has no windows (it is shorter than window + horizon)"
        ));
    }
    let resolved = if index < 0 {
        count as i64 + index
    } else {
        index
    };
    if (0..count as i64).contains(&resolved) {
        Ok(resolved as usize)
    } else {
        Err(format!(
            "index {index} is out of range: the {name} split has {count} windows \
             (0 to {}, or −1 for the last)",
            count - 1
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_names_parse_and_bad_ones_are_named() {
        assert_eq!(parse_split(" Test ").unwrap(), Split::Test);
        assert_eq!(parse_split("val").unwrap(), Split::Val);
        let e = parse_split("validation-set").unwrap_err();
        assert!(e.contains("train, val, test"), "{e}");
        assert!(e.contains("validation"), "{e}");
    }

    #[test]
    fn indices_resolve_from_either_end() {
        assert_eq!(resolve_index(Split::Test, -1, 5).unwrap(), 4);
        assert_eq!(resolve_index(Split::Test, -5, 5).unwrap(), 0);
        assert_eq!(resolve_index(Split::Test, 4, 5).unwrap(), 4);
        let e = resolve_index(Split::Val, 5, 5).unwrap_err();
        assert!(e.contains("val split has 5 windows"), "{e}");
        let e = resolve_index(Split::Train, -6, 5).unwrap_err();
        assert!(e.contains("index -6"), "{e}");
        let e = resolve_index(Split::Test, 0, 0).unwrap_err();
        assert!(e.contains("test split has no windows"), "{e}");
    }
}
