/**
 * Getting data into the page: a file picker, drag and drop onto the page
 * (CSV data, or a model file), and a paste box. Files are read locally (File.text()); nothing is
 * uploaded anywhere.
 */
import { LIMITS } from './vocabulary.generated.js';

/**
 * Largest CSV accepted, in bytes (the session keeps the series in memory): the crate's
 * `config::MAX_CSV_BYTES`, exported with the other size limits (`LIMITS`, docs/reliability.md).
 */
export const MAX_CSV_BYTES = LIMITS.max_csv_bytes.value;

/**
 * True for a file that looks like a model file rather than data (by its name).
 * @param {string} name
 */
export function isModelFile(name) {
  return /\.(safetensors|json)$/i.test(name);
}

/**
 * Wires the file input, drop zone and paste box to `onText(text, name)`;
 * a dropped model file (.json / .safetensors) goes to `onModel(file)`.
 * @param {{fileInput: HTMLInputElement, dropZone: HTMLElement, pasteBox: HTMLTextAreaElement,
 *          pasteButton: HTMLButtonElement}} els
 * @param {(text: string, name: string) => void} onText
 * @param {(message: string) => void} onError
 * @param {(file: File) => void} onModel
 */
export function wireDataInput(els, onText, onError, onModel) {
  /** @param {File|undefined} file */
  const readFile = async (file) => {
    if (!file) return;
    if (file.size > MAX_CSV_BYTES) {
      onError(`${file.name}: ${(file.size / 1048576).toFixed(1)} MB is larger than the ${MAX_CSV_BYTES / 1048576} MB limit`);
      return;
    }
    try {
      onText(await file.text(), file.name);
    } catch (err) {
      onError(`${file.name}: could not be read (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  els.fileInput.addEventListener('change', () => {
    readFile(els.fileInput.files?.[0]);
    els.fileInput.value = '';
  });
  const zone = els.dropZone;
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', (e) => {
    if (!(e.relatedTarget instanceof Node && zone.contains(e.relatedTarget))) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const file = e.dataTransfer?.files?.[0];
    if (file && isModelFile(file.name)) onModel(file);
    else if (file) readFile(file);
    else {
      const text = e.dataTransfer?.getData('text/plain');
      if (text) onText(text, 'dropped text');
    }
  });
  els.pasteButton.addEventListener('click', () => {
    const text = els.pasteBox.value;
    if (!text.trim()) {
      onError('paste box: paste CSV text first (a header row, then one row per time step)');
      return;
    }
    onText(text, 'pasted text');
  });
}

/**
 * The bytes of a model file given as a Blob (a File), an ArrayBuffer or bytes.
 * @param {Blob|ArrayBuffer|Uint8Array} file
 * @returns {Promise<Uint8Array>}
 */
export async function modelFileBytes(file) {
  if (file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  if (file && typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  throw new Error('a model file must be a Blob, an ArrayBuffer or a Uint8Array');
}

/**
 * The column names in the header row of CSV text, for the column picker
 * (the first non-empty line; comma, semicolon or tab separated; quotes removed).
 * @param {string} text
 * @returns {string[]}
 */
export function csvHeader(text) {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '').replace(/^\uFEFF/, '');
  if (!line.trim()) return [];
  const sep = line.includes(',') ? ',' : line.includes(';') ? ';' : line.includes('\t') ? '\t' : ',';
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) { out.push(field.trim()); field = ''; }
    else field += ch;
  }
  out.push(field.trim());
  return out;
}
