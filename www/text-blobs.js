/**
 * Long CSV texts kept as Blobs next to their strings. The element keeps the
 * text it loaded (to load it again after a crash) and the autosave stores it
 * in IndexedDB every few seconds; a 17 MB string is copied on the main thread
 * at every save (hundreds of ms), a Blob is cloned by reference. Making the
 * Blob from the string also costs hundreds of ms, so the worker makes it from
 * the copy it received (www/engine.js) and sends it back with the data
 * summary; www/worker-client.js records it here and www/autosave.js stores it
 * in place of the text.
 */

/** CSV text longer than this (in UTF-16 units) travels and is stored as a Blob. */
export const BLOB_TEXT_CHARS = 1 << 20;

/** @type {{text: string, blob: Blob}|null} the last long text and its Blob */
let last = null;

/**
 * Records that `blob` holds `text`.
 * @param {string} text
 * @param {Blob} blob
 */
export function rememberTextBlob(text, blob) {
  last = { text, blob };
}

/**
 * The Blob recorded for `text`, if any.
 * @param {string} text
 * @returns {Blob|null}
 */
export function blobForText(text) {
  return last && last.text === text ? last.blob : null;
}
