import { describe, it, expect } from 'vitest';
import * as avro from 'avsc';
import { definedNames, incompatibility, parseWithKnown } from './schema-compatibility';
import { SchemaCatalog } from './schema-catalog';
import { checkSchemas } from './schemas-check';

const v1 = avro.Type.forSchema({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'string' }] });

describe('schema compatibility', () => {
  it('accepts a new field with a default: old events still decode', () => {
    const v2 = avro.Type.forSchema({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'string' }, { name: 'b', type: ['null', 'string'], default: null }] });
    expect(incompatibility(v2, v1)).toBeUndefined();
    expect(v2.fromBuffer(v1.toBuffer({ a: 'x' }), v2.createResolver(v1))).toMatchObject({ a: 'x', b: null });
  });

  it('refuses a new field without a default, naming the problem', () => {
    const v2 = avro.Type.forSchema({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }] });
    expect(incompatibility(v2, v1)).toMatch(/b|default|resolve/i);
  });

  it('finds the names a schema defines, nested ones included', () => {
    expect(definedNames({ type: 'record', name: 'Commit', namespace: 'vigil.store', fields: [{ name: 'e', type: { type: 'array', items: { type: 'record', name: 'CommittedEvent', fields: [] } } }] })).toEqual(['vigil.store.Commit', 'vigil.store.CommittedEvent']);
  });

  it('parses a schema that names a type defined in another file', () => {
    const level = avro.Type.forSchema({ type: 'enum', name: 'vigil.status.StatusLevel', symbols: ['metric'] });
    const t = parseWithKnown({ type: 'record', name: 'vigil.status.S', fields: [{ name: 'level', type: 'vigil.status.StatusLevel' }] }, { 'vigil.status.StatusLevel': level });
    expect(t.isValid({ level: 'metric' })).toBe(true);
  });

  it('finds every committed schema of the repository readable by its current version', () => {
    expect(checkSchemas(new SchemaCatalog())).toEqual([]);
  });
});
