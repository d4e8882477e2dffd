/**
 * Memoises a reader of an immutable object (snapshot objects never change once built): many rules
 * read the same scale targets and conditions of the same objects, and at 10,000 workloads
 * deriving them once matters.
 */
export function memoByObject<K extends object, V>(read: (obj: K) => V): (obj: K) => V {
  const cache = new WeakMap<K, { v: V }>();
  return (obj) => {
    const hit = cache.get(obj);
    if (hit) return hit.v;
    const v = read(obj);
    cache.set(obj, { v });
    return v;
  };
}
