/**
 * Webhook emulation: stored Validating/MutatingWebhookConfigurations whose `clientConfig.service`
 * names an in-process backend registered with the simulator. Matching (rules, scope, namespace and
 * object selectors), failurePolicy, sideEffects on dry-run, denials and JSON-patch mutation follow
 * kube-apiserver's webhook admission (k8s.io/apiserver/pkg/admission/plugin/webhook).
 */
import { randomUUID } from 'node:crypto';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { labelSelectorRequirements, matchesLabels } from '@/lib/k8s/label-selector';
import { ApiError, errors } from '../api/errors';
import { clone, isJsonObject } from '../store/json';
import type { Store } from '../store/store';
import type { AdmissionPlugin, AdmissionRequest, AdmissionReviewRequest, AdmissionReviewResponse, WebhookBackend } from './types';

/** The in-process webhook servers, addressed like Services: `namespace/name`. */
export class WebhookBackends {
  private readonly backends = new Map<string, WebhookBackend>();
  private readonly down = new Set<string>();
  private allDown = false;

  /** Registers a backend for Service `namespace/name`; returns the unregister function. */
  register(namespace: string, name: string, handler: WebhookBackend): () => void {
    const key = `${namespace}/${name}`;
    this.backends.set(key, handler);
    return () => {
      if (this.backends.get(key) === handler) this.backends.delete(key);
    };
  }

  /** Marks a backend unreachable (connection refused) or reachable again. */
  setDown(namespace: string, name: string, down: boolean): void {
    if (down) this.down.add(`${namespace}/${name}`);
    else this.down.delete(`${namespace}/${name}`);
  }

  /** Marks every backend unreachable (scenario objects applied "while the webhooks were down"). */
  setAllDown(down: boolean): void {
    this.allDown = down;
  }

  resolve(namespace: string, name: string): WebhookBackend | 'missing' | 'down' {
    const key = `${namespace}/${name}`;
    if (this.allDown || this.down.has(key)) return 'down';
    return this.backends.get(key) ?? 'missing';
  }
}

const objs = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const WEBHOOK_CONFIG_GROUP = 'admissionregistration.k8s.io';

function ruleMatches(rule: JsonObject, req: AdmissionRequest): boolean {
  const r = req.resource;
  const ops = strs(rule.operations);
  if (!ops.includes('*') && !ops.includes(req.operation)) return false;
  const groups = strs(rule.apiGroups);
  if (!groups.includes('*') && !groups.includes(r.group)) return false;
  const versions = strs(rule.apiVersions);
  if (!versions.includes('*') && !versions.includes(r.version)) return false;
  const scope = typeof rule.scope === 'string' ? rule.scope : '*';
  if (scope === 'Namespaced' && !r.namespaced) return false;
  if (scope === 'Cluster' && r.namespaced) return false;
  const want = req.subresource ? `${r.plural}/${req.subresource}` : r.plural;
  return strs(rule.resources).some((res) => {
    if (res === '*') return !req.subresource;
    if (res === '*/*') return true;
    const [p, s] = res.split('/');
    if (p === '*') return s === req.subresource || (s === '*' && !!req.subresource);
    if (s === '*') return p === r.plural;
    return res === want;
  });
}

function selectorMatches(sel: unknown, labels: Record<string, string> | undefined): boolean {
  if (sel === undefined) return true;
  const r = labelSelectorRequirements(sel);
  return r.ok && matchesLabels(r.requirements, labels ?? {});
}

export function webhookMatches(hook: JsonObject, req: AdmissionRequest, store: Store): boolean {
  // kube-apiserver never sends webhook configurations themselves to webhooks.
  if (req.resource.group === WEBHOOK_CONFIG_GROUP) return false;
  if (!objs(hook.rules).some((rule) => ruleMatches(rule, req))) return false;
  const obj = req.object ?? req.oldObject;
  if (!selectorMatches(hook.objectSelector, req.object?.metadata.labels) && !selectorMatches(hook.objectSelector, req.oldObject?.metadata.labels)) return false;
  if (req.resource.namespaced) {
    const ns = store.get('/namespaces', undefined, req.namespace);
    return selectorMatches(hook.namespaceSelector, ns?.metadata.labels);
  }
  if (req.resource.group === '' && req.resource.plural === 'namespaces') return selectorMatches(hook.namespaceSelector, obj?.metadata.labels);
  return true;
}

function reviewRequest(req: AdmissionRequest): AdmissionReviewRequest {
  const r = req.resource;
  const kind = { group: r.group, version: r.version, kind: req.subresource === 'scale' ? 'Scale' : r.kind };
  const resource = { group: r.group, version: r.version, resource: r.plural };
  const out: AdmissionReviewRequest = {
    uid: randomUUID(), kind, resource, requestKind: kind, requestResource: resource,
    name: req.name, operation: req.operation,
    userInfo: { username: req.userInfo.username, groups: req.userInfo.groups },
    object: req.object ? clone(req.object) : null, oldObject: req.oldObject ? clone(req.oldObject) : null,
    dryRun: req.dryRun, options: req.options ?? null,
  };
  if (req.subresource) {
    out.subResource = req.subresource;
    out.requestSubResource = req.subresource;
  }
  if (r.namespaced) out.namespace = req.namespace;
  return out;
}

/** The text kube-apiserver puts after `failed calling webhook "x": ` for an unreachable service. */
function callFailure(hook: JsonObject, why: string): string {
  const svc = isJsonObject(hook.clientConfig) && isJsonObject(hook.clientConfig.service) ? hook.clientConfig.service : {};
  const url = `https://${String(svc.name)}.${String(svc.namespace)}.svc:${String(svc.port ?? 443)}${String(svc.path ?? '')}?timeout=${String(hook.timeoutSeconds ?? 10)}s`;
  return `failed calling webhook "${String(hook.name)}": failed to call webhook: Post "${url}": ${why}`;
}

/** `webhookerrors.ToStatusErr`: the webhook's code (at least 400) and reason, with the standard prefix. */
function denial(hookName: string, status: AdmissionReviewResponse['status']): ApiError {
  const deniedBy = `admission webhook "${hookName}" denied the request`;
  const code = status?.code !== undefined && status.code >= 400 ? status.code : 400;
  const message = status?.message ? `${deniedBy}: ${status.message}` : status?.reason ? `${deniedBy}: ${status.reason}` : `${deniedBy} without explanation`;
  return new ApiError(code, status?.reason ?? '', message);
}

async function call(hook: JsonObject, req: AdmissionRequest, backends: WebhookBackends): Promise<AdmissionReviewResponse | undefined> {
  const name = String(hook.name);
  const sideEffects = String(hook.sideEffects ?? 'Unknown');
  if (req.dryRun && sideEffects !== 'None' && sideEffects !== 'NoneOnDryRun') {
    throw errors.badRequest(`admission webhook "${name}" does not support dry run`);
  }
  const svc = isJsonObject(hook.clientConfig) && isJsonObject(hook.clientConfig.service) ? hook.clientConfig.service : undefined;
  let failure: string | undefined;
  let response: AdmissionReviewResponse | undefined;
  if (!svc) failure = callFailure(hook, 'only clientConfig.service is emulated by the simulator');
  else {
    const backend = backends.resolve(String(svc.namespace), String(svc.name));
    if (backend === 'missing') failure = callFailure(hook, `service "${String(svc.name)}" not found`);
    else if (backend === 'down') failure = callFailure(hook, 'dial tcp 10.96.0.10:443: connect: connection refused');
    else {
      try {
        response = await backend({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: reviewRequest(req) }, String(svc.path ?? '/'));
      } catch (e) {
        failure = callFailure(hook, e instanceof Error ? e.message : String(e));
      }
    }
  }
  if (failure !== undefined) {
    if (hook.failurePolicy === 'Ignore') return undefined;
    throw errors.internal(failure);
  }
  if (!response) return undefined;
  req.warnings.push(...(response.warnings ?? []));
  if (!response.allowed) throw denial(name, response.status);
  return response;
}

function configs(store: Store, storage: string): JsonObject[] {
  return store.list(storage).flatMap((c) => objs((c as unknown as JsonObject).webhooks));
}

/** The admission plug-in that calls stored webhooks: mutating ones first, then validating ones. */
export function webhookAdmission(store: Store, backends: WebhookBackends): AdmissionPlugin {
  return {
    name: 'Webhooks',
    async mutate(req) {
      let obj = req.object;
      for (const hook of configs(store, `${WEBHOOK_CONFIG_GROUP}/mutatingwebhookconfigurations`)) {
        if (!obj || !webhookMatches(hook, { ...req, object: obj }, store)) continue;
        const res = await call(hook, { ...req, object: obj }, backends);
        if (res?.patch) {
          try {
            const ops = JSON.parse(Buffer.from(res.patch, 'base64').toString('utf8')) as Operation[];
            obj = fastJsonPatch.applyPatch(clone(obj), ops, true, false).newDocument as KubeObject;
          } catch (e) {
            throw errors.internal(`failed calling webhook "${String(hook.name)}": JSON patch is invalid: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      }
      return obj;
    },
    async validate(req) {
      for (const hook of configs(store, `${WEBHOOK_CONFIG_GROUP}/validatingwebhookconfigurations`)) {
        if (webhookMatches(hook, req, store)) await call(hook, req, backends);
      }
    },
  };
}
