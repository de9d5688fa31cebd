import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from its parts: the same inputs (a replay, a redelivery) give the same id. */
export function stableId(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
