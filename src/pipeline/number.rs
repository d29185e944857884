//! Reading one CSV cell (used by `ingest`): which cells mean "missing", and a cell as a number,
//! with a decimal comma under a semicolon or tab delimiter and quoted comma thousands separators
//! under a comma delimiter; for other thousands separators, a hint saying what to change.

/// Cells that mean "missing" (trimmed, any case).
const MISSING_TOKENS: [&str; 5] = ["", "na", "n/a", "null", "none"];

/// Whether a cell is missing (see [`MISSING_TOKENS`]).
pub(super) fn is_missing(cell: &str) -> bool {
    let t = cell.trim();
    MISSING_TOKENS.iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// Parses one cell as a number (see the module doc). `Ok` may be non-finite.
pub(super) fn parse_number(cell: &str, delimiter: u8) -> Option<f64> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(v) = t.parse::<f64>() {
        return Some(v);
    }
    if delimiter != b',' && t.matches(',').count() == 1 && !t.contains('.') {
        return t.replace(',', ".").parse::<f64>().ok();
    }
    // In a comma-delimited file a cell holding a comma was quoted: `"1,234.5"`.
    if delimiter == b',' && is_comma_grouped(t) {
        return t.replace(',', "").parse::<f64>().ok();
    }
    None
}

/// Whether `t` is `-?\d{1,3}(,\d{3})+(\.\d+)?`: digits grouped by thousands with commas.
fn is_comma_grouped(t: &str) -> bool {
    grouped_by(t.strip_prefix('-').unwrap_or(t), ',', '.')
}

/// Whether `t` (no sign) is digits grouped by three with `sep`, then optionally `decimal` and
/// digits: `1 234.5`, `1.234,5`, `12,345`.
fn grouped_by(t: &str, sep: char, decimal: char) -> bool {
    let (int, frac) = match t.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let groups: Vec<&str> = int.split(sep).collect();
    groups.len() >= 2
        && digits(groups[0])
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g))
        && match frac {
            Some(f) => digits(f),
            None => true,
        }
}

/// What to change in a cell that looks like a number with thousands separators but is not read
/// as one under `delimiter` (`None` when it does not look like one).
pub(super) fn thousands_hint(cell: &str, delimiter: u8) -> Option<String> {
    let t = cell.trim();
    let t = t.strip_prefix('-').unwrap_or(t);
    let looks_grouped = [',', '.', ' ', '\'', '\u{a0}'].iter().any(|&sep| {
        [',', '.']
            .iter()
            .any(|&decimal| decimal != sep && grouped_by(t, sep, decimal))
    });
    if !looks_grouped {
        return None;
    }
    let comma = if delimiter == b',' {
        ""
    } else {
        ", or use a comma delimiter with the cell quoted (\"1,234.5\")"
    };
    Some(format!(
        " (it looks like a number with thousands separators: remove them, e.g. 1234.5{comma})"
    ))
}
