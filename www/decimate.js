/**
 * Min/max decimation for the charts: a series of any length drawn with at
 * most two points per pixel column, so a 1,000,000-row series costs the main
 * thread what a 2,000-point one does and still shows every spike.
 *
 * A `ColumnGrid` splits the x range `[0, total)` into `columns` buckets and
 * gives every bucket two x positions (its start and its middle); each series
 * (a `ColumnTrack`) keeps the smallest and the largest value that falls in
 * each bucket and puts them on those two positions in the order they occurred.
 * All tracks of one grid share its `xs`, as uPlot requires. When the range
 * fits (`total ≤ 2·columns`) the grid is exact: one x per index, one value
 * per x (the last one added), nothing is merged. Pure: no DOM, no uPlot.
 *
 * Used on both sides (like www/inspection.js): the worker (www/engine.js)
 * decimates a long series and its predictions and sends the drawn form along
 * (`drawn`), so the page's main thread never loops over a million rows per
 * redraw; the page's charts decimate short series themselves.
 */

/** Buckets per chart: about one per pixel column of a wide chart. */
export const CHART_COLUMNS = 1000;

/** Series longer than this get their drawn form from the worker. */
export const DRAWN_IN_WORKER_ABOVE = 20000;

/** The shared x positions of a decimated chart. */
export class ColumnGrid {
  /**
   * @param {number} total    x values are indices in `[start, start + total)`
   * @param {number} [columns] buckets when the range is larger than `2·columns`
   * @param {number} [start]  the first index (a zoomed range of a longer series)
   */
  constructor(total, columns = CHART_COLUMNS, start = 0) {
    const n = Math.max(0, Math.floor(total));
    const c = Math.max(1, Math.floor(columns));
    /** The first index. */
    this.start = Math.max(0, Math.floor(start));
    /** Whether every index is its own point (nothing merged). */
    this.exact = n <= 2 * c;
    /** The number of buckets (one per index when exact). */
    this.buckets = this.exact ? n : c;
    /** Indices per bucket. */
    this.width = this.exact ? 1 : n / c;
    this.total = n;
    /** @type {number[]} the x position of every point */
    this.xs = [];
    const s0 = this.start;
    if (this.exact) {
      for (let i = 0; i < n; i++) this.xs.push(s0 + i);
    } else {
      for (let b = 0; b < c; b++) this.xs.push(s0 + b * this.width, s0 + b * this.width + this.width / 2);
    }
  }

  /**
   * The bucket of index `i`, or −1 outside the range.
   * @param {number} i
   */
  bucket(i) {
    const x = i - this.start;
    if (!(x >= 0 && x < this.total)) return -1;
    return this.exact ? Math.floor(x) : Math.min(this.buckets - 1, Math.floor(x / this.width));
  }

  /** A new series on this grid. */
  track() {
    return new ColumnTrack(this);
  }
}

/** One series on a grid: the extremes of its values per bucket. */
export class ColumnTrack {
  /** @param {ColumnGrid} grid */
  constructor(grid) {
    this.grid = grid;
    const b = grid.buckets;
    this.lo = new Float64Array(b).fill(NaN);
    this.hi = new Float64Array(b).fill(NaN);
    this.loAt = new Float64Array(b);
    this.hiAt = new Float64Array(b);
    /** Values added (finite, inside the range). */
    this.count = 0;
  }

  /**
   * Adds `values[k]` at index `start + k` for every k.
   * @param {ArrayLike<number>} values
   * @param {number} [start]
   */
  addAll(values, start = 0) {
    addRows([this], null, values, null, start);
  }

  /**
   * Adds value `v` at index `i`; a value that is not finite, or an index outside the grid, is
   * skipped. Kept small, so that the JIT inlines it into the loops above.
   * @param {number} i
   * @param {number} v
   */
  add(i, v) {
    const g = this.grid;
    const x = i - g.start;
    if (v - v !== 0 || !(x >= 0 && x < g.total)) return; // not finite, or outside
    this.count++;
    if (g.exact) {
      this.lo[x | 0] = v;
      return;
    }
    let b = (x / g.width) | 0;
    if (b >= g.buckets) b = g.buckets - 1;
    if (!(v >= this.lo[b])) { this.lo[b] = v; this.loAt[b] = x; }
    if (!(v <= this.hi[b])) { this.hi[b] = v; this.hiAt[b] = x; }
  }

  /**
   * `ys()` as a Float64Array with NaN for null (to transfer from the worker).
   * @returns {Float64Array}
   */
  packed() {
    return Float64Array.from(this.ys(), (v) => (v == null ? NaN : v));
  }

  /**
   * The values to draw, one per `grid.xs` entry (null where the bucket is empty).
   * @returns {(number|null)[]}
   */
  ys() {
    const { exact, buckets } = this.grid;
    /** @type {(number|null)[]} */
    const out = new Array(exact ? buckets : 2 * buckets).fill(null);
    for (let b = 0; b < buckets; b++) {
      const lo = this.lo[b];
      if (Number.isNaN(lo)) continue;
      if (exact) {
        out[b] = lo;
        continue;
      }
      const hi = this.hi[b];
      const minFirst = this.loAt[b] <= this.hiAt[b];
      out[2 * b] = minFirst ? lo : hi;
      out[2 * b + 1] = minFirst ? hi : lo;
    }
    return out;
  }
}

/**
 * The loop behind `addAll` and `addSplits`, with everything in locals: it runs over every row
 * of a long series on the main thread.
 * @param {ColumnTrack[]} tracks   one per code (or one when `codes` is null)
 * @param {ArrayLike<number>|null} index  the index of each value (null: `start + k`)
 * @param {ArrayLike<number>} values
 * @param {ArrayLike<number>|null} codes   which track each value goes to (null: the first)
 * @param {number} start
 */
function addRows(tracks, index, values, codes, start) {
  const grid = tracks[0].grid;
  const { exact, total, buckets } = grid;
  const first = grid.start;
  const inv = 1 / grid.width;
  const m = tracks.length;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    const x = (index ? index[k] : start + k) - first;
    const c = codes ? codes[k] : 0;
    if (v - v !== 0 || !(x >= 0 && x < total) || !(c >= 0 && c < m)) continue; // not finite, or outside
    const t = tracks[c];
    t.count++;
    if (exact) {
      t.lo[x | 0] = v;
      continue;
    }
    let b = (x * inv) | 0;
    if (b >= buckets) b = buckets - 1;
    if (!(v >= t.lo[b])) { t.lo[b] = v; t.loAt[b] = x; }
    if (!(v <= t.hi[b])) { t.hi[b] = v; t.hiAt[b] = x; }
  }
}

/**
 * Adds `values[k]` at index `index[k]` to `tracks[codes[k]]` for every k (the one-step
 * predictions, by split); a code without a track is skipped.
 * @param {ColumnTrack[]} tracks  on one grid
 * @param {ArrayLike<number>} index
 * @param {ArrayLike<number>} values
 * @param {ArrayLike<number>} codes
 */
export function addSplits(tracks, index, values, codes) {
  if (tracks.length) addRows(tracks, index, values, codes, 0);
}

/**
 * Drawn values from their packed form (NaN → null, a gap).
 * @param {ArrayLike<number>} packed
 * @returns {(number|null)[]}
 */
export function unpackYs(packed) {
  return Array.from(packed, (v) => (Number.isNaN(v) ? null : v));
}

/** @type {WeakMap<object, Float64Array>} drawn forms by series array */
const drawnBySeries = new WeakMap();

/**
 * The series `values` drawn on `new ColumnGrid(values.length)`, packed: computed once per
 * array, or the form the worker sent (`rememberDrawn`).
 * @param {ArrayLike<number>} values
 * @returns {Float64Array}
 */
export function drawnSeries(values) {
  const grid = new ColumnGrid(values.length);
  const want = grid.exact ? grid.buckets : 2 * grid.buckets;
  const known = drawnBySeries.get(values);
  if (known && known.length === want) return known;
  const track = grid.track();
  track.addAll(values);
  const drawn = track.packed();
  drawnBySeries.set(values, drawn);
  return drawn;
}

/**
 * Records the drawn form of `values` computed elsewhere (by the worker).
 * @param {ArrayLike<number>} values
 * @param {Float64Array} drawn
 */
export function rememberDrawn(values, drawn) {
  drawnBySeries.set(values, drawn);
}

/**
 * The drawn forms of the one-step predictions of a series of `total` rows, by split
 * (train, val, test), on `new ColumnGrid(total)`.
 * @param {{target_index: ArrayLike<number>, predicted: ArrayLike<number>, split: ArrayLike<number>}} preds
 * @param {number} total
 * @returns {{total: number, count: number, splits: Float64Array[]}}
 */
export function drawnSplits(preds, total) {
  const grid = new ColumnGrid(total);
  const tracks = [grid.track(), grid.track(), grid.track()];
  addSplits(tracks, preds.target_index, preds.predicted, preds.split);
  return { total, count: tracks.reduce((n, t) => n + t.count, 0), splits: tracks.map((t) => t.packed()) };
}

/**
 * The first k with `sorted[k] >= x` (`sorted.length` when none): the one-step predictions'
 * `target_index` increases, so a range of rows is a range of predictions.
 * @param {ArrayLike<number>} sorted
 * @param {number} x
 */
export function lowerBound(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A zoomed range `[from, to)` of a series and its one-step predictions, drawn on its own grid
 * (`new ColumnGrid(to - from, CHART_COLUMNS, from)`: every row when it holds up to 2,000,
 * else min/max per bucket), packed like `drawnSeries` and `drawnSplits`. Loops over the
 * range's rows only. `preds` null: no predictions (`splits` empty).
 * @param {ArrayLike<number>} values
 * @param {{target_index: ArrayLike<number>, predicted: ArrayLike<number>, split: ArrayLike<number>}|null} preds
 * @param {number} from
 * @param {number} to
 * @returns {DrawnRange}
 */
export function drawnRange(values, preds, from, to) {
  const lo = Math.max(0, Math.min(values.length, Math.floor(from)));
  const hi = Math.max(lo, Math.min(values.length, Math.ceil(to)));
  const grid = new ColumnGrid(hi - lo, CHART_COLUMNS, lo);
  const actual = grid.track();
  addRows([actual], null, values.length === hi - lo ? values : sliceOf(values, lo, hi), null, lo);
  /** @type {Float64Array[]} */
  let splits = [];
  let count = 0;
  if (preds) {
    const a = lowerBound(preds.target_index, lo);
    const b = lowerBound(preds.target_index, hi);
    const tracks = [grid.track(), grid.track(), grid.track()];
    addSplits(tracks, sliceOf(preds.target_index, a, b), sliceOf(preds.predicted, a, b), sliceOf(preds.split, a, b));
    splits = tracks.map((t) => t.packed());
    count = tracks.reduce((n, t) => n + t.count, 0);
  }
  return { from: lo, to: hi, total: values.length, actual: actual.packed(), splits, count };
}

/**
 * @typedef {object} DrawnRange  a zoomed range as drawn (`drawnRange`)
 * @property {number} from   first row
 * @property {number} to     one past the last row
 * @property {number} total  rows of the whole series
 * @property {Float64Array} actual  the series on the range's grid (NaN: a gap)
 * @property {Float64Array[]} splits  the predictions by split on it (none without predictions)
 * @property {number} count  predictions in the range
 */

/**
 * `values[from..to)` without a copy when it is a typed array.
 * @param {ArrayLike<number>} values
 * @param {number} from
 * @param {number} to
 * @returns {ArrayLike<number>}
 */
function sliceOf(values, from, to) {
  if (ArrayBuffer.isView(values)) return /** @type {any} */ (values).subarray(from, to);
  return Array.prototype.slice.call(values, from, to);
}
