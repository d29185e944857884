/**
 * The unit view: one hidden unit's activation colouring the characters of a passage, as in
 * Karpathy's "The Unreasonable Effectiveness of Recurrent Neural Networks". The values come from
 * the worker (`text-activations`: `h` of one layer after each character, `[chars, hidden]`).
 * Colours are CSS classes (`act-0` … `act-10`, a diverging scale from −1 to +1 defined in
 * www/text-styles.js), so the page needs no inline styles; hovering a character shows its value.
 */

/** Colour buckets of the diverging scale: `act-0` (−1) … `act-5` (0) … `act-10` (+1). */
export const BUCKETS = 11;

/**
 * The colour bucket of one activation in [−1, 1] (values outside are clamped; NaN is the middle).
 * @param {number} value
 * @returns {number} 0 … BUCKETS − 1
 */
export function activationBucket(value) {
  if (!Number.isFinite(value)) return (BUCKETS - 1) / 2;
  const v = Math.max(-1, Math.min(1, value));
  return Math.round(((v + 1) / 2) * (BUCKETS - 1));
}

/**
 * One unit's values over the passage.
 * @param {Float32Array|number[]} values  `[steps, hidden]` row-major
 * @param {number} hidden
 * @param {number} unit  0 … hidden − 1
 * @returns {number[]}
 */
export function unitColumn(values, hidden, unit) {
  if (!(Number.isInteger(unit) && unit >= 0 && unit < hidden)) {
    throw new Error(`unit ${unit} does not exist: the layer has units 0 to ${hidden - 1}`);
  }
  const out = [];
  for (let t = 0; t * hidden < values.length; t++) out.push(values[t * hidden + unit]);
  return out;
}

/**
 * The units ordered by how much they vary over the passage (standard deviation, largest first):
 * a first guess at which ones follow something in the text.
 * @param {Float32Array|number[]} values
 * @param {number} hidden
 * @returns {number[]}
 */
export function unitsByVariation(values, hidden) {
  const steps = Math.floor(values.length / hidden);
  const sd = [];
  for (let u = 0; u < hidden; u++) {
    let sum = 0;
    let sq = 0;
    for (let t = 0; t < steps; t++) {
      const v = values[t * hidden + u];
      sum += v;
      sq += v * v;
    }
    const mean = steps ? sum / steps : 0;
    sd.push([u, steps ? Math.sqrt(Math.max(0, sq / steps - mean * mean)) : 0]);
  }
  return sd.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([u]) => u);
}

/**
 * How a character is shown: a newline as "↵" followed by a line break, a tab as "→".
 * @param {string} ch
 */
export function visibleChar(ch) {
  if (ch === '\n') return '↵\n';
  if (ch === '\t') return '→';
  return ch;
}

/** The passage coloured by one unit, with a hover read-out. */
export class UnitView {
  /**
   * @param {HTMLElement} passage  where the characters go
   * @param {HTMLElement} readout  where the hovered value is written
   */
  constructor(passage, readout) {
    this.passage = passage;
    this.readout = readout;
    /** @type {RnnWasm.UnitActivations|null} */
    this.data = null;
    this.unit = 0;
    passage.addEventListener('pointerover', (e) => this.hover(e.target));
    passage.addEventListener('focusin', (e) => this.hover(e.target));
  }

  /**
   * Shows `data` coloured by `unit`.
   * @param {RnnWasm.UnitActivations} data
   * @param {number} unit
   */
  show(data, unit) {
    this.data = data;
    this.unit = unit;
    const column = unitColumn(data.values, data.hidden, unit);
    const doc = this.passage.ownerDocument;
    const frag = doc.createDocumentFragment();
    data.chars.forEach((ch, t) => {
      const span = doc.createElement('span');
      span.className = `act-${activationBucket(column[t])}`;
      span.dataset.t = String(t);
      span.textContent = visibleChar(ch);
      frag.append(span);
    });
    this.passage.replaceChildren(frag);
    this.passage.dataset.unit = String(unit);
    this.readout.textContent = `Unit ${unit} of layer ${data.layer}: hover a character to read its activation.`;
  }

  /**
   * Writes the value under the pointer into the read-out.
   * @param {EventTarget|null} target
   */
  hover(target) {
    const el = /** @type {HTMLElement|null} */ (target instanceof Element ? target : null);
    const t = el?.dataset?.t;
    if (!this.data || t == null) return;
    const i = Number(t);
    const v = this.data.values[i * this.data.hidden + this.unit];
    const ch = this.data.chars[i];
    const shown = ch === '\n' ? '↵ (newline)' : ch === ' ' ? '␠ (space)' : `'${ch}'`;
    this.readout.textContent = `${shown} at ${i}: unit ${this.unit} = ${v.toFixed(3)}`;
    this.readout.dataset.value = v.toFixed(3);
  }
}
