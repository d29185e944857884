/**
 * Switches `<rnn-playground>` to the text task: with `task="text"` (or, on an element with
 * `sync-hash`, `task=text` in `location.hash`), the element shows www/text-mode.js instead of
 * the series playground, and its JS API goes there: `loadText(text, {name})`, `train()`,
 * `step()`, `pause()`, `stop()`, `generate({prime, length, temperature, top_k, seed})`,
 * `showUnits()`, `exportModel(format)`, `importModel(file)`. The mode is chosen when the
 * element is first connected.
 */
import { TextMode } from './text-mode.js';

/** The attribute (and hash key) that picks the task. */
export const TASK_KEY = 'task';

/**
 * Whether `el` runs the text task.
 * @param {Element} el
 */
export function isTextTask(el) {
  if ((el.getAttribute(TASK_KEY) ?? '').trim().toLowerCase() === 'text') return true;
  if (!el.hasAttribute('sync-hash') || typeof location === 'undefined') return false;
  const pairs = new URLSearchParams(location.hash.replace(/^#/, ''));
  return (pairs.get(TASK_KEY) ?? '').trim().toLowerCase() === 'text';
}

/** Methods the series element has and the text task replaces. */
const SHARED = ['train', 'step', 'pause', 'stop', 'exportModel', 'importModel'];
/** Methods only the text task has. */
const TEXT_ONLY = ['loadText', 'generate', 'showUnits'];

/**
 * Adds the text task to the element class: `connectedCallback` mounts it when
 * {@link isTextTask}, the shared methods go to it when mounted, the text-only ones require it.
 * @param {any} proto  `RnnPlayground.prototype`
 */
export function withTextTask(proto) {
  const connected = proto.connectedCallback;
  proto.connectedCallback = function connectedCallback() {
    if (this.textMode || (!this.shown && isTextTask(this))) {
      this.textMode ??= new TextMode(this, this.root);
      return undefined;
    }
    return connected.call(this);
  };
  const disconnected = proto.disconnectedCallback;
  proto.disconnectedCallback = function disconnectedCallback() {
    if (!this.textMode) return disconnected.call(this);
    setTimeout(() => {
      if (this.isConnected || !this.textMode) return;
      this.textMode.close();
      this.textMode = null;
    }, 0);
    return undefined;
  };
  for (const name of SHARED) {
    const series = proto[name];
    proto[name] = function (/** @type {unknown[]} */ ...args) {
      return this.textMode ? this.textMode[name](...args) : series.apply(this, args);
    };
  }
  for (const name of TEXT_ONLY) {
    proto[name] = function (/** @type {unknown[]} */ ...args) {
      if (!this.textMode) return Promise.reject(new Error(`${name}() needs task="text" on the element`));
      return this.textMode[name](...args);
    };
  }
}
