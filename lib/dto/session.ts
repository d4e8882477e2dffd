/** `GET /api/v1/session`: which contexts exist, which one this browser looks at, and the mode. */
export interface SessionDto {
  context: string;
  defaultContext: string;
  contexts: { name: string; cluster: string; server?: string; user: string; namespace?: string }[];
  /** Where the kubeconfig was read from (paths, or in-cluster). */
  kubeconfig: string;
  /** Why no kubeconfig could be used, when that is the case. */
  kubeconfigError?: string;
  readOnly: boolean;
}
