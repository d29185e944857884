//! Freezing parameters for fine-tuning: `none`, `recurrent` (train the head only) or `first:K`
//! (freeze the first K recurrent layers, both directions).

use crate::model::Params;
use std::fmt;
use std::str::FromStr;

/// Which tensors stay fixed while fine-tuning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Freeze {
    /// Everything trains.
    #[default]
    None,
    /// Every recurrent tensor is frozen; only the linear head `fc.*` trains.
    Recurrent,
    /// The recurrent layers `0..K` are frozen.
    First(usize),
}

impl FromStr for Freeze {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "none" | "" => Ok(Freeze::None),
            "recurrent" => Ok(Freeze::Recurrent),
            _ => match t.strip_prefix("first:").map(|k| k.parse::<usize>()) {
                Some(Ok(k)) => Ok(Freeze::First(k)),
                _ => Err(format!(
                    "freeze `{}` is not one of none | recurrent | first:K",
                    crate::vocab::short_quote(s)
                )),
            },
        }
    }
}

impl fmt::Display for Freeze {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Freeze::None => f.write_str("none"),
            Freeze::Recurrent => f.write_str("recurrent"),
            Freeze::First(k) => write!(f, "first:{k}"),
        }
    }
}

/// The layer index of a recurrent tensor name (`lstm.weight_hh_l1_reverse` → 1), `None` for the head.
fn layer_of(name: &str) -> Option<usize> {
    if name.starts_with("fc.") {
        return None;
    }
    let at = name.rfind("_l")?;
    let digits: String = name[at + 2..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

impl Freeze {
    /// Applies the spec to `params` (`layers` = recurrent layers of the model, for checking K).
    /// Returns the number of trainable scalars left.
    pub fn apply(self, params: &mut Params, layers: usize) -> Result<usize, String> {
        if let Freeze::First(k) = self {
            if k > layers {
                return Err(format!(
                    "freeze first:{k}: the model has only {layers} recurrent layer(s)"
                ));
            }
        }
        params.set_trainable(|name| match self {
            Freeze::None => true,
            Freeze::Recurrent => name.starts_with("fc."),
            Freeze::First(k) => layer_of(name).map_or(true, |l| l >= k),
        });
        Ok(params
            .tensors
            .iter()
            .filter(|t| t.trainable)
            .map(|t| t.len())
            .sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_spec_is_quoted_by_its_prefix() {
        let e = "first:x".repeat(10_000).parse::<Freeze>().unwrap_err();
        assert!(e.starts_with("freeze `first:x"), "{e}");
        assert!(e.len() < 200, "the spec is quoted whole: {} bytes", e.len());
    }

    #[test]
    fn freezes_by_pytorch_names() {
        let mut p = Params::new();
        for n in [
            "lstm.weight_ih_l0",
            "lstm.weight_hh_l0_reverse",
            "lstm.bias_ih_l1",
            "fc.weight",
        ] {
            p.register(n, &[2]);
        }
        assert_eq!(Freeze::Recurrent.apply(&mut p, 2).unwrap(), 2);
        assert_eq!(
            "first:1"
                .parse::<Freeze>()
                .unwrap()
                .apply(&mut p, 2)
                .unwrap(),
            4
        );
        assert!(!p.tensors[1].trainable && p.tensors[2].trainable);
        assert!(Freeze::First(3)
            .apply(&mut p, 2)
            .unwrap_err()
            .contains("only 2"));
        assert!("first:x".parse::<Freeze>().is_err());
        assert_eq!(Freeze::None.apply(&mut p, 2).unwrap(), 8);
    }
}
