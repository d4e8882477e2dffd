import 'server-only';
import path from 'node:path';
import { z } from 'zod';

/** Settings read from the environment once; the README's configuration table lists them. */
const EnvSchema = z.object({
  KUBECONFIG: z.string().optional(),
  SCALEGUARD_CONTEXT: z.string().optional(),
  SCALEGUARD_DATA_DIR: z.string().default('.scaleguard'),
  SCALEGUARD_READ_ONLY: z.enum(['0', '1', 'true', 'false']).optional(),
  SCALEGUARD_LIST_CHUNK: z.coerce.number().int().min(1).max(10_000).default(500),
  SCALEGUARD_DISCOVERY_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
});

export interface Config {
  kubeconfig?: string;
  /** The context to show first; defaults to the kubeconfig's current-context. */
  defaultContext?: string;
  dataDir: string;
  readOnly: boolean;
  listChunkSize: number;
  discoveryIntervalMs: number;
}

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const env = EnvSchema.parse(process.env);
  cached = {
    kubeconfig: env.KUBECONFIG || undefined,
    defaultContext: env.SCALEGUARD_CONTEXT || undefined,
    dataDir: path.resolve(env.SCALEGUARD_DATA_DIR),
    readOnly: env.SCALEGUARD_READ_ONLY === '1' || env.SCALEGUARD_READ_ONLY === 'true',
    listChunkSize: env.SCALEGUARD_LIST_CHUNK,
    discoveryIntervalMs: env.SCALEGUARD_DISCOVERY_INTERVAL_MS,
  };
  return cached;
}
