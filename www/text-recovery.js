/**
 * Nothing lost in the text task: what www/text-mode.js keeps to put back after a worker crash
 * or a reload, and the glue to the series' restores. The steps are those of the series element
 * (www/element-recovery.js: `restoreAfterCrash`, `restoreFromSnapshot`) and the store is its
 * IndexedDB autosave (www/autosave.js), in a slot of its own per element (`text:` + the series
 * slot), so switching an element's task keeps the other task's autosave.
 *
 * A text snapshot is `{task: 'text', settings, freeze, from_file, source, model, metrics, savedAt}`:
 * `source` is the `text-load` source (a built-in corpus by name, or the user's text, which
 * www/autosave.js stores as a Blob), `model` the last checkpoint (the JSON model file the
 * worker sends at each epoch's end, every few seconds and when a run ends; null for a model
 * nobody has trained yet: the settings and seed rebuild it).
 */
import { saveSnapshot, loadSnapshot, slotFor } from './autosave.js';
import { restoreAfterCrash, restoreFromSnapshot } from './element-recovery.js';
import { LifecycleEvent } from './lifecycle.js';

/** @typedef {import('./protocol-text.js').TextSource} TextSource */
/** @typedef {import('./text-mode.js').TextMode} TextMode */

/**
 * What a text snapshot holds.
 * @typedef {object} TextSnapshot
 * @property {'text'} task
 * @property {Record<string, unknown>} settings  the panel's settings (`TextSettings` keys)
 * @property {string} freeze                     the fine-tuning choice (`none`, `recurrent`, `first:K`)
 * @property {boolean} from_file                 the model came from a file the user loaded (fine-tuning)
 * @property {TextSource} source
 * @property {string|null} model                 the last checkpoint (JSON model file)
 * @property {RnnWasm.TextMetrics|null} metrics
 * @property {number} savedAt
 */

/**
 * What the text mode gives its restores: its own load and import steps and where messages go.
 * @typedef {object} TextRestoreHost
 * @property {(source: TextSource) => Promise<unknown>} load      loads a text (a fresh model on it)
 * @property {(json: string) => Promise<unknown>} importCheckpoint loads a model file onto the text
 * @property {(state: string) => void} setState
 * @property {(message: string) => void} notice
 * @property {(err: unknown) => void} fail
 * @property {() => boolean} hasText
 */

/**
 * The autosave slot of an element's text task.
 * @param {string} id  the element's id attribute ('' when none)
 */
export function textSlotFor(id) {
  return `text:${slotFor(id)}`;
}

/**
 * Whether `snap` is a text snapshot this page can restore.
 * @param {any} snap
 * @returns {snap is TextSnapshot}
 */
export function isTextSnapshot(snap) {
  const kind = snap?.source?.kind;
  return snap?.task === 'text' && (kind === 'corpus' || (kind === 'text' && snap.source.text != null));
}

/**
 * Saves a text snapshot; a full or blocked IndexedDB only loses the autosave.
 * @param {string} id  the element's id attribute
 * @param {Omit<TextSnapshot, 'task'|'savedAt'>} snap
 */
export function saveTextSnapshot(id, snap) {
  return saveSnapshot(textSlotFor(id), /** @type {any} */ ({ task: 'text', ...snap, savedAt: Date.now() })).catch(() => {});
}

/**
 * The element's text snapshot, or null (none, unreadable, or not a text one).
 * @param {string} id
 * @returns {Promise<TextSnapshot|null>}
 */
export async function loadTextSnapshot(id) {
  const snap = await loadSnapshot(textSlotFor(id)).catch(() => null);
  return isTextSnapshot(snap) ? snap : null;
}

/**
 * The series restores' steps, done by the text mode (no predictions to draw in text).
 * @param {TextRestoreHost} host
 * @param {{onRestored: (failed: boolean) => void}} hooks
 * @returns {import('./element-recovery.js').RestoreSteps}
 */
function stepsFor(host, { onRestored }) {
  return {
    dispatch: (event) => {
      if (event.type === LifecycleEvent.RESTART) host.setState('restoring');
      if (event.type === LifecycleEvent.RESTORED) onRestored(!!event.failed);
    },
    loadData: (source) => host.load(/** @type {any} */ (source)),
    buildModel: async () => {}, // loading a text builds its model
    load: (source) => host.load(/** @type {any} */ (source)),
    importModel: (json) => host.importCheckpoint(json),
    showPredictions: async () => {},
    showNotice: (message) => host.notice(message),
    fail: (err) => host.fail(err),
  };
}

/**
 * The restore steps done by `mode`.
 * @param {TextMode} mode
 * @param {{fromFile: boolean, freeze: string}} how  the checkpoint is put back with this freeze,
 *   as a model file of the user's (fine-tuning) or not
 * @returns {TextRestoreHost}
 */
function hostFor(mode, { fromFile, freeze }) {
  return {
    load: (source) => mode.load(source),
    importCheckpoint: (json) => mode.importCheckpoint(json, fromFile, freeze),
    setState: (name) => mode.setState(name),
    notice: (message) => mode.notice(message),
    fail: (err) => mode.showError(err),
    hasText: () => !!mode.loaded,
  };
}

/**
 * The text worker died: say so and, unless it could not be restarted, put the text, the
 * settings and the last checkpoint back once its replacement is up (`data-state` is
 * `restoring` until then; the chart and samples of the lost run stay). The API waits for it.
 * @param {TextMode} mode
 * @param {{message: string, final?: boolean, restarted?: Promise<unknown>}} detail
 */
export function restoreAfterTextCrash(mode, { message, final, restarted }) {
  if (final || !restarted) {
    mode.notice(`The text worker could not be restarted: ${message}`);
    mode.setState('error');
    return;
  }
  mode.notice(`The text worker crashed (${message}). Restarting it and restoring the text, the settings and the last checkpoint…`);
  const saved = { source: mode.source, checkpoint: mode.checkpoint, forecast: null };
  const after = mode.state === 'done' ? 'done' : 'ready';
  const host = hostFor(mode, { fromFile: !!mode.importedFile, freeze: mode.freezeSpec() });
  const onRestored = (/** @type {boolean} */ failed) => {
    mode.restoring = false;
    mode.setState(failed && !mode.loaded ? 'error' : after);
    if (!failed) {
      mode.status(saved.checkpoint ? 'Restored after the worker crash: Train continues from the last checkpoint.'
        : 'Restored the text and settings after the worker crash. Press Train.');
    }
  };
  mode.restoring = true;
  mode.setState('restoring');
  mode.ready = restarted.then(() => restoreAfterCrash(/** @type {any} */ (saved), stepsFor(host, { onRestored })));
  mode.ready.catch(() => {}); // a failed restart is the `final` crash event's to report
}

/**
 * With `autosave`: the autosaved text, settings and checkpoint back into `mode` (`data-state`
 * is `restoring` until done). Resolves false when there is none or it was refused (the caller
 * then loads afresh).
 * @param {TextMode} mode
 * @returns {Promise<boolean>}
 */
export async function restoreAutosaved(mode) {
  if (!mode.host.hasAttribute('autosave')) return false;
  const snap = await loadTextSnapshot(mode.host.id);
  if (!snap) return false;
  mode.writeSettings(snap.settings);
  mode.restoring = true;
  mode.setState('restoring');
  let restored = false;
  try {
    restored = await restoreTextSnapshot(snap, hostFor(mode, { fromFile: !!snap.from_file, freeze: snap.freeze }));
  } finally {
    mode.restoring = false;
  }
  if (!restored) {
    mode.setState(mode.loaded ? 'ready' : 'empty');
    return false;
  }
  mode.metrics = snap.metrics;
  if (snap.metrics) mode.showMetrics(snap.metrics);
  mode.checkpoint = snap.model;
  mode.setState(snap.metrics ? 'done' : 'ready');
  mode.status(snap.model ? 'Restored the autosaved model: Generate, or Train to continue from it.' : 'Restored the autosaved text and settings. Press Train.');
  return true;
}

/**
 * Loads the snapshot's text and, when it has one, its checkpoint.
 * @param {TextSnapshot} snap
 * @param {TextRestoreHost} host
 * @returns {Promise<boolean>}
 */
async function restoreTextSnapshot(snap, host) {
  const steps = stepsFor(host, { onRestored: () => {} });
  if (snap.model) return restoreFromSnapshot(/** @type {any} */ (snap), steps);
  try {
    await host.load(snap.source);
    host.notice(`Restored the text and settings autosaved ${new Date(snap.savedAt).toLocaleString()} (no model had been trained).`);
    return true;
  } catch {
    return false;
  }
}
