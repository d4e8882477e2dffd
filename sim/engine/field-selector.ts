/**
 * Field selectors (`?fieldSelector=metadata.name=x,status.phase!=Running`), as apimachinery
 * `fields.ParseSelector`: terms split on unescaped commas, operators `!=`, `==`, `=` (first match
 * from the left), values unescaped (`\\`, `\,`, `\=`), error texts as upstream. Which field labels a
 * resource supports (`field label not supported: …`) is the server's business, not this parser's.
 */

/** One ANDed term; `==` is folded into `=` as upstream does. */
export type FieldRequirement = { field: string; operator: '=' | '!='; value: string };
export type FieldSelectorResult = { ok: true; requirements: FieldRequirement[] } | { ok: false; error: string };

/** Splits on commas that are not escaped; the backslashes stay for {@link unescapeValue}. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

function splitTerm(term: string): { lhs: string; op: '=' | '!='; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op: op === '!=' ? '!=' : '=', rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** `fields.UnescapeValue`; note upstream prints an unescaped rune with `%v`, i.e. as its number. */
function unescapeValue(s: string): { value: string } | { error: string } {
  if (!/[\\,=]/.test(s)) return { value: s };
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') return { error: `invalid field selector: invalid escape sequence: \\${c}` };
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') return { error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    else out += c;
  }
  if (inSlash) return { error: 'invalid field selector: invalid escape sequence: \\' };
  return { value: out };
}

/**
 * Parses a field selector. Terms come back sorted by their raw text (upstream sorts the terms before
 * parsing, so the first error reported is that of the smallest term). `""` → no requirements.
 */
export function parseFieldSelector(text: string): FieldSelectorResult {
  const parts = splitTerms(text).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    const v = unescapeValue(t.rhs);
    if ('error' in v) return { ok: false, error: v.error };
    requirements.push({ field: t.lhs, operator: t.op, value: v.value });
  }
  return { ok: true, requirements };
}

/** True when every term holds; a field absent from `fields` reads as `""`, as `fields.Set.Get`. */
export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  return reqs.every((r) => {
    const v = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}
