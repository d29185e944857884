/**
 * Loads the wasm module: the SIMD128 build when the browser supports it
 * (`wasm-feature-detect`), otherwise the scalar build.
 */
import { simd } from 'wasm-feature-detect';

/**
 * Imports and instantiates one of the two wasm-bindgen builds.
 * @returns {Promise<{Session: any, backend: () => string, datasets: () => any[], variant: 'simd'|'scalar'}>}
 */
export async function loadWasm() {
  const useSimd = await simd();
  const mod = useSimd
    ? await import('./pkg/simd/rnn_playground.js')
    : await import('./pkg/scalar/rnn_playground.js');
  await mod.default();
  return { Session: mod.Session, backend: mod.backend, datasets: mod.datasets, variant: useSimd ? 'simd' : 'scalar' };
}
