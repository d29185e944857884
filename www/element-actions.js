/**
 * Actions of the element's inputs (www/element-ui.js `UiActions`) that live
 * outside the element's own file: Train/Pause, the fine-tuning freeze, the
 * settings sections, the lessons menu and the model download.
 */
import { lessonByName, lessonState, lessonNotice } from './lessons.js';
import { isTraining } from './lifecycle.js';
import { Request } from './protocol.js';

/**
 * The actions for `el`: the Train button pauses a run or starts one; the open sections go to the state and the hash; a
 * lesson stops any run, replaces the settings and says so; a download exports
 * the model and offers it as a file.
 * @param {import('./rnn-playground.js').RnnPlayground} el
 */
export function elementActions(el) {
  return {
    trainButton: () => {
      if (isTraining(el.lifecycle)) el.pause().catch((err) => el.fail(err, 'pause'));
      else el.train().catch(() => {}); // train() has shown its error
    },
    /**
     * @param {string} spec  the freeze choice (`all`, `head`, `first:K`)
     * @param {string} label  what the status line says of it
     */
    freeze: (spec, label) => {
      el.requireWorker().call(Request.FREEZE, { spec })
        .then(() => el.view.setStatus(`Fine-tuning: ${label}.`))
        .catch((err) => el.fail(err, 'freeze'));
    },
    /** @param {Set<string>} open */
    sections: (open) => {
      el.state = { ...el.state, open };
      el.writeHash();
    },
    /** @param {string} name */
    lesson: async (name) => {
      const lesson = lessonByName(name);
      if (!lesson) return;
      await el.halt();
      el.applyState(lessonState(lesson, el.state), true);
      el.view.showNotice(lessonNotice(lesson));
      el.dispatchEvent(new CustomEvent('lesson', { detail: { name } }));
    },
    /** @param {'json'|'safetensors'} format */
    download: async (format) => {
      try {
        const blob = await el.exportModel(format);
        el.view.download(blob, `rnn-playground-${el.state.config.cell}.${format}`);
      } catch (err) {
        el.fail(err, 'export');
      }
    },
  };
}
