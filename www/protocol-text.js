/**
 * The text task's request types (the character language model, `<rnn-playground task="text">`),
 * merged into `Request` in www/protocol.js so both sides name them from one place. The worker
 * answers them in www/engine-text.js against one wasm `TextSession`, kept alive between
 * messages; replies follow the protocol's rules (progress…, then one result or error).
 *
 * - `TEXT_LOAD` `text-load`: {@link TextSource} → `TextLoaded` (a built-in corpus is fetched as a
 *   static file; the loaded text and model stay when the new text is refused)
 * - `TEXT_CONFIGURE` `text-configure`: `{settings}` → `TextLoaded` (a fresh model, same text)
 * - `TEXT_TRAIN` `text-train`: {@link TextTrainRequest} → progress {@link TextProgressPayload}…,
 *   then {@link TextRunResult}; `{superseded: true, progress}` when a later `text-train`/`text-step`
 *   takes over the paused run. Train and step also send `checkpoint` replies `{json}` (the model
 *   file) at each epoch's end, every few seconds and when the run ends: what a crash restores
 * - `TEXT_STEP` `text-step`: `{batches, sample_every?, sample?}` trains that many chunks, then
 *   pauses → `{progress, paused: true, history, samples}`
 * - `TEXT_PAUSE` / `TEXT_STOP` `text-pause` / `text-stop`: `{}` → `{state, progress?}`
 * - `TEXT_EVALUATE` `text-evaluate`: `{}` → `TextMetrics` (the CLI's metrics keys)
 * - `TEXT_GENERATE` `text-generate`: `{prime?, length?, temperature?, top_k?, seed?}` → string
 * - `TEXT_ACTIVATIONS` `text-activations`: `{passage, layer?}` → `UnitActivations` (its
 *   `values` transferred); answered between two training chunks, without disturbing the run
 * - `TEXT_EXPORT` `text-export`: `{format: 'json'|'safetensors'}` → `{format, bytes}`
 * - `TEXT_IMPORT` `text-import`: `{bytes, freeze?}` → `TextImported` `{fine_tuning, vocab_size, params, loaded}`
 *   (onto the loaded text; without one, the model generates and the next `text-load` continues from it);
 *   `freeze` is a fine-tuning choice of the series' (`none`, `recurrent`, `first:K`)
 */
export const TextRequest = Object.freeze({
  TEXT_INFO: 'text-info',
  TEXT_LOAD: 'text-load',
  TEXT_CONFIGURE: 'text-configure',
  TEXT_TRAIN: 'text-train',
  TEXT_STEP: 'text-step',
  TEXT_PAUSE: 'text-pause',
  TEXT_STOP: 'text-stop',
  TEXT_EVALUATE: 'text-evaluate',
  TEXT_GENERATE: 'text-generate',
  TEXT_ACTIVATIONS: 'text-activations',
  TEXT_EXPORT: 'text-export',
  TEXT_IMPORT: 'text-import',
});

/** @type {ReadonlySet<string>} every text request type */
export const TEXT_REQUEST_TYPES = new Set(Object.values(TextRequest));

/**
 * Whether `type` is a text request (www/engine.js hands those to www/engine-text.js).
 * @param {unknown} type
 */
export function isTextRequest(type) {
  return typeof type === 'string' && TEXT_REQUEST_TYPES.has(type);
}

/**
 * What `text-load` reads: a built-in corpus by key, or text (a string, or the bytes of a file).
 * @typedef {{kind: 'corpus', name: string, settings?: Record<string, unknown>}
 *   | {kind: 'text', text: string|Uint8Array, name?: string, settings?: Record<string, unknown>}} TextSource
 */

/**
 * How `text-train` samples as it goes: every `sample_every` chunks (0: never) it writes
 * `sample.length` characters at `sample.temperature`, seeded with the chunk number.
 * @typedef {{sample_every?: number, sample?: {length?: number, temperature?: number}}} TextTrainRequest
 */

/**
 * One sample written during training.
 * @typedef {{batch: number, epoch: number, text: string, temperature: number}} TextSample
 */

/**
 * A `text-train` progress reply: the latest progress, the epoch ends not sent yet and the samples
 * written since the last reply.
 * @typedef {{progress: RnnWasm.TextProgress, paused: boolean, history: RnnWasm.TextEpoch[],
 *   samples: TextSample[]}} TextProgressPayload
 */

/**
 * The result of `text-train`.
 * @typedef {{progress: RnnWasm.TextProgress|null, metrics: RnnWasm.TextMetrics,
 *   history: RnnWasm.TextEpoch[], samples: TextSample[]}} TextRunResult
 */
