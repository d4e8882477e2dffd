import { expect, it } from 'vitest';
import { memoByObject } from './memo';

it('computes once per object, invisibly to JSON, for frozen objects too', () => {
  let calls = 0;
  const read = memoByObject((o: { n: number }) => { calls++; return o.n * 2; });
  const a = { n: 1 };
  const frozen = Object.freeze({ n: 5 });
  expect([read(a), read(a), read(frozen), read(frozen)]).toEqual([2, 2, 10, 10]);
  expect(calls).toBe(2);
  expect(JSON.stringify(a)).toBe('{"n":1}');
  expect(Object.keys(a)).toEqual(['n']);
});

it('keeps one cache per reader', () => {
  const double = memoByObject((o: { n: number }) => o.n * 2);
  const triple = memoByObject((o: { n: number }) => o.n * 3);
  const a = { n: 2 };
  expect([double(a), triple(a)]).toEqual([4, 6]);
});
