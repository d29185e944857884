/**
 * The element's two tasks: `<rnn-playground>` forecasts a series, or with `task="text"` (or, on
 * an element with `sync-hash`, `task=text` in `location.hash`; the key is the field table's
 * page-only `task`) shows www/text-mode.js, the character language model, and its JS API goes
 * there: `loadText(text, {name})`, `train()`, `step()`, `pause()`, `stop()`,
 * `generate({prime, length, temperature, top_k, seed})`, `showUnits()`, `exportModel(format)`,
 * `importModel(file)`.
 *
 * Changing the attribute or the hash switches the task without a reload, both ways. Both tasks
 * keep what they hold (text, data, models, settings, charts, their workers); the one left is
 * hidden, and a training run of it is paused (its notice says so; Train resumes it). While the
 * text task shows, the series ignores hash changes and applies the hash when it shows again.
 * `data-state` is the shown task's; a `taskchange` event `{task}` follows each switch.
 */
import { TextMode } from './text-mode.js';
import { FIELD_BY_KEY, parseValue } from './config.js';
import { isTraining, phaseOf } from './lifecycle.js';

/** The attribute (and hash key) that picks the task. */
export const TASK_KEY = 'task';

/**
 * A task name from an attribute or hash value: `series` or `text` (aliases and case accepted);
 * null when absent or not a task.
 * @param {string|null|undefined} raw
 * @returns {'series'|'text'|null}
 */
export function parseTask(raw) {
  const field = FIELD_BY_KEY.get(TASK_KEY);
  if (raw == null || raw.trim() === '' || !field) return null;
  const parsed = parseValue(field, raw);
  return parsed.ok ? /** @type {'series'|'text'} */ (parsed.value) : null;
}

/**
 * The task `el` should show: the hash's `task` on a `sync-hash` element when the hash names
 * one, else the attribute's, else the series.
 * @param {Element} el
 * @returns {'series'|'text'}
 */
export function taskOf(el) {
  if (el.hasAttribute('sync-hash') && typeof location !== 'undefined') {
    const fromHash = parseTask(new URLSearchParams(location.hash.replace(/^#/, '')).get(TASK_KEY));
    if (fromHash) return fromHash;
  }
  return parseTask(el.getAttribute(TASK_KEY)) ?? 'series';
}

/**
 * Whether `el` runs the text task.
 * @param {Element} el
 */
export function isTextTask(el) {
  return taskOf(el) === 'text';
}

/** Methods the series element has and the text task replaces. */
const SHARED = ['train', 'step', 'pause', 'stop', 'exportModel', 'importModel'];
/** Methods only the text task has. */
const TEXT_ONLY = ['loadText', 'generate', 'showUnits'];

/**
 * Hides or shows the series view: every part of the shadow root but the text task's container,
 * by the `task-hidden` class of the text styles (its own `hidden` flags stay as the series set them).
 * @param {any} el
 * @param {boolean} hidden
 */
function hideSeries(el, hidden) {
  for (const child of el.root.children) {
    if (child.classList.contains('task-text') || child.localName === 'style') continue;
    child.classList.toggle('task-hidden', hidden);
  }
}

/**
 * Adds the text task to the element class: `connectedCallback` mounts the task {@link taskOf}
 * names, the `task` attribute and (with `sync-hash`) the hash switch it, the shared methods go
 * to the task shown, the text-only ones require the text task.
 * @param {any} cls  `RnnPlayground`
 */
export function withTextTask(cls) {
  const proto = cls.prototype;
  const observed = cls.observedAttributes;
  Object.defineProperty(cls, 'observedAttributes', { get: () => [...observed, TASK_KEY], configurable: true });
  /** @type {Record<string, Function>} the series' own methods */
  const series = {};
  for (const name of [...SHARED, 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback']) series[name] = proto[name];

  proto.connectedCallback = function connectedCallback() {
    this.activeTask ??= this.shown ? 'series' : taskOf(this);
    listenForTask(this);
    if (this.activeTask === 'series') return series.connectedCallback.call(this);
    this.textMode ??= new TextMode(this, this.root);
    return undefined;
  };
  proto.disconnectedCallback = function disconnectedCallback() {
    if (this.onTaskHash) window.removeEventListener('hashchange', this.onTaskHash);
    this.onTaskHash = null;
    series.disconnectedCallback.call(this); // ends the series worker, if any, once really removed
    if (!this.textMode) return;
    setTimeout(() => {
      if (this.isConnected || !this.textMode) return;
      this.textMode.close();
      this.textMode = null;
    }, 0);
  };
  proto.attributeChangedCallback = function attributeChangedCallback(/** @type {string} */ name, /** @type {string|null} */ oldValue, /** @type {string|null} */ value) {
    if (name === TASK_KEY) {
      if (this.activeTask && oldValue !== value) this.switchTask(taskOf(this));
      return;
    }
    if (this.activeTask !== 'text') series.attributeChangedCallback.call(this, name, oldValue, value);
  };

  /**
   * Shows task `next` (see the module's doc). Resolves when the task left has paused.
   * @param {'series'|'text'} next
   */
  proto.switchTask = async function switchTask(next) {
    if (next === this.activeTask || !this.isConnected) return;
    const left = this.activeTask;
    this.activeTask = next;
    if (next === 'text') {
      if (this.shown) {
        if (isTraining(this.lifecycle)) {
          this.shown.showNotice('Training was paused when the element switched to the text task; Train resumes it.');
          await series.pause.call(this).catch(() => {});
        }
        hideSeries(this, true);
      }
      delete this.dataset.phase;
      if (this.textMode) this.textMode.setActive(true);
      else this.textMode = new TextMode(this, this.root);
    } else {
      const pausing = this.textMode?.setActive(false);
      if (this.shown) {
        hideSeries(this, false);
        this.dataset.state = this.lifecycle.name;
        this.dataset.phase = phaseOf(this.lifecycle);
        this.shown.renderToolbar(this.lifecycle);
        this.onHash?.(); // the hash may have changed while the text task showed
      } else {
        // The series renders into an empty root (a root with children is a re-connected one),
        // and its parts come first (its lookups take the first match): the text's go back after.
        const kept = [...this.root.childNodes];
        for (const n of kept) n.remove();
        series.connectedCallback.call(this);
        this.root.append(...kept);
      }
      await pausing;
    }
    this.dispatchEvent(new CustomEvent('taskchange', { detail: { task: next, from: left } }));
  };

  for (const name of SHARED) {
    proto[name] = function (/** @type {unknown[]} */ ...args) {
      return this.activeTask === 'text' && this.textMode ? this.textMode[name](...args) : series[name].apply(this, args);
    };
  }
  for (const name of TEXT_ONLY) {
    proto[name] = function (/** @type {unknown[]} */ ...args) {
      if (this.activeTask !== 'text' || !this.textMode) return Promise.reject(new Error(`${name}() needs task="text" on the element`));
      return this.textMode[name](...args);
    };
  }
}

/**
 * With `sync-hash`: a hash naming another task switches to it.
 * @param {any} el
 */
function listenForTask(el) {
  if (!el.hasAttribute('sync-hash') || el.onTaskHash) return;
  el.onTaskHash = () => el.switchTask(taskOf(el));
  window.addEventListener('hashchange', el.onTaskHash);
}
