/** kubectl across every autoscaler kind, with the add-ons' CRDs from sim/crds/ installed. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasKubectl, startTestCluster, TESTDATA, type TestCluster } from './test/helpers';

describe.runIf(hasKubectl)('kubectl with every add-on installed', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ scenario: path.join(TESTDATA, 'addons.yaml'), controllers: 'all' });
  });
  afterAll(async () => c.close());

  it('gets deploy,hpa,scaledobjects,canaries,vpa,cronhpa across namespaces', async () => {
    const r = await c.kubectl(['get', 'deploy,hpa,scaledobjects,canaries,vpa,cronhpa', '-A']);
    expect(r.stderr).toBe('');
    for (const row of [/apps\s+deployment\.apps\/api\s/, /apps\s+horizontalpodautoscaler\.autoscaling\/api\s+Deployment\/api\s+cpu: <unknown>\/80%\s+1\s+5\s/, /apps\s+scaledobject\.keda\.sh\/worker\s+apps\/v1\.Deployment\s+api\s+1\s+4\s+True\s/, /apps\s+canary\.flagger\.app\/api\s/, /apps\s+verticalpodautoscaler\.autoscaling\.k8s\.io\/api\s+Off\s/, /apps\s+cronhorizontalpodautoscaler\.autoscaling\.alibabacloud\.com\/api\s/]) {
      expect(r.stdout).toMatch(row);
    }
  });
});
