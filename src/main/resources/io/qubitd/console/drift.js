// Drift view: one qubit's T1, T2 and errors over calibration versions and emulated time, the truth beside them.
import { api, every, truthOf } from './api.js';
import { chart, join } from './charts.js';
import { emulatedSeconds, fillTable, sci, us } from './format.js';

export function createDriftView(ctx) {
  const input = document.getElementById('drift-qubit');
  const tBox = document.getElementById('drift-t');
  const eBox = document.getElementById('drift-err');
  const table = document.getElementById('drift-table');
  const state = { backend: null, qubit: 0, history: [], live: [] };
  let tChart = null;
  let eChart = null;
  let stop = null;

  input.addEventListener('change', () => { location.hash = `#/drift/${input.value}`; });

  const hours = s => s / 3600;

  function render() {
    const q = state.qubit;
    const measured = state.history.filter(s => s.qubits[q]);
    // the truth at each publish, then the samples taken while this page is open
    const truths = [...state.history.map(s => s.truth).filter(Boolean), ...state.live]
      .filter(t => t.qubits[q])
      .sort((a, b) => a.time_seconds - b.time_seconds);
    const mx = measured.map(s => hours(emulatedSeconds(s.time)));
    const tx = truths.map(t => hours(t.time_seconds));
    const pick = (rows, f) => rows.map(r => f(r.qubits[q]));
    const readout = r => (r.readout_p01 + r.readout_p10) / 2;
    tChart.setData(join([
      [mx, pick(measured, r => r.t1 * 1e6)], [mx, pick(measured, r => r.t2 * 1e6)],
      [tx, pick(truths, r => r.t1 * 1e6)], [tx, pick(truths, r => r.t2 * 1e6)],
    ]));
    const positive = f => r => { const v = f(r); return v > 0 ? v : null; };  // the log axis has no place for 0
    eChart.setData(join([
      [mx, pick(measured, positive(r => r.gate_error))], [mx, pick(measured, positive(readout))],
      [tx, pick(truths, positive(r => r.gate_error))], [tx, pick(truths, positive(readout))],
    ]));
    fillTable(table, ['version', 'emulated time', 'T1', 'T2', '1q error', 'readout error', 'usable'],
      [...measured].reverse().map(s => {
        const r = s.qubits[q];
        const pm = (v, e) => Number.isFinite(e) ? `${v} ± ${e}` : v;
        return [String(s.version), hours(emulatedSeconds(s.time)).toFixed(3) + ' h',
          pm(us(r.t1), r.t1_stderr !== undefined ? us(r.t1_stderr) : undefined),
          pm(us(r.t2), r.t2_stderr !== undefined ? us(r.t2_stderr) : undefined),
          pm(sci(r.gate_error), r.gate_error_stderr !== undefined ? sci(r.gate_error_stderr) : undefined),
          sci(readout(r)), r.usable ? 'yes' : 'no'];
      }));
    table.setAttribute('data-qubit-history', String(q));
  }

  async function load() {
    const b = state.backend;
    const [history, truth] = await Promise.all([
      api(`/v1/backends/${b}/calibration/history`).then(h => h.snapshots).catch(() => []),
      truthOf(b),
    ]);
    if (b !== state.backend) return;
    state.history = history;
    if (truth && !state.live.some(t => t.time_seconds === truth.time_seconds)) state.live.push(truth);
    if (state.live.length > 500) state.live.shift();
    render();
  }

  return {
    async show(backend, qubit) {
      if (backend !== state.backend) state.live = [];
      state.backend = backend;
      const topo = await ctx.topology(backend);
      input.max = String(topo.qubits.length - 1);
      const q = Number.isInteger(qubit) && qubit >= 0 && qubit < topo.qubits.length ? qubit : 0;
      state.qubit = q;
      input.value = String(q);
      document.getElementById('drift-title').textContent = `Drift of qubit ${q} on ${backend}`;
      tChart = chart(tBox, { title: 'T1 and T2 (µs)', xLabel: 'emulated hours', yLabel: 'µs', series: [
        { label: 'T1 measured', points: true, colour: '#1f77b4' }, { label: 'T2 measured', points: true, colour: '#d62728' },
        { label: 'T1 truth', colour: '#1f77b4' }, { label: 'T2 truth', colour: '#d62728' }] });
      eChart = chart(eBox, { title: 'Errors', xLabel: 'emulated hours', yLabel: 'probability', logY: true, series: [
        { label: '1q error measured', points: true, colour: '#2ca02c', format: sci },
        { label: 'readout error measured', points: true, colour: '#9467bd', format: sci },
        { label: '1q error truth', colour: '#2ca02c', format: sci }, { label: 'readout error truth', colour: '#9467bd', format: sci }],
        axes: [{ label: 'emulated hours' }, { label: 'probability', size: 70, values: (u, v) => v.map(sci) }] });
      if (stop) stop();
      stop = every(ctx.pollMs * 2, load);
    },
    hide() { if (stop) stop(); stop = null; },
  };
}
