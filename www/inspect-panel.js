/**
 * The "Inside the network" panel: for one window of one split, the gradient
 * flow (www/charts/gradient-flow-chart.js), the input window with its
 * saliency (www/charts/saliency-chart.js) and a heatmap of every gate and
 * state of the chosen layer·direction (www/charts/heatmap.js), with a window
 * picker (split, index) and a layer picker.
 *
 * It draws what it is given and asks for nothing: the owner passes each
 * inspection (`show`) and hears about picks (`onPick`). So the page, the
 * comparison element and a tutorial can all reuse it. It builds its own DOM
 * into a container; its CSS is `INSPECT_CSS` (www/inspect-styles.js).
 */
import { Heatmap } from './charts/heatmap.js';
import { GradientFlowChart } from './charts/gradient-flow-chart.js';
import { SaliencyChart } from './charts/saliency-chart.js';
import { scaleFor } from './inspect-colors.js';
import { GATE_LABELS, layerLabel, statusText, SPLIT_LABELS } from './inspect-data.js';
import { SPLITS } from './inspect-picking.js';

/** @typedef {import('./inspect-data.js').PanelData} PanelData */
/** @typedef {'train'|'val'|'test'} SplitName */
/** @typedef {{split: SplitName, index: number}} WindowPick */

const MARKUP = `
<p class="prose">What the network computes for one window, live while it trains. Gradient flow: how strongly the
  loss depends on the hidden state at each step; a curve that falls towards the oldest steps is the vanishing gradient.
  Saliency: how much the prediction moves with each input. Heatmaps: every gate and state, step by step (x) and unit by
  unit (y); hover a cell, or focus a heatmap and use the arrow keys. Click the prediction chart to pick a window.</p>
<div class="inspect-picker" role="group" aria-label="Window and layer to inspect">
  <label>Split <select data-role="inspect-split"></select></label>
  <label>Window <input type="number" data-role="inspect-index" min="-1" step="1" value="-1"
    aria-describedby="inspect-index-help"></label>
  <button type="button" data-action="inspect-prev" aria-label="Previous window">◀</button>
  <button type="button" data-action="inspect-next" aria-label="Next window">▶</button>
  <button type="button" data-action="inspect-last">Last</button>
  <label data-role="inspect-layer-field">Layer <select data-role="inspect-layer"></select></label>
  <small id="inspect-index-help" class="muted">−1 is the split's last window</small>
</div>
<p class="inspect-status" data-role="inspect-status" aria-live="polite">No model yet.</p>
<div class="inspect-charts">
  <div class="chart" data-role="inspect-flow"></div>
  <div data-role="inspect-saliency"></div>
</div>
<div class="inspect-heatmaps" data-role="inspect-heatmaps"></div>`;

/** The panel's views and pickers. */
export class InspectPanel {
  /**
   * @param {HTMLElement} container  emptied and filled with the panel
   * @param {{onPick?: (pick: WindowPick) => void, stepLabel?: (row: number) => string}} [options]
   *   `onPick`: the reader chose another window; `stepLabel`: how a series index is named (a date)
   */
  constructor(container, { onPick = () => {}, stepLabel = (row) => `step ${row}` } = {}) {
    this.container = container;
    this.onPick = onPick;
    this.stepLabel = stepLabel;
    container.innerHTML = MARKUP;
    this.split = /** @type {HTMLSelectElement} */ (this.$('[data-role=inspect-split]'));
    for (const s of SPLITS) {
      const o = container.ownerDocument.createElement('option');
      o.value = s;
      o.textContent = SPLIT_LABELS[s];
      this.split.append(o);
    }
    this.split.value = 'test';
    this.index = /** @type {HTMLInputElement} */ (this.$('[data-role=inspect-index]'));
    this.layer = /** @type {HTMLSelectElement} */ (this.$('[data-role=inspect-layer]'));
    this.status = this.$('[data-role=inspect-status]');
    this.flow = new GradientFlowChart(this.$('[data-role=inspect-flow]'));
    this.saliency = new SaliencyChart(this.$('[data-role=inspect-saliency]'));
    this.heatmapBox = this.$('[data-role=inspect-heatmaps]');
    /** @type {Map<string, Heatmap>} by gate name */
    this.heatmaps = new Map();
    /** @type {PanelData|null} the inspection drawn now */
    this.data = null;
    /** Counts `show` calls: a newer one abandons the steps an older one has left. */
    this.generation = 0;
    /** A `show` has views left to draw. */
    this.drawing = false;
    this.wire();
  }

  /**
   * The element under the panel matching `selector` (it must exist).
   * @param {string} selector
   * @returns {HTMLElement}
   */
  $(selector) {
    const el = this.container.querySelector(selector);
    if (!el) throw new Error(`inspect panel: no ${selector}`);
    return /** @type {HTMLElement} */ (el);
  }

  /** The window the pickers name. @returns {WindowPick} */
  get pick() {
    const i = Math.trunc(Number(this.index.value));
    return { split: /** @type {SplitName} */ (this.split.value), index: Number.isFinite(i) && i >= -1 ? i : -1 };
  }

  /**
   * Sets the pickers (e.g. from a click on the prediction chart) and tells the owner.
   * @param {WindowPick} pick
   */
  setPick(pick) {
    this.split.value = pick.split;
    this.index.value = String(pick.index);
    this.onPick(this.pick);
  }

  /** The layer·direction the heatmaps show. */
  get layerIndex() {
    return Math.max(0, Number(this.layer.value) || 0);
  }

  /** Picker events. */
  wire() {
    this.split.addEventListener('change', () => this.setPick({ split: this.pick.split, index: -1 }));
    this.index.addEventListener('change', () => this.onPick(this.pick));
    /** @param {number} delta */
    const move = (delta) => {
      const last = this.data?.windows ?? null;
      let i = this.pick.index;
      if (i < 0) i = last == null ? -1 : last - 1;
      if (i < 0) return;
      const next = last == null ? Math.max(0, i + delta) : Math.max(0, Math.min(last - 1, i + delta));
      this.setPick({ split: this.pick.split, index: next });
    };
    this.$('[data-action=inspect-prev]').addEventListener('click', () => move(-1));
    this.$('[data-action=inspect-next]').addEventListener('click', () => move(1));
    this.$('[data-action=inspect-last]').addEventListener('click', () => this.setPick({ split: this.pick.split, index: -1 }));
    this.layer.addEventListener('change', () => { if (this.data) this.show(this.data); });
  }

  /**
   * Says why nothing (new) is shown; with `clear`, also removes the drawings.
   * @param {string} text
   * @param {boolean} [clear]
   */
  showMessage(text, clear = false) {
    this.status.textContent = text;
    if (!clear) return;
    this.data = null;
    this.generation++;
    this.drawing = false;
    this.heatmaps.clear();
    this.heatmapBox.replaceChildren();
    this.flow.set([], [], 0);
    this.saliency.set([], []);
  }

  /**
   * Draws one inspection at the next animation frame, all views in that one
   * callback (a few ms even for a 50×128 LSTM; one rendering update instead
   * of one per view). Resolves once drawn, or when a newer `show` or a clear
   * takes over.
   * @param {PanelData} d
   * @returns {Promise<void>}
   */
  async show(d) {
    const gen = ++this.generation;
    this.data = d;
    this.drawing = true;
    await nextFrame();
    if (gen !== this.generation) return;
    const LD = d.layers * d.directions;
    this.updateLayerChoices(LD, d.directions);
    this.status.textContent = statusText(d, this.stepLabel);
    this.flow.set(d.gradNorm, Array.from({ length: LD }, (_, ld) => layerLabel(ld, d.directions)), d.window);
    this.saliency.set(d.input, d.saliency);
    this.prepareHeatmaps(d.gateNames);
    const ld = Math.min(this.layerIndex, LD - 1);
    const block = d.window * d.hidden;
    for (const name of d.gateNames) {
      const values = d.gates[name];
      const scale = scaleFor(d.cell, name, values.subarray(ld * block, (ld + 1) * block));
      /** @type {Heatmap} */ (this.heatmaps.get(name)).set(values, ld * block, d.window, d.hidden, scale);
    }
    this.drawing = false;
  }

  /**
   * The layer·direction choices for `count` state indices.
   * @param {number} count
   * @param {number} directions
   */
  updateLayerChoices(count, directions) {
    const want = Array.from({ length: count }, (_, ld) => layerLabel(ld, directions));
    const have = [...this.layer.options].map((o) => o.textContent);
    const field = this.$('[data-role=inspect-layer-field]');
    field.hidden = count < 2;
    if (want.join('|') === have.join('|')) return;
    const keep = Math.min(this.layerIndex, count - 1);
    this.layer.replaceChildren(...want.map((label, ld) => {
      const o = this.container.ownerDocument.createElement('option');
      o.value = String(ld);
      o.textContent = label;
      return o;
    }));
    this.layer.value = String(keep);
  }

  /**
   * One heatmap slot per gate and state, in order (kept while the names stay).
   * @param {string[]} names
   */
  prepareHeatmaps(names) {
    if ([...this.heatmaps.keys()].join() === names.join()) return;
    this.heatmaps.clear();
    const doc = this.container.ownerDocument;
    this.heatmapBox.replaceChildren(...names.map((name) => {
      const slot = doc.createElement('div');
      slot.className = 'heatmap-slot';
      slot.dataset.gate = name;
      this.heatmaps.set(name, new Heatmap(slot, GATE_LABELS[name] ?? name));
      return slot;
    }));
  }

  /** Removes the charts. */
  destroy() {
    this.flow.destroy();
    this.saliency.destroy();
  }
}

/** Longest wait for an animation frame, ms (frames stop in a background tab). */
const FRAME_WAIT_MS = 100;

/**
 * Resolves at the next animation frame, or after `FRAME_WAIT_MS` when none comes.
 * @returns {Promise<void>}
 */
function nextFrame() {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    requestAnimationFrame(go);
    setTimeout(go, FRAME_WAIT_MS);
  });
}
