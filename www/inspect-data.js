/**
 * The inspection of one window in the form the "Inside the network" views
 * draw from: each gate and state as one flat Float32Array (`[L·D][T][H]`
 * row-major), the gradient norms as `[L·D][T]`. Pure, no DOM.
 *
 * `fromNested` reads the contract's nested arrays (what
 * `<rnn-playground>.inspect()` returns); `fromPacked` reads the worker's
 * packed form, whose arrays are already flat.
 */

/** Gates and states of each cell, in the order the panel shows them. */
export const GATE_ORDER = {
  lstm: ['i', 'f', 'g', 'o', 'c', 'h'],
  gru: ['r', 'z', 'n', 'h'],
  rnn_tanh: ['h'],
  rnn_relu: ['h'],
};

/** What each split is called in the panel. */
export const SPLIT_LABELS = { train: 'training', val: 'validation', test: 'test' };

/** What each gate or state is, for headings and tooltips. */
export const GATE_LABELS = /** @type {Record<string, string>} */ ({
  i: 'input gate i', f: 'forget gate f', g: 'candidate g', o: 'output gate o', c: 'cell state c',
  h: 'hidden state h', r: 'reset gate r', z: 'update gate z', n: 'candidate n',
});

/**
 * One window's inspection, flat.
 * @typedef {object} PanelData
 * @property {string} cell
 * @property {number} layers       L
 * @property {number} directions   D (2 when bidirectional)
 * @property {number} hidden       H
 * @property {number} window       T
 * @property {string} split
 * @property {number} index        the window's index in its split (−1 resolved, when the worker says so)
 * @property {number|null} windows     windows in the split, when known
 * @property {number|null} targetRow   series index of the window's target, when known
 * @property {Float32Array} input      the window's T input values
 * @property {number} target           original scale (the first step ahead)
 * @property {number} prediction       original scale (the first step ahead)
 * @property {number|null} loss
 * @property {number|null} epoch      the training position it was taken at, when known
 * @property {Float32Array} gradNorm   L·D·T: ‖∂loss/∂h_t‖ of each layer·direction
 * @property {Float32Array} saliency   T: ∂ŷ/∂x_t
 * @property {string[]} gateNames      the gates present, in display order
 * @property {Record<string, Float32Array>} gates  L·D·T·H each
 */

/**
 * A number of `obj`, or null when it has none.
 * @param {any} obj
 * @param {string[]} keys  names to try, first match wins
 */
function optionalNumber(obj, keys) {
  for (const k of keys) if (typeof obj?.[k] === 'number') return obj[k];
  return null;
}

/**
 * The first value of a number or an array of them (a target or prediction
 * with a horizon above 1 has one per step ahead: the panel shows the first).
 * @param {any} v
 */
function firstNumber(v) {
  if (typeof v === 'number') return v;
  return v && v.length ? Number(v[0]) : NaN;
}

/**
 * The gates of `cell` that `gates` has, in display order (any others after).
 * @param {string} cell
 * @param {Record<string, unknown>} gates
 */
export function gateNamesOf(cell, gates) {
  const known = /** @type {Record<string, string[]>} */ (GATE_ORDER)[cell] ?? [];
  const names = Object.keys(gates);
  return [...known.filter((g) => names.includes(g)), ...names.filter((g) => !known.includes(g))];
}

/**
 * Flattens `rows` (nested arrays of numbers) into `out` from `offset`.
 * @param {any} rows
 * @param {Float32Array} out
 * @param {number} offset
 * @returns {number} the next offset
 */
function flattenInto(rows, out, offset) {
  if (typeof rows === 'number') {
    out[offset] = rows;
    return offset + 1;
  }
  let o = offset;
  for (const r of rows) o = flattenInto(r, out, o);
  return o;
}

/**
 * Flattens a nested array that must hold `n` numbers.
 * @param {any} nested
 * @param {number} n
 * @param {string} what   named in the error
 */
function flat(nested, n, what) {
  // The worker's arrays are already flat (and transferred to us): used as they are.
  if (nested instanceof Float32Array && nested.length === n) return nested;
  const out = new Float32Array(n);
  let got;
  try {
    got = flattenInto(nested, out, 0);
  } catch {
    got = -1;
  }
  if (got !== n) throw new Error(`inspection: ${what} should hold ${n} numbers`);
  return out;
}

/**
 * The panel's form of an Inspection in the contract's nested shape.
 * @param {any} insp  `{cell, layers, hidden, window, split, index, input, target, prediction, grad_h_norm, saliency, gates}`
 * @returns {PanelData}
 */
export function fromNested(insp) {
  const T = insp.window;
  const H = insp.hidden;
  const L = insp.layers;
  const LD = Array.isArray(insp.grad_h_norm) ? insp.grad_h_norm.length : L;
  const gates = /** @type {Record<string, Float32Array>} */ ({});
  for (const [name, v] of Object.entries(insp.gates ?? {})) gates[name] = flat(v, LD * T * H, `gates.${name}`);
  return {
    cell: insp.cell,
    layers: L,
    directions: Math.max(1, Math.round(LD / L)),
    hidden: H,
    window: T,
    split: insp.split,
    index: insp.index,
    windows: optionalNumber(insp, ['windows']),
    targetRow: optionalNumber(insp, ['target_row']),
    input: flat(insp.input, T, 'input'),
    target: firstNumber(insp.target),
    prediction: firstNumber(insp.prediction),
    loss: optionalNumber(insp, ['loss']),
    epoch: optionalNumber(insp, ['epoch']),
    gradNorm: flat(insp.grad_h_norm, LD * T, 'grad_h_norm'),
    saliency: flat(insp.saliency, T, 'saliency'),
    gateNames: Array.isArray(insp.gate_names) ? insp.gate_names.filter((/** @type {string} */ g) => g in gates)
      : gateNamesOf(insp.cell, gates),
    gates,
  };
}

/**
 * The panel's form of the worker's packed inspection (the same keys with flat
 * typed arrays, and `directions` when bidirectional); nested arrays work too.
 * @param {any} packed
 * @returns {PanelData}
 */
export function fromPacked(packed) {
  const L = packed.layers;
  const D = packed.directions ?? (packed.bidirectional ? 2 : 1);
  const nested = { ...packed, grad_h_norm: packed.grad_h_norm };
  if (ArrayBuffer.isView(packed.grad_h_norm)) {
    // Flat `[L·D][T]`: give fromNested the number of rows it would count.
    const T = packed.window;
    nested.grad_h_norm = Array.from({ length: L * D }, (_, ld) => packed.grad_h_norm.subarray(ld * T, (ld + 1) * T));
  }
  return fromNested(nested);
}

/**
 * The label of layer·direction `ld` (state index `layer·D + dir`, as PyTorch).
 * @param {number} ld
 * @param {number} directions
 */
export function layerLabel(ld, directions) {
  const layer = Math.floor(ld / directions) + 1;
  if (directions === 1) return `layer ${layer}`;
  return `layer ${layer} ${ld % directions === 0 ? 'forward' : 'backward'}`;
}

/**
 * The line above the views: which window, what the model said, when.
 * @param {PanelData} d
 * @param {(row: number) => string} stepLabel  how a series row is named (a date)
 */
export function statusText(d, stepLabel) {
  const split = /** @type {Record<string, string>} */ (SPLIT_LABELS)[d.split] ?? d.split;
  const which = d.windows != null && d.index >= 0 ? `window ${d.index} (of 0–${d.windows - 1})` : `window ${d.index}`;
  const at = d.targetRow != null ? `, target at ${stepLabel(d.targetRow)}` : '';
  const loss = d.loss != null ? `, loss ${d.loss.toPrecision(3)}` : '';
  const when = d.epoch == null ? '' : d.epoch === 0 ? ' (before training)' : ` (epoch ${d.epoch})`;
  return `${split[0].toUpperCase()}${split.slice(1)} ${which}${at}: prediction ${d.prediction.toPrecision(5)}, ` +
    `target ${d.target.toPrecision(5)}${loss}${when}.`;
}
