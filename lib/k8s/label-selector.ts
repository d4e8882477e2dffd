/**
 * Kubernetes label selectors: the string grammar of `?labelSelector=` / `kubectl -l`, the
 * structured `metav1.LabelSelector`, matching and printing. Modelled on apimachinery
 * `pkg/labels/selector.go` and `metav1.LabelSelectorAsSelector`, error texts included, because
 * kubectl shows the server's text verbatim.
 */

export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'DoubleEquals' | 'NotEquals' | 'Gt' | 'Lt';
/** One ANDed term of a selector. `values` is sorted and de-duplicated for In/NotIn, as upstream. */
export type LabelRequirement = { key: string; operator: LabelOperator; values: string[] };
export type SelectorResult = { ok: true; requirements: LabelRequirement[] } | { ok: false; error: string };

/**
 * The requirement list that stands for `labels.Nothing()` (a nil `metav1.LabelSelector`): `In` with
 * no values can never match, and no parsed selector produces it (`x in ()` means `x in ("")`).
 */
export const NOTHING: readonly LabelRequirement[] = Object.freeze([{ key: '', operator: 'In', values: [] }]);

/** True when `reqs` is the {@link NOTHING} selector. */
export function isNothing(reqs: readonly LabelRequirement[]): boolean {
  return reqs.some((r) => r.operator === 'In' && r.values.length === 0);
}

// ---- validation texts of k8s.io/apimachinery/pkg/util/validation -------------------------------

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUB_FMT = `${DNS_LABEL_FMT}(\\.${DNS_LABEL_FMT})*`;
const DNS_SUB_RE = new RegExp(`^${DNS_SUB_FMT}$`);
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

// Upstream appends "', " after every example and joins with " or ", hence the double space.
const regexError = (msg: string, fmt: string, ...examples: string[]): string => `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
const DNS_SUB_MSG = regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS_SUB_FMT, 'example.com');

/** `validation.IsQualifiedName`: a label/annotation key. Returns the upstream error strings. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = value;
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
    if (prefix.length && !DNS_SUB_RE.test(prefix)) errs.push(`prefix part ${DNS_SUB_MSG}`);
  } else {
    return [`a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** `validation.IsValidLabelValue`. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(`a valid label must be an empty string or consist of ${QNAME_MSG.slice('must consist of '.length)}`, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Go's `%#v` of a `[]string`, as `field.Invalid` prints a bad values slice. */
const goStringSlice = (vals: string[]): string => `[]string{${vals.map((v) => JSON.stringify(v)).join(', ')}}`;

/** `errors.NewAggregate(...).Error()`: one message alone, several de-duplicated in brackets. */
function aggregate(msgs: string[]): string {
  const uniq = [...new Set(msgs)];
  return uniq.length === 1 ? (uniq[0] ?? '') : `[${uniq.join(', ')}]`;
}

/** `strconv.ParseInt(s, 10, 64)` succeeds. */
const isGoInt64 = (s: string): boolean => /^[+-]?\d+$/.test(s) && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n;

/** `labels.NewRequirement` with an empty path: returns the requirement or the aggregated error. */
function newRequirement(key: string, operator: LabelOperator, values: string[]): { req: LabelRequirement } | { error: string } {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  const bad = (why: string) => errs.push(`values: Invalid value: ${goStringSlice(values)}: ${why}`);
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) bad("for 'in', 'notin' operators, values set can't be empty");
  if ((operator === 'Equals' || operator === 'DoubleEquals' || operator === 'NotEquals') && values.length !== 1) bad('exact-match compatibility requires one single value');
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0) bad('values set must be empty for exists and does not exist');
  if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) bad("for 'Gt', 'Lt' operators, exactly one value is required");
    values.forEach((v, i) => {
      if (!isGoInt64(v)) errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  values.forEach((v, i) => {
    const vErrs = labelValueErrors(v);
    if (vErrs.length) errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${vErrs.join('; ')}`);
  });
  return errs.length ? { error: aggregate(errs) } : { req: { key, operator, values } };
}

// ---- the string grammar ------------------------------------------------------------------------

type Tok = { t: 'id' | 'eos' | 'comma' | 'lpar' | 'rpar' | 'not' | 'eq' | 'deq' | 'neq' | 'gt' | 'lt' | 'in' | 'notin'; lit: string };
const SYMBOLS: Record<string, Tok['t']> = { ')': 'rpar', ',': 'comma', '!': 'not', '==': 'deq', '=': 'eq', '>': 'gt', '<': 'lt', '!=': 'neq', '(': 'lpar' };
const isSpecial = (c: string) => '=!(),><'.includes(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** The upstream lexer: special symbols greedily (`!=`, `==`), anything else up to a symbol or blank. */
function lexSelector(text: string): Tok[] {
  const s = text.split('\0')[0] ?? ''; // the Go lexer reads a NUL byte as end of input
  const out: Tok[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isSpace(s[i] ?? '')) i++;
    if (i >= s.length) break;
    if (isSpecial(s[i] ?? '')) {
      // Every single special character is a token, so this always yields one (no ErrorToken).
      const two = s.slice(i, i + 2);
      const lit = SYMBOLS[two] ? two : (s[i] ?? '');
      out.push({ t: SYMBOLS[lit] ?? 'eos', lit });
      i += lit.length;
      continue;
    }
    let j = i;
    while (j < s.length && !isSpecial(s[j] ?? '') && !isSpace(s[j] ?? '')) j++;
    const lit = s.slice(i, j);
    out.push({ t: lit === 'in' ? 'in' : lit === 'notin' ? 'notin' : 'id', lit });
    i = j;
  }
  out.push({ t: 'eos', lit: '' });
  return out;
}

/**
 * Parses the string form (`a=b,c!=d,e in (x,y),f notin (z),g,!h,x>1`) exactly as `labels.Parse`:
 * same grammar, same error texts (`unable to parse requirement: …`, `found ',', expected: …`),
 * requirements sorted by key, set values sorted and de-duplicated. `""` parses to no requirement
 * (matches everything).
 */
export function parseLabelSelector(text: string): SelectorResult {
  const toks = lexSelector(text);
  let pos = 0;
  // In a value position the keywords `in`/`notin` are plain identifiers (upstream ParserContext).
  const look = (values: boolean, at = pos): Tok => {
    const t = toks[at] ?? { t: 'eos', lit: '' };
    return values && (t.t === 'in' || t.t === 'notin') ? { t: 'id', lit: t.lit } : t;
  };
  const take = (values: boolean): Tok => (pos++, look(values, pos - 1));

  const parseRequirement = (): { req: LabelRequirement } | { error: string } => {
    let t = take(true);
    let op: LabelOperator | undefined;
    if (t.t === 'not') [op, t] = ['DoesNotExist', take(true)];
    if (t.t !== 'id') return { error: `found '${t.lit}', expected: identifier` };
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) return { error: `<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}` };
    // `!key` ends the requirement whatever follows (so `!x=a` fails at the `=`), as upstream.
    if (op === 'DoesNotExist' || look(true).t === 'eos' || look(true).t === 'comma') return newRequirement(key, op ?? 'Exists', []);
    const opTok = take(false);
    const opByTok: Partial<Record<Tok['t'], LabelOperator>> = { in: 'In', eq: 'Equals', deq: 'DoubleEquals', gt: 'Gt', lt: 'Lt', notin: 'NotIn', neq: 'NotEquals' };
    const operator = opByTok[opTok.t];
    if (!operator) return { error: `found '${opTok.lit}', expected: in, notin, =, ==, !=, gt, lt` };
    let values: Set<string>;
    if (operator === 'In' || operator === 'NotIn') {
      const r = parseValues();
      if ('error' in r) return r;
      values = r.values;
    } else {
      const v = look(true);
      if (v.t === 'eos' || v.t === 'comma') values = new Set(['']);
      else {
        const id = take(true);
        if (id.t !== 'id') return { error: `found '${id.lit}', expected: identifier` };
        values = new Set([id.lit]);
      }
    }
    return newRequirement(key, operator, [...values].sort(compareGo));
  };

  const parseValues = (): { values: Set<string> } | { error: string } => {
    const open = take(true);
    if (open.t !== 'lpar') return { error: `found '${open.lit}' expected: '('` };
    const first = look(true);
    if (first.t === 'rpar') return (pos++, { values: new Set(['']) });
    if (first.t !== 'id' && first.t !== 'comma') return { error: `found '${first.lit}', expected: ',', ')' or identifier` };
    const s = new Set<string>();
    for (;;) {
      const t = take(true);
      if (t.t === 'id') {
        s.add(t.lit);
        const n = look(true);
        if (n.t === 'comma') continue;
        if (n.t === 'rpar') break;
        return { error: `found '${n.lit}', expected: ',' or ')'` };
      } else if (t.t === 'comma') {
        if (s.size === 0) s.add('');
        const n = look(true);
        if (n.t === 'rpar' || n.t === 'comma') s.add(''); // `,)` and `,,` hold an empty value
        if (n.t === 'rpar') break;
        if (n.t === 'comma') pos++;
      } else return { error: `found '${t.lit}', expected: ',', or identifier` };
    }
    // Upstream reports the literal it looked at before the list, not the offending one.
    if (take(true).t !== 'rpar') return { error: `found '${first.lit}', expected: ')'` };
    return { values: s };
  };

  const reqs: LabelRequirement[] = [];
  for (;;) {
    const t = look(true);
    if (t.t === 'eos') break;
    if (t.t !== 'id' && t.t !== 'not') return { ok: false, error: `found '${t.lit}', expected: !, identifier, or 'end of string'` };
    const r = parseRequirement();
    if ('error' in r) return { ok: false, error: `unable to parse requirement: ${r.error}` };
    reqs.push(r.req);
    const sep = take(true);
    if (sep.t === 'eos') break;
    if (sep.t !== 'comma') return { ok: false, error: `found '${sep.lit}', expected: ',' or 'end of string'` };
    const n = look(true);
    if (n.t !== 'id' && n.t !== 'not') return { ok: false, error: `found '${n.lit}', expected: identifier after ','` };
  }
  return { ok: true, requirements: sortByKey(reqs) };
}

/** Go's string order (sort.Strings); JS `<` compares UTF-16 units, the same for valid (ASCII) keys. */
const compareGo = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Stable sort by key, as `Selector.Add` sorts (insertion sort for the small lists selectors are). */
const sortByKey = (reqs: LabelRequirement[]): LabelRequirement[] => reqs.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => compareGo(a.key, b.key) || i - j).map(([r]) => r);

// ---- metav1.LabelSelector ---------------------------------------------------------------------

/**
 * `metav1.LabelSelectorAsSelector`: `null`/`undefined` → {@link NOTHING} (matches no object, as a
 * nil selector upstream), `{}` → no requirements (matches everything); otherwise matchLabels as
 * `Equals` plus matchExpressions (`In`, `NotIn`, `Exists`, `DoesNotExist` only; any other operator
 * → `"Foo" is not a valid label selector operator`), sorted by key.
 */
export function labelSelectorRequirements(sel: unknown): SelectorResult {
  if (sel === null || sel === undefined) return { ok: true, requirements: [...NOTHING] };
  if (!isObj(sel)) return { ok: false, error: 'label selector must be an object' };
  const [ml, me] = [sel.matchLabels ?? {}, sel.matchExpressions ?? []];
  if (!isObj(ml) || !Array.isArray(me)) return { ok: false, error: 'matchLabels must be an object and matchExpressions a list' };
  // Go would refuse malformed shapes while decoding; say so plainly instead of guessing.
  const terms: [string, unknown, unknown][] = Object.entries(ml).map(([k, v]) => [k, 'Equals', [v]]);
  for (const e of me) terms.push(isObj(e) ? [typeof e.key === 'string' ? e.key : '', e.operator, e.values ?? []] : ['', undefined, []]);
  const ops: Record<string, LabelOperator> = { Equals: 'Equals', In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };
  const reqs: LabelRequirement[] = [];
  for (const [i, [key, rawOp, vals]] of terms.entries()) {
    // 'Equals' is only reachable from matchLabels: it is not a metav1 expression operator.
    const op = typeof rawOp === 'string' && Object.hasOwn(ops, rawOp) && (rawOp !== 'Equals' || i < Object.keys(ml).length) ? ops[rawOp] : undefined;
    if (!op) return { ok: false, error: `${JSON.stringify(typeof rawOp === 'string' ? rawOp : '')} is not a valid label selector operator` };
    if (!Array.isArray(vals) || !vals.every((v) => typeof v === 'string')) return { ok: false, error: `label selector values of ${JSON.stringify(key)} must be strings` };
    const r = newRequirement(key, op, vals);
    if ('error' in r) return { ok: false, error: r.error };
    reqs.push(r.req);
  }
  return { ok: true, requirements: sortByKey(reqs) };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when every requirement holds for `labels` (`undefined` = no labels), as `Requirement.Matches`. */
export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const ls = labels ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(ls, k);
  return reqs.every((r) => {
    const v = has(r.key) ? ls[r.key] : undefined;
    if (r.operator === 'In' || r.operator === 'Equals' || r.operator === 'DoubleEquals') return v !== undefined && r.values.includes(v);
    if (r.operator === 'NotIn' || r.operator === 'NotEquals') return v === undefined || !r.values.includes(v);
    if (r.operator === 'Exists') return v !== undefined;
    if (r.operator === 'DoesNotExist') return v === undefined;
    if (r.operator !== 'Gt' && r.operator !== 'Lt') return false;
    const want = r.values[0] ?? '';
    if (v === undefined || r.values.length !== 1 || !isGoInt64(v) || !isGoInt64(want)) return false;
    return r.operator === 'Gt' ? BigInt(v) > BigInt(want) : BigInt(v) < BigInt(want);
  });
}

/**
 * Prints requirements as `Selector.String()` does (requirements sorted by key, set values sorted):
 * `a=b,c!=d,e in (x,y),!h`. {@link NOTHING} and no requirements both print `""`, as upstream.
 * Used for the Scale subresource's `status.selector`.
 */
export function formatLabelSelector(reqs: LabelRequirement[]): string {
  if (isNothing(reqs)) return '';
  const sym: Record<LabelOperator, string> = { Equals: '=', DoubleEquals: '==', NotEquals: '!=', In: ' in ', NotIn: ' notin ', Gt: '>', Lt: '<', Exists: '', DoesNotExist: '' };
  return sortByKey(reqs)
    .map((r) => {
      if (r.operator === 'Exists') return r.key;
      if (r.operator === 'DoesNotExist') return `!${r.key}`;
      const vals = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort(compareGo).join(',');
      return r.operator === 'In' || r.operator === 'NotIn' ? `${r.key}${sym[r.operator]}(${vals})` : `${r.key}${sym[r.operator]}${vals}`;
    })
    .join(',');
}
