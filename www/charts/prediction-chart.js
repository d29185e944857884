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
import {
  ColumnGrid, addSplits, drawnSeries, unpackYs, drawnRange, CHART_COLUMNS, DRAWN_IN_WORKER_ABOVE, lowerBound,
} from '../decimate.js';

/** @typedef {import('../decimate.js').DrawnRange} DrawnRange */
/**
 * One-step predictions as the chart draws them (`drawn`: the worker's decimation, www/engine.js).
 * @typedef {{target_index: Int32Array, predicted: Float32Array, split: Uint8Array, forecast?: Float32Array,
 *   forecast_start?: number, drawn?: {total: number, count: number, splits: Float64Array[]}}} Preds
 */

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
      plugins: [wheelZoomPlugin(), {
        // A zoom redraws the range at full detail (`onZoom`), after uPlot's own update of the view.
        hooks: { setScale: (/** @type {any} */ u, /** @type {string} */ key) => { if (key === 'x') queueMicrotask(() => this.onZoom()); } },
      }],
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
    /** @type {{preds: Preds|null, forecast: Float32Array|null, band: {lower: ArrayLike<number>, upper: ArrayLike<number>}|null}|null} what `update` was given last */
    this.shown = null;
    /** @type {DrawnRange|null} the zoomed range at full detail, drawn in place of the overview there */
    this.detail = null;
    /** Counts zooms, so that a late answer for an earlier zoom is dropped. */
    this.zoomSeq = 0;
    /** @type {[number, number]} the first and last x of the overview last drawn (`draw`) */
    this.extent = [0, 0];
    /**
     * Asks the worker for a range of a long series drawn at full detail (set by the element).
     * @type {((from: number, to: number) => Promise<DrawnRange>)|null}
     */
    this.fetchRange = null;
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
    this.detail = null;
    this.update(null, null);
  }

  /**
   * Redraws with predictions (`Session.predictions()`) and optionally a forecast
   * and its interval (`lower[j]`, `upper[j]` bound forecast step j; they may be
   * shorter than the forecast). A zoomed view of a long series is drawn again at
   * full detail for its range (`onZoom`).
   * @param {Preds|null} preds  `drawn`: the worker's decimation (www/engine.js)
   * @param {Float32Array|null} forecast   overrides `preds.forecast` when given
   * @param {{lower: ArrayLike<number>, upper: ArrayLike<number>}|null} [band]
   */
  update(preds, forecast, band = null) {
    if (!this.values) return;
    this.shown = { preds, forecast, band };
    this.detail = null; // the new predictions of a zoomed range come with the next setScale
    this.draw();
  }

  /**
   * Draws `shown` on the overview grid, with the zoomed range's detail (`detail`) in place of the
   * overview's points there when it fits the series.
   */
  draw() {
    const values = this.values;
    if (!values || !this.shown) return;
    const { preds, forecast, band } = this.shown;
    const n = values.length;
    const fc = forecast ?? preds?.forecast ?? null;
    const fcStart = preds?.forecast_start ?? n;
    const total = Math.max(n, fc && fc.length ? fcStart + fc.length : n);
    // The series' rows: a long series as the minimum and maximum per pixel column
    // (www/decimate.js, computed by the worker when it sent them); then the forecast's
    // steps past the end, one point each.
    const grid = new ColumnGrid(n);
    const tail = total - n;
    const overview = layers(grid, values, preds, fc, fcStart, band, unpackYs(drawnSeries(values)), preds?.drawn ?? null);
    /** @type {number[]} */
    let xs = grid.xs;
    let cols = overview.cols;
    const d = this.detail;
    if (d && !grid.exact && d.total === n) {
      // Overview points before the range, the range at full detail, overview points after it.
      const rangeGrid = new ColumnGrid(d.to - d.from, CHART_COLUMNS, d.from);
      const usePreds = preds && d.splits.length === SPLITS.length ? { total: d.to - d.from, count: d.count, splits: d.splits } : null;
      // Without the range's predictions drawn (the worker had none), from the page's own rows.
      const inner = layers(rangeGrid, values, preds, fc, fcStart, band, unpackYs(d.actual), usePreds);
      const a = grid.xs.findIndex((x) => x >= d.from);
      const b = grid.xs.findIndex((x) => x >= d.to);
      const before = a < 0 ? grid.xs.length : a;
      const after = b < 0 ? grid.xs.length : b;
      xs = grid.xs.slice(0, before).concat(rangeGrid.xs, grid.xs.slice(after));
      cols = overview.cols.map((col, c) => col.slice(0, before).concat(inner.cols[c], col.slice(after)));
    }
    const tailXs = Array.from({ length: tail }, (_, j) => n + j);
    const fcLine = new Array(tail).fill(null);
    const lowTail = new Array(tail).fill(null);
    const highTail = new Array(tail).fill(null);
    if (fc) {
      for (let j = 0; j < fc.length; j++) {
        const i = fcStart + j;
        if (i < n) continue;
        fcLine[i - n] = finite(fc[j]);
        if (band && j < band.lower.length && j < band.upper.length) {
          lowTail[i - n] = finite(band.lower[j]);
          highTail[i - n] = finite(band.upper[j]);
        }
      }
    }
    const none = new Array(tail).fill(null);
    const [actual, p0, p1, p2, fcYs, low, high] = cols;
    const data = [xs.concat(tailXs), actual.concat(none), p0.concat(none), p1.concat(none), p2.concat(none),
      fcYs.concat(fcLine), low.concat(lowTail), high.concat(highTail)];
    this.counts = { actual: n, predicted: overview.predicted, forecast: fc ? fc.length : 0, band: overview.banded };
    /** Points drawn per series (after decimation), for tests. */
    this.drawnPoints = data[0].length;
    const plot = this.chart.plot;
    const { min, max } = plot.scales.x;
    const [lo, hi] = this.extent;
    const zoomed = hi > lo && min != null && max != null && (min > lo || max < hi);
    /** The overview's first and last x: the whole view, whatever a zoomed range's detail adds. */
    this.extent = [0, tail ? total - 1 : (grid.xs.at(-1) ?? 0)];
    plot.batch(() => {
      plot.setData(/** @type {any} */ (data));
      if (zoomed && this.values === this.zoomedValues) plot.setScale('x', { min, max }); // keep the reader's zoom
    });
    this.zoomedValues = this.values;
  }

  /**
   * The x view changed: a long series zoomed into a range is drawn again with that range at
   * full detail (every row when it holds up to 2,000, else min/max per bucket of the range),
   * computed here for up to `DRAWN_IN_WORKER_ABOVE` rows, else asked of the worker through
   * `fetchRange` (the page's rows would cost the main thread a pass over them). Zoomed out to
   * everything, the overview again.
   */
  onZoom() {
    const values = this.values;
    const plot = this.chart.plot;
    const { min, max } = plot.scales.x;
    if (!values || !this.shown || values.length <= 2 * CHART_COLUMNS || min == null || max == null) return;
    const n = values.length;
    const from = Math.max(0, Math.min(n, Math.floor(min)));
    const to = Math.max(from, Math.min(n, Math.ceil(max) + 1));
    const whole = min <= this.extent[0] && max >= this.extent[1]; // not zoomed
    if (whole ? !this.detail : this.detail && this.detail.from === from && this.detail.to === to) return;
    const seq = ++this.zoomSeq;
    /** @param {DrawnRange|null} d */
    const show = (d) => {
      if (seq !== this.zoomSeq || values !== this.values) return; // a later zoom or new data
      this.detail = d;
      this.draw();
    };
    const preds = this.shown.preds;
    if (whole) show(null);
    else if (to - from <= DRAWN_IN_WORKER_ABOVE || !this.fetchRange) show(drawnRange(values, preds, from, to));
    else {
      this.fetchRange(from, to).then((d) => {
        // The worker draws the predictions it computed last; without them (or with none shown here) the page's own.
        show(!preds || d.splits.length === SPLITS.length ? d : drawnRange(values, preds, from, to));
      }, () => show(drawnRange(values, preds, from, to)));
    }
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}

/**
 * The drawn columns of one grid (the overview, or a zoomed range's): actual, the three splits'
 * predictions, the forecast where it lies over the series, and the band's edges there; each
 * aligned to `grid.xs`.
 * @param {ColumnGrid} grid
 * @param {ArrayLike<number>} values  the whole series
 * @param {Preds|null} preds
 * @param {ArrayLike<number>|null} fc  the forecast
 * @param {number} fcStart  the row of its first step
 * @param {{lower: ArrayLike<number>, upper: ArrayLike<number>}|null} band
 * @param {(number|null)[]} actual  the series drawn on `grid`
 * @param {{total: number, count: number, splits: Float64Array[]}|null} drawn  the predictions drawn on `grid`, when known
 */
function layers(grid, values, preds, fc, fcStart, band, actual, drawn) {
  const n = values.length;
  const end = grid.start + grid.total;
  /** @type {(number|null)[][]} */
  let bySplit;
  let predicted = 0;
  if (drawn && drawn.total === grid.total && drawn.splits.length === SPLITS.length) {
    bySplit = drawn.splits.map((ys) => unpackYs(ys));
    predicted = drawn.count;
  } else if (preds) {
    const tracks = SPLITS.map(() => grid.track());
    const a = lowerBound(preds.target_index, grid.start);
    const b = lowerBound(preds.target_index, end);
    addSplits(tracks, preds.target_index.subarray(a, b), preds.predicted.subarray(a, b), preds.split.subarray(a, b));
    predicted = tracks.reduce((sum, t) => sum + t.count, 0);
    bySplit = tracks.map((t) => t.ys());
  } else {
    bySplit = SPLITS.map(() => grid.track().ys());
  }
  const fcTrack = grid.track();
  const size = grid.xs.length;
  const low = new Array(size).fill(null);
  const high = new Array(size).fill(null);
  let banded = 0;
  if (fc && fc.length) {
    if (fcStart > 0 && fcStart - 1 < n) fcTrack.add(fcStart - 1, values[fcStart - 1]); // join the line to the data
    for (let j = 0; j < fc.length; j++) fcTrack.add(fcStart + j, fc[j]);
    if (band) {
      banded = Math.min(fc.length, band.lower.length, band.upper.length);
      for (let j = 0; j < banded; j++) {
        const b = grid.bucket(fcStart + j);
        if (b < 0) continue; // past the series (the tail) or outside this grid
        const k = grid.exact ? b : 2 * b;
        low[k] = finite(band.lower[j]);
        high[k] = finite(band.upper[j]);
      }
    }
  }
  return { cols: [actual, ...bySplit, fcTrack.ys(), low, high], predicted, banded };
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
