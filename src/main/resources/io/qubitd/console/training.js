// Training view: every session with its live loss curve, accuracy, circuits sent and chip seconds.
import { api, every, follow } from './api.js';
import { chart } from './charts.js';
import { text } from './format.js';

const ENDED = new Set(['finished', 'stopped', 'failed']);
// shown in this order; any other scalar field a newer daemon adds (rates, hit ratios) is listed after them
const KNOWN = [['state', 'state'], ['step', 'step'], ['steps', 'steps'], ['loss', 'loss'], ['accuracy', 'accuracy'],
  ['circuits', 'circuits sent'], ['quantum_seconds', 'chip seconds'], ['wall_seconds', 'wall seconds'],
  ['adapter', 'adapter'], ['mode', 'mode'], ['trainable_parameters', 'trainable parameters']];
const HIDDEN = new Set(['session', 'checkpoint', 'message']);

export function createTrainingView(ctx) {
  const box = document.getElementById('sessions');
  const cards = new Map();
  let stop = null;

  document.getElementById('train-form').addEventListener('submit', async () => {
    const status = document.getElementById('train-status');
    try {
      const s = await api('/v1/training', { method: 'POST', body: {
        session: document.getElementById('train-session').value,
        adapter: document.getElementById('train-adapter').value,
        mode: document.getElementById('train-mode').value,
        steps: Number(document.getElementById('train-steps').value),
        tiny: document.getElementById('train-tiny').checked,
      } });
      status.textContent = `started ${s.session}`;
      await poll();
    } catch (e) {
      status.textContent = e.message;
    }
  });

  function format(k, v) {
    if (typeof v !== 'number') return String(v);
    if (k === 'loss') return v.toFixed(4);
    if (k === 'accuracy') return (v * 100).toFixed(1) + ' %';
    if (Number.isInteger(v)) return v.toLocaleString('en');
    return v.toPrecision(4);
  }

  function card(session) {
    let c = cards.get(session);
    if (c) return c;
    const el = text('article', null, { class: 'session', 'data-session': session, 'data-points': '0' });
    const h = text('h3', session);
    const dl = text('dl', null, { class: 'fields' });
    const chartBox = text('div', null, { class: 'chart' });
    el.append(h, dl, chartBox);
    box.appendChild(el);
    c = { el, dl, steps: [], losses: [], plot: chart(chartBox, { title: 'loss', xLabel: 'step', yLabel: 'loss', height: 180,
      series: [{ label: 'loss', format: v => v.toFixed(4) }] }), unfollow: null };
    cards.set(session, c);
    return c;
  }

  function addPoint(c, step, loss) {
    if (!Number.isFinite(step) || !Number.isFinite(loss)) return;
    const i = c.steps.indexOf(step);
    if (i >= 0) { c.losses[i] = loss; return; }
    c.steps.push(step);
    c.losses.push(loss);
    const order = c.steps.map((s, k) => [s, c.losses[k]]).sort((a, b) => a[0] - b[0]);
    c.steps = order.map(o => o[0]);
    c.losses = order.map(o => o[1]);
    c.plot.setData([c.steps, c.losses]);
    c.el.setAttribute('data-points', String(c.steps.length));
  }

  function renderStatus(c, s) {
    c.dl.replaceChildren();
    const keys = [...KNOWN, ...Object.keys(s).filter(k => !HIDDEN.has(k) && !KNOWN.some(([n]) => n === k)
      && s[k] !== null && typeof s[k] !== 'object').map(k => [k, k.replaceAll('_', ' ')])];
    for (const [k, label] of keys) {
      if (s[k] === undefined || s[k] === null) continue;
      c.dl.append(text('dt', label), text('dd', format(k, s[k]), { 'data-field': k }));
    }
    if (s.message) c.dl.append(text('dt', 'message'), text('dd', s.message));
    c.el.setAttribute('data-state', s.state);
  }

  async function poll() {
    const list = await api('/v1/training');
    for (const s of list.sessions) {
      const c = card(s.session);
      renderStatus(c, s);
      addPoint(c, s.step, s.loss);
      if (!ENDED.has(s.state) && !c.unfollow) {
        c.unfollow = follow(`/v1/training/${encodeURIComponent(s.session)}/events`, e => {
          if (e.type === 'progress') addPoint(c, e.step, e.loss);
        }, { reconnect: false });
      }
    }
  }

  return {
    show() {
      if (stop) stop();
      stop = every(ctx.pollMs, poll);
    },
    hide() {
      if (stop) stop();
      stop = null;
      for (const c of cards.values()) { if (c.unfollow) c.unfollow(); c.unfollow = null; }
    },
  };
}
