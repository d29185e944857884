/**
 * The tutorial page (www/tutorial.html): typesets its equations, defines the
 * widgets (`<rnn-playground>`, `<rnn-compare>`), fills the inside-the-network
 * views beside the gate equations and wires the fine-tuning button. Nothing
 * trains until the reader presses a Train button.
 */
import { renderEquations } from './tutorial-math.js';
import { insideTrained } from './tutorial-inside.js';
import { wireTransfer } from './tutorial-transfer.js';
import './rnn-playground.js';

/**
 * The element matching `selector` (it must exist).
 * @param {string} selector
 * @returns {any}
 */
function $(selector) {
  const el = document.querySelector(selector);
  if (!el) throw new Error(`tutorial: no ${selector} in the page`);
  return el;
}

renderEquations(document);
insideTrained($('#gates-lag'), { lstm: $('[data-role=inside-lstm]'), gru: $('[data-role=inside-gru]') });
wireTransfer($('#pretrain'), $('#finetune-target'), $('[data-action=transfer]'), $('[data-role=transfer-status]'));
