import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kedaCronSpecYaml, kedaCronWindows, toLinuxCron } from './keda-cron';

describe('CronHPA jobs as KEDA cron triggers', () => {
  it('turns six-field schedules and descriptors into five-field cron, minute first', () => {
    expect(toLinuxCron('0 0 8 * * 1-5')).toBe('0 8 * * 1-5');
    expect(toLinuxCron('0 8 * * 1-5')).toBe('8 * * 1-5 *'); // five CronHPA fields: seconds first, any weekday
    expect(toLinuxCron('@daily')).toBe('0 0 * * *');
    expect(toLinuxCron('@every 1h')).toBeUndefined();
    expect(toLinuxCron('*/5 * * * * *')).toBeUndefined();
  });

  it('builds one window per scale-up job, closed by the next job back at the lowest size', () => {
    const plan = kedaCronWindows([
      { name: 'peak-start', schedule: '0 0 8 * * 1-5', targetSize: 8 },
      { name: 'peak-end', schedule: '0 0 20 * * 1-5', targetSize: 2 },
      { name: 'weekend', schedule: '0 0 10 * * 6', targetSize: 4 },
      { name: 'burst', schedule: '@every 1h', targetSize: 5 },
    ]);
    expect(plan).toEqual({
      floor: 2,
      windows: [
        { job: 'peak-start', closedBy: 'peak-end', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: 8 },
        { job: 'weekend', closedBy: 'peak-end', start: '0 10 * * 6', end: '0 20 * * 1-5', desiredReplicas: 4 },
      ],
      left: [{ name: 'burst', schedule: '@every 1h' }],
    });
    expect(kedaCronWindows([{ name: 'a', schedule: '0 0 8 * * *', targetSize: 3 }])).toEqual({ windows: [], only: 3, left: [] });
    expect(kedaCronWindows([{ name: 'up', schedule: '0 0 8 * * *', targetSize: 3 }, { name: 'down', schedule: '30 0 8 * * *', targetSize: 1 }]).left).toEqual([{ name: 'up', schedule: '0 0 8 * * *' }]);
  });

  it('writes YAML with the metadata KEDA reads: timezone, start, end, desiredReplicas as a string', () => {
    const text = kedaCronSpecYaml(kedaCronWindows([
      { name: 'peak-start', schedule: '0 0 8 * * 1-5', targetSize: 8 },
      { name: 'peak-end', schedule: '0 0 20 * * 1-5', targetSize: 2 },
    ]), 'Asia/Shanghai');
    expect(parse(text)).toEqual({ spec: { minReplicaCount: 2, triggers: [{ type: 'cron', name: 'peak-start', metadata: { timezone: 'Asia/Shanghai', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: '8' } }] } });
    expect(text).toContain('desiredReplicas: "8"');
  });

  it('quotes what the cluster wrote', () => {
    const text = kedaCronSpecYaml(kedaCronWindows([
      { name: 'a: b\n# x', schedule: '0 0 8 * * *', targetSize: 3 },
      { name: 'down', schedule: '0 0 9 * * *', targetSize: 1 },
    ]), 'UTC');
    expect(parse(text).spec.triggers[0].name).toBe('a: b\n# x');
  });
});
