// Queue view: depth per backend and client, throughput and latency over time, recent jobs live, latest regions.
import { api, every, follow } from './api.js';
import { chart } from './charts.js';
import { drawLattice, REGION_COLOURS } from './lattice.js';
import { fillTable, seconds, text } from './format.js';

const FINAL = new Set(['completed', 'failed', 'cancelled']);
const SHOWN_JOBS = 50;
const REGION_JOBS = 6;

export function createQueueView(ctx) {
  const jobsTable = document.getElementById('jobs');
  const jobs = new Map();
  const results = new Map();
  const metrics = { t: [], cps: [], rps: [], p50: [], p90: [], p99: [] };
  let throughput = null;
  let latency = null;
  let stops = [];
  let backend = null;
  let regions = null;

  document.getElementById('submit-form').addEventListener('submit', async () => {
    const status = document.getElementById('submit-status');
    try {
      const job = await api('/v1/jobs', { method: 'POST', body: {
        backend, client: 'console',
        circuits: [{ qasm: document.getElementById('submit-qasm').value, shots: Number(document.getElementById('submit-shots').value) }],
      } });
      jobs.set(job.id, job);
      status.textContent = `submitted ${job.id}`;
      status.setAttribute('data-job', job.id);
      renderJobs();
    } catch (e) {
      status.textContent = e.message;
    }
  });

  function renderJobs() {
    const rows = [...jobs.values()].sort((a, b) => (b.submitted || '').localeCompare(a.submitted || '')).slice(0, SHOWN_JOBS);
    fillTable(jobsTable, ['job', 'backend', 'client', 'status', 'circuits', 'submitted', 'latency'], rows.map(j => [
      text('a', j.id, { href: `#/job/${encodeURIComponent(j.id)}` }), j.backend, j.tenant || j.client || '', j.status,
      `${j.circuits_done}/${j.circuits}`, j.submitted ? new Date(j.submitted).toLocaleTimeString() : '',
      j.finished && j.submitted ? seconds((Date.parse(j.finished) - Date.parse(j.submitted)) / 1000) : '']));
    jobsTable.querySelectorAll('tbody tr').forEach((tr, i) => {
      tr.setAttribute('data-job', rows[i].id);
      tr.children[3].setAttribute('data-field', 'status');
      tr.children[3].className = 'status-' + rows[i].status;
    });
    renderTenants();
  }

  function renderTenants() {
    const counts = new Map();
    for (const j of jobs.values()) {
      if (FINAL.has(j.status)) continue;
      const key = `${j.tenant || j.client || 'anonymous'}\u0000${j.backend}`;
      const c = counts.get(key) || { queued: 0, running: 0 };
      c[j.status === 'running' ? 'running' : 'queued']++;
      counts.set(key, c);
    }
    const rows = [...counts.entries()].map(([k, c]) => { const [who, b] = k.split('\u0000'); return [who, b, String(c.queued), String(c.running)]; });
    fillTable(document.getElementById('tenants'), ['client', 'backend', 'queued', 'running'],
      rows.length ? rows : [['–', '–', '0', '0']]);
  }

  async function refreshJob(id) {
    const job = await api(`/v1/jobs/${encodeURIComponent(id)}`);
    jobs.set(job.id, job);
    renderJobs();
  }

  function onEvent(e) {
    const job = jobs.get(e.job_id);
    if (!job) { refreshJob(e.job_id).catch(() => {}); return; }
    if (e.type === 'circuit_done') job.circuits_done = Math.min(job.circuits, (job.circuits_done || 0) + 1);
    else if (['queued', 'running', 'completed', 'failed', 'cancelled'].includes(e.type)) job.status = e.type;
    if (FINAL.has(e.type)) refreshJob(e.job_id).catch(() => {});
    renderJobs();
  }

  async function poll() {
    const [list, m] = await Promise.all([api('/v1/backends'), api('/v1/metrics')]);
    fillTable(document.getElementById('backends'), ['backend', 'kind', 'qubits', 'queue depth', 'online'],
      list.backends.map(b => [b.name, b.kind, String(b.qubits), String(m.queue_depth[b.name] ?? b.queue_length), b.online ? 'yes' : 'no']));
    const now = Date.now() / 1000;
    const lat = m.latency_seconds || {};
    metrics.t.push(now);
    metrics.cps.push(m.circuits_per_second);
    metrics.rps.push(m.runs_per_second);
    metrics.p50.push(lat.p50 ?? null);
    metrics.p90.push(lat.p90 ?? null);
    metrics.p99.push(lat.p99 ?? null);
    if (metrics.t.length > 600) Object.values(metrics).forEach(a => a.shift());
    throughput.setData([metrics.t, metrics.cps, metrics.rps]);
    latency.setData([metrics.t, metrics.p50, metrics.p90, metrics.p99]);
    await paintRegions();
  }

  /** Qubits each circuit of the latest completed jobs on this chip ran on (their results' initial layout). */
  async function paintRegions() {
    if (!regions) return;
    const latest = [...jobs.values()].filter(j => j.backend === backend && j.status === 'completed')
      .sort((a, b) => (b.finished || '').localeCompare(a.finished || '')).slice(0, REGION_JOBS);
    for (const j of latest) {
      if (!results.has(j.id)) results.set(j.id, await api(`/v1/jobs/${encodeURIComponent(j.id)}/result`).catch(() => null));
    }
    for (const parts of regions.qubits.values()) {
      parts.circle.setAttribute('fill', '#eee');
      parts.group.removeAttribute('data-region');
    }
    let region = 0;
    for (const j of latest) {
      const r = results.get(j.id);
      if (!r) continue;
      r.results.forEach((c, i) => {
        const colour = REGION_COLOURS[region % REGION_COLOURS.length];
        for (const q of c.initial_layout || []) {
          const parts = regions.qubits.get(q);
          if (!parts) continue;
          parts.circle.setAttribute('fill', colour);
          parts.group.setAttribute('data-region', `${j.id}#${i}`);
          parts.group.querySelector('title')?.remove();
          const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
          t.textContent = `qubit ${q}: ${j.id}, circuit ${i}`;
          parts.group.appendChild(t);
        }
        region++;
      });
    }
    document.getElementById('regions-note').textContent = latest.length
      ? `(${region} circuits of the ${latest.length} latest completed jobs, from their initial layouts)` : '(no completed job on this chip yet)';
  }

  return {
    async show(b) {
      backend = b;
      stops.forEach(s => s());
      const list = await api(`/v1/jobs?limit=${SHOWN_JOBS}`);
      jobs.clear();
      for (const j of list.jobs) jobs.set(j.id, j);
      renderJobs();
      throughput = chart(document.getElementById('throughput'), { time: true, yLabel: 'per second',
        series: [{ label: 'circuits/s' }, { label: 'runs/s' }] });
      latency = chart(document.getElementById('latency'), { time: true, yLabel: 'seconds',
        series: [{ label: 'p50', format: seconds }, { label: 'p90', format: seconds }, { label: 'p99', format: seconds }] });
      const box = document.getElementById('regions');
      regions = null;
      box.replaceChildren();
      try {
        regions = drawLattice(box, await ctx.topology(b), { marked: false, interactive: false });
      } catch (e) {
        box.textContent = `${b} has no lattice (${e.message})`;
      }
      stops = [follow('/v1/events', onEvent, { onState: ctx.setLive }), every(ctx.pollMs, poll)];
    },
    hide() { stops.forEach(s => s()); stops = []; },
  };
}
