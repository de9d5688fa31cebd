import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** One figure of `npm run bench`, as written to bench-results.json. */
export interface BenchEntry {
  name: string;
  value: number;
  unit: string;
  baseline: string | null;
  ratio: number | null;
  target: number | null;
  better: 'higher' | 'lower';
}

export class BenchReport {
  readonly entries: BenchEntry[] = [];
  readonly notes: string[] = [];

  /** A throughput compared with the machine's own baseline measured in the same run. */
  ratio(name: string, value: number, unit: string, baseline: { name: string; value: number }, target: number): void {
    this.entries.push({ name, value: round(value), unit, baseline: baseline.name, ratio: round(value / baseline.value, 4), target, better: 'higher' });
  }

  absolute(name: string, value: number, unit: string, better: 'higher' | 'lower', target: number | null = null): void {
    this.entries.push({ name, value: round(value), unit, baseline: null, ratio: null, target, better });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  get(name: string): BenchEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  print(): void {
    const rows = this.entries.map((e) => {
      const verdict = e.target === null ? '' : meets(e) ? 'ok' : 'BELOW TARGET';
      const ratio = e.ratio === null ? '' : `${e.ratio} × ${e.baseline}`;
      const target = e.target === null ? '' : e.ratio === null ? `${e.better === 'lower' ? '≤' : '≥'} ${e.target}` : `≥ ${e.target}`;
      return [e.name, `${e.value.toLocaleString('en')} ${e.unit}`, ratio, target, verdict];
    });
    const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['figure', 'value', 'ratio', 'target', ''], ...rows].map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
    console.log(line(['figure', 'value', 'ratio', 'target', '']));
    for (const r of rows) console.log(line(r));
    for (const n of this.notes) console.log(`note: ${n}`);
  }

  write(root: string): void {
    writeFileSync(path.join(root, 'bench-results.json'), `${JSON.stringify(this.entries, null, 2)}\n`);
  }
}

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

function meets(e: BenchEntry): boolean {
  const v = e.ratio ?? e.value;
  return e.better === 'higher' ? v >= e.target! : v <= e.target!;
}
