/**
 * A long date column crossing from the worker to the page as one string and
 * the end offset of each date, instead of an array of 1,000,000 strings that
 * the page's main thread would have to rebuild one by one (hundreds of ms).
 * The worker packs (www/engine.js), the page reads it through a read-only
 * array-like view (www/worker-client.js) that slices a date out when asked.
 * Pure: shared by both sides, like www/inspection.js.
 */

/** Date columns with more entries than this are packed. */
export const PACK_DATES_ABOVE = 10000;

/**
 * A packed date column.
 * @typedef {{text: string, ends: Int32Array}} PackedDates
 */

/**
 * Packs `dates` (joined with no separator; `ends[i]` is where date `i` ends).
 * @param {string[]} dates
 * @returns {PackedDates}
 */
export function packDates(dates) {
  const ends = new Int32Array(dates.length);
  let at = 0;
  for (let i = 0; i < dates.length; i++) {
    at += dates[i].length;
    ends[i] = at;
  }
  return { text: dates.join(''), ends };
}

/**
 * A read-only view of a packed column that indexes like the array it came from
 * (`view[i]`, `view.length`, iteration); an index outside it gives undefined.
 * @param {PackedDates} packed
 * @returns {readonly string[]}
 */
export function datesView({ text, ends }) {
  const n = ends.length;
  /** @param {number} i */
  const at = (i) => (i >= 0 && i < n ? text.slice(i === 0 ? 0 : ends[i - 1], ends[i]) : undefined);
  return new Proxy(/** @type {string[]} */ ([]), {
    get(target, key) {
      if (key === 'length') return n;
      if (typeof key === 'string' && /^\d+$/.test(key)) return at(Number(key));
      if (key === Symbol.iterator) return function* dates() { for (let i = 0; i < n; i++) yield at(i); };
      return Reflect.get(target, key);
    },
    has(target, key) {
      return (typeof key === 'string' && /^\d+$/.test(key) && Number(key) < n) || Reflect.has(target, key);
    },
    set() {
      return false;
    },
  });
}

/**
 * A DataSummary with its packed date column (www/engine.js `packSummaryDates`) given back as
 * `dates`, a read-only array-like view that slices one date out when asked.
 * @param {any} summary
 */
export function unpackSummaryDates(summary) {
  if (!summary?.dates_packed) return summary;
  const { dates_packed: packed, ...rest } = summary;
  return { ...rest, dates: datesView(packed) };
}
