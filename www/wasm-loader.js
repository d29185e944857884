/**
 * Loads the wasm module: the relaxed-SIMD build (fused multiply-add) when the
 * browser supports relaxed SIMD, else the SIMD128 build when it supports SIMD
 * (both detected with `wasm-feature-detect`), otherwise the scalar build.
 */
import { relaxedSimd, simd } from 'wasm-feature-detect';

/**
 * Which of the three builds this browser can run, fastest first.
 * @returns {Promise<'relaxed'|'simd'|'scalar'>}
 */
export async function pickVariant() {
  if (await relaxedSimd()) return 'relaxed';
  if (await simd()) return 'simd';
  return 'scalar';
}

/**
 * A loaded build: the module's members the engine uses, and which build it is.
 * `memoryBytes` is the size of the instance's `WebAssembly.Memory` now (it only grows);
 * `exports` the instance's raw exports (the engine looks there for the test build's
 * `session_injectFault`, which the app's builds do not have: src/bindings/faults.rs).
 * @typedef {{Session: RnnWasm.Module['Session'], backend: () => string, datasets: () => RnnWasm.DatasetInfo[],
 *   TextSession: RnnWasm.Module['TextSession'], corpora: () => RnnWasm.CorpusInfo[],
 *   variant: 'relaxed'|'simd'|'scalar', memoryBytes: () => number, exports: Record<string, unknown>}} LoadedWasm
 */

/**
 * Imports and instantiates one of the three wasm-bindgen builds.
 * @returns {Promise<LoadedWasm>}
 */
export async function loadWasm() {
  const variant = await pickVariant();
  // One literal import per build, so that the bundler emits each of them.
  /** @type {RnnWasm.Module} */
  const mod = variant === 'relaxed'
    ? await import('./pkg/relaxed/rnn_playground.js')
    : variant === 'simd'
      ? await import('./pkg/simd/rnn_playground.js')
      : await import('./pkg/scalar/rnn_playground.js');
  const exports = /** @type {Record<string, unknown> & {memory?: WebAssembly.Memory}} */ (await mod.default() ?? {});
  const memoryBytes = () => exports.memory?.buffer.byteLength ?? 0;
  return { Session: mod.Session, backend: mod.backend, datasets: mod.datasets,
    TextSession: mod.TextSession, corpora: mod.corpora, variant, memoryBytes, exports };
}
