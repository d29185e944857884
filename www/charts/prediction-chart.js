/**
 * The prediction chart: the actual series, one-step predictions coloured by
 * split (train / validation / test) and the recursive forecast past the end,
 * with its prediction-interval band when the metrics carry one.
 * Drag to zoom, wheel to zoom, buttons or arrow keys to pan, double-click or
 * the reset button to see everything. A series longer than about 2,000 points
 * is drawn as its minimum and maximum per pixel column (www/decimate.js).
 */
import { createChart, COLORS } from './chart-base.js';
import { wheelZoomPlugin } from './zoom-pan.js';
import { ColumnGrid, addSplits, drawnSeries, unpackYs } from '../decimate.js';

const SPLITS = ['train', 'val', 'test'];
/** The prediction-interval band around the forecast. */
const BAND_FILL = 'rgba(220, 38, 38, 0.12)';
const BAND_EDGE = 'rgba(220, 38, 38, 0.35)';
/** Tick steps of the x axis: whole time steps only. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];

/** The series with its one-step predictions and the forecast. */
export class PredictionChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.values = null;
    this.dates = null;
    this.chart = createChart(container, {
      height: 280,
      title: 'Series and predictions',
      scales: { x: { time: false } },
      cursor: { drag: { x: true, y: false } },
      plugins: [wheelZoomPlugin()],
      axes: [{ label: 'time step', space: () => (this.dates ? 100 : 50), incrs: INTEGER_STEPS, values: (u, ticks) => ticks.map((t) => this.tickLabel(t)) }, { size: 60 }],
      series: [
        { label: 'step', value: (u, v) => (v == null ? '–' : this.tickLabel(v)) },
        { label: 'actual', stroke: COLORS.actual, width: 1 },
        { label: 'train pred.', stroke: COLORS.train, width: 1.5 },
        { label: 'val. pred.', stroke: COLORS.val, width: 1.5 },
        { label: 'test pred.', stroke: COLORS.test, width: 1.5 },
        { label: 'forecast', stroke: COLORS.forecast, width: 2, dash: [6, 4] },
        { label: 'interval low', stroke: BAND_EDGE, width: 1 },
        { label: 'interval high', stroke: BAND_EDGE, width: 1 },
      ],
      bands: [{ series: [7, 6], fill: BAND_FILL }],
    }, [[], [], [], [], [], [], [], []]);
    /** Points drawn per series, for tests and the status line. */
    this.counts = { actual: 0, predicted: 0, forecast: 0, band: 0 };
  }

  /** The uPlot chart (for zoom and pan). */
  get plot() {
    return this.chart.plot;
  }

  /**
   * Label for x value `t`: the date when the data has dates, else the step.
   * @param {number} t
   */
  tickLabel(t) {
    const i = Math.round(t);
    if (this.dates && i >= 0 && i < this.dates.length) return this.dates[i];
    return String(i);
  }

  /**
   * Shows a new series with no predictions (fresh data or fresh model).
   * @param {Float32Array|number[]} values
   * @param {string[]|null} dates
   */
  setSeries(values, dates) {
    this.values = values;
    this.dates = dates ?? null;
    this.update(null, null);
  }

  /**
   * Redraws with predictions (`Session.predictions()`) and optionally a forecast
   * and its interval (`lower[j]`, `upper[j]` bound forecast step j; they may be
   * shorter than the forecast).
   * @param {{target_index: Int32Array, predicted: Float32Array, split: Uint8Array, forecast?: Float32Array, forecast_start?: number,
   *   drawn?: {total: number, count: number, splits: Float64Array[]}}|null} preds  `drawn`: the worker's decimation (www/engine.js)
   * @param {Float32Array|null} forecast   overrides `preds.forecast` when given
   * @param {{lower: ArrayLike<number>, upper: ArrayLike<number>}|null} [band]
   */
  update(preds, forecast, band = null) {
    if (!this.values) return;
    const n = this.values.length;
    const fc = forecast ?? preds?.forecast ?? null;
    const fcStart = preds?.forecast_start ?? n;
    const total = Math.max(n, fc && fc.length ? fcStart + fc.length : n);
    // The series' rows: a long series as the minimum and maximum per pixel column
    // (www/decimate.js, computed by the worker when it sent them); then the forecast's
    // steps past the end, one point each.
    const grid = new ColumnGrid(n);
    const tail = total - n;
    /** @param {(number|null)[]} ys  values on the grid */
    const withTail = (ys) => ys.concat(new Array(tail).fill(null));
    const xs = grid.xs.concat(Array.from({ length: tail }, (_, j) => n + j));
    const actual = withTail(unpackYs(drawnSeries(this.values)));
    /** @type {(number|null)[][]} */
    let bySplit;
    let predicted = 0;
    const drawn = preds?.drawn;
    if (drawn && drawn.total === n && drawn.splits.length === SPLITS.length) {
      bySplit = drawn.splits.map((ys) => withTail(unpackYs(ys)));
      predicted = drawn.count;
    } else if (preds) {
      const tracks = SPLITS.map(() => grid.track());
      addSplits(tracks, preds.target_index, preds.predicted, preds.split);
      predicted = tracks.reduce((sum, t) => sum + t.count, 0);
      bySplit = tracks.map((t) => withTail(t.ys()));
    } else {
      bySplit = SPLITS.map(() => withTail(grid.track().ys()));
    }
    const fcTrack = grid.track();
    const fcLine = new Array(tail).fill(null);
    const low = new Array(xs.length).fill(null);
    const high = new Array(xs.length).fill(null);
    /** The point of step `i`: on the grid (its bucket's first slot) or in the tail. @param {number} i */
    const at = (i) => (i >= n ? grid.xs.length + (i - n) : grid.exact ? i : 2 * grid.bucket(i));
    if (fc && fc.length) {
      if (fcStart > 0 && fcStart - 1 < n) fcTrack.add(fcStart - 1, this.values[fcStart - 1]); // join the line to the data
      for (let j = 0; j < fc.length; j++) {
        const i = fcStart + j;
        if (i < n) fcTrack.add(i, fc[j]);
        else fcLine[i - n] = finite(fc[j]);
      }
    }
    let banded = 0;
    if (fc && fc.length && band) {
      banded = Math.min(fc.length, band.lower.length, band.upper.length);
      for (let j = 0; j < banded; j++) {
        const k = at(fcStart + j);
        low[k] = finite(band.lower[j]);
        high[k] = finite(band.upper[j]);
      }
    }
    const fcYs = fcTrack.ys().concat(fcLine);
    this.counts = { actual: n, predicted, forecast: fc ? fc.length : 0, band: banded };
    /** Points drawn per series (after decimation), for tests. */
    this.drawnPoints = xs.length;
    const plot = this.chart.plot;
    const old = plot.data[0];
    const { min, max } = plot.scales.x;
    const zoomed = old.length > 1 && min != null && max != null && (min > old[0] || max < old[old.length - 1]);
    plot.batch(() => {
      plot.setData([xs, actual, ...bySplit, fcYs, low, high]);
      if (zoomed && this.values === this.zoomedValues) plot.setScale('x', { min, max }); // keep the reader's zoom
    });
    this.zoomedValues = this.values;
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

/**
 * The interval band of a forecast: the metrics' bounds when they were computed
 * for the same forecast values (same steps), else none.
 * @param {any} metrics
 * @param {Float32Array} values
 * @returns {{lower: number[], upper: number[]}|null}
 */
export function forecastBand(metrics, values) {
  const lower = metrics?.forecast_lower;
  const upper = metrics?.forecast_upper;
  const same = Array.isArray(metrics?.forecast) && metrics.forecast.length === values.length;
  if (!same || !Array.isArray(lower) || !Array.isArray(upper) || !lower.length) return null;
  return { lower, upper };
}
