import { describe, expect, it } from 'vitest';
import { exampleNeedsInputPlan, examplePlan } from './__examples__/examples';
import { parseMetadata, triggerOf, triggerRequests } from './plan-input';

describe('triggerRequests', () => {
  it('asks for a trigger per metric a failed metrics check names', () => {
    expect(triggerRequests(exampleNeedsInputPlan.preflight)).toEqual([{ key: '1', detail: exampleNeedsInputPlan.preflight[1]!.detail }]);
  });
  it('starts from the example trigger the remedy gives', () => {
    const [r] = triggerRequests([{
      check: 'metrics-convertible', ok: false, blocking: true,
      detail: 'HPA shop/ingest: metric #1 (External queue_depth): a External metric comes from a metrics adapter KEDA does not read; give a KEDA trigger for it.',
      remedy: 'Give a KEDA trigger for metric #1 (External queue_depth) in the plan\'s options, keyed by the metric\'s index, for example options.triggers["1"] = {"type":"prometheus","metricType":"AverageValue","metadata":{"serverAddress":"http://prom:9090","query":"sum(queue_depth{app=\\"x\\"})","threshold":"30"}} (adapt the server address, query and threshold), then plan again.',
    }]);
    expect(r).toEqual({
      key: '1',
      detail: expect.stringContaining('metric #1'),
      example: { type: 'prometheus', metricType: 'AverageValue', metadata: { serverAddress: 'http://prom:9090', query: 'sum(queue_depth{app="x"})', threshold: '30' } },
    });
  });
  it('asks nothing when the metrics convert', () => {
    expect(triggerRequests(examplePlan.preflight)).toEqual([]);
  });
  it('falls back to metric 0 when the check names no index', () => {
    expect(triggerRequests([{ check: 'metrics-convertible', ok: false, blocking: true, detail: 'an External metric has no KEDA trigger' }]).map((r) => r.key)).toEqual(['0']);
  });
});

describe('triggerOf', () => {
  it('builds a trigger from key: value lines', () => {
    expect(triggerOf('prometheus', 'serverAddress: http://p:9090\nquery: "sum(rate(x[2m]))"\n\n# note\nthreshold=50', 'AverageValue')).toEqual({
      trigger: { type: 'prometheus', metricType: 'AverageValue', metadata: { serverAddress: 'http://p:9090', query: 'sum(rate(x[2m]))', threshold: '50' } },
      errors: [],
    });
  });
  it('says what is wrong', () => {
    expect(triggerOf('', 'no separator here').errors).toEqual(['a trigger type is required', 'line 1: expected "key: value"']);
    expect(parseMetadata('a: 1').errors).toEqual([]);
  });
});
