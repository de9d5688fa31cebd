import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from './csv';

describe('CSV rendering', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('round-trips hostile text through a real CSV parser, header first, CRLF record ends', () => {
    const rows = [
      ['DT1', 'Disk, RAID; "hot" swap\nline two\r\nline three', 'ünïcödé 🚀 <&>'],
      ['DT2', '', ' =1+1 '],
    ];
    const text = renderCsv(['id', 'description', 'note'], rows);
    expect(text.startsWith('id,description,note\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { columns: true })).toEqual(rows.map(([id, description, note]) => ({ id, description, note })));
  });
});
