// Numbers as people read them on a chip's data sheet.

export const us = v => Number.isFinite(v) ? (v * 1e6).toFixed(2) + ' µs' : '–';
export const ghz = v => Number.isFinite(v) ? (v / 1e9).toFixed(4) + ' GHz' : '–';
export const khz = v => Number.isFinite(v) ? (v / 1e3).toFixed(1) + ' kHz' : '–';
export const sci = v => Number.isFinite(v) ? v.toExponential(2) : '–';
export const ratio = v => Number.isFinite(v) ? v.toFixed(3) : '–';
export const seconds = v => Number.isFinite(v) ? (v < 1 ? (v * 1e3).toFixed(1) + ' ms' : v.toFixed(2) + ' s') : '–';

/** Seconds of emulated chip time, from an ISO instant counted from the epoch (how snapshots stamp it). */
export const emulatedSeconds = iso => iso ? Date.parse(iso) / 1000 : NaN;

export function emulated(iso) {
  const s = emulatedSeconds(iso);
  if (!Number.isFinite(s)) return '–';
  return s < 3600 ? (s / 60).toFixed(1) + ' min emulated' : (s / 3600).toFixed(2) + ' h emulated';
}

export function text(tag, content, attrs = {}) {
  const e = document.createElement(tag);
  if (content !== undefined && content !== null) e.textContent = content;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A table from a header row and rows of cells (strings or elements). */
export function fillTable(table, head, rows) {
  const thead = document.createElement('thead');
  const tr = document.createElement('tr');
  for (const h of head) tr.appendChild(text('th', h, { scope: 'col' }));
  thead.appendChild(tr);
  const tbody = document.createElement('tbody');
  for (const row of rows) {
    const r = document.createElement('tr');
    for (const cell of row) {
      const td = document.createElement('td');
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
      r.appendChild(td);
    }
    tbody.appendChild(r);
  }
  table.replaceChildren(thead, tbody);
}
