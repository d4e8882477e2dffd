/** Shapes of what the server records over time (replicas and bounds), as the API returns them. */

export interface ReplicaSample {
  /** ISO instant of the observation. */
  at: string;
  /** `spec.replicas` of the workload (what the autoscalers asked for). */
  desired: number;
  ready: number;
  /** Bounds of the HPA in effect (the one KEDA owns when there is one), if any. */
  min?: number;
  max?: number;
}

export interface HistoryDto {
  ref: { namespace: string; kind: string; name: string };
  samples: ReplicaSample[];
  /** How far back the server keeps history. */
  retentionDays: number;
  generatedAt: string;
}
