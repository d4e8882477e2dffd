/** The kubeconfig the simulator writes: one cluster, an admin context, and a context per scenario user. */
import YAML from 'yaml';

export interface KubeconfigUser {
  /** kubeconfig user entry name. */
  name: string;
  token: string;
  /** Context to generate for the user. */
  context: string;
}

export const CLUSTER_NAME = 'scaleguard-sim';
export const ADMIN_CONTEXT = 'scaleguard-sim';

/** Renders the kubeconfig YAML; the admin context is the current one. */
export function renderKubeconfig(server: string, adminToken: string, users: KubeconfigUser[]): string {
  const all = [{ name: `${CLUSTER_NAME}-admin`, token: adminToken, context: ADMIN_CONTEXT }, ...users];
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // The simulator's certificate is self-signed: clients must skip verification.
    clusters: [{ name: CLUSTER_NAME, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: all.map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: all.map((u) => ({ name: u.context, context: { cluster: CLUSTER_NAME, user: u.name, namespace: 'default' } })),
    'current-context': ADMIN_CONTEXT,
    preferences: {},
  });
}
