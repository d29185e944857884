/**
 * The built-in text corpora's files as static assets (the wasm build embeds none of them):
 * the engine fetches the file a corpus names (`corpora()[i].file`, the Rust catalogue
 * src/pipeline/corpora.rs) and hands its bytes to `TextSession.loadText`. Each URL is written
 * out literally so Vite copies the file into `dist/assets/` and resolves it relative to this
 * module, as www/dataset-files.js does for the series.
 */

/** @type {Record<string, URL>} File name (as the catalogue gives it) → URL of the file. */
const FILES = {
  'shakespeare-sonnets.txt': new URL('../data/corpora/shakespeare-sonnets.txt', import.meta.url),
  'shakespeare-hamlet.txt': new URL('../data/corpora/shakespeare-hamlet.txt', import.meta.url),
};

/**
 * The URL of one corpus file, or null when the site does not ship it.
 * @param {string} file
 * @returns {URL|null}
 */
export function corpusFileUrl(file) {
  return Object.hasOwn(FILES, file) ? FILES[file] : null;
}

/**
 * Fetches a corpus file's bytes.
 * @param {string} name  the corpus key (for messages)
 * @param {string} file  the file name from the wasm `corpora()` list
 * @param {typeof fetch} [fetchImpl]
 * @returns {Promise<Uint8Array>}
 */
export async function fetchCorpusBytes(name, file, fetchImpl = globalThis.fetch) {
  const url = corpusFileUrl(file);
  if (!url) throw new Error(`corpus '${name}': its file ${file} is not part of this site`);
  let response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    throw new Error(`corpus '${name}': cannot fetch ${url.href}: ${err instanceof Error ? err.message : err}`);
  }
  if (!response.ok) {
    throw new Error(`corpus '${name}': cannot fetch ${url.href}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  return new Uint8Array(await response.arrayBuffer());
}
