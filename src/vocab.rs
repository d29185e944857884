//! Named choices: the one way a set of alternatives (cell kinds, transforms, scalers, losses, …)
//! gets its names. Each domain enum is declared once, where it belongs, with [`choice_enum!`];
//! that gives it its canonical name (files, URLs, CLI flags), its accepted aliases, a label for
//! people, `FromStr`, `Display` and serde. The configuration table and the front end read the
//! same names through [`Choice`]. This module sits at the bottom and imports nothing of the crate.

use std::fmt;

/// A closed set of named alternatives.
pub trait Choice: Sized + Copy + 'static {
    /// The configuration key whose value this is (`cell`, `transform`, …), for messages.
    const KEY: &'static str;
    /// Every alternative, in display order.
    const ALL: &'static [Self];
    /// The canonical names, in the order of [`Choice::ALL`].
    const NAMES: &'static [&'static str];
    /// The other accepted spellings of each alternative, in the order of [`Choice::ALL`].
    const ALIASES: &'static [&'static [&'static str]];
    /// The canonical name, as written in files, URLs and CLI flags.
    fn name(self) -> &'static str;
    /// A short label for people (`RNN (tanh)`).
    fn label(self) -> &'static str;
    /// Other accepted spellings (case-insensitive), besides the canonical name.
    fn aliases(self) -> &'static [&'static str];
}

/// Parses a canonical name or an alias, ignoring case and surrounding space.
pub fn parse<T: Choice>(text: &str) -> Result<T, ChoiceError> {
    position(text, T::KEY, T::NAMES, T::ALIASES).map(|i| T::ALL[i])
}

/// Where `text` is among `names` (or their `aliases`); the one non-generic body of [`parse`],
/// so each choice type adds only a table to the wasm module.
fn position(
    text: &str,
    key: &'static str,
    names: &[&'static str],
    aliases: &[&[&str]],
) -> Result<usize, ChoiceError> {
    let wanted = text.trim();
    names
        .iter()
        .zip(aliases)
        .position(|(name, other)| {
            name.eq_ignore_ascii_case(wanted)
                || other.iter().any(|a| a.eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| ChoiceError::new(key, text, names.to_vec()))
}

/// The longest prefix of a bad value a message quotes (the rest becomes `…`).
pub const QUOTE_CHARS: usize = 40;

/// `text` as quoted in messages: at most [`QUOTE_CHARS`] characters, then `…`.
pub fn short_quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Another library's message (serde, clap, csv) with every quoted part (between `'`, `"` or
/// `` ` ``) longer than [`QUOTE_CHARS`] cut by [`short_quote`]; an unclosed quote is cut to its
/// end. Such messages may echo a whole input value.
pub fn shorten_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut rest = message;
    while let Some(open) = rest.find(['\'', '"', '`']) {
        let q = rest[open..].chars().next().unwrap_or('"');
        out.push_str(&rest[..open + 1]);
        let inner = &rest[open + 1..];
        let close = inner.find(q).unwrap_or(inner.len());
        out.push_str(&short_quote(&inner[..close]));
        rest = &inner[close..];
        if let Some(tail) = rest.strip_prefix(q) {
            out.push(q);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// A value that is none of a choice's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceError {
    /// The configuration key (`cell`).
    pub key: &'static str,
    /// The value given, shortened for quoting.
    pub given: String,
    /// The canonical names accepted.
    pub expected: Vec<&'static str>,
}

impl ChoiceError {
    fn new(key: &'static str, given: &str, expected: Vec<&'static str>) -> Self {
        ChoiceError {
            key,
            given: short_quote(given.trim()),
            expected,
        }
    }
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} `{}`: expected one of {}",
            self.key,
            self.given,
            self.expected.join(" | ")
        )
    }
}

impl std::error::Error for ChoiceError {}

/// Declares an enum of named alternatives and implements [`Choice`], an inherent `name()`,
/// `label()` and `parse()`, `FromStr`, `Display`, and serde as the canonical name (aliases are
/// accepted when reading).
///
/// ```
/// rnn_playground::choice_enum! {
///     /// Which way round.
///     #[derive(Default)]
///     pub enum Direction for "direction" {
///         /// Left to right.
///         #[default]
///         Forward = "forward", "Forward", alias "fwd";
///         /// Right to left.
///         Reverse = "reverse", "Reverse";
///     }
/// }
/// assert_eq!("FWD".parse::<Direction>().unwrap(), Direction::Forward);
/// assert_eq!(Direction::Reverse.to_string(), "reverse");
/// ```
#[macro_export]
macro_rules! choice_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $key:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal, $label:literal $(, alias $alias:literal)*;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $crate::vocab::Choice for $name {
            const KEY: &'static str = $key;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($text),+];
            const ALIASES: &'static [&'static [&'static str]] = &[$(&[$($alias),*]),+];
            fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),*]),+ }
            }
        }

        impl $name {
            /// The canonical name, as written in files, URLs and CLI flags.
            pub fn name(self) -> &'static str {
                $crate::vocab::Choice::name(self)
            }

            /// A short label for people.
            pub fn label(self) -> &'static str {
                $crate::vocab::Choice::label(self)
            }

            /// Parses a canonical name or an alias (case-insensitive).
            pub fn parse(text: &str) -> Result<Self, $crate::vocab::ChoiceError> {
                $crate::vocab::parse(text)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::ChoiceError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $crate::vocab::parse(text)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "one of {}", <$name as $crate::vocab::Choice>::NAMES.join(" | "))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $crate::vocab::parse(v).map_err(E::custom)
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::choice_enum! {
        /// A test choice.
        enum Fruit for "fruit" {
            /// An apple.
            Apple = "apple", "Apple", alias "pomme";
            /// A pear.
            Pear = "pear", "Pear";
        }
    }

    #[test]
    fn names_aliases_and_case_parse() {
        assert_eq!(Fruit::parse(" APPLE ").unwrap(), Fruit::Apple);
        assert_eq!("Pomme".parse::<Fruit>().unwrap(), Fruit::Apple);
        assert_eq!(Fruit::NAMES, ["apple", "pear"]);
        assert_eq!(Fruit::Pear.label(), "Pear");
    }

    #[test]
    fn errors_name_the_key_and_the_choices_and_quote_briefly() {
        let e = Fruit::parse("kiwi").unwrap_err().to_string();
        assert_eq!(e, "invalid fruit `kiwi`: expected one of apple | pear");
        let long = "x".repeat(10_000);
        let e = Fruit::parse(&long).unwrap_err().to_string();
        assert!(e.len() < 120, "{e}");
        assert!(e.contains(&format!("{}…", "x".repeat(QUOTE_CHARS))));
    }

    #[test]
    fn serde_writes_the_canonical_name_and_reads_aliases() {
        assert_eq!(serde_json::to_string(&Fruit::Pear).unwrap(), "\"pear\"");
        let f: Fruit = serde_json::from_str("\"pomme\"").unwrap();
        assert_eq!(f, Fruit::Apple);
        let e = serde_json::from_str::<Fruit>("\"kiwi\"").unwrap_err();
        assert!(
            e.to_string().contains("expected one of apple | pear"),
            "{e}"
        );
    }

    #[test]
    fn long_quoted_parts_are_cut() {
        let long = "x".repeat(100);
        let m = shorten_quotes(&format!(
            "invalid type: string \"{long}\", expected `a` or '{long}"
        ));
        assert_eq!(
            m,
            format!(
                "invalid type: string \"{}…\", expected `a` or '{}…",
                "x".repeat(40),
                "x".repeat(40)
            )
        );
        assert_eq!(shorten_quotes("no quotes"), "no quotes");
    }
}
