import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** What the same work costs without Verdi's layers, measured in the same run. */
  baseline: { name: string; value: number } | null;
  /** Which way is better for this figure; the ratio is always Verdi ÷ baseline. */
  better: 'higher' | 'lower' | 'equal';
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  seconds: number;
  scale: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string };
  data: Record<string, number>;
  figures: (Figure & { ratio: number | null })[];
}

export function machine(postgres: string): BenchReport['machine'] {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
  };
}

export function withRatios(figures: Figure[]): BenchReport['figures'] {
  return figures.map((f) => ({
    ...f,
    ratio: f.baseline && f.baseline.value !== 0 ? f.value / f.baseline.value : null,
  }));
}

function formatValue(value: number, unit: string): string {
  const digits = value >= 100 || Number.isInteger(value) ? 0 : value >= 10 ? 1 : 2;
  const number = value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${number} ${unit}` : number;
}

export function markdownTable(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Measured ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} CPUs (${m.cpuModel}), ` +
      `${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}; scale \`${report.scale}\` ` +
      `(${Object.entries(report.data)
        .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
        .join(', ')}); the run took ${Math.round(report.seconds)} s. ` +
      'Ratio = Verdi ÷ baseline, both measured in the same run.',
    '',
    '| Area | Figure | Verdi | Baseline (same run) | Ratio |',
    '|---|---|--:|---|--:|',
  ];
  for (const f of report.figures) {
    const baseline = f.baseline ? `${formatValue(f.baseline.value, f.unit)} — ${f.baseline.name}` : '—';
    const ratio = f.ratio === null ? '—' : `${f.ratio.toFixed(f.ratio >= 10 ? 0 : 2)}×`;
    lines.push(
      `| ${f.section} | ${f.name}${f.note ? ` (${f.note})` : ''} | ${formatValue(f.value, f.unit)} | ${baseline} | ${ratio} |`,
    );
  }
  return lines.join('\n') + '\n';
}

const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

/** Writes results.json and results.md, and replaces the table in the README when asked to. */
export function writeReport(report: BenchReport, outDir: string, readme?: string): string {
  mkdirSync(outDir, { recursive: true });
  const table = markdownTable(report);
  writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(path.join(outDir, 'results.md'), `# Benchmark results\n\n${table}`);
  if (readme && existsSync(readme)) {
    const text = readFileSync(readme, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (start >= 0 && end > start) {
      writeFileSync(readme, `${text.slice(0, start + BEGIN.length)}\n${table}${text.slice(end)}`);
    }
  }
  return table;
}
