// A job's page: its fields, followed live, and each circuit's counts as a histogram once it completed.
import { api, follow } from './api.js';
import { bars } from './charts.js';
import { text } from './format.js';

const FINAL = new Set(['completed', 'failed', 'cancelled']);
const MAX_BARS = 64;

export function createJobView(ctx) {
  const fields = document.getElementById('job-fields');
  const resultsBox = document.getElementById('job-results');
  let stop = null;
  let id = null;

  function renderFields(job) {
    fields.replaceChildren();
    for (const [k, v] of Object.entries(job)) {
      if (v === null || typeof v === 'object') continue;
      fields.append(text('dt', k), text('dd', String(v), { 'data-field': k }));
    }
  }

  async function renderResults() {
    const r = await api(`/v1/jobs/${encodeURIComponent(id)}/result`);
    resultsBox.replaceChildren();
    r.results.forEach((c, i) => {
      const section = text('section', null, { 'data-circuit': String(i), class: 'circuit' });
      const entries = Object.entries(c.counts).sort((a, b) => b[1] - a[1]).slice(0, MAX_BARS)
        .sort((a, b) => a[0].localeCompare(b[0]));
      const meta = [`${c.shots} shots`, c.method, c.calibration_version >= 0 ? `calibration v${c.calibration_version}` : null,
        c.initial_layout && c.initial_layout.length ? `on qubits ${c.initial_layout.join(', ')}` : null,
        Number.isFinite(c.swaps) ? `${c.swaps} swaps` : null].filter(Boolean).join(' · ');
      section.append(text('h3', `Circuit ${i}`), text('p', meta, { class: 'muted' }));
      const chartBox = text('div', null, { class: 'chart' });
      section.appendChild(chartBox);
      const table = document.createElement('table');
      table.className = 'data counts';
      table.setAttribute('aria-label', `counts of circuit ${i}`);
      for (const [bits, n] of entries) {
        const tr = document.createElement('tr');
        tr.append(text('th', bits, { scope: 'row' }), text('td', String(n), { 'data-bits': bits }));
        table.appendChild(tr);
      }
      section.appendChild(table);
      resultsBox.appendChild(section);
      bars(chartBox, { title: Object.keys(c.counts).length > MAX_BARS ? `the ${MAX_BARS} most frequent outcomes` : 'counts',
        labels: entries.map(e => e[0]), values: entries.map(e => e[1]) });
    });
  }

  async function refresh() {
    const job = await api(`/v1/jobs/${encodeURIComponent(id)}`);
    renderFields(job);
    if (job.status === 'completed') await renderResults();
    else if (FINAL.has(job.status)) resultsBox.replaceChildren(text('p', `no result: ${job.status}${job.error ? ' — ' + job.error : ''}`));
    return job;
  }

  return {
    async show(jobId) {
      if (stop) stop();
      id = jobId;
      document.getElementById('job-title').textContent = `Job ${jobId}`;
      resultsBox.replaceChildren();
      try {
        const job = await refresh();
        if (!FINAL.has(job.status)) {
          stop = follow(`/v1/jobs/${encodeURIComponent(jobId)}/events`, () => refresh().catch(() => {}), { reconnect: false });
        }
      } catch (e) {
        fields.replaceChildren(text('dt', 'error'), text('dd', e.message));
      }
    },
    hide() { if (stop) stop(); stop = null; },
  };
}
