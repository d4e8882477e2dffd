import { expect, it } from 'vitest';
import { exposition } from './metrics';

it('writes gauges in the Prometheus text format with escaped labels', () => {
  expect(exposition([{ name: 'scaleguard_objects', help: 'Objects cached.', samples: [{ labels: { context: 'a"b', kind: 'hpas' }, value: 3 }, { value: 1.5 }] }])).toBe(
    '# HELP scaleguard_objects Objects cached.\n# TYPE scaleguard_objects gauge\nscaleguard_objects{context="a\\"b",kind="hpas"} 3\nscaleguard_objects 1.5\n',
  );
});
