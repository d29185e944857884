/**
 * The overlaid test predictions of `<rnn-compare>`: the actual series over
 * the test range and every run's one-step predictions on it, in the run's
 * colour.
 */
import { createChart, COLORS } from './chart-base.js';

/** @typedef {import('./compare-loss-chart.js').RunLook} RunLook */
/** @typedef {Pick<import('../protocol.js').Predictions, 'target_index'|'predicted'|'split'>} SplitPredictions */

/** The split code of the test range in `Predictions.split`. */
const TEST_SPLIT = 2;

/** The most steps drawn; a longer test range shows every k-th step (a chart has fewer pixels than that). */
export const MAX_STEPS = 800;

/**
 * The chart's data: the test range's steps, the actual values there and each
 * run's test predictions (null where a run has none yet). A range longer
 * than `maxSteps` keeps every k-th step only; `counts` still counts every
 * test prediction of each run.
 * @param {ArrayLike<number>|null} values   the series
 * @param {(SplitPredictions|null)[]} preds each run's latest predictions
 * @param {number} [maxSteps]
 * @returns {{data: import('uplot').AlignedData, counts: number[]}}
 */
export function testRangeData(values, preds, maxSteps = MAX_STEPS) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of preds) {
    if (!p) continue;
    for (let k = 0; k < p.target_index.length; k++) {
      if (p.split[k] !== TEST_SPLIT) continue;
      lo = Math.min(lo, p.target_index[k]);
      hi = Math.max(hi, p.target_index[k]);
    }
  }
  const n = values?.length ?? 0;
  if (lo > hi) return { data: [[], [], ...preds.map(() => [])], counts: preds.map(() => 0) };
  hi = Math.min(hi, Math.max(n - 1, lo));
  const every = Math.max(1, Math.ceil((hi - lo + 1) / maxSteps));
  const len = Math.floor((hi - lo) / every) + 1;
  const xs = Array.from({ length: len }, (_, i) => lo + i * every);
  const actual = xs.map((i) => (values && i < n ? finite(values[i]) : null));
  /** @type {number[]} */
  const counts = [];
  const lines = preds.map((p) => {
    const line = new Array(len).fill(null);
    let count = 0;
    if (p) {
      for (let k = 0; k < p.target_index.length; k++) {
        const d = p.target_index[k] - lo;
        if (p.split[k] !== TEST_SPLIT || d < 0 || d > hi - lo) continue;
        count++;
        if (d % every === 0) line[d / every] = finite(p.predicted[k]);
      }
    }
    counts.push(count);
    return line;
  });
  return { data: [xs, actual, ...lines], counts };
}

/** The actual series and every run's test predictions, overlaid. */
export class ComparePredictionChart {
  /**
   * @param {HTMLElement} container
   * @param {RunLook[]} runs
   */
  constructor(container, runs) {
    /** @type {ArrayLike<number>|null} */
    this.values = null;
    /** @type {(SplitPredictions|null)[]} each run's latest predictions */
    this.preds = runs.map(() => null);
    /** Test predictions drawn per run (for tests). */
    this.counts = runs.map(() => 0);
    this.chart = createChart(container, {
      height: 260,
      title: 'Test range: actual and one-step predictions',
      scales: { x: { time: false } },
      cursor: { drag: { x: false, y: false } }, // redrawn every second while training: a zoom would not last
      axes: [{ label: 'time step' }, { size: 60 }],
      series: [
        { label: 'step' },
        { label: 'actual', stroke: COLORS.actual, width: 1.5 },
        ...runs.map((r) => ({ label: r.label, stroke: r.color, width: 1.5 })),
      ],
    }, [[], [], ...runs.map(() => [])]);
  }

  /**
   * A new series (new data): the predictions of the old one are dropped.
   * @param {ArrayLike<number>} values
   */
  setSeries(values) {
    this.values = values;
    this.preds = this.preds.map(() => null);
    this.draw();
  }

  /**
   * Keeps run `run`'s latest predictions (drawn at the next `draw`).
   * @param {number} run
   * @param {SplitPredictions|null} preds
   */
  set(run, preds) {
    if (run >= 0 && run < this.preds.length) this.preds[run] = preds;
  }

  /** Forgets the predictions (fresh models; drawn at the next `draw`), keeps the series. */
  clear() {
    this.preds = this.preds.map(() => null);
  }

  /** Redraws the test range. */
  draw() {
    const { data, counts } = testRangeData(this.values, this.preds);
    this.counts = counts;
    this.chart.plot.setData(data);
  }

  /** The uPlot chart. */
  get plot() {
    return this.chart.plot;
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}

/**
 * A value to draw, or null (a gap) when not finite.
 * @param {number} v
 */
function finite(v) {
  return Number.isFinite(v) ? v : null;
}
