// Module worker: our crate's wasm (`wasm-bindgen --target web` output in
// target/bench-pkg/web-<variant>/) on the standard workload. Messages as in bench-page.js.

import { resultLine } from './workload-core.js';

const variant = new URL(self.location.href).searchParams.get('variant');

self.onmessage = async ({ data }) => {
  try {
    const pkg = await import(`../target/bench-pkg/web-${variant}/rnn_playground.js`);
    await pkg.default();
    const browser = (navigator.userAgent.match(/(?:HeadlessChrome|Chrome)\/[\d.]+/) ?? ['browser'])[0];
    const env = `${browser}, dedicated worker, kernels ${pkg.backend()}`;
    for (const cell of data.cells) {
      self.postMessage({ type: 'log', message: `${data.engine} ${cell} ${data.config}: training 5 epochs` });
      const report = JSON.parse(pkg.run_workload(data.series, cell, data.config, undefined));
      self.postMessage({ type: 'line', line: resultLine({ engine: data.engine, env, ...report, notes: '' }) });
    }
    self.postMessage({ type: 'done' });
  } catch (e) {
    self.postMessage({ type: 'error', message: String(e?.message ?? e) });
  }
};
