import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5], ['1.5', 1.5], ['2', 2], ['250m', 0.25], ['1Gi', 2 ** 30], ['512Mi', 512 * 2 ** 20],
    ['1e3', 1000], ['128974848', 128974848], ['129M', 129e6], ['100k', 1e5], ['.5', 0.5], [3, 3],
  ])('%s → %s', (q, v) => expect(parseQuantity(q)).toBeCloseTo(v as number, 9));

  it.each([['abc'], ['1Gb'], [''], ['1.2.3'], [null], [{}], [Number.NaN]])('%s is not a quantity', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('cpu in millicores or cores', () => {
    expect([formatCpu(0.25), formatCpu(2), formatCpu(1.5), formatCpu(0.0004)]).toEqual(['250m', '2', '1500m', '0']);
  });
  it('memory in the largest exact binary unit', () => {
    expect([formatMemory(2 ** 30), formatMemory(256 * 2 ** 20), formatMemory(1000)]).toEqual(['1Gi', '256Mi', '1000']);
  });
});
