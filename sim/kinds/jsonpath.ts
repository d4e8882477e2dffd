/**
 * The JSONPath subset CRD `additionalPrinterColumns` use (k8s.io/client-go/util/jsonpath, without
 * braces): `.a.b`, `.a\.b` (escaped dot), `['a.b']`, `[n]`, `[*]`, `.*` and filters
 * `[?(@.type=="Ready")]` with `==`/`!=` against a string or number, or `[?(@.x)]` for presence.
 */

type Step =
  | { t: 'field'; name: string }
  | { t: 'index'; i: number }
  | { t: 'all' }
  | { t: 'filter'; path: string[]; op: '==' | '!=' | 'exists'; value?: string | number };

/** Parses a path, or returns an error text for an expression outside the subset. */
export function parseJsonPath(expr: string): Step[] | { error: string } {
  const s = expr.trim().replace(/^\{(.*)\}$/, '$1');
  const steps: Step[] = [];
  let i = s.startsWith('$') ? 1 : 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      if (s[i] === '*') {
        steps.push({ t: 'all' });
        i++;
        continue;
      }
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) {
          name += s[i + 1];
          i += 2;
        } else name += s[i++];
      }
      if (!name) return { error: `invalid path ${expr}` };
      steps.push({ t: 'field', name });
    } else if (c === '[') {
      const end = findClose(s, i);
      if (end < 0) return { error: `unterminated [ in ${expr}` };
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ t: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ t: 'index', i: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ t: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) {
        const f = /^@((?:\.[A-Za-z0-9_\\.-]+)+)\s*(?:(==|!=)\s*(.+))?$/.exec(inner.slice(2, -1).trim());
        if (!f) return { error: `unsupported filter ${inner}` };
        const path = f[1]!.slice(1).split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
        if (!f[2]) steps.push({ t: 'filter', path, op: 'exists' });
        else {
          const raw = f[3]!.trim();
          const value = /^".*"$|^'.*'$/.test(raw) ? raw.slice(1, -1) : Number(raw);
          if (typeof value === 'number' && Number.isNaN(value)) return { error: `unsupported filter value ${raw}` };
          steps.push({ t: 'filter', path, op: f[2] as '==' | '!=', value });
        }
      } else return { error: `unsupported subscript [${inner}]` };
    } else return { error: `unexpected ${c} in ${expr}` };
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function child(v: unknown, name: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
}

/** Every value the path selects, in document order; missing branches contribute nothing. */
export function evaluateJsonPath(steps: Step[], root: unknown): unknown[] {
  let cur: unknown[] = [root];
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (st.t === 'field') {
        const c = child(v, st.name);
        if (c !== undefined) next.push(c);
      } else if (st.t === 'index') {
        if (Array.isArray(v)) {
          const c = v[st.i < 0 ? v.length + st.i : st.i];
          if (c !== undefined) next.push(c);
        }
      } else if (st.t === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === 'object' && v !== null) next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        for (const item of v) {
          let x: unknown = item;
          for (const p of st.path) x = child(x, p);
          if (st.op === 'exists' ? x !== undefined : st.op === '==' ? x === st.value : x !== undefined && x !== st.value) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}
