import * as avro from 'avsc';

/** Why `reader` cannot read data written with `writer`, or undefined when it can (Avro schema resolution). */
export function incompatibility(reader: avro.Type, writer: avro.Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Full names of the named types a schema defines (records, enums, fixed), nested ones included. */
export function definedNames(schema: unknown, namespace = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s) => definedNames(s, namespace));
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as { type?: unknown; name?: string; namespace?: string; fields?: { type: unknown }[]; items?: unknown; values?: unknown };
  const ns = s.namespace ?? namespace;
  const own = s.name && ['record', 'enum', 'fixed', 'error'].includes(String(s.type)) ? [s.name.includes('.') ? s.name : ns ? `${ns}.${s.name}` : s.name] : [];
  const nestedNs = own[0]?.includes('.') ? own[0].slice(0, own[0].lastIndexOf('.')) : ns;
  const nested = [...(s.fields ?? []).map((f) => f.type), s.items, s.values, typeof s.type === 'object' ? s.type : undefined];
  return [...own, ...nested.flatMap((n) => definedNames(n, nestedNs))];
}

/** Parses a schema, resolving names it does not define itself from `known` (types of other files). */
export function parseWithKnown(schema: avro.Schema, known: Record<string, avro.Type>): avro.Type {
  const registry = { ...known };
  for (const name of definedNames(schema)) delete registry[name];
  return avro.Type.forSchema(schema, { registry });
}
