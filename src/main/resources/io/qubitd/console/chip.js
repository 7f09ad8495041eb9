// Chip view: the lattice coloured by a chosen metric, from the calibration, the truth, or their difference.
import { api, every, truthOf } from './api.js';
import { drawLattice, legend, scale } from './lattice.js';
import { emulated, ghz, khz, ratio, sci, text, us } from './format.js';

const readout = q => (q.readout_p01 + q.readout_p10) / 2;

/** How each metric is read from a qubit; tls needs the reference T1 (calibration) or the dip factor (truth). */
export const QUBIT_METRICS = {
  t1: { label: 'T1', get: q => q.t1, format: us, higher: true },
  t2: { label: 'T2', get: q => q.t2, format: us, higher: true },
  frequency: { label: 'Frequency', get: q => q.frequency, format: ghz, higher: true },
  gate_error: { label: '1q error', get: q => q.gate_error, format: sci, higher: false, log: true },
  readout_error: { label: 'Readout error', get: readout, format: sci, higher: false, log: true },
  tls: { label: 'TLS dip (T1 ÷ reference)', get: (q, ref) => q.tls_t1_factor ?? (ref ? q.t1 / ref : NaN),
    format: ratio, higher: true },
};

export const COUPLER_METRICS = {
  cz_error: { label: 'CZ error', get: c => c.cz_error, format: sci, higher: false, log: true },
  residual_zz: { label: 'Residual ZZ', get: c => Math.abs(c.residual_zz), format: khz, higher: false, log: true },
};

const DIFF_FORMAT = {
  t1: us, t2: us, frequency: khz, gate_error: sci, readout_error: sci, tls: ratio, cz_error: sci, residual_zz: khz,
};

export function createChipView(ctx) {
  const root = document.getElementById('view-chip');
  const latticeBox = document.getElementById('lattice');
  const info = document.getElementById('chip-info');
  const legendBox = document.getElementById('legend');
  const qubitMetric = document.getElementById('qubit-metric');
  const couplerMetric = document.getElementById('coupler-metric');
  const state = { backend: null, topology: null, lattice: null, calibration: null, truth: null, history: [], selected: null };
  let stop = null;

  const source = () => root.querySelector('input[name=source]:checked').value;

  qubitMetric.addEventListener('change', render);
  couplerMetric.addEventListener('change', render);
  root.querySelectorAll('input[name=source]').forEach(r => r.addEventListener('change', render));

  /** Highest T1 calibration measured for each qubit: a dip shows as a fall against it. */
  function referenceT1() {
    const ref = new Map();
    for (const s of [...state.history, state.calibration].filter(Boolean)) {
      for (const q of s.qubits) ref.set(q.qubit, Math.max(ref.get(q.qubit) || 0, q.t1));
    }
    return ref;
  }

  function qubitValue(snapshot, metric, q, ref) {
    if (!snapshot) return NaN;
    const row = snapshot.qubits[q];
    if (!row) return NaN;
    return QUBIT_METRICS[metric].get(row, ref.get(q));
  }

  function couplerRow(snapshot, key) {
    return snapshot ? snapshot.couplers.find(c => `${c.a}-${c.b}` === key) : null;
  }

  function render() {
    if (!state.lattice || !state.calibration) return;
    const src = source();
    const ref = referenceT1();
    const qm = qubitMetric.value;
    const cm = couplerMetric.value;
    const qValues = new Map();
    for (const q of state.lattice.qubits.keys()) {
      const cal = qubitValue(state.calibration, qm, q, ref);
      const tru = qubitValue(state.truth, qm, q, ref);
      qValues.set(q, src === 'calibration' ? cal : src === 'truth' ? tru : cal - tru);
    }
    const diverging = src === 'difference';
    const qScale = scale([...qValues.values()], { diverging, log: !diverging && QUBIT_METRICS[qm].log,
      higherIsBetter: QUBIT_METRICS[qm].higher });
    const shown = src === 'truth' ? state.truth : state.calibration;
    for (const [q, parts] of state.lattice.qubits) {
      const v = qValues.get(q);
      parts.circle.setAttribute('fill', qScale.colour(v));
      parts.group.setAttribute('data-value', String(v));
      const row = shown && shown.qubits[q];
      parts.group.classList.toggle('disabled', !!row && row.usable === false);
      parts.label.setAttribute('fill', textColour(qScale.colour(v)));
    }
    const cValues = new Map();
    for (const key of state.lattice.couplers.keys()) {
      const cal = couplerRow(state.calibration, key);
      const tru = couplerRow(state.truth, key);
      const g = COUPLER_METRICS[cm].get;
      const a = cal ? g(cal) : NaN;
      const b = tru ? g(tru) : NaN;
      cValues.set(key, src === 'calibration' ? a : src === 'truth' ? b : a - b);
    }
    const cScale = scale([...cValues.values()], { diverging, log: !diverging && COUPLER_METRICS[cm].log, higherIsBetter: false });
    for (const [key, line] of state.lattice.couplers) {
      const row = couplerRow(shown, key);
      const dead = !!row && row.enabled === false;
      line.classList.toggle('dead', dead);
      line.style.stroke = dead ? '#888' : cScale.colour(cValues.get(key));
      line.setAttribute('data-value', String(cValues.get(key)));
    }
    const fq = diverging ? DIFF_FORMAT[qm] : QUBIT_METRICS[qm].format;
    const fc = diverging ? DIFF_FORMAT[cm] : COUPLER_METRICS[cm].format;
    legendBox.replaceChildren();
    const ql = document.createElement('div');
    const cl = document.createElement('div');
    legend(ql, `${QUBIT_METRICS[qm].label}${diverging ? ' (calibration − truth)' : ''}`, qScale, fq);
    legend(cl, `${COUPLER_METRICS[cm].label}${diverging ? ' (calibration − truth)' : ''}`, cScale, fc);
    const marks = text('div', 'grey ring: qubit not usable · dashed grey: coupler dead or disabled', { class: 'muted' });
    legendBox.append(ql, cl, marks);
    document.getElementById('chip-version').textContent = `calibration v${state.calibration.version} · ${emulated(state.calibration.time)}`
      + (state.truth ? ` · truth at ${emulated(state.truth.time)}` : '');
    root.setAttribute('data-version', String(state.calibration.version));
    if (state.selected) showInfo(state.selected);
  }

  function textColour(bg) {
    const [r, g, b] = [1, 3, 5].map(i => parseInt(bg.slice(i, i + 2), 16));
    return r * 0.299 + g * 0.587 + b * 0.114 > 140 ? '#111' : '#fff';
  }

  function valueCell(value, format, field, sourceName, stderr) {
    const td = text('td', format(value), { 'data-field': field, 'data-source': sourceName, 'data-value': String(value) });
    if (Number.isFinite(stderr)) td.appendChild(text('span', ` ± ${format(stderr)}`, { class: 'stderr', 'data-stderr': String(stderr) }));
    return td;
  }

  function showInfo(sel) {
    state.selected = sel;
    const ref = referenceT1();
    const table = document.createElement('table');
    table.className = 'data';
    const head = document.createElement('tr');
    ['', 'calibration', 'truth', 'difference'].forEach(h => head.appendChild(text('th', h, { scope: 'col' })));
    table.appendChild(head);
    const rows = [];
    let title;
    let notes = [];
    if (sel.kind === 'qubit') {
      const q = sel.id;
      title = `Qubit ${q}`;
      const cal = state.calibration.qubits[q];
      const tru = state.truth ? state.truth.qubits[q] : null;
      for (const [key, m] of Object.entries(QUBIT_METRICS)) {
        const a = qubitValue(state.calibration, key, q, ref);
        const b = qubitValue(state.truth, key, q, ref);
        const stderr = cal[`${key}_stderr`];
        rows.push([m.label, valueCell(a, m.format, key, 'calibration', stderr), valueCell(b, m.format, key, 'truth'),
          valueCell(a - b, DIFF_FORMAT[key], key, 'difference')]);
      }
      rows.push(['P(0|1)', valueCell(cal.readout_p01, sci, 'readout_p01', 'calibration', cal.readout_p01_stderr),
        valueCell(tru ? tru.readout_p01 : NaN, sci, 'readout_p01', 'truth'), valueCell(cal.readout_p01 - (tru ? tru.readout_p01 : NaN), sci, 'readout_p01', 'difference')]);
      rows.push(['P(1|0)', valueCell(cal.readout_p10, sci, 'readout_p10', 'calibration', cal.readout_p10_stderr),
        valueCell(tru ? tru.readout_p10 : NaN, sci, 'readout_p10', 'truth'), valueCell(cal.readout_p10 - (tru ? tru.readout_p10 : NaN), sci, 'readout_p10', 'difference')]);
      notes.push(cal.usable ? 'usable' : 'not usable (calibration)');
      if (tru && tru.tls_dip) notes.push(`in a TLS dip (truth): T1 × ${ratio(tru.tls_t1_factor)} for ${Math.round(tru.tls_remaining_seconds)} s more`);
    } else {
      title = `Coupler ${sel.id}`;
      const cal = couplerRow(state.calibration, sel.id);
      const tru = couplerRow(state.truth, sel.id);
      const fields = [['cz_error', 'CZ error', sci], ['residual_zz', 'Residual ZZ', khz]];
      for (const [key, label, f] of fields) {
        const a = cal ? cal[key] : NaN;
        const b = tru ? tru[key] : NaN;
        rows.push([label, valueCell(a, f, key, 'calibration', cal ? cal[`${key}_stderr`] : undefined),
          valueCell(b, f, key, 'truth'), valueCell(a - b, f, key, 'difference')]);
      }
      if (cal && !cal.enabled) notes.push('disabled by calibration');
      if (tru && !tru.enabled) notes.push('dead (truth)');
    }
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.appendChild(text('th', r[0], { scope: 'row' }));
      r.slice(1).forEach(td => tr.appendChild(td));
      table.appendChild(tr);
    }
    const heading = text('h3', title, { 'data-selected': sel.kind + ':' + sel.id });
    const when = text('p', `measured by calibration v${state.calibration.version} at ${emulated(state.calibration.time)}`
      + (state.truth ? `; truth at ${emulated(state.truth.time)}` : ''), { class: 'muted' });
    const parts = [heading, table, when];
    if (notes.length) parts.push(text('p', notes.join(' · ')));
    if (sel.kind === 'qubit') {
      const link = text('a', `Drift of qubit ${sel.id}`, { href: `#/drift/${sel.id}` });
      parts.push(link);
    }
    info.replaceChildren(...parts);
  }

  function wire(lattice) {
    for (const [q, parts] of lattice.qubits) {
      const select = () => showInfo({ kind: 'qubit', id: q });
      parts.group.addEventListener('mouseenter', select);
      parts.group.addEventListener('focus', select);
      parts.group.addEventListener('click', select);
      parts.group.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); }
      });
    }
    for (const [key, line] of lattice.couplers) {
      const select = () => showInfo({ kind: 'coupler', id: key });
      line.addEventListener('mouseenter', select);
      line.addEventListener('focus', select);
      line.addEventListener('click', select);
      line.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); }
      });
    }
  }

  async function refresh() {
    const b = state.backend;
    const [cal, truth] = await Promise.all([
      api(`/v1/backends/${b}/calibration`),
      truthOf(b),
    ]);
    if (b !== state.backend) return;
    const changed = !state.calibration || cal.version !== state.calibration.version;
    state.calibration = cal;
    if (truth) state.truth = truth;
    if (changed) state.history = await api(`/v1/backends/${b}/calibration/history`).then(h => h.snapshots).catch(() => []);
    render();
  }

  return {
    async show(backend) {
      if (backend !== state.backend || !state.lattice) {
        state.backend = backend;
        state.calibration = state.truth = state.selected = null;
        state.topology = await ctx.topology(backend);
        state.lattice = drawLattice(latticeBox, state.topology);
        wire(state.lattice);
        info.replaceChildren(text('p', 'Hover or click a qubit or coupler to see its values; from the keyboard, Tab to the lattice, move with the arrow keys, Shift+arrow for a coupler.', { class: 'muted' }));
      }
      if (stop) stop();
      stop = every(ctx.pollMs, refresh);
    },
    hide() { if (stop) stop(); stop = null; },
  };
}
