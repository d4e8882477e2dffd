/**
 * The set of resources served right now: built-ins plus whatever the installed CRDs define. Lookups
 * by group/version/plural for routing, by kind for scenario loading and owner references, and by
 * group for discovery.
 */
import { BUILTIN_GROUP_ORDER, builtinResources } from './builtin';
import { gv, type ResourceInfo } from './types';

const key = (group: string, version: string, plural: string): string => `${group}/${version}/${plural}`;

/** Kube version priority: GA > beta > alpha, higher numbers first, then other strings alphabetically. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, Number(m[1]), m[3] ? Number(m[3]) : 0];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i]! - pa[i]!;
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface GroupInfo {
  name: string;
  /** Versions, preferred first. */
  versions: string[];
  preferredVersion: string;
}

export class Registry {
  private readonly byKey = new Map<string, ResourceInfo>();
  /** Called after resources are added or removed (discovery caches, store buckets). */
  onChange: (() => void) | undefined;

  constructor() {
    for (const r of builtinResources()) this.byKey.set(key(r.group, r.version, r.plural), r);
  }

  lookup(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.byKey.get(key(group, version, plural));
  }

  all(): ResourceInfo[] {
    return [...this.byKey.values()];
  }

  /** Adds or replaces resource versions (a CRD was established or changed). */
  add(infos: ResourceInfo[]): void {
    for (const r of infos) this.byKey.set(key(r.group, r.version, r.plural), r);
    this.onChange?.();
  }

  /** Removes every resource version a CRD defined. */
  removeCrd(crdName: string): ResourceInfo[] {
    const gone = this.all().filter((r) => r.crdName === crdName);
    for (const r of gone) this.byKey.delete(key(r.group, r.version, r.plural));
    if (gone.length) this.onChange?.();
    return gone;
  }

  /** The resource stored under `storage`, in its storage version. */
  forStorage(storage: string): ResourceInfo | undefined {
    for (const r of this.byKey.values()) if (r.storage === storage && gv(r) === r.storageVersion) return r;
    return undefined;
  }

  /** The resource serving `kind` in `apiVersion`, if any. */
  byKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    for (const r of this.byKey.values()) if (r.group === group && r.version === version && r.kind === kind && !r.createOnly) return r;
    return undefined;
  }

  /** Every served version of a group, by kind (for owner references naming another version). */
  byGroupKind(group: string, kind: string): ResourceInfo | undefined {
    const found = this.all().filter((r) => r.group === group && r.kind === kind);
    return found.find((r) => gv(r) === r.storageVersion) ?? found[0];
  }

  /** Groups for discovery: the core group first, then built-in groups in kube's order, then CRD groups by name. */
  groups(): GroupInfo[] {
    const versions = new Map<string, Set<string>>();
    const preferred = new Map<string, string>();
    for (const r of this.byKey.values()) {
      let set = versions.get(r.group);
      if (!set) versions.set(r.group, (set = new Set()));
      set.add(r.version);
      if (r.preferred && !r.crdName) preferred.set(r.group, r.version);
    }
    const names = [...versions.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    return names.map((name) => {
      const vs = [...versions.get(name)!].sort(compareKubeVersions);
      const pref = preferred.get(name) ?? vs[0]!;
      return { name, versions: [pref, ...vs.filter((x) => x !== pref)], preferredVersion: pref };
    });
  }

  /** Resources of one group version, in a stable order. */
  resourcesOf(group: string, version: string): ResourceInfo[] {
    return this.all().filter((r) => r.group === group && r.version === version);
  }
}

function rank(group: string): number {
  if (group === '') return -1;
  const i = BUILTIN_GROUP_ORDER.indexOf(group);
  return i < 0 ? 1000 : i;
}
