/**
 * The admission plug-in contract: what a mutating or validating step sees of a write, in the
 * served version the client used. Plug-ins deny by throwing an {@link ApiError}.
 */
import type { KubeObject } from '@/lib/k8s/object';
import type { UserInfo } from '../auth/user';
import type { ResourceInfo } from '../registry/types';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: AdmissionOperation;
  resource: ResourceInfo;
  /** `''` for the main resource, else `status`, `scale`, … */
  subresource: string;
  namespace: string;
  name: string;
  /** The new object (absent for DELETE). */
  object?: KubeObject;
  /** The stored object before the write (UPDATE, DELETE). */
  oldObject?: KubeObject;
  userInfo: UserInfo;
  dryRun: boolean;
  /** CreateOptions / UpdateOptions / DeleteOptions / PatchOptions of the request. */
  options?: Record<string, unknown>;
  /** Warnings for the response (`Warning` headers), appended by plug-ins. */
  warnings: string[];
}

export interface AdmissionPlugin {
  name: string;
  /** May return a replacement object (CREATE/UPDATE only). */
  mutate?(req: AdmissionRequest): KubeObject | void | Promise<KubeObject | void>;
  /** Throws to deny. */
  validate?(req: AdmissionRequest): void | Promise<void>;
}

/** The admission.k8s.io/v1 AdmissionReview `request` a webhook backend receives. */
export interface AdmissionReviewRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind: { group: string; version: string; kind: string };
  requestResource: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name: string;
  namespace?: string;
  operation: AdmissionOperation;
  userInfo: { username: string; groups: string[]; uid?: string };
  object: KubeObject | null;
  oldObject: KubeObject | null;
  dryRun: boolean;
  options: Record<string, unknown> | null;
}

/** The AdmissionReview `response` a backend returns (uid is filled in for it when missing). */
export interface AdmissionReviewResponse {
  uid?: string;
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string; status?: string };
  /** base64 of a JSON Patch (RFC 6902) against the request object; mutating webhooks only. */
  patch?: string;
  patchType?: 'JSONPatch';
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** An in-process webhook server: receives the AdmissionReview, answers with its response. */
export type WebhookBackend = (review: { apiVersion: 'admission.k8s.io/v1'; kind: 'AdmissionReview'; request: AdmissionReviewRequest }, path: string) => AdmissionReviewResponse | Promise<AdmissionReviewResponse>;
