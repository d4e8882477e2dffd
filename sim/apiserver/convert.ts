/** Moves objects between the stored version and the version a request was made in. */
import type { KubeObject } from '@/lib/k8s/object';
import { clone } from '../store/json';
import { gv, type ResourceInfo } from '../registry/types';

/** The object as the requested version serves it; may be the frozen stored object itself. */
export function fromStorage(res: ResourceInfo, stored: KubeObject): KubeObject {
  if (res.convert) return res.convert.fromStorage(stored);
  const v = gv(res);
  return stored.apiVersion === v ? stored : { ...stored, apiVersion: v };
}

/** A mutable copy in the storage version of an object written in the request's version. */
export function toStorage(res: ResourceInfo, obj: KubeObject, stored?: KubeObject): KubeObject {
  if (res.convert) return res.convert.toStorage(obj, stored);
  const out = clone(obj);
  out.apiVersion = res.storageVersion;
  return out;
}

/** A mutable copy in the request version. */
export function viewCopy(res: ResourceInfo, stored: KubeObject): KubeObject {
  return clone(fromStorage(res, stored));
}
