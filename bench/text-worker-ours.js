// Module worker: our crate's wasm (`wasm-bindgen --target web` output in
// target/bench-pkg/web-<variant>/) on the text benchmark (src/bench/text.rs). Messages as in
// text-page.js. No CPU clock in a browser: the CPU-time fields are null.

const variant = new URL(self.location.href).searchParams.get('variant');

self.onmessage = async ({ data }) => {
  try {
    const pkg = await import(`../target/bench-pkg/web-${variant}/rnn_playground.js`);
    await pkg.default();
    const browser = (navigator.userAgent.match(/(?:HeadlessChrome|Chrome)\/[\d.]+/) ?? ['browser'])[0];
    const env = `${browser}, dedicated worker, kernels ${pkg.backend()}`;
    self.postMessage({ type: 'log', message: `${data.engine} text: ${data.batches} timed batches` });
    const line = JSON.parse(pkg.run_text_workload(data.text, data.batches, data.engine, env, undefined));
    self.postMessage({ type: 'line', line: JSON.stringify({ ...line, runtime: 'chromium' }) });
    self.postMessage({ type: 'done' });
  } catch (e) {
    self.postMessage({ type: 'error', message: String(e?.message ?? e) });
  }
};
