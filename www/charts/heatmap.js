/**
 * A time × unit heatmap of one gate or state: a canvas exactly T×H pixels,
 * drawn with `putImageData` and scaled up by CSS, a colour legend, and a
 * tooltip with the value, step and unit under the pointer (or under the
 * cell picked with the arrow keys once the heatmap has focus).
 *
 * Usable on its own: `new Heatmap(container, 'forget gate f')`, then
 * `set(values, offset, T, H, scale)` with the values of (t, unit) at
 * `offset + t·H + unit`. Styles: `.heatmap*` in www/inspect-styles.js.
 */
import { paintBlock, LUTS, LUT_SIZE, legendTicks } from '../inspect-colors.js';
import { cellAt, cellCentre, moveCell } from '../inspect-picking.js';

/** @typedef {import('../inspect-colors.js').ColorScale} ColorScale */
/** @typedef {{t: number, unit: number}} Cell */

/** CSS pixels per unit row, before the height is clamped. */
const ROW_PX = 3;
/** Least and most CSS height of the image, px. */
const MIN_HEIGHT = 64;
const MAX_HEIGHT = 220;

/**
 * A number as the tooltip shows it.
 * @param {number} v
 */
export function formatValue(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(3) : v.toFixed(4);
}

/** Gap between the pointer and the tooltip, px. */
const TIP_GAP = 12;

/**
 * Where a tooltip of `size` goes for a pointer at `p` (viewport px): below
 * right of it, or on the other side where the viewport `view` ends.
 * @param {{x: number, y: number}} p
 * @param {{w: number, h: number}} size
 * @param {{w: number, h: number}} view
 */
export function tipPlace(p, size, view) {
  let x = p.x + TIP_GAP;
  if (x + size.w > view.w - 4) x = p.x - TIP_GAP - size.w;
  let y = p.y + TIP_GAP;
  if (y + size.h > view.h - 4) y = p.y - TIP_GAP - size.h;
  return { x: Math.round(Math.max(4, x)), y: Math.round(Math.max(4, y)) };
}

/** One gate's or state's heatmap. */
export class Heatmap {
  /**
   * @param {HTMLElement} container  emptied and filled with the figure
   * @param {string} label           the heading, e.g. "forget gate f"
   */
  constructor(container, label) {
    const doc = container.ownerDocument;
    /** @param {string} tag @param {string} cls */
    const el = (tag, cls) => {
      const e = doc.createElement(tag);
      e.className = cls;
      return e;
    };
    this.label = label;
    this.figure = el('figure', 'heatmap');
    const caption = el('figcaption', 'heatmap-title');
    caption.textContent = label;
    this.wrap = el('div', 'heatmap-image');
    this.canvas = /** @type {HTMLCanvasElement} */ (el('canvas', 'heatmap-canvas'));
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.mark = el('div', 'heatmap-mark');
    this.mark.hidden = true;
    this.tip = el('div', 'heatmap-tip');
    this.tip.setAttribute('role', 'status');
    this.tip.hidden = true;
    this.wrap.append(this.canvas, this.mark, this.tip);
    this.axis = el('div', 'heatmap-axis muted');
    const legend = el('div', 'heatmap-legend');
    this.legendBar = /** @type {HTMLCanvasElement} */ (el('canvas', 'heatmap-legend-bar'));
    this.legendBar.width = LUT_SIZE;
    this.legendBar.height = 1;
    this.legendBar.setAttribute('aria-hidden', 'true');
    this.legendTicks = el('div', 'heatmap-legend-ticks');
    legend.append(this.legendBar, this.legendTicks);
    this.figure.append(caption, this.wrap, this.axis, legend);
    container.replaceChildren(this.figure);
    /** @type {ArrayLike<number>} */
    this.values = new Float32Array(0);
    this.offset = 0;
    this.steps = 0;
    this.units = 0;
    /** @type {ColorScale|null} */
    this.scale = null;
    /** @type {ImageData|null} the pixels, reused while the size stays */
    this.image = null;
    /** The legend drawn now (`kind min max`), so an unchanged one is not redrawn. */
    this.legendKey = '';
    /** @type {Cell|null} the cell the tooltip shows */
    this.hovered = null;
    /** The cell came from the keyboard (it stays when the pointer leaves). */
    this.keyed = false;
    this.wire();
  }

  /**
   * Draws new values (a live update keeps the hovered cell and refreshes its tooltip).
   * @param {ArrayLike<number>} values
   * @param {number} offset
   * @param {number} steps   T
   * @param {number} units   H
   * @param {ColorScale} scale
   */
  set(values, offset, steps, units, scale) {
    const resized = steps !== this.steps || units !== this.units;
    this.values = values;
    this.offset = offset;
    this.steps = steps;
    this.units = units;
    this.scale = scale;
    const c = this.canvas;
    if (resized) {
      c.width = steps;
      c.height = units;
      c.style.height = `${Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, units * ROW_PX))}px`;
      this.axis.textContent = `→ step 0–${steps - 1} (newest right) · ↓ unit 0–${units - 1}`;
      c.setAttribute('aria-label', `${this.label}: ${steps} steps × ${units} units. Arrow keys move over the cells.`);
      if (this.hovered && (this.hovered.t >= steps || this.hovered.unit >= units)) this.hide();
    }
    const ctx = c.getContext('2d');
    if (ctx) {
      if (!this.image || this.image.width !== steps || this.image.height !== units) this.image = ctx.createImageData(steps, units);
      paintBlock(values, offset, steps, units, scale, this.image.data);
      ctx.putImageData(this.image, 0, 0);
    }
    this.drawLegend(scale);
    if (this.hovered) this.show(this.hovered, null);
  }

  /**
   * The value at (t, unit).
   * @param {Cell} cell
   */
  valueAt(cell) {
    return this.values[this.offset + cell.t * this.units + cell.unit];
  }

  /**
   * The legend bar and its tick labels.
   * @param {ColorScale} scale
   */
  drawLegend(scale) {
    const key = `${scale.kind} ${scale.min.toPrecision(3)} ${scale.max.toPrecision(3)}`;
    if (key === this.legendKey) return;
    const kindChanged = !this.legendKey.startsWith(`${scale.kind} `);
    this.legendKey = key;
    const ctx = kindChanged ? this.legendBar.getContext('2d') : null;
    if (ctx) {
      const img = ctx.createImageData(LUT_SIZE, 1);
      const lut = LUTS[scale.kind];
      for (let i = 0; i < LUT_SIZE; i++) {
        img.data.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
      }
      ctx.putImageData(img, 0, 0);
    }
    const doc = this.figure.ownerDocument;
    this.legendTicks.replaceChildren(...legendTicks(scale).map(({ value, at }) => {
      const tick = doc.createElement('span');
      tick.textContent = Number(value.toPrecision(3)).toString();
      tick.style.left = `${(at * 100).toFixed(2)}%`;
      return tick;
    }));
  }

  /** Pointer and keyboard handling. */
  wire() {
    const c = this.canvas;
    c.addEventListener('pointermove', (e) => {
      const r = c.getBoundingClientRect();
      const cell = cellAt(e.clientX - r.left, e.clientY - r.top, r.width, r.height, this.steps, this.units);
      this.keyed = false;
      if (cell) this.show(cell, { x: e.clientX, y: e.clientY });
      else this.hide();
    });
    c.addEventListener('pointerleave', () => { if (!this.keyed) this.hide(); });
    c.addEventListener('keydown', (e) => {
      if (!this.steps) return;
      const next = moveCell(this.keyed ? this.hovered : null, e.key, this.steps, this.units);
      if (!next) {
        if (e.key === 'Escape') this.hide();
        return;
      }
      e.preventDefault();
      this.keyed = true;
      this.show(next, null);
    });
    c.addEventListener('blur', () => { if (this.keyed) this.hide(); });
  }

  /**
   * Shows the tooltip of `cell` next to `at` (viewport px), or next to the
   * cell's centre; it stays inside the viewport.
   * @param {Cell} cell
   * @param {{x: number, y: number}|null} at
   */
  show(cell, at) {
    const r = this.canvas.getBoundingClientRect();
    const centre = cellCentre(cell, r.width, r.height, this.steps, this.units);
    const p = at ?? { x: r.left + centre.x, y: r.top + centre.y };
    const value = this.valueAt(cell);
    this.hovered = cell;
    const tip = this.tip;
    tip.textContent = `${this.label}\nstep ${cell.t} · unit ${cell.unit}\n${formatValue(value)}`;
    tip.dataset.t = String(cell.t);
    tip.dataset.unit = String(cell.unit);
    tip.dataset.value = String(value);
    tip.hidden = false;
    const view = this.figure.ownerDocument.defaultView;
    const place = tipPlace(p, { w: tip.offsetWidth, h: tip.offsetHeight },
      { w: view?.innerWidth ?? 1e9, h: view?.innerHeight ?? 1e9 });
    // Placed in viewport terms, positioned inside the image's box (absolute).
    const box = this.wrap.getBoundingClientRect();
    tip.style.left = `${place.x - Math.round(box.left)}px`;
    tip.style.top = `${place.y - Math.round(box.top)}px`;
    const m = this.mark;
    m.hidden = false;
    m.style.left = `${(cell.t / this.steps) * 100}%`;
    m.style.top = `${(cell.unit / this.units) * 100}%`;
    m.style.width = `${100 / this.steps}%`;
    m.style.height = `${100 / this.units}%`;
  }

  /** Hides the tooltip and the cell mark. */
  hide() {
    this.hovered = null;
    this.keyed = false;
    this.tip.hidden = true;
    this.mark.hidden = true;
  }
}
