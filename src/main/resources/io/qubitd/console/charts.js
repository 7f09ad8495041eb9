// Line, point and bar charts: uPlot (from its WebJar, served by the daemon) with the console's defaults.
import uPlot from '/webjars/uplot/uPlot.esm.js';

export const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b'];

/**
 * A chart in container: series is a list of { label, colour?, points?: true (markers only),
 * scale?, format? }; x is seconds of wall time when time = true; logY for quantities spanning decades.
 * Resizes with its container.
 */
export function chart(container, { title, series, time = false, xLabel, yLabel, height = 220, axes, logY = false } = {}) {
  container.replaceChildren();
  const opts = {
    title,
    width: Math.max(300, container.clientWidth || 600),
    height,
    scales: { x: { time }, y: logY ? { distr: 3 } : {} },
    series: [{ label: xLabel || (time ? 'time' : 'x') }, ...series.map((s, i) => ({
      label: s.label,
      stroke: s.colour || COLOURS[i % COLOURS.length],
      width: s.points ? 0 : 2,
      scale: s.scale || 'y',
      spanGaps: true,
      paths: s.points ? () => null : undefined,
      points: s.points ? { show: true, size: 7, fill: s.colour || COLOURS[i % COLOURS.length] } : { show: false },
      value: s.format ? (u, v) => v == null ? '–' : s.format(v) : undefined,
    }))],
    axes: axes || [{ label: xLabel }, { label: yLabel, size: 70 }],
  };
  const empty = [[], ...series.map(() => [])];
  const plot = new uPlot(opts, empty, container);
  const resize = new ResizeObserver(() => {
    const w = Math.max(300, container.clientWidth);
    if (Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height });
  });
  resize.observe(container);
  return plot;
}

/** Bars of counts keyed by label (a job's histogram). */
export function bars(container, { title, labels, values, height = 260 }) {
  container.replaceChildren();
  const xs = labels.map((_, i) => i);
  const opts = {
    title,
    width: Math.max(300, container.clientWidth || 600),
    height,
    scales: { x: { time: false, range: [-0.6, Math.max(0.6, labels.length - 0.4)] } },
    series: [
      { label: 'bitstring', value: (u, i) => i == null ? '–' : labels[i] },
      { label: 'counts', fill: '#1f77b4aa', stroke: '#1f77b4', paths: uPlot.paths.bars({ size: [0.7, 60] }),
        points: { show: false } },
    ],
    axes: [
      { values: (u, splits) => splits.map(i => Number.isInteger(i) && labels[i] !== undefined ? labels[i] : ''),
        splits: () => xs, rotate: labels.length > 8 ? -60 : 0, size: labels.length > 8 ? 90 : 40, font: '11px monospace' },
      { label: 'counts', size: 60 },
    ],
  };
  return new uPlot(opts, [xs, values], container);
}

/** Aligns several (x, y) series on one x axis, as uPlot wants. */
export function join(tables) { return uPlot.join(tables); }
