import type { StreamRef } from '../event-store.port';
import { assertIdentifier } from '../subject';

const CATEGORY = /^[A-Za-z0-9_]+$/;
const NAME = /^([A-Za-z0-9_]+)-([A-Za-z0-9_-]+)~(.+)$/s;

/**
 * KurrentDB stream name of a Vigil stream: `<category>-<tenant>~<id>`, e.g. `site-default~CERN-PROD`.
 * The category comes first and holds no `-`, so KurrentDB's `$by_category` projection (which splits at
 * the first `-`) files every tenant's streams under `$ce-<category>`; `~` never occurs in a tenant, so the
 * id after it may hold anything.
 */
export function toStreamName(stream: StreamRef): string {
  if (!CATEGORY.test(stream.category)) throw new Error(`category '${stream.category}' must match [A-Za-z0-9_]+ (no '-': $ce-<category> splits at the first '-')`);
  assertIdentifier('tenant', stream.tenant);
  if (stream.id === '') throw new Error('a stream id cannot be empty');
  return `${stream.category}-${stream.tenant}~${stream.id}`;
}

/** The Vigil stream behind a KurrentDB stream name, or undefined for any other stream. */
export function fromStreamName(name: string): StreamRef | undefined {
  const m = NAME.exec(name);
  return m ? { category: m[1], tenant: m[2], id: m[3] } : undefined;
}
