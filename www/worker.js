/**
 * The training worker (a module worker): loads the wasm build, owns one
 * Engine (and so one Session: model, optimiser, data) and answers the page's
 * requests. Protocol: www/protocol.js.
 */
import { loadWasm } from './wasm-loader.js';
import { Engine } from './engine.js';
import { errorPayload } from './protocol.js';

const post = (reply, transfer) => self.postMessage(reply, transfer ?? []);
const queue = [];
let engine = null;

self.onmessage = (event) => {
  if (engine) engine.handle(event.data);
  else queue.push(event.data);
};

loadWasm().then(
  (wasm) => {
    engine = new Engine(wasm, post);
    post({ id: 0, type: 'ready', payload: { backend: wasm.backend(), variant: wasm.variant, datasets: wasm.datasets() } });
    for (const req of queue.splice(0)) engine.handle(req);
  },
  (err) => post({ id: 0, type: 'error', payload: { ...errorPayload(err, 'load wasm'), fatal: true } }),
);
