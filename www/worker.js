/**
 * The training worker (a module worker): loads the wasm build, owns one
 * Engine (and so one Session: model, optimiser, data) and answers the page's
 * requests. Protocol: www/protocol.js.
 */
import { loadWasm } from './wasm-loader.js';
import { Engine, errorPayload } from './engine.js';
import { Reply } from './protocol.js';

/** @typedef {import('./protocol.js').RequestMessage} RequestMessage */
/** @typedef {import('./protocol.js').ReplyMessage} ReplyMessage */

/**
 * Posts one reply to the page. `{transfer}` is the options form of
 * postMessage, which the worker scope and the DOM's type declarations share
 * (this file is checked with the DOM library, where `self` is a Window).
 * @param {ReplyMessage} reply
 * @param {Transferable[]} [transfer]
 */
const post = (reply, transfer) => self.postMessage(reply, { transfer: transfer ?? [] });
/** @type {RequestMessage[]} requests that arrived before the wasm module was ready */
const queue = [];
/** @type {Engine | null} */
let engine = null;

self.onmessage = (event) => {
  if (engine) engine.handle(event.data);
  else queue.push(event.data);
};

loadWasm().then(
  (wasm) => {
    const ready = new Engine(wasm, post);
    engine = ready;
    post({ id: 0, type: Reply.READY, payload: { backend: wasm.backend(), variant: wasm.variant, datasets: wasm.datasets() } });
    for (const req of queue.splice(0)) ready.handle(req);
  },
  (err) => post({ id: 0, type: Reply.ERROR, payload: { ...errorPayload(err, 'load wasm'), fatal: true } }),
);
