import { describe, expect, it } from 'vitest';
import { Curve, valueAt } from './curve';

const min = 60_000;

describe('valueAt', () => {
  it('reads constants as quantities', () => {
    expect(valueAt('900m', 0)).toBeCloseTo(0.9);
    expect(valueAt(42, 10 * min)).toBe(42);
  });

  it('joins points linearly, holds the ends, and repeats', () => {
    const c = Curve.parse({ points: [{ at: '10m', value: 10 }, { at: '20m', value: 30 }], repeat: '30m' });
    expect(valueAt(c, 0)).toBe(10);
    expect(valueAt(c, 15 * min)).toBe(20);
    expect(valueAt(c, 25 * min)).toBe(30);
    expect(valueAt(c, 45 * min)).toBe(20);
  });

  it('holds each value with step interpolation', () => {
    const c = Curve.parse({ points: [{ at: 0, value: 1 }, { at: '1m', value: 5 }], interpolate: 'step' });
    expect(valueAt(c, 59_000)).toBe(1);
    expect(valueAt(c, min)).toBe(5);
  });

  it('refuses malformed curves with a reason', () => {
    const r = Curve.safeParse({ points: [{ at: 'soon', value: 'lots' }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/duration like 30s/);
  });
});
