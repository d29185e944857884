//! Named parameter tensors stored in one flat buffer, with a gradient buffer of the same layout.
//!
//! Names follow PyTorch's `state_dict` (`weight_ih_l0`, `bias_hh_l1_reverse`, `fc.weight`, ...), so
//! weights can be exported to and imported from PyTorch by name.

/// A shape as messages show it, `[4, 1]` (the same text as `{:?}`, without pulling `Debug`
/// formatting of slices into the wasm module). A shape of more than [`SHAPE_TEXT_DIMS`]
/// dimensions (a hostile file's) shows its first and last ones and how many there are, so a
/// message stays short: `[1, 1, 1, 1, …, 1, 1] (1000000 dimensions)`.
pub fn shape_text(shape: &[usize]) -> String {
    let text = |dims: &[usize]| {
        dims.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if shape.len() <= SHAPE_TEXT_DIMS {
        return format!("[{}]", text(shape));
    }
    let (head, tail) = (&shape[..4], &shape[shape.len() - 2..]);
    format!(
        "[{}, …, {}] ({} dimensions)",
        text(head),
        text(tail),
        shape.len()
    )
}

/// The most dimensions [`shape_text`] writes out in full.
pub const SHAPE_TEXT_DIMS: usize = 8;

/// Where one named tensor lives in a [`Params`] buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorInfo {
    /// PyTorch-style name, e.g. `lstm.weight_ih_l0`.
    pub name: String,
    /// Shape, row-major (`weight_ih_l0` of an LSTM: `[4·hidden, input]`).
    pub shape: Vec<usize>,
    /// Start of the tensor in [`Params::values`] / [`Params::grads`].
    pub offset: usize,
    /// Whether optimisers update it (false = frozen, as with `requires_grad = False`).
    pub trainable: bool,
}

impl TensorInfo {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// Whether it has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its index range in the flat buffers.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.len()
    }
}

/// A set of named tensors in one contiguous `values` buffer, with `grads` of the same layout.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    /// All parameter values, tensor after tensor, in registration order.
    pub values: Vec<f32>,
    /// Gradients, same layout as `values`.
    pub grads: Vec<f32>,
    /// The tensors, in registration (= `state_dict`) order.
    pub tensors: Vec<TensorInfo>,
}

impl Params {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a zero-filled tensor and returns its range in the flat buffers.
    pub fn register(&mut self, name: impl Into<String>, shape: &[usize]) -> std::ops::Range<usize> {
        let name = name.into();
        assert!(
            self.find(&name).is_none(),
            "parameter {name} registered twice"
        );
        let offset = self.values.len();
        let len: usize = shape.iter().product();
        self.values.resize(offset + len, 0.0);
        self.grads.resize(offset + len, 0.0);
        self.tensors.push(TensorInfo {
            name,
            shape: shape.to_vec(),
            offset,
            trainable: true,
        });
        offset..offset + len
    }

    /// The tensor called `name`, if any.
    pub fn find(&self, name: &str) -> Option<&TensorInfo> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// Values of the tensor called `name`.
    pub fn get(&self, name: &str) -> Option<&[f32]> {
        self.find(name).map(|t| &self.values[t.range()])
    }

    /// Mutable values of the tensor called `name`.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut [f32]> {
        let r = self.find(name)?.range();
        Some(&mut self.values[r])
    }

    /// Gradient of the tensor called `name`.
    pub fn grad(&self, name: &str) -> Option<&[f32]> {
        self.find(name).map(|t| &self.grads[t.range()])
    }

    /// A copy of a 2-D tensor (or a 1-D one as a column) as an nalgebra matrix, for inspection and
    /// for user-facing views of the weights.
    pub fn matrix(&self, name: &str) -> Option<nalgebra::DMatrix<f32>> {
        let t = self.find(name)?;
        let (rows, cols) = match t.shape.as_slice() {
            [r, c] => (*r, *c),
            [n] => (*n, 1),
            _ => return None,
        };
        Some(nalgebra::DMatrix::from_row_slice(
            rows,
            cols,
            &self.values[t.range()],
        ))
    }

    /// Sets every gradient to zero.
    pub fn zero_grads(&mut self) {
        self.grads.fill(0.0);
    }

    /// Total number of scalar parameters.
    pub fn count(&self) -> usize {
        self.values.len()
    }

    /// Marks tensors trainable or frozen by a predicate on their names.
    pub fn set_trainable(&mut self, mut pred: impl FnMut(&str) -> bool) {
        for t in &mut self.tensors {
            t.trainable = pred(&t.name);
        }
    }

    /// Copies values from `other` tensor by tensor, matching names and shapes.
    /// Fails (leaving `self` unchanged) naming the first missing or mismatched tensor.
    pub fn copy_values_from(&mut self, other: &Params) -> Result<(), String> {
        for t in &self.tensors {
            let o = other
                .find(&t.name)
                .ok_or_else(|| format!("missing tensor `{}`", t.name))?;
            if o.shape != t.shape {
                return Err(format!(
                    "tensor `{}` has shape {}, expected {}",
                    t.name,
                    shape_text(&o.shape),
                    shape_text(&t.shape)
                ));
            }
        }
        for i in 0..self.tensors.len() {
            let t = &self.tensors[i];
            let o = other.find(&t.name).expect("checked above");
            let src = &other.values[o.range()];
            self.values[t.range()].copy_from_slice(src);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_shape_is_shortened_in_messages() {
        let long = vec![1usize; 1_000_000];
        assert_eq!(
            shape_text(&long),
            "[1, 1, 1, 1, …, 1, 1] (1000000 dimensions)"
        );
        let nine: Vec<usize> = (1..=9).collect();
        assert_eq!(shape_text(&nine), "[1, 2, 3, 4, …, 8, 9] (9 dimensions)");
        let eight: Vec<usize> = (1..=8).collect();
        assert_eq!(shape_text(&eight), format!("{eight:?}"));
    }

    #[test]
    fn shape_text_reads_like_debug() {
        for shape in [vec![], vec![7], vec![200, 1], vec![4, 3, 2]] {
            assert_eq!(shape_text(&shape), format!("{shape:?}"));
        }
    }

    #[test]
    fn registers_contiguous_named_tensors() {
        let mut p = Params::new();
        let a = p.register("weight_ih_l0", &[8, 3]);
        let b = p.register("bias_ih_l0", &[8]);
        assert_eq!(a, 0..24);
        assert_eq!(b, 24..32);
        p.get_mut("bias_ih_l0").unwrap()[7] = 2.5;
        assert_eq!(p.values[31], 2.5);
        assert_eq!(p.count(), 32);
        assert!(p.find("nope").is_none());
        p.get_mut("weight_ih_l0").unwrap()[3 + 2] = 7.0; // row 1, column 2 of 3
        let m = p.matrix("weight_ih_l0").unwrap();
        assert_eq!((m.nrows(), m.ncols(), m[(1, 2)]), (8, 3, 7.0));
    }

    #[test]
    fn copy_checks_shapes_before_writing() {
        let mut a = Params::new();
        a.register("w", &[2, 2]);
        a.register("b", &[2]);
        let mut b = Params::new();
        b.register("w", &[2, 2]);
        b.register("b", &[3]);
        b.values.fill(1.0);
        let err = a.copy_values_from(&b).unwrap_err();
        assert!(err.contains("`b`"), "{err}");
        assert!(a.values.iter().all(|&v| v == 0.0));
    }
}
