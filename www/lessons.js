/**
 * Lessons: presets of the playground, each a URL-hash state and one sentence
 * saying what it shows. Opening one replaces the settings (every key absent
 * from its hash goes back to its default) and says so in the notice line.
 * The figures in the comments are what each lesson gave with the CLI
 * (`rnn-playground train` with the same keys) when it was written.
 */
import { parseHash } from './url-state.js';

/**
 * @typedef {object} Lesson
 * @property {string} name   its key (the menu's value)
 * @property {string} title  the menu's label
 * @property {string} hash   the state it opens (`key=value&…`, no leading `#`)
 * @property {string} text   one sentence: what to do and what it shows
 */

/** The memory-series keys both long-lag lessons share (docs/memory-series.md). */
const LONG_LAG = 'dataset=memory&transform=none&lag=30&window=40&hidden=32&epochs=60&patience=60&seed=2';

/** @type {Lesson[]} */
export const LESSONS = [
  {
    // skill +0.67 (window 24, differences), against −0.60 on the raw levels.
    name: 'co2-diff',
    title: 'Beat persistence: CO2 with differences',
    hash: 'dataset=co2&window=24',
    text: 'Press Train: modelled as month-to-month differences, the CO2 series has a seasonal rhythm ' +
      'that the network learns, and it beats "next month = this month" clearly.',
  },
  {
    // skill +0.011 with log returns (+0.013 with differences, −7.9 on raw prices).
    name: 'sp500',
    title: 'Why prices are hard: S&P 500',
    hash: 'transform=logret',
    text: 'Press Train: daily log returns of the S&P 500 are close to noise, so the best the network ' +
      'does is tie "tomorrow = today"; set transform to none to see how badly raw prices go.',
  },
  {
    // next forecast 3.0998.
    name: 'ramp',
    title: 'The textbook ramp',
    hash: 'dataset=ramp',
    text: 'Press Train: on the tutorial series 1.0, 1.1, …, 3.0 the network learns the constant step, ' +
      'and its forecast (the red line) goes on 3.1, 3.2, … as the textbook hopes.',
  },
  {
    // skill 0.27: no better than forecasting the mean (0.29).
    name: 'rnn-long-lag',
    title: 'Vanishing gradients: RNN on a long lag',
    hash: `${LONG_LAG}&cell=rnn_tanh`,
    text: 'Press Train: each value echoes the one 30 steps back, and a plain RNN cannot carry it that ' +
      'far (its gradient fades over the steps; see Inside the network), so it only learns the mean.',
  },
  {
    // GRU skill 0.72, LSTM 0.70 (0.69 is the best possible in expectation).
    name: 'gates-long-lag',
    title: 'Gates to the rescue: LSTM/GRU on the same lag',
    hash: `${LONG_LAG}&cell=gru`,
    text: 'Press Train: the same 30-step echo, now with a GRU, whose gates keep the value until it is ' +
      'needed; it reaches the best skill possible here (about 0.7). Try cell = LSTM too.',
  },
  {
    name: 'fine-tune',
    title: 'Fine-tune a pretrained model',
    hash: 'transform=logret',
    text: 'Train on the S&P 500 and download the JSON (Model file); then pick the Stocks dataset, load ' +
      'that file with Load model…, choose "head only" and Train: the recurrent weights stay, the head adapts.',
  },
];

/**
 * The lesson named `name`, or undefined.
 * @param {string} name
 */
export function lessonByName(name) {
  return LESSONS.find((l) => l.name === name);
}

/**
 * The page state a lesson opens: its hash, with the embedder's view flags and
 * hidden controls kept (a lesson changes the settings, not what is shown).
 * @param {Lesson} lesson
 * @param {import('./url-state.js').PageState} current
 * @returns {import('./url-state.js').PageState}
 */
export function lessonState(lesson, current) {
  const next = parseHash(lesson.hash);
  return { ...next, view: { ...current.view }, hidden: new Set(current.hidden) };
}

/**
 * The notice shown when a lesson opens.
 * @param {Lesson} lesson
 */
export function lessonNotice(lesson) {
  return `Lesson "${lesson.title}": the settings were replaced. ${lesson.text}`;
}

/**
 * Fills the lessons menu (a `<select>` whose first option is the prompt).
 * @param {HTMLSelectElement} select
 */
export function fillLessonMenu(select) {
  const doc = select.ownerDocument;
  for (const l of LESSONS) {
    const o = doc.createElement('option');
    o.value = l.name;
    o.textContent = l.title;
    select.append(o);
  }
}
