/**
 * Kubernetes `Status` errors. Every failure the simulator returns is one of these, with the code,
 * reason, message and details kube-apiserver would give (k8s.io/apimachinery/pkg/api/errors).
 */
import type { JsonObject } from '@/lib/k8s/object';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The JSON body of a failed request. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** Identifies the resource an error is about: `plural` plus `group` render as `deployments.apps`. */
export interface ErrResource {
  group: string;
  resource: string;
}

/** An error that becomes a `Status` response. */
export class ApiError extends Error {
  readonly status: StatusBody;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(code: number, reason: string, message: string, details?: StatusDetails, headers: Record<string, string> = {}) {
    super(message);
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
    if (details && Object.keys(details).length > 0) this.status.details = details;
    this.headers = headers;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason;
  }
}

/** `deployments.apps` or `pods`: how kube-apiserver names a resource in messages. */
export function qualifiedResource(r: ErrResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

function details(r: ErrResource, name: string): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (r.group) d.group = r.group;
  d.kind = r.resource;
  return d;
}

export const errors = {
  notFound(r: ErrResource, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, details(r, name));
  },
  alreadyExists(r: ErrResource, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, details(r, name));
  },
  conflict(r: ErrResource, name: string, why: string): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`, details(r, name));
  },
  /** The optimistic-concurrency failure of an update with a stale `resourceVersion`. */
  staleResourceVersion(r: ErrResource, name: string): ApiError {
    return errors.conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again');
  },
  forbidden(r: ErrResource, name: string, why: string): ApiError {
    const subject = name ? `${qualifiedResource(r)} "${name}"` : qualifiedResource(r);
    return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, details(r, name));
  },
  /** 422 with one cause per field error; `kind` is the Kind (`Deployment`), as NewInvalid uses it. */
  invalid(group: string, kind: string, name: string, causes: { type: string; field: string; message: string; detail?: string }[]): ApiError {
    const gk = group ? `${kind}.${group}` : kind;
    const texts = causes.map((c) => c.message);
    const summary = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
    const d: StatusDetails = { name, kind };
    if (group) d.group = group;
    d.causes = causes.map((c) => ({ reason: c.type, message: stripField(c.message, c.field), field: c.field }));
    return new ApiError(422, 'Invalid', `${gk} "${name}" is invalid: ${summary}`, d);
  },
  badRequest(message: string, causes?: StatusCause[]): ApiError {
    return new ApiError(400, 'BadRequest', message, causes ? { causes } : undefined);
  },
  unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  },
  methodNotAllowed(): ApiError {
    return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  },
  unsupportedMediaType(accepted: string[]): ApiError {
    return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  },
  expired(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  },
  gone(message: string): ApiError {
    return new ApiError(410, 'Gone', message);
  },
  internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
  /** A path or resource this server does not serve. */
  noResource(): ApiError {
    return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  },
  serviceUnavailable(message: string): ApiError {
    return new ApiError(503, 'ServiceUnavailable', message);
  },
  tooManyRequests(message: string): ApiError {
    return new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds: 1 }, { 'Retry-After': '1' });
  },
};

/** A cause's message repeats the field first (`spec.x: Invalid value…`); the cause carries it apart. */
function stripField(message: string, field: string): string {
  return field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/** Turns anything thrown into a Status; unexpected exceptions become 500s that still name the cause. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return errors.internal(msg);
}

/** A `Status` with `status: Success`, as DELETE of a collection or of a finalizer-free object may return. */
export function successStatus(d?: StatusDetails): JsonObject {
  const body: JsonObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  if (d) body.details = d as JsonObject;
  return body;
}
