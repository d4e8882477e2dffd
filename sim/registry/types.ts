/**
 * What the simulator knows about each resource it serves: names and scope for discovery and
 * routing, its storage, and the per-kind behaviour (defaults, validation, printing, generation).
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import type { PatchMeta } from '../engine/patch-meta';
import type { GenerationPolicy } from '../store/store';

/** A validation failure of one field, the shape of kube's `field.Error` (same as the schema engine's). */
export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueTypeInvalid' | 'FieldValueTooLong' | 'FieldValueTooMany' | 'FieldValueDuplicate' | 'FieldValueForbidden';
  field: string;
  /** The whole cause text, field first: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
  message: string;
  detail: string;
}

/** Where a `/scale` subresource finds replicas and the selector (CRD `subresources.scale` paths). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One column of `kubectl get` output (`metav1.TableColumnDefinition` plus how to fill it). */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** Turns an object into table cells; `now` is the clock's time for AGE columns. */
export interface Printer {
  columns: PrinterColumn[];
  cells(obj: KubeObject, now: number): (string | number | boolean | null)[];
}

/** Converts between the stored form and one served version (HPA autoscaling/v1 over v2). */
export interface VersionConverter {
  fromStorage(obj: KubeObject): KubeObject;
  toStorage(obj: KubeObject, stored: KubeObject | undefined): KubeObject;
}

/** Kind-specific behaviour shared by every served version of a resource. */
export interface KindStrategy {
  generation: GenerationPolicy;
  /** Fills defaults in place, as kube's defaulting functions do on decode. */
  defaults?(obj: JsonObject, old: KubeObject | undefined): void;
  /** Field errors of a create (`old` undefined) or an update. */
  validate?(obj: KubeObject, old: KubeObject | undefined): FieldError[];
  /** Field-selector values beyond metadata.name/metadata.namespace. */
  fields?(obj: KubeObject): Record<string, string>;
  /** How strategic merge and server-side apply merge this kind's lists. */
  patchMeta(): PatchMeta;
  /** Drops unknown fields (like decoding into typed structs) and names them, for fieldValidation. */
  prune?(obj: JsonObject): { object: JsonObject; unknown: string[] };
  printer?: Printer;
  /** Custom resources: prune, default and validate against the CRD's structural schema. */
  admit?(obj: JsonObject): { object: JsonObject; errors: FieldError[]; unknownFields: string[] };
  /** Custom resources: the CRD refuses new objects while it is being deleted. */
  terminating?: () => boolean;
}

export interface ResourceInfo {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** `status`, `scale`, and any other subresource names served (e.g. `finalize`). */
  subresources: string[];
  /** Key of the shared object store: `group/plural`; versions of one resource share it. */
  storage: string;
  /** The apiVersion objects are stored in. */
  storageVersion: string;
  scale?: ScalePaths;
  /** Whether discovery lists this version first in its group. */
  preferred: boolean;
  /** The CRD that defines it, for custom resources. */
  crdName?: string;
  /** Accepted for writes but served only as a subject of reviews (e.g. selfsubjectaccessreviews). */
  createOnly?: boolean;
  convert?: VersionConverter;
  strategy: KindStrategy;
}

/** `apps/v1` or `v1`. */
export function gv(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
