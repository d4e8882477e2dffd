/**
 * RBAC authorization as kube-apiserver's RBAC authorizer decides it (`plugin/pkg/auth/authorizer/rbac`
 * and `pkg/registry/rbac/validation`): ClusterRoleBindings first, then RoleBindings of the request's
 * namespace; the first rule that allows wins and is named in the reason. ClusterRoles with an
 * `aggregationRule` get their rules computed here, as the aggregation controller would store them.
 * `system:masters` is allowed everything, as the privileged-group authorizer in front of RBAC does.
 */
import { labelSelectorRequirements, matchesLabels } from '@/lib/k8s/label-selector';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { jsonEqual } from './json';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
}
export interface ResourceAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}
export interface NonResourceAttributes {
  verb: string;
  path: string;
}
export interface RbacState {
  roles: KubeObject[];
  clusterRoles: KubeObject[];
  roleBindings: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

/** A PolicyRule read defensively from untrusted objects. */
interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}
interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function rulesOf(obj: KubeObject | undefined): Rule[] {
  return (Array.isArray(obj?.rules) ? obj.rules : []).map((r) => {
    const o = rec(r);
    return { verbs: strs(o.verbs), apiGroups: strs(o.apiGroups), resources: strs(o.resources), resourceNames: strs(o.resourceNames), nonResourceURLs: strs(o.nonResourceURLs) };
  });
}

const byName = (a: KubeObject, b: KubeObject) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0);

/**
 * The rules a ClusterRole grants: its own, or for an aggregated role the de-duplicated rules of every
 * other ClusterRole its selectors match (sorted by name, transitively), as the aggregation
 * controller writes them.
 */
export function effectiveClusterRoleRules(name: string, rbac: RbacState, seen: Set<string> = new Set()): JsonObject[] {
  const role = rbac.clusterRoles.find((r) => r.metadata?.name === name);
  return aggregated(role, rbac, seen).map((r) => {
    const out: JsonObject = { verbs: r.verbs };
    if (r.apiGroups.length) out.apiGroups = r.apiGroups;
    if (r.resources.length) out.resources = r.resources;
    if (r.resourceNames.length) out.resourceNames = r.resourceNames;
    if (r.nonResourceURLs.length) out.nonResourceURLs = r.nonResourceURLs;
    return out;
  });
}

function aggregated(role: KubeObject | undefined, rbac: RbacState, seen: Set<string>): Rule[] {
  const agg = rec(role?.aggregationRule);
  if (!role || !Array.isArray(agg.clusterRoleSelectors)) return rulesOf(role);
  const name = role.metadata?.name ?? '';
  if (seen.has(name)) return rulesOf(role); // a cycle: fall back to what is stored
  const inner = new Set(seen).add(name);
  const matched = new Map<string, KubeObject>();
  for (const sel of agg.clusterRoleSelectors) {
    // Selectors are values upstream, so an empty one selects every ClusterRole.
    const reqs = labelSelectorRequirements(sel ?? {});
    if (!reqs.ok) continue;
    for (const cr of rbac.clusterRoles) if (matchesLabels(reqs.requirements, cr.metadata?.labels)) matched.set(cr.metadata?.name ?? '', cr);
  }
  const out: Rule[] = [];
  for (const cr of [...matched.values()].sort(byName)) {
    if (cr.metadata?.name === name) continue;
    for (const r of aggregated(cr, rbac, inner)) if (!out.some((x) => jsonEqual(x, r))) out.push(r);
  }
  return out;
}

/** `appliesTo`: the first subject of the binding matching the user. */
function matchingSubject(user: UserInfo, subjects: unknown, namespace: string): Subject | undefined {
  for (const raw of Array.isArray(subjects) ? subjects : []) {
    const s = rec(raw);
    const subject: Subject = { kind: String(s.kind ?? ''), name: String(s.name ?? ''), namespace: typeof s.namespace === 'string' ? s.namespace : undefined };
    if (subject.kind === 'User' && user.username === subject.name) return subject;
    if (subject.kind === 'Group' && user.groups.includes(subject.name)) return subject;
    if (subject.kind === 'ServiceAccount') {
      // A ServiceAccount without namespace means the binding's namespace (none for cluster bindings).
      const ns = subject.namespace || namespace;
      if (ns && user.username === `system:serviceaccount:${ns}:${subject.name}`) return subject;
    }
  }
  return undefined;
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

type Visitor = (source: string | undefined, rule: Rule | undefined, err: string | undefined) => boolean;

/** `VisitRulesFor`: every rule that applies to the user in `namespace`, with its source description. */
function visitRulesFor(user: UserInfo, namespace: string, rbac: RbacState, visit: Visitor): void {
  const resolve = (roleRef: unknown, ns: string): Rule[] | string => {
    const ref = rec(roleRef);
    const name = String(ref.name ?? '');
    if (ref.kind === 'ClusterRole') {
      const cr = rbac.clusterRoles.find((r) => r.metadata?.name === name);
      return cr ? aggregated(cr, rbac, new Set()) : `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`;
    }
    if (ref.kind === 'Role') {
      const r = rbac.roles.find((x) => x.metadata?.name === name && x.metadata?.namespace === ns);
      return r ? rulesOf(r) : `role.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`;
    }
    return `unsupported role reference kind: ${JSON.stringify(String(ref.kind ?? ''))}`;
  };
  const run = (bindings: KubeObject[], ns: string, describe: (b: KubeObject, s: Subject) => string): boolean => {
    for (const b of [...bindings].sort(byName)) {
      const subject = matchingSubject(user, b.subjects, ns);
      if (!subject) continue;
      const rules = resolve(b.roleRef, ns);
      if (typeof rules === 'string') {
        if (!visit(undefined, undefined, rules)) return false;
        continue;
      }
      for (const r of rules) if (!visit(describe(b, subject), r, undefined)) return false;
    }
    return true;
  };
  const refDesc = (b: KubeObject) => `${String(rec(b.roleRef).kind ?? '')} ${JSON.stringify(String(rec(b.roleRef).name ?? ''))}`;
  const goOn = run(rbac.clusterRoleBindings, '', (b, s) => `ClusterRoleBinding ${JSON.stringify(b.metadata?.name ?? '')} of ${refDesc(b)} to ${describeSubject(s, '')}`);
  if (!goOn || !namespace) return;
  const inNs = rbac.roleBindings.filter((b) => b.metadata?.namespace === namespace);
  run(inNs, namespace, (b, s) => `RoleBinding ${JSON.stringify(`${b.metadata?.name ?? ''}/${namespace}`)} of ${refDesc(b)} to ${describeSubject(s, namespace)}`);
}

const isNonResource = (a: ResourceAttributes | NonResourceAttributes): a is NonResourceAttributes => 'path' in a && typeof a.path === 'string';
const anyOf = (list: string[], want: string, all: string) => list.some((x) => x === all || x === want);

/** `RuleAllows`: verbs, groups, resources (incl. the `*` + `/sub` form), resourceNames, or non-resource URLs. */
export function ruleAllows(attrs: ResourceAttributes | NonResourceAttributes, r: Rule): boolean {
  if (!anyOf(r.verbs, attrs.verb, '*')) return false;
  if (isNonResource(attrs)) {
    return r.nonResourceURLs.some((u) => u === '*' || u === attrs.path || (u.endsWith('*') && attrs.path.startsWith(u.replace(/\*+$/, ''))));
  }
  const sub = attrs.subresource ?? '';
  const combined = sub ? `${attrs.resource}/${sub}` : attrs.resource;
  const resourceOk = r.resources.some((x) => x === '*' || x === combined || (sub !== '' && x.length === sub.length + 2 && x.startsWith('*/') && x.endsWith(sub)));
  const nameOk = r.resourceNames.length === 0 || r.resourceNames.includes(attrs.name ?? '');
  return anyOf(r.apiGroups, attrs.apiGroup, '*') && resourceOk && nameOk;
}

/**
 * Decides a request. The reason reads like upstream's: `RBAC: allowed by ClusterRoleBinding "x" of
 * ClusterRole "y" to User "z"` when allowed; when denied, empty or `RBAC: <errors>` (e.g. a binding
 * to a missing role), which the server appends to its Forbidden message (see {@link forbiddenMessage}).
 */
export function authorize(user: UserInfo, attrs: ResourceAttributes | NonResourceAttributes, rbac: RbacState): { allowed: boolean; reason: string } {
  if (user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  const namespace = isNonResource(attrs) ? '' : (attrs.namespace ?? '');
  let allowedBy: string | undefined;
  const errors: string[] = [];
  visitRulesFor(user, namespace, rbac, (source, r, err) => {
    if (r && ruleAllows(attrs, r)) {
      allowedBy = source;
      return false;
    }
    if (err) errors.push(err);
    return true;
  });
  if (allowedBy !== undefined) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
  const uniq = [...new Set(errors)];
  const agg = uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
  return { allowed: false, reason: uniq.length ? `RBAC: ${agg}` : '' };
}

/**
 * What `SelfSubjectRulesReview` reports for the user in `namespace` (cluster-wide rules included),
 * in upstream's order and shape; `evaluationError` carries the resolution errors, as upstream.
 */
export function rulesReview(user: UserInfo, namespace: string, rbac: RbacState): { resourceRules: JsonObject[]; nonResourceRules: JsonObject[]; incomplete: boolean; evaluationError?: string } {
  const resourceRules: JsonObject[] = [];
  const nonResourceRules: JsonObject[] = [];
  const errors: string[] = [];
  visitRulesFor(user, namespace, rbac, (_source, r, err) => {
    if (err) errors.push(err);
    if (!r) return true;
    if (r.resources.length) {
      const rr: JsonObject = { verbs: r.verbs };
      if (r.apiGroups.length) rr.apiGroups = r.apiGroups;
      rr.resources = r.resources;
      if (r.resourceNames.length) rr.resourceNames = r.resourceNames;
      resourceRules.push(rr);
    }
    if (r.nonResourceURLs.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    return true;
  });
  const out: { resourceRules: JsonObject[]; nonResourceRules: JsonObject[]; incomplete: boolean; evaluationError?: string } = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length) out.evaluationError = errors.length === 1 ? (errors[0] ?? '') : `[${[...new Set(errors)].join(', ')}]`;
  return out;
}

export { forbiddenMessage, impersonatedUser } from './rbac-messages';
