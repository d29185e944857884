//! Named tensors as they travel through model files, and their checked transfer into [`Params`].
//!
//! Both file formats decode into a list of [`NamedTensor`]s first (checking that every value is
//! finite and that data length matches shape), then [`load_into`] checks names and shapes
//! against the network's own layout before changing anything.

use crate::model::params::shape_text;
use crate::model::Params;

/// One tensor with its PyTorch `state_dict` name.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedTensor {
    /// Name, e.g. `lstm.weight_hh_l0`.
    pub name: String,
    /// Row-major shape.
    pub shape: Vec<usize>,
    /// Values, row-major.
    pub data: Vec<f32>,
}

/// The tensors of `params`, in registration (`state_dict`) order.
pub fn from_params(params: &Params) -> Vec<NamedTensor> {
    params
        .tensors
        .iter()
        .map(|t| NamedTensor {
            name: t.name.clone(),
            shape: t.shape.clone(),
            data: params.values[t.range()].to_vec(),
        })
        .collect()
}

/// Checks one decoded tensor: length equals the product of the shape, every value finite.
/// `field` is where it came from (`weights.fc.bias`), used in the message.
pub fn check_tensor(t: &NamedTensor, field: &str) -> Result<(), String> {
    let want: usize = t.shape.iter().product();
    if t.data.len() != want {
        return Err(format!(
            "{field}: shape {} needs {want} values, found {}",
            shape_text(&t.shape),
            t.data.len()
        ));
    }
    if let Some(i) = t.data.iter().position(|v| !v.is_finite()) {
        return Err(format!("{field}: value {i} is not finite ({})", t.data[i]));
    }
    Ok(())
}

/// Copies `tensors` into `params`, which must hold exactly the same names and shapes.
/// Nothing is written unless every tensor matches. `source` prefixes messages (`weights`).
pub fn load_into(params: &mut Params, tensors: &[NamedTensor], source: &str) -> Result<(), String> {
    for t in &params.tensors {
        let found = tensors
            .iter()
            .find(|n| n.name == t.name)
            .ok_or_else(|| format!("{source}: missing tensor `{}`", t.name))?;
        if found.shape != t.shape {
            return Err(format!(
                "{source}.{}: shape {} does not match the model's {}",
                t.name,
                shape_text(&found.shape),
                shape_text(&t.shape)
            ));
        }
        check_tensor(found, &format!("{source}.{}", t.name))?;
    }
    if let Some(extra) = tensors.iter().find(|n| params.find(&n.name).is_none()) {
        return Err(format!(
            "{source}: unexpected tensor `{}` for this architecture",
            crate::vocab::short_quote(&extra.name)
        ));
    }
    for i in 0..params.tensors.len() {
        let r = params.tensors[i].range();
        let name = &params.tensors[i].name;
        let src = tensors
            .iter()
            .find(|n| &n.name == name)
            .expect("checked above");
        params.values[r].copy_from_slice(&src.data);
    }
    Ok(())
}

/// The architecture a set of PyTorch-named tensors implies: what a safetensors file written by
/// PyTorch (`nn.LSTM`/`nn.GRU`/`nn.RNN` member + `nn.Linear` member `fc`) tells us.
#[derive(Clone, Debug, PartialEq)]
pub struct InferredArchitecture {
    /// Module prefix: `lstm`, `gru` or `rnn`.
    pub module: String,
    /// Features per time step.
    pub input_size: usize,
    /// Hidden units per direction.
    pub hidden_size: usize,
    /// Stacked layers.
    pub num_layers: usize,
    /// Whether `_reverse` tensors are present.
    pub bidirectional: bool,
    /// Whether recurrent biases are present.
    pub bias: bool,
    /// Outputs of the linear head.
    pub output_size: usize,
}

/// Infers the architecture from tensor names and shapes, naming the tensor that does not fit.
pub fn infer_architecture(tensors: &[NamedTensor]) -> Result<InferredArchitecture, String> {
    let find = |name: &str| tensors.iter().find(|t| t.name == name);
    let module = ["lstm", "gru", "rnn"]
        .into_iter()
        .find(|m| find(&format!("{m}.weight_ih_l0")).is_some())
        .ok_or("no recurrent weights: expected a tensor `lstm.weight_ih_l0`, `gru.weight_ih_l0` or `rnn.weight_ih_l0`")?;
    let gates = match module {
        "lstm" => 4,
        "gru" => 3,
        _ => 1,
    };
    let w0 = find(&format!("{module}.weight_ih_l0")).expect("found above");
    if w0.shape.len() != 2 || w0.shape[0] % gates != 0 || w0.shape[0] == 0 {
        return Err(format!(
            "{module}.weight_ih_l0: shape {} is not [{gates}·hidden, input]",
            shape_text(&w0.shape)
        ));
    }
    let hidden_size = w0.shape[0] / gates;
    let input_size = w0.shape[1];
    let mut num_layers = 0;
    while find(&format!("{module}.weight_ih_l{num_layers}")).is_some() {
        num_layers += 1;
    }
    let bidirectional = find(&format!("{module}.weight_ih_l0_reverse")).is_some();
    let bias = find(&format!("{module}.bias_ih_l0")).is_some();
    let fc = find("fc.weight").ok_or("missing tensor `fc.weight` (the linear head)")?;
    let dirs = if bidirectional { 2 } else { 1 };
    if fc.shape.len() != 2 || fc.shape[1] != hidden_size * dirs || fc.shape[0] == 0 {
        return Err(format!(
            "fc.weight: shape {} does not fit a recurrent output of {} features",
            shape_text(&fc.shape),
            hidden_size * dirs
        ));
    }
    Ok(InferredArchitecture {
        module: module.to_string(),
        input_size,
        hidden_size,
        num_layers,
        bidirectional,
        bias,
        output_size: fc.shape[0],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        let mut p = Params::new();
        p.register("gru.weight_ih_l0", &[6, 1]);
        p.register("gru.weight_hh_l0", &[6, 2]);
        p.register("gru.bias_ih_l0", &[6]);
        p.register("gru.bias_hh_l0", &[6]);
        p.register("fc.weight", &[1, 2]);
        p.register("fc.bias", &[1]);
        for (i, v) in p.values.iter_mut().enumerate() {
            *v = i as f32 * 0.25 - 3.0;
        }
        p
    }

    #[test]
    fn load_checks_everything_before_writing() {
        let src = params();
        let mut ts = from_params(&src);
        let mut dst = params();
        dst.values.fill(0.0);
        ts[4].shape = vec![2, 1];
        let e = load_into(&mut dst, &ts, "weights").unwrap_err();
        assert!(
            e.contains("weights.fc.weight") && e.contains("[2, 1]"),
            "{e}"
        );
        assert!(dst.values.iter().all(|&v| v == 0.0));
        ts[4].shape = vec![1, 2];
        ts[5].data[0] = f32::NAN;
        let e = load_into(&mut dst, &ts, "weights").unwrap_err();
        assert!(
            e.contains("weights.fc.bias") && e.contains("not finite"),
            "{e}"
        );
        ts[5].data[0] = 1.0;
        load_into(&mut dst, &ts, "weights").unwrap();
        assert_eq!(
            dst.values[..dst.values.len() - 1],
            src.values[..src.values.len() - 1]
        );
    }

    #[test]
    fn infers_pytorch_architecture() {
        let a = infer_architecture(&from_params(&params())).unwrap();
        assert_eq!(a.module, "gru");
        assert_eq!(
            (a.input_size, a.hidden_size, a.num_layers, a.output_size),
            (1, 2, 1, 1)
        );
        assert!(!a.bidirectional && a.bias);
    }
}
