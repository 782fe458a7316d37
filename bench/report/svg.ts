/**
 * A hand-drawn SVG line chart of throughput versus concurrency (log-2 x axis, linear y axis from
 * zero), one line per series, with a legend. No dependency: it is a few dozen elements.
 * @module
 */

/** One line of the chart. */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

const W = 720;
const H = 420;
const PAD = { left: 80, right: 190, top: 40, bottom: 56 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A round upper bound for the y axis and its tick step (1, 2 or 5 times a power of ten). */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  return { top: Math.ceil(max / step) * step, step };
}

const compact = (n: number): string => (n >= 1000 ? `${(n / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}k` : String(n));

/** The chart as an SVG document. */
export function renderSvg(title: string, yLabel: string, series: readonly Series[]): string {
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y) && p.x > 0);
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const lo = Math.log2(xs[0] ?? 1);
  const hi = Math.log2(xs[xs.length - 1] ?? 2);
  const { top, step } = niceScale(Math.max(0, ...pts.map((p) => p.y)));
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const px = (x: number): number => PAD.left + (hi === lo ? pw / 2 : ((Math.log2(x) - lo) / (hi - lo)) * pw);
  const py = (y: number): number => PAD.top + ph - (y / top) * ph;
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2 - PAD.right / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let y = 0; y <= top + step / 2; y += step) {
    out.push(`<line x1="${PAD.left}" x2="${PAD.left + pw}" y1="${f(py(y))}" y2="${f(py(y))}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${PAD.left - 8}" y="${f(py(y) + 4)}" text-anchor="end">${compact(y)}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${f(px(x))}" x2="${f(px(x))}" y1="${PAD.top}" y2="${PAD.top + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${f(px(x))}" y="${PAD.top + ph + 18}" text-anchor="middle">${x}</text>`);
  }
  out.push(`<line x1="${PAD.left}" x2="${PAD.left + pw}" y1="${PAD.top + ph}" y2="${PAD.top + ph}" stroke="#333"/>`);
  out.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + ph}" stroke="#333"/>`);
  out.push(`<text x="${PAD.left + pw / 2}" y="${H - 14}" text-anchor="middle">concurrent connections / clients (log scale)</text>`);
  out.push(`<text transform="translate(18 ${PAD.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const p = s.points.filter((q) => Number.isFinite(q.y) && q.x > 0);
    if (p.length > 0) {
      out.push(`<polyline fill="none" stroke="${esc(s.color)}" stroke-width="2.5" points="${p.map((q) => `${f(px(q.x))},${f(py(q.y))}`).join(' ')}"/>`);
      for (const q of p) out.push(`<circle cx="${f(px(q.x))}" cy="${f(py(q.y))}" r="3.5" fill="${esc(s.color)}"><title>${esc(`${s.label}: ${Math.round(q.y)} at ${q.x}`)}</title></circle>`);
    }
    const ly = PAD.top + 10 + i * 22;
    out.push(`<line x1="${W - PAD.right + 16}" x2="${W - PAD.right + 40}" y1="${ly}" y2="${ly}" stroke="${esc(s.color)}" stroke-width="2.5"/>`);
    out.push(`<text x="${W - PAD.right + 46}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
