import { describe, expect, it } from 'vitest';
import { formatAge, formatRelative, plural } from './format';

const now = Date.parse('2026-11-22T12:00:00Z');

describe('formatAge', () => {
  it.each([
    ['2026-11-22T11:59:15Z', '45s'],
    ['2026-11-22T11:48:00Z', '12m'],
    ['2026-11-22T07:00:00Z', '5h'],
    ['2026-11-19T12:00:00Z', '3d'],
    ['2023-11-01T12:00:00Z', '3y'],
    [undefined, '—'],
    ['not a date', '—'],
  ])('%s → %s', (iso, text) => expect(formatAge(iso, now)).toBe(text));
});

describe('formatRelative', () => {
  it.each([
    ['2026-11-22T11:59:58Z', 'just now'],
    ['2026-11-22T11:59:18Z', '42 s ago'],
    ['2026-11-22T11:55:00Z', '5 min ago'],
    ['2026-11-22T09:00:00Z', '3 h ago'],
    ['2026-11-19T12:00:00Z', '3 days ago'],
    [undefined, 'never'],
  ])('%s → %s', (iso, text) => expect(formatRelative(iso, now)).toBe(text));
});

it('plural', () => {
  expect([plural(1, 'job'), plural(2, 'job'), plural(2, 'Canary', 'Canaries')]).toEqual(['1 job', '2 jobs', '2 Canaries']);
});
