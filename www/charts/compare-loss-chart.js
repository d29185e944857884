/**
 * The overlaid loss curves of `<rnn-compare>`: per run, the training loss
 * (solid) and the validation loss (dashed) per epoch on one log scale, in the
 * run's colour. Like the playground's loss chart, only epoch ends are fixed
 * points; inside an epoch one live point per run moves along.
 */
import { createChart } from './chart-base.js';

/** @typedef {Pick<import('../protocol.js').Progress, 'epoch'|'batch'|'batches_per_epoch'|'train_loss'|'val_loss'>} LossPoint */
/** @typedef {{label: string, color: string}} RunLook */

/** The points of one run. */
export class LossTrack {
  constructor() {
    /** @type {number[]} epochs completed at each fixed point */
    this.xs = [];
    /** @type {(number|null)[]} */
    this.train = [];
    /** @type {(number|null)[]} */
    this.val = [];
    /** @type {[number, number|null]|null} the running epoch's point */
    this.live = null;
  }

  /**
   * Adds one progress report; returns whether anything changed.
   * @param {LossPoint|null|undefined} p
   */
  add(p) {
    if (!p || !Number.isFinite(p.train_loss)) return false;
    const bpe = p.batches_per_epoch || 1;
    const x = Math.max(0, p.epoch - 1 + p.batch / bpe);
    const last = this.xs.length ? this.xs[this.xs.length - 1] : -Infinity;
    if (x < last || (x === last && this.live === null)) return false;
    if (p.batch >= bpe || p.val_loss != null) {
      if (x === last) return false;
      this.xs.push(x);
      this.train.push(positive(p.train_loss));
      this.val.push(p.val_loss == null ? null : positive(p.val_loss));
      this.live = null;
    } else {
      this.live = [x, positive(p.train_loss)];
    }
    return true;
  }

  /** Points held (fixed ones and the live one). */
  get length() {
    return this.xs.length + (this.live ? 1 : 0);
  }
}

/**
 * The x values of every track, merged and sorted, with each track's values on
 * them (null where a track has no point; the lines span the gaps).
 * @param {LossTrack[]} tracks
 * @returns {import('uplot').AlignedData}
 */
export function alignTracks(tracks) {
  const xs = [...new Set(tracks.flatMap((t) => (t.live ? [...t.xs, t.live[0]] : t.xs)))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  /** @type {(number|null)[][]} */
  const out = [];
  for (const t of tracks) {
    const train = new Array(xs.length).fill(null);
    const val = new Array(xs.length).fill(null);
    t.xs.forEach((x, k) => {
      const i = /** @type {number} */ (at.get(x));
      train[i] = t.train[k];
      val[i] = t.val[k];
    });
    if (t.live) train[/** @type {number} */ (at.get(t.live[0]))] = t.live[1];
    out.push(train, val);
  }
  return [xs, ...out];
}

/** Training and validation loss of every run, overlaid. */
export class CompareLossChart {
  /**
   * @param {HTMLElement} container
   * @param {RunLook[]} runs
   */
  constructor(container, runs) {
    this.container = container;
    /** @type {LossTrack[]} */
    this.tracks = runs.map(() => new LossTrack());
    this.chart = createChart(container, {
      height: 220,
      title: 'Loss (train solid, validation dashed)',
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'epoch' }, { label: 'loss', size: 60, values: logTickLabels }],
      series: [
        { label: 'epoch', value: (u, v) => (v == null ? '–' : v.toFixed(2)) },
        ...runs.flatMap((r) => [
          { label: `${r.label} train`, stroke: r.color, width: 2, spanGaps: true, value: fmt, points: { size: 4 } },
          { label: `${r.label} val.`, stroke: r.color, width: 2, dash: [6, 4], spanGaps: true, value: fmt, points: { size: 4 } },
        ]),
      ],
    }, [[], ...runs.flatMap(() => [[], []])]);
    container.classList.add('empty');
  }

  /**
   * Adds one progress report of run `run` (not drawn until `draw`).
   * @param {number} run
   * @param {LossPoint|null|undefined} progress
   */
  add(run, progress) {
    return this.tracks[run]?.add(progress) ?? false;
  }

  /** Forgets every point (fresh models; drawn at the next `draw`). */
  clear() {
    this.tracks = this.tracks.map(() => new LossTrack());
  }

  /** Redraws every run's points. */
  draw() {
    this.container.classList.toggle('empty', this.length === 0);
    this.chart.plot.setData(alignTracks(this.tracks));
  }

  /** Points held over all runs (for tests). */
  get length() {
    return this.tracks.reduce((n, t) => n + t.length, 0);
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}

/**
 * The labels of a log-scale axis: plain numbers from 0.01 to 9999, powers of
 * ten as `1e-5` beyond (uPlot's default would round 1e-4 to "0").
 * @param {unknown} u  the chart
 * @param {number[]} ticks
 * @returns {string[]}
 */
export function logTickLabels(u, ticks) {
  return ticks.map((v) => {
    if (v == null || !Number.isFinite(v)) return '';
    const a = Math.abs(v);
    if (a === 0 || (a >= 0.01 && a < 1e4)) return String(Number(v.toPrecision(2)));
    return v.toExponential(0).replace('e+', 'e');
  });
}

/**
 * A loss for the log scale: positive, or null (a gap) when not finite.
 * @param {number} v
 */
function positive(v) {
  return Number.isFinite(v) ? Math.max(v, 1e-12) : null;
}

/**
 * The legend's value of a loss.
 * @param {unknown} u  the chart
 * @param {number|null} v
 */
function fmt(u, v) {
  return v == null ? '–' : v.toPrecision(4);
}
