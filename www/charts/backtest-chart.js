/**
 * The backtest chart: per fold of a rolling-origin backtest, the model's test MASE beside
 * persistence's and drift's (a group of three bars per fold, drawn by a draw hook, as the folds
 * are separate tests), and the model's mean MASE as a dashed line across them. MASE below 1 beats the in-sample naive
 * forecast of its fold's training part.
 */
import { createChart, COLORS } from './chart-base.js';
import { foldChartData } from '../backtest-report.js';

/** Colours of the baselines' markers. */
const PERSISTENCE = '#6b7280';
const DRIFT = '#d97706';
/** The model's mean MASE: a darker green than its bars, so it shows across them. */
const MEAN_LINE = '#065f46';

/** The bar series (model, persistence, drift: series 1–3) are drawn by `drawBars`, not by uPlot. */
const noPath = () => null;
/** Width of one bar, in folds (a group of three fills 0.75 of a fold). */
const BAR = 0.25;
/** The bars' colours, series 1–3 (uPlot turns a series' `fill` into a function once set up). */
const BAR_COLORS = [COLORS.test, PERSISTENCE, DRIFT];

/** The folds' MASE: the model, persistence, drift, and the model's mean. */
export class BacktestChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** Folds drawn (for tests). */
    this.folds = 0;
    this.chart = createChart(container, {
      height: 220,
      hooks: { drawAxes: [(u) => drawBars(u)] }, // under the mean line
      title: 'Backtest: test MASE per fold',
      scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] }, y: { range: (u, lo, hi) => [0, Math.max(1, hi) * 1.1] } },
      axes: [
        { label: 'fold', incrs: [1, 2, 5, 10, 20, 50, 100], values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
        { label: 'MASE', size: 50 },
      ],
      series: [
        { label: 'fold', value: (u, v) => (v == null ? '–' : String(v)) },
        { label: 'model', stroke: COLORS.test, fill: COLORS.test, paths: noPath, points: { show: false }, value: fmt },
        { label: 'persistence', stroke: PERSISTENCE, fill: PERSISTENCE, paths: noPath, points: { show: false }, value: fmt },
        { label: 'drift', stroke: DRIFT, fill: DRIFT, paths: noPath, points: { show: false }, value: fmt },
        { label: 'model mean', stroke: MEAN_LINE, width: 2, dash: [6, 4], points: { show: false }, value: fmt },
      ],
    }, [[], [], [], [], []]);
    container.classList.add('empty');
  }

  /**
   * Draws a report's folds (see www/backtest-report.js `foldChartData`).
   * @param {import('../backtest-report.js').BacktestReport} report
   */
  update(report) {
    const data = foldChartData(report);
    this.folds = data[0].length;
    this.container.classList.toggle('empty', this.folds === 0);
    this.chart.plot.setData(/** @type {import('uplot').AlignedData} */ (data));
  }

  /** The uPlot chart (for tests). */
  get plot() {
    return this.chart.plot;
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}

/**
 * Draws series 1–3 as bars side by side around each fold, from 0 to the value (a missing value
 * leaves its place empty).
 * @param {import('uplot')} u
 */
function drawBars(u) {
  const ctx = u.ctx;
  const xs = /** @type {number[]} */ (u.data[0]);
  const zero = u.valToPos(0, 'y', true);
  ctx.save();
  for (let k = 1; k <= 3; k++) {
    const series = u.series[k];
    if (!series.show) continue;
    ctx.fillStyle = BAR_COLORS[k - 1];
    const ys = u.data[k];
    for (let i = 0; i < xs.length; i++) {
      const v = ys[i];
      if (v == null) continue;
      const left = u.valToPos(xs[i] + (k - 2.5) * BAR, 'x', true);
      const right = u.valToPos(xs[i] + (k - 1.5) * BAR, 'x', true);
      const top = u.valToPos(v, 'y', true);
      ctx.fillRect(left + 1, top, Math.max(1, right - left - 2), zero - top);
    }
  }
  ctx.restore();
}

/**
 * The legend's value of a MASE.
 * @param {unknown} u  the chart
 * @param {number|null} v
 */
function fmt(u, v) {
  return v == null ? '–' : v.toFixed(3);
}
