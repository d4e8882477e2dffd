/** Per-request options every operation takes: who asks, dry-run, field manager and validation. */
import type { UserInfo } from '../auth/user';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface RequestContext {
  user: UserInfo;
  /** `dryRun=All`: run everything, persist nothing. */
  dryRun?: boolean;
  /** The field manager of a write (`fieldManager` or derived from the User-Agent). */
  fieldManager?: string;
  /** What to do with unknown fields; kube-apiserver's default is Warn. */
  fieldValidation?: FieldValidation;
  /** Collected `Warning` header texts. */
  warnings: string[];
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';
