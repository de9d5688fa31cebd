import { RuleViolation } from './rule-violation';

/** Rejects a blank text field: a required name or reason must carry more than whitespace. */
export function requireText(value: string | undefined | null, code: string, field: string): string {
  if (value === undefined || value === null || value.trim() === '') {
    throw new RuleViolation(code, `${field} is required`, field);
  }
  return value;
}

/** Drops repeated values, keeping the first occurrence's order. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** Case-insensitive equality: GOCDB names and hostnames are compared without case. */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A patch's fields that the caller actually set: undefined means "leave as is". */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
