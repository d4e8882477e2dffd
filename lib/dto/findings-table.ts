/** Plain-text rendering of findings for terminals (`npm run findings`). */
import type { Finding, Severity } from '../rules/types';
import { SEVERITY_ORDER } from '../rules/types';

const plain = (s: string) => s.replaceAll('`', '');

export function findingsTable(items: Pick<Finding, 'severity' | 'rule' | 'subjects' | 'message'>[]): string {
  if (items.length === 0) return 'No findings.';
  const rows = items.map((f) => [f.severity.toUpperCase(), f.rule, f.subjects[0]?.namespace ?? '', f.subjects[0] ? `${f.subjects[0].kind}/${f.subjects[0].name}` : '', plain(f.message)]);
  const header = ['SEVERITY', 'RULE', 'NAMESPACE', 'SUBJECT', 'MESSAGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Whether any finding is at or above `threshold` (critical > warning > info). */
export function reachesSeverity(items: Pick<Finding, 'severity'>[], threshold: Severity): boolean {
  return items.some((f) => SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[threshold]);
}
