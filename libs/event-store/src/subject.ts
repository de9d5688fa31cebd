import type { StreamRef } from './event-store.port';

/** The JetStream stream holding every Vigil event, and the subject prefix of its commits. */
export const EVENTS_STREAM = 'VIGIL_EVENTS';
export const EVENTS_SUBJECT_PREFIX = 'vigil.events';

const SAFE = /^[A-Za-z0-9_-]+$/;

/** Percent-encodes everything but [A-Za-z0-9_-]: subject tokens may not hold `.`, `*`, `>` or spaces (hostnames do). */
export function encodeToken(value: string): string {
  if (value === '') throw new Error('an empty stream id cannot be a subject token');
  if (SAFE.test(value)) return value;
  return Array.from(Buffer.from(value, 'utf8'))
    .map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

export function decodeToken(token: string): string {
  return decodeURIComponent(token);
}

/** Tenants and categories are identifiers: they must be subject-safe as they are. */
export function assertIdentifier(kind: 'tenant' | 'category', value: string): void {
  if (!SAFE.test(value)) throw new Error(`${kind} '${value}' must match [A-Za-z0-9_-]+`);
}

/** `vigil.events.<tenant>.<category>.<encoded stream id>` */
export function subjectFor(stream: StreamRef): string {
  assertIdentifier('tenant', stream.tenant);
  assertIdentifier('category', stream.category);
  return `${EVENTS_SUBJECT_PREFIX}.${stream.tenant}.${stream.category}.${encodeToken(stream.id)}`;
}

/** Subjects of every stream of a tenant (or every tenant) and category. */
export const subjectFilter = (tenant = '*', category = '*'): string => `${EVENTS_SUBJECT_PREFIX}.${tenant}.${category}.*`;
