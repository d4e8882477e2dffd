/**
 * Flagger's spec hash (`status.lastAppliedSpec`, `lastPromotedSpec`): FNV-32a of the pod template
 * spelled out deterministically, printed in decimal and passed through apimachinery's
 * `rand.SafeEncodeString` (pkg/canary/util.go `computeHash`). The bytes hashed are our stable JSON,
 * not Go's spew output, so values differ from a real Flagger's while changing exactly when it would.
 */

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** apimachinery `rand.SafeEncodeString`: each character mapped into a vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

export function computeHash(value: unknown): string {
  return safeEncodeString(String(fnv32a(stableJson(value))));
}

/** Stable JSON of any value (key order independent), exported for checksums elsewhere. */
export { stableJson };
