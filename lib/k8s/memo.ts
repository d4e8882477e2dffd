/**
 * Memoises a reader of an immutable object (snapshot objects never change once built): many rules
 * read the same scale targets and conditions of the same objects, and at 10,000 workloads
 * deriving them once matters. The value lives in a non-enumerable symbol slot on the object (a
 * property read is much cheaper than a WeakMap lookup, and JSON never sees it); frozen objects
 * (the simulator's store) fall back to a WeakMap.
 */
export function memoByObject<K extends object, V>(read: (obj: K) => V): (obj: K) => V {
  const slot = Symbol('memo');
  const frozen = new WeakMap<K, { v: V }>();
  return (obj) => {
    const own = (obj as Record<symbol, { v: V } | undefined>)[slot];
    if (own) return own.v;
    const hit = frozen.get(obj);
    if (hit) return hit.v;
    const box = { v: read(obj) };
    if (Object.isExtensible(obj)) Object.defineProperty(obj, slot, { value: box, enumerable: false });
    else frozen.set(obj, box);
    return box.v;
  };
}
