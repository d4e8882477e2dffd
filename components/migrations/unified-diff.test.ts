import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from './unified-diff';

describe('parseUnifiedDiff', () => {
  it('numbers added, removed and context lines and drops the file headers', () => {
    const patch = createTwoFilesPatch('HorizontalPodAutoscaler shop/catalog', 'HorizontalPodAutoscaler shop/catalog', 'a: 1\nb: 2\nc: 3\n', 'a: 1\nb: 20\nc: 3\nd: 4\n');
    const d = parseUnifiedDiff(patch);
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
    expect(d.lines.map((l) => [l.type, l.text, l.oldNo, l.newNo])).toEqual([
      ['hunk', '@@ -1,3 +1,4 @@', undefined, undefined],
      ['ctx', 'a: 1', 1, 1],
      ['del', 'b: 2', 2, undefined],
      ['add', 'b: 20', undefined, 2],
      ['ctx', 'c: 3', 3, 3],
      ['add', 'd: 4', undefined, 4],
    ]);
  });

  it('reads a whole new object and the no-newline marker', () => {
    const d = parseUnifiedDiff('--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+kind: ScaledObject\n+spec: {}\n\\ No newline at end of file\n');
    expect(d.added).toBe(2);
    expect(d.lines.at(-1)).toEqual({ type: 'note', text: 'No newline at end of file' });
  });

  it('keeps a removed line that looks like a header inside a hunk', () => {
    const d = parseUnifiedDiff('@@ -1,1 +1,1 @@\n--- a yaml document separator\n+++ b\n');
    expect(d.lines.map((l) => l.type)).toEqual(['hunk', 'del', 'add']);
  });

  it('is empty for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual({ lines: [], added: 0, removed: 0 });
  });
});
