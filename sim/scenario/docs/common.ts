import { z } from 'zod';
import { SIM_API_VERSION } from '../schema-base';

export const docMetadata = z.object({ name: z.string().min(1) }).loose();

/** A namespaced object reference in a simulation document. */
export const NamespacedRef = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().min(1),
  name: z.string().min(1),
}).strict();
export type NamespacedRef = z.infer<typeof NamespacedRef>;

/** The common envelope of a simulation document of `kind` with `spec`. */
export function simDoc<K extends string, S extends z.ZodType>(kind: K, spec: S) {
  return z.object({
    apiVersion: z.literal(SIM_API_VERSION),
    kind: z.literal(kind),
    metadata: docMetadata,
    spec,
  }).strict();
}
