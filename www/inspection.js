/**
 * One window seen from inside the network: the element-facing `Inspection`
 * (nested arrays) and its unpacking from the worker's `inspect` result, which
 * travels as flat Float32Arrays with a shape (www/protocol.js
 * `PackedInspection`). Pure: no DOM, no worker. Definitions (state index,
 * scales, the saliency for a horizon above 1): docs/architecture.md, "Inside
 * the network".
 */

/** @typedef {import('./protocol.js').PackedInspection} PackedInspection */

/**
 * One window seen from inside the network. Per-state arrays are indexed by
 * `layer·directions + dir` (as PyTorch), then time step, then unit.
 * @typedef {object} Inspection
 * @property {string} cell            'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu'
 * @property {number} layers
 * @property {number} directions      2 when bidirectional
 * @property {number} hidden
 * @property {number} window          input steps T
 * @property {number} horizon
 * @property {'train'|'val'|'test'} split
 * @property {number} index           the window's position in its split, in time order
 * @property {number} windows         windows in the split
 * @property {number} target_row      series row of the window's first target (rows
 *   `target_row − window … target_row − 1` are the inputs)
 * @property {number[]} input         the series at the input steps, original scale, `[T]`
 * @property {number[]} input_scaled  what the network reads at those steps (transformed, scaled)
 * @property {number[]} target        the actual values, original scale, `[horizon]`
 * @property {number[]} prediction    the network's predictions, original scale, `[horizon]`
 * @property {number} loss            the training loss of this window (scaled units)
 * @property {number[][]} grad_h_norm ‖∂loss/∂h_t‖₂, `[L·D][T]`
 * @property {number[]} saliency      ∂ȳ/∂x_t, `[T]` (ȳ the mean of the horizon's outputs)
 * @property {string[]} gate_names    the keys of `gates` in their fixed order: LSTM
 *   i, f, g, o, c, h; GRU r, z, n, h; RNN h
 * @property {Record<string, number[][][]>} gates  `[L·D][T][H]` each
 * @property {number} epoch           training position: epoch (0 before the first batch)
 * @property {number} batch           and batches done in it
 */

/**
 * Splits a flat array into consecutive rows of `width` values.
 * @param {ArrayLike<number>} flat
 * @param {number} width
 * @returns {number[][]}
 */
function rows(flat, width) {
  const out = [];
  for (let at = 0; at < flat.length; at += width) {
    const row = new Array(width);
    for (let j = 0; j < width; j++) row[j] = flat[at + j];
    out.push(row);
  }
  return out;
}

/**
 * Turns the worker's packed inspection into nested arrays. Throws when an
 * array does not have the length its shape says.
 * @param {PackedInspection} packed
 * @returns {Inspection}
 */
export function unpackInspection(packed) {
  const [states, steps, hidden] = packed.shape;
  /**
   * @param {string} what
   * @param {ArrayLike<number>} array
   * @param {number} length
   */
  const expect = (what, array, length) => {
    if (!array || array.length !== length) {
      throw new Error(`inspection: ${what} has ${array?.length ?? 'no'} values, expected ${length}`);
    }
  };
  expect('grad_h_norm', packed.grad_h_norm, states * steps);
  expect('saliency', packed.saliency, steps);
  expect('input', packed.input, steps);
  /** @type {Record<string, number[][][]>} */
  const gates = {};
  for (const name of packed.gate_names) {
    const flat = packed.gates[name];
    expect(`gates.${name}`, flat, states * steps * hidden);
    gates[name] = rows(flat, steps * hidden).map((state) => rows(state, hidden));
  }
  return {
    cell: packed.cell,
    layers: packed.layers,
    directions: packed.directions,
    hidden: packed.hidden,
    window: packed.window,
    horizon: packed.horizon,
    split: packed.split,
    index: packed.index,
    windows: packed.windows,
    target_row: packed.target_row,
    input: Array.from(packed.input),
    input_scaled: Array.from(packed.input_scaled),
    target: Array.from(packed.target),
    prediction: Array.from(packed.prediction),
    loss: packed.loss,
    grad_h_norm: rows(packed.grad_h_norm, steps),
    saliency: Array.from(packed.saliency),
    gate_names: [...packed.gate_names],
    gates,
    epoch: packed.epoch,
    batch: packed.batch,
  };
}

/**
 * The buffers of a packed inspection's arrays, to transfer (not copy) with
 * the reply. Each buffer once, even when arrays share one.
 * @param {PackedInspection} packed
 * @returns {ArrayBuffer[]}
 */
export function inspectionBuffers(packed) {
  const arrays = [
    packed.input, packed.input_scaled, packed.target, packed.prediction,
    packed.grad_h_norm, packed.saliency, ...Object.values(packed.gates),
  ];
  /** @type {Set<ArrayBuffer>} */
  const buffers = new Set();
  for (const a of arrays) {
    if (ArrayBuffer.isView(a) && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return [...buffers];
}
