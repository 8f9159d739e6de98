/** One benchmark figure: a measurement, its baseline from the same run, and the target it answers to. */
export interface Figure {
  part: string;
  name: string;
  value: number;
  unit: string;
  /** The same measurement of the baseline, when there is one. */
  baseline?: { name: string; value: number };
  /** value / baseline.value, or the figure that the target is about. */
  ratio?: number;
  /** The target in words, e.g. "<= 1.10". */
  target?: string;
  meetsTarget?: boolean;
  note?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A deterministic source of numbers in [0, 1) (mulberry32), so that runs are comparable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.part,
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    f.baseline ? `${formatNumber(f.baseline.value)} ${f.unit} (${f.baseline.name})` : '',
    f.ratio === undefined ? '' : formatNumber(f.ratio),
    f.target ?? '',
    f.meetsTarget === undefined ? '' : f.meetsTarget ? 'yes' : 'NO',
  ]);
  const header = ['part', 'figure', 'value', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(Math.abs(value) >= 1 ? 2 : 3);
}
