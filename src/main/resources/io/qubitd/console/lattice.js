// A chip's lattice as SVG, from GET /v1/backends/{name}/topology, and the colour scales that paint it.

const SVG = 'http://www.w3.org/2000/svg';
const STEP = 58;
const R = 17;
const PAD = 30;

function el(name, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

/**
 * Draws the lattice into container. With marked = true every qubit's group carries
 * data-qubit="<index>" and every coupler's line data-coupler="<a>-<b>" (what tests and scripts
 * look for); the queue view's small copy leaves them off so those stay unique to the chip view.
 * Returns { svg, qubits: Map index -> {group, circle, label}, couplers: Map "a-b" -> line }.
 */
export function drawLattice(container, topology, { marked = true, interactive = true } = {}) {
  container.replaceChildren();
  const width = PAD * 2 + (topology.cols - 1) * STEP;
  const height = PAD * 2 + (topology.rows - 1) * STEP;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-label': `${topology.backend}: ${topology.qubits.length} qubits, ${topology.couplers.length} couplers` });
  const at = new Map(topology.qubits.map(q => [q.qubit, [PAD + q.col * STEP, PAD + q.row * STEP]]));
  const couplerLayer = el('g', { class: 'couplers' }, svg);
  const qubitLayer = el('g', { class: 'qubits' }, svg);
  const couplers = new Map();
  for (const c of topology.couplers) {
    const [x1, y1] = at.get(c.a);
    const [x2, y2] = at.get(c.b);
    const key = `${c.a}-${c.b}`;
    const line = el('line', { x1, y1, x2, y2, class: 'coupler' }, couplerLayer);
    if (marked) line.setAttribute('data-coupler', key);
    if (interactive) {
      line.setAttribute('tabindex', '-1');
      line.setAttribute('role', 'button');
      line.setAttribute('aria-label', `coupler ${c.a}–${c.b}`);
    }
    couplers.set(key, line);
  }
  const qubits = new Map();
  for (const q of topology.qubits) {
    const [x, y] = at.get(q.qubit);
    const group = el('g', { class: 'qubit', transform: `translate(${x} ${y})` }, qubitLayer);
    if (marked) group.setAttribute('data-qubit', String(q.qubit));
    if (interactive) {
      group.setAttribute('tabindex', qubits.size === 0 ? '0' : '-1');
      group.setAttribute('role', 'button');
      group.setAttribute('aria-label', `qubit ${q.qubit}`);
    }
    const circle = el('circle', { r: R }, group);
    const label = el('text', { 'text-anchor': 'middle', dy: '0.35em' }, group);
    label.textContent = String(q.qubit);
    qubits.set(q.qubit, { group, circle, label });
  }
  container.appendChild(svg);
  if (interactive) {
    // one Tab stop for the whole lattice: arrow keys walk its qubits, Shift+arrow steps onto the coupler that way
    const byPlace = new Map(topology.qubits.map(q => [`${q.row},${q.col}`, q.qubit]));
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const focusOn = target => {
      for (const p of qubits.values()) p.group.setAttribute('tabindex', '-1');
      for (const l of couplers.values()) l.setAttribute('tabindex', '-1');
      target.setAttribute('tabindex', '0');
      target.focus();
    };
    for (const q of topology.qubits) {
      qubits.get(q.qubit).group.addEventListener('keydown', e => {
        const m = moves[e.key];
        if (!m) return;
        const next = byPlace.get(`${q.row + m[0]},${q.col + m[1]}`);
        if (next === undefined) return;
        e.preventDefault();
        const line = couplers.get(`${Math.min(q.qubit, next)}-${Math.max(q.qubit, next)}`);
        if (e.shiftKey) { if (line) focusOn(line); } else focusOn(qubits.get(next).group);
      });
    }
    for (const c of topology.couplers) {
      // from a coupler, an arrow key goes back to the qubit at that end
      couplers.get(`${c.a}-${c.b}`).addEventListener('keydown', e => {
        if (!moves[e.key]) return;
        e.preventDefault();
        const forward = e.key === 'ArrowRight' || e.key === 'ArrowDown';
        focusOn(qubits.get(forward ? c.b : c.a).group);
      });
    }
  }
  return { svg, qubits, couplers };
}

// viridis, sampled at nine points (matplotlib's table)
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];
// a diverging blue–white–red scale for differences
const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'];

function mix(stops, t) {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(stops[i]);
  const b = hex(stops[i + 1]);
  return '#' + a.map((v, k) => Math.round(v + (b[k] - v) * f).toString(16).padStart(2, '0')).join('');
}

function hex(s) { return [1, 3, 5].map(i => parseInt(s.slice(i, i + 2), 16)); }

/**
 * A colour scale over values: sequential (viridis, bright = good when higherIsBetter says which
 * end is good; logarithmic for quantities spanning decades) or diverging around zero.
 */
export function scale(values, { diverging = false, log = false, higherIsBetter = true } = {}) {
  const finite = values.filter(v => Number.isFinite(v) && (!log || v > 0));
  if (diverging) {
    const m = Math.max(1e-300, ...finite.map(Math.abs));
    return { min: -m, max: m, colour: v => Number.isFinite(v) ? mix(DIVERGING, (v / m + 1) / 2) : '#bbb',
      stops: DIVERGING };
  }
  const f = log ? Math.log10 : (v => v);
  let lo = Math.min(...finite.map(f));
  let hi = Math.max(...finite.map(f));
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (hi === lo) hi = lo + 1;
  const stops = higherIsBetter ? VIRIDIS : [...VIRIDIS].reverse();
  return {
    min: log ? 10 ** lo : lo, max: log ? 10 ** hi : hi, stops,
    // on a log scale a measured 0 is the best end, not missing data
    colour: v => !Number.isFinite(v) ? '#bbb' : mix(stops, log && v <= 0 ? 0 : (f(v) - lo) / (hi - lo)),
  };
}

/** A horizontal colour bar with its end values. */
export function legend(container, title, s, format) {
  container.replaceChildren();
  const caption = document.createElement('span');
  caption.textContent = title;
  const bar = document.createElement('span');
  bar.className = 'bar';
  bar.style.background = `linear-gradient(to right, ${s.stops.join(', ')})`;
  const lo = document.createElement('span');
  lo.textContent = format(s.min);
  const hi = document.createElement('span');
  hi.textContent = format(s.max);
  container.append(caption, lo, bar, hi);
}

/** Distinct colours for packed regions. */
export const REGION_COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6',
  '#bcf60c', '#fabebe', '#008080', '#e6beff', '#9a6324', '#800000', '#aaffc3', '#808000', '#000075'];
