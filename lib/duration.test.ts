import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([['90s', 90_000], ['5m', 300_000], ['1h30m', 5_400_000], ['1.5h', 5_400_000], ['250ms', 250], ['2d', 172_800_000], ['30', 30_000], [45, 45_000]])(
    '%s → %s ms', (t, ms) => expect(parseDuration(t)).toBe(ms));
  it.each([[''], ['5 m'], ['m'], ['1x'], ['-1s'], [null], [-3]])('%s is refused', (t) => expect(parseDuration(t)).toBeUndefined());
});

it('formatDuration', () => {
  expect([formatDuration(5_400_000), formatDuration(45_000), formatDuration(0), formatDuration(1500)]).toEqual(['1h30m', '45s', '0s', '1s500ms']);
});
