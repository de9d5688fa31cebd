import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { productMigrationsDirectory } from '@vigil/read-models';
import { replayTargets, selectTargets } from './replay-targets';

/** Tables no projection rebuilds: delivery attempts (HTTP outcomes), recomputation requests, the versions themselves. */
const NOT_REBUILT = ['webhook_attempts', 'recomputations', 'projection_versions'];

const migrationTables = (): string[] =>
  readdirSync(productMigrationsDirectory)
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) => [...readFileSync(path.join(productMigrationsDirectory, f), 'utf8').matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1]));

describe('replay targets', () => {
  it('rebuild every read-model table, each by exactly one projection (a swap replaces a table whole)', () => {
    const rebuilt = replayTargets.flatMap((t) => t.tables);
    expect(new Set(rebuilt).size).toBe(rebuilt.length);
    expect([...rebuilt].sort()).toEqual(migrationTables().filter((t) => !NOT_REBUILT.includes(t)).sort());
  });

  it('select all, one by name, or name the known ones for an unknown name', () => {
    expect(selectTargets('all').map((t) => t.name)).toEqual(['metric-results', 'topology', 'status', 'ar', 'alerts', 'budgets', 'alarms']);
    expect(selectTargets('alarms').map((t) => [t.name, t.tables])).toEqual([['alarms', ['alarms_history', 'alarms_current', 'tickets_current', 'downtimes_current']]]);
    expect(() => selectTargets('alert')).toThrow("unknown projection 'alert': one of metric-results, topology, status, ar, alerts, budgets, alarms, or all");
  });
});
