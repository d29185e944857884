/**
 * The input window and its saliency: on top the window's T input values,
 * below them one bar per step with ∂ŷ/∂x_t,
 * how much the prediction moves per unit of that input. The two charts share
 * the x axis and the cursor. Usable on its own:
 * `new SaliencyChart(container).set(input, saliency)`.
 */
import uPlot from 'uplot';
import { createChart, COLORS } from './chart-base.js';

/** Sync key counter: each SaliencyChart syncs its own two plots only. */
let nextSync = 0;

/**
 * A legend value.
 * @param {unknown} u
 * @param {number|null} v
 */
function fmt(u, v) {
  return v == null ? '–' : Number(v.toPrecision(4)).toString();
}

/**
 * A range that includes 0, for bars that grow from it.
 * @param {unknown} u
 * @param {number|null} min
 * @param {number|null} max
 * @returns {[number, number]}
 */
function withZero(u, min, max) {
  const lo = Math.min(0, min ?? 0);
  const hi = Math.max(0, max ?? 0);
  const pad = (hi - lo) * 0.08 || 1e-6;
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
}

/**
 * The x range: half a step beyond the first and last, so the end bars show whole.
 * @param {unknown} u
 * @param {number|null} min
 * @param {number|null} max
 * @returns {[number, number]}
 */
function steps(u, min, max) {
  return [(min ?? 0) - 0.5, (max ?? 0) + 0.5];
}

/**
 * Whether two arrays hold the same numbers (NaN equal to NaN).
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 */
export function sameValues(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** The input window (line) above its saliency (bars). */
export class SaliencyChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    const doc = container.ownerDocument;
    const top = doc.createElement('div');
    top.className = 'chart';
    const bottom = doc.createElement('div');
    bottom.className = 'chart';
    container.replaceChildren(top, bottom);
    const sync = { key: `saliency-${nextSync++}` };
    const xAxis = { label: 'step t (newest right)', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] };
    this.inputChart = createChart(top, {
      height: 130,
      title: 'Input window',
      cursor: { sync },
      scales: { x: { time: false, range: steps } },
      axes: [{ ...xAxis, label: undefined }, { size: 60 }],
      series: [
        { label: 't', value: (u, v) => (v == null ? '–' : String(v)) },
        { label: 'input', stroke: COLORS.actual, width: 2, value: fmt, points: { show: true, size: 5 } },
      ],
    }, [[], []]);
    this.saliencyChart = createChart(bottom, {
      height: 140,
      title: 'Saliency ∂ŷ/∂xₜ',
      cursor: { sync },
      scales: { x: { time: false, range: steps }, y: { range: withZero } },
      axes: [xAxis, { size: 60 }],
      series: [
        { label: 't', value: (u, v) => (v == null ? '–' : String(v)) },
        {
          label: '∂ŷ/∂xₜ', stroke: COLORS.train, fill: 'rgba(37, 99, 235, 0.55)', width: 1, value: fmt,
          paths: uPlot.paths.bars?.({ size: [0.7, 60] }), points: { show: false },
        },
      ],
    }, [[], []]);
    /** Steps drawn (for tests). */
    this.steps = 0;
    /** @type {Float64Array} the inputs drawn now */
    this.input = new Float64Array(0);
  }

  /**
   * Draws one window.
   * @param {ArrayLike<number>} input     T values
   * @param {ArrayLike<number>} saliency  T values
   */
  set(input, saliency) {
    const steps = input.length;
    const xs = Array.from({ length: steps }, (_, t) => t);
    /** @param {ArrayLike<number>} a */
    const finite = (a) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
    // While training the same window's inputs stay as they are: only the saliency needs drawing again.
    if (!sameValues(input, this.input)) this.inputChart.plot.setData([xs, finite(input)]);
    this.saliencyChart.plot.setData([xs, finite(saliency)]);
    this.input = Float64Array.from(input);
    this.steps = steps;
  }

  /** Removes both charts. */
  destroy() {
    this.inputChart.destroy();
    this.saliencyChart.destroy();
  }
}
