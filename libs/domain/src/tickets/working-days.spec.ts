import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from './working-days';

const at = (day: string) => Date.parse(`${day}T10:00:00Z`);

describe('addWorkingDays', () => {
  it('counts weekdays, keeping the time of day', () => expect(addWorkingDays(at('2025-06-02'), 3)).toBe(at('2025-06-05')));

  it('skips the weekend: Friday plus one working day is Monday', () => expect(addWorkingDays(at('2025-06-06'), 1)).toBe(at('2025-06-09')));

  it('skips the weekend in the middle of a span', () => expect(addWorkingDays(at('2025-06-05'), 3)).toBe(at('2025-06-10')));

  it('skips listed holidays', () => expect(addWorkingDays(at('2025-06-02'), 3, ['2025-06-03'])).toBe(at('2025-06-06')));

  it('spans Christmas and the weekend after it', () =>
    expect(addWorkingDays(at('2025-12-24'), 3, ['2025-12-25', '2025-12-26'])).toBe(at('2025-12-31')));

  it('does not count a holiday falling on a weekend twice', () => expect(addWorkingDays(at('2025-06-06'), 1, ['2025-06-07'])).toBe(at('2025-06-09')));

  it('starts counting from a weekend as from the Friday before', () => expect(addWorkingDays(at('2025-06-07'), 1)).toBe(at('2025-06-09')));

  it('adds nothing for zero days', () => expect(addWorkingDays(at('2025-06-07'), 0)).toBe(at('2025-06-07')));

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays(at('2025-06-02'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2025-06-02'), 1.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('is Monday to Friday minus holidays', () => {
    expect(['2025-06-02', '2025-06-06', '2025-06-07', '2025-06-08'].map((d) => isWorkingDay(at(d)))).toEqual([true, true, false, false]);
    expect(isWorkingDay(at('2025-06-09'), ['2025-06-09'])).toBe(false);
  });
});
