/**
 * authorization.k8s.io/v1 reviews: SelfSubjectAccessReview, SubjectAccessReview,
 * LocalSubjectAccessReview and SelfSubjectRulesReview (`kubectl auth can-i`, `--list`).
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { errors } from '../api/errors';
import { isJsonObject } from '../store/json';
import type { Attributes, Authorizer } from './authorizer';
import type { UserInfo } from './user';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function attributesOf(spec: JsonObject): Attributes {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (isJsonObject(ra)) {
    const a: Attributes = { verb: str(ra.verb), apiGroup: str(ra.group), resource: str(ra.resource) };
    if (ra.subresource) a.subresource = str(ra.subresource);
    if (ra.namespace) a.namespace = str(ra.namespace);
    if (ra.name) a.name = str(ra.name);
    return a;
  }
  if (isJsonObject(nra)) return { verb: str(nra.verb), path: str(nra.path) };
  throw errors.invalid('authorization.k8s.io', 'SelfSubjectAccessReview', '', [{ type: 'FieldValueRequired', field: 'spec.resourceAttributes', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified', message: 'spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified' }]);
}

function answer(body: JsonObject, allowed: boolean, reason: string): KubeObject {
  const status: JsonObject = { allowed };
  if (reason) status.reason = reason;
  const meta = isJsonObject(body.metadata) ? body.metadata : {};
  return { ...(body as unknown as KubeObject), metadata: { ...meta, creationTimestamp: undefined }, status };
}

/** Handles a create of one of the review kinds; `requester` is the authenticated caller. */
export function review(kind: string, namespace: string, body: unknown, requester: UserInfo, authz: Authorizer): KubeObject {
  if (!isJsonObject(body)) throw errors.badRequest('the body of the request was not a JSON object');
  const spec = isJsonObject(body.spec) ? body.spec : {};
  if (kind === 'SelfSubjectRulesReview') {
    const ns = str(spec.namespace);
    const r = authz.rules(requester, ns);
    return { ...(body as unknown as KubeObject), metadata: { creationTimestamp: undefined }, status: { resourceRules: r.resourceRules, nonResourceRules: r.nonResourceRules, incomplete: r.incomplete } };
  }
  const attrs = attributesOf(spec);
  let subject = requester;
  if (kind === 'SubjectAccessReview' || kind === 'LocalSubjectAccessReview') {
    subject = { username: str(spec.user), groups: Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [] };
    if (kind === 'LocalSubjectAccessReview' && 'resource' in attrs) {
      if (attrs.namespace && attrs.namespace !== namespace) throw errors.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
      attrs.namespace = namespace;
    }
  }
  const d = authz.authorize(subject, attrs);
  const reason = d.allowed && subject.groups.includes('system:masters') ? '' : d.reason;
  return answer(body, d.allowed, reason);
}
