/**
 * Colour scales of the "Inside the network" heatmaps: pure functions, no DOM.
 *
 * Gates that are sigmoids (LSTM `i f o`, GRU `r z`) live in [0, 1] and get a
 * sequential scale over exactly that range, so a saturated gate looks the same
 * in every window and epoch. `tanh` outputs (`g`, `n`, the hidden state of the
 * tanh cells) get a diverging scale over [−1, 1]. The LSTM cell state `c` is
 * unbounded: diverging, symmetric around 0 at the largest |c| of the data. The
 * ReLU RNN's hidden state is ≥ 0: sequential from 0 to its largest value.
 */

/** Number of entries of each colour table. */
export const LUT_SIZE = 256;

/** RGB of a value that is not finite (drawn grey). */
export const MISSING_RGB = [156, 163, 175];

/**
 * Anchor colours of the two scales, evenly spaced from the low end to the high
 * end: blue through near-white to red for signed values, near-white to deep
 * teal for values with a floor of 0.
 */
const ANCHORS = {
  diverging: ['#1e3a8a', '#3b82f6', '#bfdbfe', '#f8fafc', '#fecaca', '#ef4444', '#7f1d1d'],
  sequential: ['#f8fafc', '#a7f3d0', '#34d399', '#0f766e', '#134e4a'],
};

/** @typedef {'diverging'|'sequential'} ScaleKind */

/**
 * A scale: its kind and the data range it spans.
 * @typedef {object} ColorScale
 * @property {ScaleKind} kind
 * @property {number} min   value drawn with the first colour
 * @property {number} max   value drawn with the last colour
 */

/**
 * `#rrggbb` → [r, g, b].
 * @param {string} hex
 * @returns {[number, number, number]}
 */
export function parseHex(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A colour table of `size` RGB triples interpolated linearly between `anchors`.
 * @param {string[]} anchors  at least two `#rrggbb` colours
 * @param {number} [size]
 * @returns {Uint8ClampedArray} size·3 bytes
 */
export function buildLut(anchors, size = LUT_SIZE) {
  const rgb = anchors.map(parseHex);
  const out = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const pos = (i / (size - 1)) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(pos));
    const f = pos - k;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(rgb[k][c] + (rgb[k + 1][c] - rgb[k][c]) * f);
  }
  return out;
}

/** The colour table of each scale kind. */
export const LUTS = { diverging: buildLut(ANCHORS.diverging), sequential: buildLut(ANCHORS.sequential) };

/** Names of the gates that are sigmoids, whatever the cell. */
const SIGMOID_GATES = new Set(['i', 'f', 'o', 'r', 'z']);

/**
 * The largest finite |v| of `values` (0 when there is none).
 * @param {ArrayLike<number>} values
 */
export function maxAbs(values) {
  let m = 0;
  for (let k = 0; k < values.length; k++) {
    const a = Math.abs(values[k]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m;
}

/**
 * The scale for gate or state `name` of cell `cell`, given its values (used
 * only by the unbounded ones: LSTM `c`, ReLU RNN `h`).
 * @param {string} cell    `lstm` | `gru` | `rnn_tanh` | `rnn_relu`
 * @param {string} name    the gate or state
 * @param {ArrayLike<number>} values
 * @returns {ColorScale}
 */
export function scaleFor(cell, name, values) {
  if (SIGMOID_GATES.has(name)) return { kind: 'sequential', min: 0, max: 1 };
  if (name === 'h' && cell === 'rnn_relu') return { kind: 'sequential', min: 0, max: Math.max(maxAbs(values), 1e-6) };
  if (name === 'c') {
    const m = Math.max(maxAbs(values), 1e-6);
    return { kind: 'diverging', min: -m, max: m };
  }
  return { kind: 'diverging', min: -1, max: 1 };
}

/**
 * The colour-table entry of `value` on `scale` (clamped to the ends), or −1
 * when the value is not finite.
 * @param {number} value
 * @param {ColorScale} scale
 */
export function colorIndex(value, scale) {
  if (!Number.isFinite(value)) return -1;
  const f = (value - scale.min) / (scale.max - scale.min);
  return Math.max(0, Math.min(LUT_SIZE - 1, Math.round(f * (LUT_SIZE - 1))));
}

/**
 * Paints a time × unit block as RGBA pixels: column t, row `unit` (unit 0 at
 * the top), so the image is `steps` wide and `units` high.
 * @param {ArrayLike<number>} values  value of (t, unit) at `offset + t·units + unit`
 * @param {number} offset
 * @param {number} steps   T
 * @param {number} units   H
 * @param {ColorScale} scale
 * @param {Uint8ClampedArray} out     steps·units·4 bytes (an ImageData's data)
 */
export function paintBlock(values, offset, steps, units, scale, out) {
  const lut = LUTS[scale.kind];
  for (let t = 0; t < steps; t++) {
    const base = offset + t * units;
    for (let u = 0; u < units; u++) {
      const i = colorIndex(values[base + u], scale);
      const p = (u * steps + t) * 4;
      if (i >= 0) {
        out[p] = lut[i * 3];
        out[p + 1] = lut[i * 3 + 1];
        out[p + 2] = lut[i * 3 + 2];
      } else {
        out[p] = MISSING_RGB[0];
        out[p + 1] = MISSING_RGB[1];
        out[p + 2] = MISSING_RGB[2];
      }
      out[p + 3] = 255;
    }
  }
}

/**
 * The tick labels of a legend: the ends and, for a diverging scale, 0.
 * @param {ColorScale} scale
 * @returns {{value: number, at: number}[]}  `at` in [0, 1] along the legend
 */
export function legendTicks(scale) {
  const ticks = [{ value: scale.min, at: 0 }, { value: scale.max, at: 1 }];
  if (scale.kind === 'diverging') ticks.splice(1, 0, { value: 0, at: (0 - scale.min) / (scale.max - scale.min) });
  return ticks;
}
