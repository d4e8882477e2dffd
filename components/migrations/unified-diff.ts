/** Reads a unified diff (as jsdiff and `diff -u` write it) into lines to render, with line numbers. */

export interface DiffLine {
  type: 'add' | 'del' | 'ctx' | 'hunk' | 'note';
  text: string;
  /** Line number in the object before the change (deleted and context lines). */
  oldNo?: number;
  /** Line number in the object after the change (added and context lines). */
  newNo?: number;
}

export interface ParsedDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

export function parseUnifiedDiff(text: string): ParsedDiff {
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  const raw = text.replace(/\r\n/g, '\n').split('\n');
  // A trailing newline is not a line of its own.
  if (raw.at(-1) === '') raw.pop();
  for (const line of raw) {
    const h = HUNK.exec(line);
    if (h) {
      inHunk = true;
      oldNo = Number(h[1]);
      newNo = Number(h[2]);
      lines.push({ type: 'hunk', text: line });
      continue;
    }
    // File headers (`Index:`, `===`, `---`, `+++`) come before the first hunk; they name the object, which the page shows already.
    if (!inHunk) continue;
    if (line.startsWith('\\')) lines.push({ type: 'note', text: line.slice(1).trim() });
    else if (line.startsWith('+')) {
      lines.push({ type: 'add', text: line.slice(1), newNo: newNo++ });
      added++;
    } else if (line.startsWith('-')) {
      lines.push({ type: 'del', text: line.slice(1), oldNo: oldNo++ });
      removed++;
    } else lines.push({ type: 'ctx', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
  }
  return { lines, added, removed };
}
