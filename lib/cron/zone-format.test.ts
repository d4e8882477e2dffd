import { describe, expect, it } from 'vitest';
import { formatInZone, tickInZone, zoneOffset, zoneTicks } from './zone-format';

describe('times in the controller zone', () => {
  const t = Date.parse('2026-11-23T00:00:00Z');
  it('writes instants on the controller\'s clock', () => {
    expect(formatInZone(t, 'Asia/Shanghai')).toBe('Mon 23 Nov, 08:00');
    expect(formatInZone(t + 30_000, 'UTC')).toBe('Mon 23 Nov, 00:00:30');
    expect(tickInZone(t, 'Asia/Shanghai', 86_400_000)).toBe('08:00');
    expect(tickInZone(t, 'Asia/Shanghai', 7 * 86_400_000)).toBe('Mon 23');
  });
  it('names the offset in force', () => {
    expect(zoneOffset(t, 'Asia/Shanghai')).toBe('UTC+8');
    expect(zoneOffset(t, 'UTC')).toBe('UTC');
    expect(zoneOffset(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe('UTC+2');
    expect(zoneOffset(t, 'Asia/Kolkata')).toBe('UTC+5:30');
  });
});

describe('axis ticks on the controller clock', () => {
  it('falls on whole local hours, or local midnights over days', () => {
    const from = Date.parse('2026-11-22T15:10:00Z');
    expect(zoneTicks(from, from + 86_400_000, 'Asia/Shanghai').map((t) => formatInZone(t, 'Asia/Shanghai')).slice(0, 3)).toEqual(['Mon 23 Nov, 00:00', 'Mon 23 Nov, 03:00', 'Mon 23 Nov, 06:00']);
    expect(zoneTicks(from, from + 7 * 86_400_000, 'Asia/Kolkata').map((t) => formatInZone(t, 'Asia/Kolkata'))).toHaveLength(7);
    expect(zoneTicks(from, from + 7 * 86_400_000, 'Asia/Kolkata').every((t) => formatInZone(t, 'Asia/Kolkata').endsWith('00:00'))).toBe(true);
  });
});
