/**
 * The real built-in datasets' CSV files as static assets. The browser's wasm
 * build leaves them out (it would grow by ~495 KB); the engine fetches the
 * file a dataset names (`datasets()[i].file`) and hands its text to
 * `Session.loadDataset(name, {text})`, which reads it with the dataset's
 * metadata (date and default column, symbol filter, licence) kept in Rust.
 *
 * Each URL is written out literally so Vite copies the file into `dist/assets/`
 * and resolves it relative to this module: the site works from any sub-path
 * and when the element is embedded from another origin.
 */

/** @type {Record<string, URL>} File name (as the catalogue gives it) → URL of the file. */
const FILES = {
  'sp500-2000.csv': new URL('../data/vega-datasets/sp500-2000.csv', import.meta.url),
  'co2-concentration.csv': new URL('../data/vega-datasets/co2-concentration.csv', import.meta.url),
  'seattle-weather.csv': new URL('../data/vega-datasets/seattle-weather.csv', import.meta.url),
  'stocks.csv': new URL('../data/vega-datasets/stocks.csv', import.meta.url),
  // The text corpora of the language model (src/pipeline/corpora.rs, CorpusInfo.file).
  'shakespeare-sonnets.txt': new URL('../data/corpora/shakespeare-sonnets.txt', import.meta.url),
  'shakespeare-hamlet.txt': new URL('../data/corpora/shakespeare-hamlet.txt', import.meta.url),
};

/**
 * The URL of one dataset file, or null when the site does not ship it.
 * @param {string} file
 * @returns {URL|null}
 */
export function datasetFileUrl(file) {
  return Object.hasOwn(FILES, file) ? FILES[file] : null;
}

/**
 * Fetches a dataset file's text.
 * @param {string} name  the dataset key (for messages)
 * @param {string} file  the file name from the wasm `datasets()` list
 * @param {typeof fetch} [fetchImpl]
 * @returns {Promise<string>}
 */
export async function fetchDatasetText(name, file, fetchImpl = globalThis.fetch) {
  const url = datasetFileUrl(file);
  if (!url) throw new Error(`dataset '${name}': its file ${file} is not part of this site`);
  let response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    throw new Error(`dataset '${name}': cannot fetch ${url.href}: ${err instanceof Error ? err.message : err}`);
  }
  if (!response.ok) {
    throw new Error(`dataset '${name}': cannot fetch ${url.href}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  return response.text();
}
