/**
 * The text task's live chart: bits per character of training (the running epoch's mean, one
 * point per progress report) and validation (at epoch ends) against the chunks trained, with the
 * two honest baselines as flat lines: the interpolated n-gram and the unigram, both on the
 * validation split (the split the validation line is measured on).
 */
import { createChart, COLORS } from './chart-base.js';

/** Colours of the baseline lines. */
export const BASELINE_COLORS = { ngram: '#7c3aed', unigram: '#9ca3af' };

/** Bits per character as training goes, beside the baselines. */
export class BpcChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** @type {number[]} chunks trained at each point */
    this.xs = [];
    /** @type {(number|null)[]} */
    this.train = [];
    /** @type {(number|null)[]} */
    this.val = [];
    /** @type {{ngram: number|null, unigram: number|null, order: number|null}} */
    this.baselines = { ngram: null, unigram: null, order: null };
    /** The x range drawn before any point: one epoch. */
    this.span = 1;
    const fmt = (/** @type {unknown} */ _u, /** @type {number|null} */ v) => (v == null ? '–' : v.toFixed(3));
    this.chart = createChart(container, {
      height: 220,
      title: 'Bits per character',
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: 'batches trained' }, { label: 'bits per character', size: 60 }],
      series: [
        { label: 'batch', value: (_u, v) => (v == null ? '–' : String(v)) },
        { label: 'train (epoch mean)', stroke: COLORS.trainLoss, width: 2, spanGaps: true, value: fmt, points: { show: false } },
        { label: 'validation', stroke: COLORS.valLoss, width: 2, spanGaps: true, value: fmt, points: { show: true, size: 6 } },
        { label: 'n-gram (val)', stroke: BASELINE_COLORS.ngram, width: 1.5, dash: [6, 4], value: fmt, points: { show: false } },
        { label: 'unigram (val)', stroke: BASELINE_COLORS.unigram, width: 1.5, dash: [2, 4], value: fmt, points: { show: false } },
      ],
    }, [[], [], [], [], []]);
    container.classList.add('empty');
  }

  /**
   * Sets the baseline lines (from `text-load`'s result).
   * @param {{ngram_val_bpc: number, unigram_val_bpc: number, ngram_order: number, batches_per_epoch?: number}} loaded
   */
  setBaselines(loaded) {
    this.span = Math.max(1, loaded.batches_per_epoch ?? 1);
    this.baselines = { ngram: loaded.ngram_val_bpc, unigram: loaded.unigram_val_bpc, order: loaded.ngram_order };
    this.draw();
  }

  /** Forgets the points (a new model); the baselines stay. */
  clear() {
    this.xs = [];
    this.train = [];
    this.val = [];
    this.draw();
  }

  /**
   * Adds one progress report at `batches` chunks trained; a report with `val_bpc` adds the
   * validation point.
   * @param {number} batches
   * @param {{train_bpc: number, val_bpc: number|null}} progress
   */
  add(batches, progress) {
    if (!Number.isFinite(progress.train_bpc)) return;
    const last = this.xs.length ? this.xs[this.xs.length - 1] : -Infinity;
    if (batches < last) return;
    if (batches === last) {
      // The same chunk again (a paused report): keep one point, with the validation if any.
      if (progress.val_bpc != null) this.val[this.val.length - 1] = progress.val_bpc;
    } else {
      this.xs.push(batches);
      this.train.push(progress.train_bpc);
      this.val.push(progress.val_bpc ?? null);
    }
    this.draw();
  }

  /** Points drawn (for tests and status text). */
  get length() {
    return this.xs.length;
  }

  /** The series as drawn: `{xs, train, val, ngram, unigram}` (for tests). */
  get series() {
    const d = this.chart.plot.data;
    return { xs: [...d[0]], train: [...d[1]], val: [...d[2]], ngram: [...d[3]], unigram: [...d[4]] };
  }

  /** Redraws (the baselines span the points drawn, or a short stretch before any). */
  draw() {
    const xs = this.xs.length ? this.xs : [0, this.span];
    const pad = this.xs.length ? this.train : [null, null];
    const vals = this.xs.length ? this.val : [null, null];
    const flat = (/** @type {number|null} */ v) => xs.map(() => v);
    this.container.classList.toggle('empty', this.xs.length === 0);
    this.chart.plot.setData([xs, pad, vals, flat(this.baselines.ngram), flat(this.baselines.unigram)]);
  }
}
