import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath } from './jsonpath';

const obj = {
  metadata: { name: 'x', annotations: { 'autoscaling.keda.sh/paused-replicas': '0' } },
  spec: { triggers: [{ type: 'cpu', metadata: { value: '50' } }, { type: 'prometheus' }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Active', status: 'False' }], replicas: 3 },
};

function run(expr: string): unknown[] {
  const steps = parseJsonPath(expr);
  if (!Array.isArray(steps)) throw new Error(steps.error);
  return evaluateJsonPath(steps, obj);
}

describe('printer-column JSONPath', () => {
  it('walks fields, indexes and wildcards', () => {
    expect(run('.status.replicas')).toEqual([3]);
    expect(run('.spec.triggers[1].type')).toEqual(['prometheus']);
    expect(run('.spec.triggers[*].type')).toEqual(['cpu', 'prometheus']);
    expect(run('.spec.triggers[-1].type')).toEqual(['prometheus']);
    expect(run('.spec.missing.deeper')).toEqual([]);
  });

  it('filters lists by equality and presence', () => {
    expect(run('.status.conditions[?(@.type=="Ready")].status')).toEqual(['True']);
    expect(run(".status.conditions[?(@.type!='Ready')].type")).toEqual(['Active']);
    expect(run('.spec.triggers[?(@.metadata)].type')).toEqual(['cpu']);
  });

  it('reads keys with dots, escaped or quoted', () => {
    expect(run('.metadata.annotations.autoscaling\\.keda\\.sh/paused-replicas')).toEqual(['0']);
    expect(run(".metadata.annotations['autoscaling.keda.sh/paused-replicas']")).toEqual(['0']);
  });

  it('rejects what it does not understand', () => {
    expect(parseJsonPath('.a[?(@.x > 1)]')).toHaveProperty('error');
    expect(parseJsonPath('.a[')).toHaveProperty('error');
  });
});
