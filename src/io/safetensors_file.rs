//! safetensors encoding of named tensors (the format PyTorch's `safetensors.torch.save_file` and
//! `load_file` use), with our header as `__metadata__` so a file we write is self-describing.

use super::tensors::{check_tensor, NamedTensor};
use crate::vocab::{short_quote, shorten_quotes};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::collections::HashMap;

/// Encodes tensors as little-endian F32 safetensors, with optional string metadata.
pub fn encode(
    tensors: &[NamedTensor],
    metadata: Option<HashMap<String, String>>,
) -> Result<Vec<u8>, String> {
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|t| t.data.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let mut views = Vec::with_capacity(tensors.len());
    for (t, b) in tensors.iter().zip(&bytes) {
        let view = TensorView::new(Dtype::F32, t.shape.clone(), b)
            .map_err(|e| format!("safetensors: tensor `{}`: {e}", t.name))?;
        views.push((t.name.clone(), view));
    }
    safetensors::serialize(views, metadata).map_err(|e| format!("safetensors: {e}"))
}

/// Decodes a safetensors buffer into F32 tensors (F64 is narrowed; other dtypes are refused),
/// checking every value is finite. Returns the tensors in name order and the metadata.
pub fn decode(bytes: &[u8]) -> Result<(Vec<NamedTensor>, HashMap<String, String>), String> {
    let invalid = |e: safetensors::SafeTensorError| {
        format!(
            "not a valid safetensors file: {}",
            shorten_quotes(&e.to_string())
        )
    };
    let st = SafeTensors::deserialize(bytes).map_err(invalid)?;
    let (_, meta) = SafeTensors::read_metadata(bytes).map_err(invalid)?;
    let mut out = Vec::with_capacity(st.len());
    // Name order, by insertion: the file's index is a hash map, and the tensors are few (this
    // keeps a sort instance of our own out of the wasm module; safetensors brings two).
    let mut names: Vec<&str> = Vec::with_capacity(st.len());
    for name in st.names() {
        let at = names.binary_search(&name).unwrap_or_else(|at| at);
        names.insert(at, name);
    }
    for name in names {
        let quoted = short_quote(name);
        let view = st
            .tensor(name)
            .map_err(|e| format!("safetensors tensor `{quoted}`: {e}"))?;
        let raw = view.data();
        let data: Vec<f32> = match view.dtype() {
            Dtype::F32 => raw
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            Dtype::F64 => raw
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")) as f32)
                .collect(),
            other => {
                return Err(format!(
                    "safetensors tensor `{quoted}`: dtype {other} is not supported (use F32 or F64)"
                ))
            }
        };
        let at = format!("safetensors tensor `{quoted}`");
        let t = NamedTensor {
            name: name.to_string(),
            shape: view.shape().to_vec(),
            data,
        };
        check_tensor(&t, &at)?;
        out.push(t);
    }
    Ok((out, meta.metadata().clone().unwrap_or_default()))
}

/// Whether `bytes` look like a safetensors file (8-byte little-endian header length, then `{`).
pub fn looks_like_safetensors(bytes: &[u8]) -> bool {
    if bytes.len() < 9 {
        return false;
    }
    let n = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
    n > 0 && n <= (bytes.len() - 8) as u64 && bytes[8] == b'{'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_bit_exact_with_metadata() {
        let ts = vec![
            NamedTensor {
                name: "fc.weight".into(),
                shape: vec![1, 3],
                data: vec![0.1, -2.5e-8, 3.0],
            },
            NamedTensor {
                name: "fc.bias".into(),
                shape: vec![1],
                data: vec![f32::MIN_POSITIVE],
            },
        ];
        let meta = HashMap::from([("format".to_string(), "x".to_string())]);
        let bytes = encode(&ts, Some(meta)).unwrap();
        assert!(looks_like_safetensors(&bytes));
        let (back, m) = decode(&bytes).unwrap();
        assert_eq!(m["format"], "x");
        assert_eq!(back.len(), 2);
        assert_eq!(back[1], ts[0]);
        assert_eq!(back[0], ts[1]);
        let e = decode(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(e.contains("not a valid safetensors"), "{e}");
        assert!(!looks_like_safetensors(b"{\"format\": 1}"));
    }
}
