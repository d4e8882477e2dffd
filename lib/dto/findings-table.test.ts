import { expect, it } from 'vitest';
import { findingsTable, reachesSeverity } from './findings-table';

const f = (severity: 'critical' | 'warning' | 'info', name: string) => ({
  severity, rule: 'hpa-overlap', subjects: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name }], message: `2 HPAs scale Deployment \`${name}\``,
});

it('prints aligned columns without the backticks', () => {
  expect(findingsTable([f('critical', 'checkout'), f('info', 'a')])).toBe([
    'SEVERITY  RULE         NAMESPACE  SUBJECT              MESSAGE',
    'CRITICAL  hpa-overlap  shop       Deployment/checkout  2 HPAs scale Deployment checkout',
    'INFO      hpa-overlap  shop       Deployment/a         2 HPAs scale Deployment a',
  ].join('\n'));
  expect(findingsTable([])).toBe('No findings.');
});

it('decides the exit by severity threshold', () => {
  expect(reachesSeverity([f('warning', 'x')], 'critical')).toBe(false);
  expect(reachesSeverity([f('warning', 'x')], 'warning')).toBe(true);
  expect(reachesSeverity([f('critical', 'x')], 'info')).toBe(true);
  expect(reachesSeverity([], 'info')).toBe(false);
});
