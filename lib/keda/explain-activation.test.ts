import { describe, expect, it } from 'vitest';
import { explainActivation, fmtNumber, hpaProposal, type ActivationInput } from './explain-activation';
import { triggerThresholds, type TriggerThresholds } from './explain-thresholds';

/** Seed 003: threshold 10, activation 50 (a RabbitMQ trigger as on the demo's invoice-mailer). */
const seed: TriggerThresholds = triggerThresholds({ type: 'rabbitmq', metadata: { value: '10', activationValue: '50' } })!;

const input = (over: Partial<ActivationInput>): ActivationInput => ({
  value: 40, thresholds: seed, minReplicaCount: 0, maxReplicaCount: 10, currentReplicas: 0, readyReplicas: 0,
  cooldownPeriodSeconds: 300, otherActive: [], ...over,
});

describe('explainActivation: value against the activation threshold, minReplicaCount 0', () => {
  it('below: seed 003 reads exactly as the numbers say', () => {
    const e = explainActivation(input({ value: 40 }));
    expect(e).toMatchObject({ relation: 'below', active: false, phase: 'inactive', hpaWants: 4, hpaWantsRaw: 4 });
    expect(e.sentence).toBe('value 40 ≤ activationValue 50: inactive, so the workload stays at 0 although the HPA would want 4');
    expect(e.notes.join(' ')).toContain('`activationValue` 50 is not below `value` 10');
  });

  it('equal: not above, so still inactive, and it says why', () => {
    const e = explainActivation(input({ value: 50 }));
    expect(e).toMatchObject({ relation: 'equal', active: false, hpaWants: 5 });
    expect(e.sentence).toBe('value 50 ≤ activationValue 50: inactive, so the workload stays at 0 although the HPA would want 5');
    expect(e.notes).toContain('The value equals `activationValue`: KEDA activates only when the value is strictly greater.');
  });

  it('above: KEDA activates 0 → 1 and the HPA takes over', () => {
    const e = explainActivation(input({ value: 60 }));
    expect(e).toMatchObject({ relation: 'above', active: true, phase: 'active', hpaWants: 6 });
    expect(e.sentence).toBe('value 60 > activationValue 50: active, so KEDA scales the workload from 0 to 1, then the HPA would want 6');
  });

  it('above while running: the workload keeps running', () => {
    const e = explainActivation(input({ value: 60, currentReplicas: 6, readyReplicas: 6 }));
    expect(e.sentence).toBe('value 60 > activationValue 50: active, so the workload keeps running and the HPA would want 6');
  });

  it('inactive while running: scaled to zero after the cooldown', () => {
    const e = explainActivation(input({ value: 30, currentReplicas: 3, readyReplicas: 3 }));
    expect(e.sentence).toBe('value 30 ≤ activationValue 50: inactive, so KEDA scales the workload from 3 to 0 once the cooldown (300 s since it was last active) has passed, although the HPA would want 3');
  });

  it('nothing to do at zero value: no "although"', () => {
    expect(explainActivation(input({ value: 0 })).sentence).toBe('value 0 ≤ activationValue 50: inactive, so the workload stays at 0');
  });

  it('another active trigger keeps the workload up', () => {
    const e = explainActivation(input({ value: 40, otherActive: ['`cron`'] }));
    expect(e.sentence).toBe('value 40 ≤ activationValue 50: inactive, but trigger `cron` is active, so the workload keeps running; on this trigger alone the HPA would want 4');
  });

  it('caps what the HPA wants at maxReplicaCount', () => {
    const e = explainActivation(input({ value: 240 }));
    expect(e).toMatchObject({ hpaWants: 10, hpaWantsRaw: 24 });
    expect(e.sentence).toContain('the HPA would want 10 (24, capped at maxReplicaCount 10)');
  });
});

describe('explainActivation: minReplicaCount ≥ 1 (keda#6145)', () => {
  it('inactive is normal: activation only decides 0 ↔ 1', () => {
    const e = explainActivation(input({ value: 40, minReplicaCount: 2, currentReplicas: 2, readyReplicas: 2 }));
    expect(e).toMatchObject({ relation: 'below', active: false, hpaWants: 4 });
    expect(e.sentence).toBe('value 40 ≤ activationValue 50: inactive (Active=False), which is normal with minReplicaCount 2: activation only decides between 0 and 1, so the HPA keeps scaling between 2 and 10, and the HPA would want 4');
    expect(e.notes.join(' ')).toContain('keda#6145');
    expect(e.notes.join(' ')).not.toContain('is not below');
  });

  it('active changes nothing either', () => {
    const e = explainActivation(input({ value: 120, minReplicaCount: 1, currentReplicas: 2, readyReplicas: 2 }));
    expect(e.sentence).toBe('value 120 > activationValue 50: active; with minReplicaCount 1 activation changes nothing: the HPA scales between 1 and 10, and the HPA would want 10 (12, capped at maxReplicaCount 10)');
  });
});

describe('explainActivation: idleReplicaCount', () => {
  const idle = { idleReplicaCount: 0, minReplicaCount: 2 };
  it('inactive at the idle count stays there', () => {
    expect(explainActivation(input({ ...idle, value: 40 })).sentence).toBe('value 40 ≤ activationValue 50: inactive, so the workload stays at its idleReplicaCount 0 although the HPA would want 4');
  });
  it('active goes from idle straight to minReplicaCount', () => {
    expect(explainActivation(input({ ...idle, value: 70 })).sentence).toBe('value 70 > activationValue 50: active, so KEDA scales the workload from 0 to 2, then the HPA would want 7');
  });
  it('inactive above the idle count returns to it after the cooldown', () => {
    expect(explainActivation(input({ ...idle, value: 20, currentReplicas: 4, readyReplicas: 4 })).sentence).toContain('from 4 to 0 once the cooldown');
  });
});

describe('explainActivation: other states', () => {
  it('unknown value: explains the rule without a verdict', () => {
    const e = explainActivation(input({ value: undefined }));
    expect(e).toMatchObject({ phase: 'unknown', comparison: 'value unknown' });
    expect(e.relation).toBeUndefined();
    expect(e.sentence).toBe('value unknown: KEDA runs the workload only while the value is above activationValue 50, else it stays at 0; the HPA runs one replica per 10 of value (value)');
  });

  it('paused: the value does not matter', () => {
    const e = explainActivation(input({ value: 90, paused: { annotation: 'autoscaling.keda.sh/paused-replicas', value: '2' } }));
    expect(e.sentence).toBe('value 90 > activationValue 50: active, but the ScaledObject is paused (autoscaling.keda.sh/paused-replicas: 2), so KEDA holds the workload at 2 replicas whatever the value');
  });

  it('defaults are named; a threshold that is not a number is a scaler error', () => {
    const kafka = triggerThresholds({ type: 'kafka', metadata: { topic: 't' } })!;
    expect(explainActivation(input({ thresholds: kafka, value: 25 })).notes).toEqual([
      '`lagThreshold` is not set: KEDA\'s default 10 applies.',
      '`activationLagThreshold` is not set: KEDA\'s default 0 applies (active on any value above 0).',
    ]);
    const bad = triggerThresholds({ type: 'prometheus', metadata: { threshold: 'ten' } })!;
    expect(explainActivation(input({ thresholds: bad })).phase).toBe('invalid');
  });

  it('a Value target scales on the ratio times the ready pods', () => {
    const th = triggerThresholds({ type: 'prometheus', metricType: 'Value', metadata: { threshold: '100' } })!;
    expect(hpaProposal({ currentReplicas: 2, readyReplicas: 2, minReplicaCount: 1, maxReplicaCount: 20 }, 300, 100, 'Value')).toEqual({ raw: 6, bounded: 6 });
    expect(explainActivation(input({ thresholds: th, value: 300, minReplicaCount: 1, currentReplicas: 2, readyReplicas: 2, maxReplicaCount: 20 })).hpaWants).toBe(6);
  });

  it('formats numbers without noise', () => {
    expect(fmtNumber(40)).toBe('40');
    expect(fmtNumber(0.5)).toBe('0.5');
    expect(fmtNumber(1 / 3)).toBe('0.333');
  });
});
