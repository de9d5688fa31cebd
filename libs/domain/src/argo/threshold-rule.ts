/**
 * ARGO threshold rules over Nagios perfdata (`label=value[uom];warn;crit;min;max`).
 * Ranges are exclusive (a < v < b), the opposite of Nagios; `@` inverts. Values compare as
 * 32-bit floats, like ARGO's Java `Float`.
 */
export interface ThresholdRange {
  floor: number;
  ceil: number;
  invert: boolean;
}

export interface Threshold {
  expression: string;
  label: string;
  value: number;
  uom: string;
  warning: ThresholdRange | undefined;
  critical: ThresholdRange | undefined;
  min: number;
  max: number;
}

export interface ThresholdRuleInput {
  host?: string;
  metric: string;
  endpoint_group?: string;
  thresholds: string;
}

export interface ThresholdOutcome {
  status: string;
  ruleApplied: string;
}

const UOMS = ['us', 'ms', 'KB', 'MB', 'TB', 's', '%', 'B', 'c'];
// A new label starts after ';' or spaces when a letter follows.
const LABEL_SPLIT = /(?:;|[ ]+)(?=[a-zA-Z])/;

export function parseRange(text: string): ThresholdRange | undefined {
  let r = text.replace(/ /g, '');
  if (r === '') return undefined;
  const invert = r.startsWith('@');
  if (invert) r = r.slice(1);
  if (!r.includes(':')) return { floor: 0, ceil: toFloat(r, text), invert };
  if (r.endsWith(':')) return { floor: toFloat(r.slice(0, -1), text), ceil: Infinity, invert };
  const parts = r.split(':');
  if (parts.length !== 2) throw new Error(`invalid threshold range '${text}'`);
  const floor = parts[0] === '~' ? -Infinity : toFloat(parts[0], text);
  return { floor, ceil: toFloat(parts[1], text), invert };
}

export function rangeContains(range: ThresholdRange, value: number): boolean {
  const v = Math.fround(value);
  const inside = v > range.floor && v < range.ceil;
  return range.invert ? !inside : inside;
}

/** Parses one `label=value[uom];warn;crit;min;max` item; undefined when it has no `label=`. */
export function parseThreshold(expression: string): Threshold | undefined {
  const tokens = expression.split('=');
  if (tokens.length !== 2) return undefined;
  const fields = tokens[1].split(';');
  const { value, uom } = parseValue(fields[0], expression);
  return {
    expression,
    label: tokens[0],
    value,
    uom,
    warning: fields.length > 1 ? parseRange(fields[1]) : undefined,
    critical: fields.length > 2 ? parseRange(fields[2]) : undefined,
    min: fields.length > 3 && fields[3] !== '' ? toFloat(fields[3], expression) : NaN,
    max: fields.length > 4 && fields[4] !== '' ? toFloat(fields[4], expression) : NaN,
  };
}

/** All thresholds of a rule string keyed by label, in their order. */
export function parseThresholds(text: string): Map<string, Threshold> {
  const out = new Map<string, Threshold>();
  for (const token of text.split(LABEL_SPLIT)) {
    const t = parseThreshold(token);
    if (t) out.set(t.label, t);
  }
  return out;
}

/** Label → value of a perfdata string; items that do not parse are skipped, like a missing label. */
export function perfdataValues(actualData: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const token of actualData.split(LABEL_SPLIT)) {
    try {
      const t = parseThreshold(token);
      if (t) out.set(t.label, t.value);
    } catch {
      // malformed perfdata item: no value for that label
    }
  }
  return out;
}

/** WARNING or CRITICAL when the value falls in that range (warning first), else ''. */
export function evaluateThreshold(t: Threshold, value: number): string {
  if (!Number.isFinite(t.value)) return '';
  if (t.warning && rangeContains(t.warning, value)) return 'WARNING';
  if (t.critical && rangeContains(t.critical, value)) return 'CRITICAL';
  return '';
}

/** Rules indexed like ARGO's ThresholdManager: keys `group/host/metric`, most specific wins. */
export class ThresholdRules {
  private readonly rules = new Map<string, Map<string, Threshold>>();
  private readonly metrics = new Set<string>();
  private readonly hosts = new Set<string>();
  private readonly groups = new Set<string>();

  constructor(rules: ThresholdRuleInput[]) {
    for (const r of rules) {
      const host = r.host ?? '';
      const group = r.endpoint_group ?? '';
      this.metrics.add(r.metric);
      if (host) this.hosts.add(host);
      if (group) this.groups.add(group);
      this.rules.set(`${group}/${host}/${r.metric}`, parseThresholds(r.thresholds));
    }
  }

  get size(): number {
    return this.rules.size;
  }

  /** Precedence: (group, host, metric), (host, metric), (group, metric), (metric). */
  mostRelevantRule(group: string, host: string, metric: string): string {
    if (!this.metrics.has(metric)) return '';
    if (this.hosts.has(host)) {
      if (!this.groups.has(group)) return `/${host}/${metric}`;
      const key = `${group}/${host}/${metric}`;
      if (this.rules.has(key)) return key;
    }
    if (this.groups.has(group)) {
      const key = `${group}//${metric}`;
      if (this.rules.has(key)) return key;
    }
    return `//${metric}`;
  }

  /**
   * The status the rule gives to the perfdata (labels combined with `combine`), or undefined
   * when no rule applies.
   */
  evaluate(
    group: string,
    host: string,
    metric: string,
    actualData: string,
    combine: (a: string, b: string) => string,
  ): ThresholdOutcome | undefined {
    const key = this.mostRelevantRule(group, host, metric);
    const rule = key ? this.rules.get(key) : undefined;
    if (!rule) return undefined;
    let status = '';
    let explain = '';
    for (const [label, value] of perfdataValues(actualData)) {
      const t = rule.get(label);
      if (!t) continue;
      const next = evaluateThreshold(t, value);
      if (status === '') {
        status = next;
        explain = t.expression;
      } else if (next !== '') {
        status = combine(status, next);
        explain = `${explain} ${t.expression}`;
      }
    }
    return status === '' ? undefined : { status, ruleApplied: explain };
  }
}

function parseValue(text: string, expression: string): { value: number; uom: string } {
  if (text === '') return { value: NaN, uom: '' };
  if (/\d$/.test(text)) return { value: toFloat(text, expression), uom: '' };
  const uom = UOMS.find((u) => text.endsWith(u));
  if (!uom) throw new Error(`invalid unit of measurement in '${expression}'`);
  return { value: toFloat(text.slice(0, -uom.length), expression), uom };
}

function toFloat(text: string, context: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || Number.isNaN(v)) throw new Error(`invalid number '${text}' in '${context}'`);
  return Math.fround(v);
}
