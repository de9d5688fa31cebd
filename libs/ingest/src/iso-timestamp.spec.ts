import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from './iso-timestamp';

describe('parseIsoTimestamp', () => {
  it.each([
    ['2024-03-07T10:00:00Z', Date.UTC(2024, 2, 7, 10)],
    ['2024-03-07T10:00:00.25Z', Date.UTC(2024, 2, 7, 10, 0, 0, 250)],
    ['2024-03-07T10:00:00.123456789Z', Date.UTC(2024, 2, 7, 10, 0, 0, 123)],
    ['2024-03-07T12:00:00+02:00', Date.UTC(2024, 2, 7, 10)],
    ['2024-03-07T05:30:00-0430', Date.UTC(2024, 2, 7, 10)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0070-01-01T00:00:00Z', new Date('0070-01-01T00:00:00Z').getTime()], // year 70, not 1970 as Date.UTC reads it
  ])('reads %s', (text, expected) => expect(parseIsoTimestamp(text)).toBe(expected));

  it.each(['2024-03-07T10:00:00.Z', '2024-03-07T10:00:00.1234567890Z', '2024-03-07T10:00:00+02', '2024-03-07T10:00:00+02:0x', '2024-03-07T10:00:00z', '2024-03-07T1O:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-03-07T10:60:00Z', '2024-03-07T10:00:60Z', '2024-03-07T10:00:00+24:00', '2024-03-07T10:00:00', '2024-03-07', 'now'])(
    'refuses %s',
    (text) => expect(parseIsoTimestamp(text)).toBeNaN(),
  );
});
