// The console's shell: backend choice, API token, and hash routes (#/chip, #/drift/<q>, #/queue, #/job/<id>, #/training).
import { api, setToken, token } from './api.js';
import { createChipView } from './chip.js';
import { createDriftView } from './drift.js';
import { createJobView } from './job.js';
import { createQueueView } from './queue.js';
import { createTrainingView } from './training.js';

const backendSelect = document.getElementById('backend');
const live = document.getElementById('live');
const topologies = new Map();

const ctx = {
  pollMs: Number(new URLSearchParams(location.search).get('poll')) || 2000,
  topology(name) {
    if (!topologies.has(name)) {
      const p = api(`/v1/backends/${encodeURIComponent(name)}/topology`);
      p.catch(() => topologies.delete(name));
      topologies.set(name, p);
    }
    return topologies.get(name);
  },
  setLive(up) {
    live.textContent = up ? 'live' : 'reconnecting…';
    live.className = 'live ' + (up ? 'up' : 'down');
  },
};

const views = {
  chip: createChipView(ctx),
  drift: createDriftView(ctx),
  queue: createQueueView(ctx),
  job: createJobView(ctx),
  training: createTrainingView(ctx),
};
let current = null;

const tokenInput = document.getElementById('token');
tokenInput.value = token();
document.getElementById('token-save').addEventListener('click', () => { setToken(tokenInput.value.trim()); route(); });

backendSelect.addEventListener('change', () => {
  localStorage.setItem('qubitd.backend', backendSelect.value);
  route();
});

async function loadBackends() {
  const list = await api('/v1/backends');
  const chips = list.backends.filter(b => b.kind === 'chip');
  const all = [...chips, ...list.backends.filter(b => b.kind !== 'chip')];
  backendSelect.replaceChildren(...all.map(b => {
    const o = document.createElement('option');
    o.value = b.name;
    o.textContent = `${b.name} (${b.kind})`;
    return o;
  }));
  const saved = localStorage.getItem('qubitd.backend');
  backendSelect.value = all.some(b => b.name === saved) ? saved : (chips[0] || all[0]).name;
  ctx.setLive(true);
}

async function route() {
  const [, name = 'chip', arg] = location.hash.split('/');
  const view = views[name] ? name : 'chip';
  if (current && current !== views[view]) current.hide();
  document.querySelectorAll('.view').forEach(s => { s.hidden = s.id !== `view-${view}`; });
  document.querySelectorAll('nav a').forEach(a => {
    if (a.dataset.view === view || (view === 'job' && a.dataset.view === 'queue')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  current = views[view];
  const backend = backendSelect.value;
  try {
    if (view === 'job') await current.show(decodeURIComponent(arg || ''));
    else if (view === 'drift') await current.show(backend, arg === undefined ? undefined : Number(arg));
    else await current.show(backend);
  } catch (e) {
    live.textContent = e.message;
    live.className = 'live down';
  }
}

window.addEventListener('hashchange', route);
loadBackends().then(route).catch(e => { live.textContent = `cannot reach the daemon: ${e.message}`; live.className = 'live down'; });
