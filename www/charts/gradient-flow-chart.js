/**
 * The gradient-flow chart: ‖∂loss/∂h_t‖ of each layer (and direction) over
 * the steps t of one window, on a log scale. A curve that falls steeply to
 * the left is the vanishing gradient: the oldest steps barely move the loss.
 * Usable on its own: `new GradientFlowChart(container).set(norms, labels, T)`.
 */
import { createChart } from './chart-base.js';

/** Line colours, one per layer·direction (repeating past eight). */
export const FLOW_COLORS = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

/**
 * A norm for the log scale: positive and finite, else null (a gap).
 * @param {number} v
 */
function positive(v) {
  return Number.isFinite(v) && v > 0 ? v : null;
}

/**
 * The legend's value of a norm.
 * @param {unknown} u
 * @param {number|null} v
 */
function fmt(u, v) {
  return v == null ? '–' : v.toExponential(2);
}

/**
 * A tick label of the log axis: plain from 0.01 to 9999, else as a power of ten (1e-7).
 * @param {number} v
 */
export function logTick(v) {
  if (!(v > 0)) return '';
  if (v >= 0.01 && v < 1e4) return String(Number(v.toPrecision(2)));
  return v.toExponential(0).replace('e+', 'e');
}

/** ‖∂loss/∂h_t‖ per layer·direction, t on x, log y. */
export class GradientFlowChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** @type {{plot: import('uplot'), destroy: () => void}|null} */
    this.chart = null;
    /** The series labels of the chart drawn now (a new set rebuilds it). */
    this.labels = '';
    /** Lines drawn (for tests). */
    this.lines = 0;
  }

  /**
   * Draws the norms of one window.
   * @param {ArrayLike<number>} norms   `[L·D][T]` flattened
   * @param {string[]} labels           one per layer·direction
   * @param {number} steps              T
   */
  set(norms, labels, steps) {
    const key = `${labels.join('|')}#${steps}`;
    if (!this.chart || key !== this.labels) this.build(labels);
    this.labels = key;
    const xs = Array.from({ length: steps }, (_, t) => t);
    const ys = labels.map((_, ld) => Array.from({ length: steps }, (_, t) => positive(norms[ld * steps + t])));
    this.lines = labels.length;
    /** @type {NonNullable<typeof this.chart>} */ (this.chart).plot.setData([xs, ...ys]);
  }

  /**
   * (Re)creates the uPlot chart for these series.
   * @param {string[]} labels
   */
  build(labels) {
    this.chart?.destroy();
    this.chart = createChart(this.container, {
      height: 200,
      title: 'Gradient flow ‖∂loss/∂hₜ‖ (log scale, zeros not drawn)',
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'step t (newest right)', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { size: 60, values: (u, ticks) => ticks.map(logTick) }],
      series: [
        { label: 't', value: (u, v) => (v == null ? '–' : String(v)) },
        ...labels.map((label, i) => ({
          label, stroke: FLOW_COLORS[i % FLOW_COLORS.length], width: 2, value: fmt, points: { show: true, size: 4 },
        })),
      ],
    }, [[], ...labels.map(() => [])]);
  }

  /** Removes the chart. */
  destroy() {
    this.chart?.destroy();
    this.chart = null;
  }
}
