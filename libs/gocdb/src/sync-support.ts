import { evolveView, type TopologyEvent, type TopologyView, type ViewDecider } from '@vigil/domain';
import type { StreamKind, } from './gocdb-streams';
import type { EventOf } from './tenant-state';

/** Events one record adds to one stream. */
export type Change = { [K in StreamKind]: { kind: K; key: string; events: EventOf<K>[] } }[StreamKind];

/** Structural equality that ignores key order (events read back from Avro keep schema order). */
export const sameData = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Decides the commands in turn, each against the state and view left by the previous ones. */
export function runCommands<C, S, E extends TopologyEvent>(decider: ViewDecider<C, S, E, TopologyView>, state: S, view: TopologyView, commands: readonly C[], now: number): E[] {
  const events: E[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state, view, now);
    for (const event of decided) {
      state = decider.evolve(state, event);
      view = evolveView(view, event);
    }
    events.push(...decided);
  }
  return events;
}
