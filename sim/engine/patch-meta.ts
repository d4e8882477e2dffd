/**
 * How each part of an object merges, for strategic merge patch (SMP) and server-side apply (SSA).
 *
 * Built-in kinds take it from the Go struct tags of k8s.io/api v1.32 (`patchStrategy`,
 * `patchMergeKey`, `+listType`, `+listMapKey`, `+structType`/`+mapType=atomic`); custom resources from
 * their CRD schema (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).
 * Anything not described merges as upstream does for undescribed fields: maps and structs field by
 * field, lists replaced by SMP and atomic for SSA.
 */
import type { JsonObject } from '@/lib/k8s/object';
import { builtinRoot, builtinZero, OBJECT_META, STATUS_SUBRESOURCE_KINDS } from './patch-meta-builtin';

/** How one list merges. SMP and SSA are described separately because upstream tags them separately. */
export interface ListMeta {
  /** SMP `patchStrategy`: `merge` merges by {@link mergeKey} (or as a set of scalars without one). */
  smp: 'merge' | 'replace';
  /** SMP `patchMergeKey`; absent for scalar lists merged as sets. */
  mergeKey?: string;
  /** SMP `retainKeys` on the list's elements (PodSpec.volumes, resourceClaims). */
  retainKeys?: boolean;
  /** SSA list type. */
  ssa: 'atomic' | 'set' | 'map';
  /** SSA list-map keys, in declaration order. */
  keys?: string[];
  /** Defaults of key fields (`protocol: TCP`), used when an item omits a key, as structured-merge-diff does. */
  keyDefaults?: Record<string, string | number | boolean>;
}

/** One node of the merge description. */
export interface MetaNode {
  /** Known fields of a struct. */
  fields?: Record<string, MetaNode>;
  /** The element of a map with free keys (`labels`, `additionalProperties`). */
  values?: MetaNode;
  /** Present when this node is a list; `items` describes its elements. */
  list?: ListMeta;
  items?: MetaNode;
  /** SSA: the whole struct/map is one value (`+structType=atomic`, `+mapType=atomic`). */
  atomic?: boolean;
  /** SMP `patchStrategy:"replace"` on a struct field (never used by the kinds we serve, kept for completeness). */
  replace?: boolean;
  /** SMP `patchStrategy:"retainKeys"` on a struct field (Deployment.spec.strategy); client-side only. */
  retainKeys?: boolean;
  /** `x-kubernetes-preserve-unknown-fields`: undeclared children are schemaless ("deduced" for SSA). */
  preserveUnknown?: boolean;
}

/** The merge description of one kind; treat as opaque outside `sim/engine`. */
export interface PatchMeta {
  readonly root: MetaNode;
  /** False for custom resources: kube-apiserver refuses strategic merge patches on them (415). */
  readonly strategic: boolean;
  /** Whether `status` is a subresource, so main-resource writes neither change nor own it. */
  readonly statusSubresource: boolean;
  /**
   * The kind's zero value as Go serializes it (non-pointer structs as `{}`, non-omitempty lists as
   * `null`): the "before" of a create, which decides where managedFields carry `.` markers.
   */
  readonly zero?: JsonObject;
}

/** The node for field `name` under `node` (a struct field, or a map's element). */
export function metaChild(node: MetaNode | undefined, name: string): MetaNode | undefined {
  if (!node) return undefined;
  return (node.fields && Object.hasOwn(node.fields, name) ? node.fields[name] : undefined) ?? node.values;
}

/** The `metadata` description shared by every kind, custom resources included. */
export function objectMetaNode(): MetaNode {
  return OBJECT_META;
}

/**
 * The merge description of a built-in kind (group `''` for core). Kinds we do not describe get
 * metadata only (ownerReferences by uid, finalizers as a set), which is right for their metadata and
 * upstream's default for the rest.
 */
export function builtinPatchMeta(group: string, kind: string): PatchMeta {
  const root = builtinRoot(group, kind);
  return { root: withMetadata(root ?? {}), strategic: true, statusSubresource: STATUS_SUBRESOURCE_KINDS.has(`${group}/${kind}`), zero: builtinZero(group, kind) };
}

function withMetadata(root: MetaNode): MetaNode {
  return { ...root, fields: { ...root.fields, metadata: OBJECT_META } };
}

/**
 * The merge description of a custom resource from its `openAPIV3Schema`: lists by
 * `x-kubernetes-list-type` (default atomic) and `x-kubernetes-list-map-keys` (with key `default`s),
 * maps atomic under `x-kubernetes-map-type: atomic`. Strategic merge is off, as upstream.
 * `statusSubresource` says whether the CRD version declares `subresources.status`.
 */
export function patchMetaFromSchema(openAPIV3Schema: unknown, options: { statusSubresource?: boolean } = {}): PatchMeta {
  const root = schemaNode(openAPIV3Schema, 0);
  return { root: withMetadata(root), strategic: false, statusSubresource: options.statusSubresource ?? false };
}

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaNode(s: unknown, depth: number): MetaNode {
  // Schemas are trees, but a hostile one could be deep: stop describing past a sane depth.
  if (!isRec(s) || depth > 64) return {};
  const node: MetaNode = {};
  if (s['x-kubernetes-map-type'] === 'atomic') node.atomic = true;
  if (s['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknown = true;
  if (isRec(s.properties)) {
    node.fields = {};
    for (const [k, v] of Object.entries(s.properties)) node.fields[k] = schemaNode(v, depth + 1);
  }
  if (isRec(s.additionalProperties)) node.values = schemaNode(s.additionalProperties, depth + 1);
  if (s.type === 'array') {
    const items = schemaNode(s.items, depth + 1);
    const lt = s['x-kubernetes-list-type'];
    const ssa = lt === 'set' || lt === 'map' ? lt : 'atomic';
    const list: ListMeta = { smp: 'replace', ssa };
    if (ssa === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
      list.keys = s['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string');
      const props = isRec(s.items) && isRec(s.items.properties) ? s.items.properties : {};
      for (const k of list.keys) {
        const d = isRec(props[k]) ? props[k].default : undefined;
        if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') (list.keyDefaults ??= {})[k] = d;
      }
    }
    node.list = list;
    node.items = items;
  }
  return node;
}

/** One list of a description, flattened: handy to check tables and to emit OpenAPI extensions. */
export interface ListDescription {
  path: string;
  list: ListMeta;
}

/**
 * Every list the description knows, with its path (`spec.template.spec.containers[].ports`).
 * The server can turn these into `x-kubernetes-patch-strategy`/`-merge-key`/`-list-type` extensions
 * of the OpenAPI it serves, so that kubectl computes the same patches as against kube-apiserver.
 */
export function describeLists(meta: PatchMeta): ListDescription[] {
  const out: ListDescription[] = [];
  const walk = (node: MetaNode, path: string, seen: Set<MetaNode>) => {
    if (seen.has(node)) return;
    const inner = new Set(seen).add(node);
    if (node.list) out.push({ path, list: node.list });
    if (node.items) walk(node.items, `${path}[]`, inner);
    for (const [k, v] of Object.entries(node.fields ?? {})) walk(v, path ? `${path}.${k}` : k, inner);
    if (node.values) walk(node.values, `${path}.*`, inner);
  };
  walk(meta.root, '', new Set());
  return out;
}
