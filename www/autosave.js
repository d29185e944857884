/**
 * Autosave of the current model, configuration and data source to IndexedDB,
 * so a reload does not lose a trained model. Everything stays in this browser.
 */
import { blobForText, rememberTextBlob } from './text-blobs.js';

const DB_NAME = 'rnn-playground';
const STORE = 'autosave';

/** @returns {Promise<IDBDatabase>} */
function openDb() {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Runs one request in a transaction of the store; resolves with its result once the transaction commits.
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest} fn
 * @returns {Promise<any>}
 */
function run(mode, fn) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
    tx.onabort = () => { db.close(); reject(tx.error); };
  }));
}

/**
 * @typedef {object} Snapshot
 * @property {object} config        vocabulary values
 * @property {object} source        how the data was loaded (`load-data` payload)
 * @property {string|null} model    the model file (JSON) or null before training
 * @property {object|null} metrics  the last metrics
 * @property {number} savedAt       ms since the epoch
 */

/**
 * The autosave slot of an element: its id when it has one (several elements
 * on a page keep separate models), else the page's.
 * @param {string} id  the element's id attribute ('' when none)
 */
export function slotFor(id) {
  return id ? `element:${id}` : 'page';
}

/** @type {WeakMap<object, Blob>} the Blob made of a text source's text, made once per source */
const sourceBlobs = new WeakMap();

/**
 * The snapshot as it is stored: a long CSV text goes in as the Blob the worker made of it
 * (www/text-blobs.js), so a save clones a reference instead of copying megabytes on the
 * main thread. Without a Blob the text is stored as it is. The text task's own text
 * (`kind: 'text'`, www/text-recovery.js) always goes in as a Blob, made at its first save.
 * @param {Snapshot} snap
 * @returns {Snapshot}
 */
function storable(snap) {
  const source = /** @type {any} */ (snap.source);
  if (source?.kind === 'text' && source.text != null) {
    let blob = sourceBlobs.get(source);
    if (!blob) {
      blob = new Blob([source.text], { type: 'text/plain' });
      sourceBlobs.set(source, blob);
    }
    const { text, ...rest } = source;
    return { ...snap, source: { ...rest, textBlob: blob } };
  }
  const blob = source?.kind === 'csv' && typeof source.text === 'string' ? blobForText(source.text) : null;
  if (!blob) return snap;
  const { text, ...rest } = source;
  return { ...snap, source: { ...rest, textBlob: blob } };
}

/** Saves a snapshot under `slot`. @param {string} slot @param {Snapshot} snap */
export function saveSnapshot(slot, snap) {
  const stored = storable(snap);
  return run('readwrite', (store) => store.put(stored, slot));
}

/** Reads the snapshot under `slot` (its CSV or text read back from a Blob), or undefined. @param {string} slot */
export async function loadSnapshot(slot) {
  const snap = await run('readonly', (store) => store.get(slot));
  const source = snap?.source;
  if (source?.textBlob instanceof Blob) {
    const { textBlob, ...rest } = source;
    const text = await textBlob.text();
    if (source.kind === 'csv') rememberTextBlob(text, textBlob);
    return { ...snap, source: { ...rest, text } };
  }
  return snap;
}

/** Deletes the snapshot under `slot`. @param {string} slot */
export function clearSnapshot(slot) {
  return run('readwrite', (store) => store.delete(slot));
}
