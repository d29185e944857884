// Classic worker: TensorFlow.js (UMD bundles from node_modules) on the text benchmark, with the
// `wasm` backend (SIMD, one thread: the page is not cross-origin isolated) or `cpu`. Messages as
// in text-page.js; the model and protocol are in text-core.js. No CPU clock in a browser.

const backend = new URL(self.location.href).searchParams.get('backend');
const TFJS = '../node_modules/@tensorflow/tfjs/dist/tf.min.js';
const TFJS_WASM = '../node_modules/@tensorflow/tfjs-backend-wasm/dist/';

self.onmessage = async ({ data }) => {
  try {
    importScripts(TFJS);
    const tf = self.tf;
    let simd = null;
    if (backend === 'wasm') {
      importScripts(TFJS_WASM + 'tf-backend-wasm.min.js');
      tf.wasm.setWasmPaths(new URL(TFJS_WASM, self.location.href).href);
      simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      if (!simd) throw new Error('the TF.js wasm backend did not enable SIMD');
    }
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend "${backend}" failed to start`);
    await tf.ready();
    const { runTfjsText } = await import('./text-core.js');
    const browser = (navigator.userAgent.match(/(?:HeadlessChrome|Chrome)\/[\d.]+/) ?? ['browser'])[0];
    const threads = backend === 'wasm' && tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : '1 thread';
    const env = `${browser}, dedicated worker, tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}` +
      (backend === 'wasm' ? `, simd ${simd}, ${threads}` : '');
    const stamp = () => ({ wall: performance.now() / 1000, cpu: NaN });
    const log = (message) => self.postMessage({ type: 'log', message });
    const r = await runTfjsText(tf, data.text, data.batches, { engine: data.engine, env, stamp, log });
    self.postMessage({ type: 'line', line: JSON.stringify({ ...r, runtime: 'chromium' }) });
    self.postMessage({ type: 'done' });
  } catch (e) {
    self.postMessage({ type: 'error', message: String(e?.message ?? e) });
  }
};
