/**
 * The samples written as training goes (Karpathy's iteration-by-iteration samples): each with
 * the chunk number it was written after, newest first, at most `MAX_SAMPLES` kept.
 */

/** Samples kept on the page. */
export const MAX_SAMPLES = 30;

/** @typedef {import('./protocol-text.js').TextSample} TextSample */

/**
 * The caption of one sample.
 * @param {TextSample} s
 */
export function sampleCaption(s) {
  return `after ${s.batch.toLocaleString('en-US')} batches (epoch ${s.epoch}), temperature ${s.temperature}`;
}

/**
 * The list kept after adding `incoming` to `kept` (newest first, at most `max`).
 * @param {TextSample[]} kept
 * @param {TextSample[]} incoming  oldest first, as the worker sends them
 * @param {number} [max]
 */
export function addSamples(kept, incoming, max = MAX_SAMPLES) {
  return [...[...incoming].reverse(), ...kept].slice(0, max);
}

/** The list of samples on the page. */
export class SampleList {
  /** @param {HTMLElement} list  an `<ol>` */
  constructor(list) {
    this.list = list;
    /** @type {TextSample[]} */
    this.samples = [];
  }

  /** Forgets every sample (a new model). */
  clear() {
    this.samples = [];
    this.list.replaceChildren();
  }

  /** @param {TextSample[]} incoming */
  add(incoming) {
    if (!incoming?.length) return;
    this.samples = addSamples(this.samples, incoming);
    const doc = this.list.ownerDocument;
    this.list.replaceChildren(...this.samples.map((s) => {
      const li = doc.createElement('li');
      li.dataset.batch = String(s.batch);
      const cap = doc.createElement('div');
      cap.className = 'sample-caption';
      cap.textContent = sampleCaption(s);
      const pre = doc.createElement('pre');
      pre.textContent = s.text;
      li.append(cap, pre);
      return li;
    }));
  }
}
