/**
 * Every threshold relation (above, equal, below the activation threshold) against every way a
 * ScaledObject can be set up for activation (minReplicaCount 0, minReplicaCount ≥ 1, idle
 * replicas), at zero and while running: the explanation's verdict follows upstream's strict
 * `value > activation`, and what it says KEDA does agrees with KEDA's own decision
 * (`decideScale`, pkg/scaling/executor `RequestScale`), which the simulator runs.
 */
import { describe, expect, it } from 'vitest';
import { explainActivation, type ActivationInput, type Relation } from './explain-activation';
import { triggerThresholds } from './explain-thresholds';
import { decideScale } from './scaling';

const thresholds = triggerThresholds({ type: 'prometheus', metadata: { threshold: '10', activationThreshold: '50' } })!;
const VALUES: Record<Relation, number> = { above: 51, equal: 50, below: 49 };

interface Setup { name: string; min: number; idle?: number }
const SETUPS: Setup[] = [
  { name: 'minReplicaCount 0', min: 0 },
  { name: 'minReplicaCount 2', min: 2 },
  { name: 'idleReplicaCount 0, minReplicaCount 2', min: 2, idle: 0 },
];

/** Replica counts worth looking at for a setup: at the floor, and running. */
const currents = (s: Setup) => [...new Set([s.idle ?? (s.min === 0 ? 0 : s.min), Math.max(s.min, 1), 4])];

const cases = SETUPS.flatMap((setup) => (Object.keys(VALUES) as Relation[]).flatMap((relation) => currents(setup).map((current) => ({ setup, relation, current }))));

describe.each(cases)('$setup.name, value $relation activationThreshold, $current replicas', ({ setup, relation, current }) => {
  const input: ActivationInput = {
    value: VALUES[relation], thresholds, minReplicaCount: setup.min, maxReplicaCount: 10, idleReplicaCount: setup.idle,
    currentReplicas: current, readyReplicas: current, cooldownPeriodSeconds: 300, otherActive: [],
  };
  const e = explainActivation(input);
  const decision = decideScale({
    active: relation === 'above', error: false, current, minReplicaCount: setup.min, idleReplicaCount: setup.idle, hasFallback: false,
    // Long past the cooldown, so a deactivation is due now.
    lastActiveTime: 0, creationTime: 0, cooldownMs: 300_000, initialCooldownMs: 0, now: 3_600_000,
  });

  it('compares strictly: active only above', () => {
    expect(e.relation).toBe(relation);
    expect(e.active).toBe(relation === 'above');
    expect(e.phase).toBe(relation === 'above' ? 'active' : 'inactive');
    expect(e.sentence.startsWith(`value ${VALUES[relation]} ${relation === 'above' ? '>' : '≤'} activationThreshold 50: ${e.phase}`)).toBe(true);
    if (relation === 'equal') expect(e.notes.join(' ')).toContain('strictly greater');
  });

  it('says what KEDA does, as KEDA decides it', () => {
    const capable = setup.min === 0 || setup.idle !== undefined;
    if (!capable) {
      // keda#6145: activation decides nothing here, whatever the value.
      expect(e.sentence).toContain(`minReplicaCount ${setup.min}`);
      expect(e.sentence).toContain(relation === 'above' ? 'activation changes nothing' : 'which is normal');
      expect(decision.kind === 'scale' ? decision.why : 'no activation').not.toBe('activated');
      expect(decision.kind === 'scale' ? decision.why : 'no deactivation').not.toBe('deactivated');
      return;
    }
    if (decision.kind === 'scale') {
      expect(e.sentence).toContain(`from ${current} to ${decision.replicas}`);
    } else {
      expect(e.sentence).not.toMatch(/scales the workload from/);
      if (relation !== 'above') expect(e.sentence).toContain(`stays at ${setup.idle !== undefined ? `its idleReplicaCount ${setup.idle}` : '0'}`);
    }
  });
});
