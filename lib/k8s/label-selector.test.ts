import { describe, expect, it } from 'vitest';
import { formatLabelSelector, isNothing, labelSelectorRequirements, matchesLabels, parseLabelSelector, type LabelRequirement } from './label-selector';

const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function reqs(text: string): LabelRequirement[] {
  const r = parseLabelSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.requirements;
}

describe('parseLabelSelector', () => {
  // Good and bad strings of apimachinery labels/selector_test.go TestSelectorParse, plus printing.
  it.each([
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['', ''],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=', 'x='],
    ['x= ', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x>1,z<5', 'x>1,z<5'],
    ['z=c,a=b', 'a=b,z=c'], // sorted by key
    ['x==a', 'x==a'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['env in (prod, dev, prod)', 'env in (dev,prod)'],
    ['  app  =  web ,tier notin (cache)', 'app=web,tier notin (cache)'],
    ['value in (in,notin)', 'value in (in,notin)'], // keywords are values here
    ['example.com/app=web', 'example.com/app=web'],
    ['x in (,)', 'x in ()'],
  ])('%j parses and prints as %j', (input, printed) => {
    expect(formatLabelSelector(reqs(input))).toBe(printed);
  });

  it.each([
    ['x=a||y=b', "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + LABEL_VALUE],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['app: nginx', `unable to parse requirement: <nil>: Invalid value: "app:": ${NAME_PART}`],
    ['*bar', `unable to parse requirement: <nil>: Invalid value: "*bar": ${NAME_PART}`],
    ['app.kubernetes_io/name=x', "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    ['a/b/c=d', "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x ( a', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['x = (a)', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    // A negative bound parses as an integer but is not a valid label value: refused upstream too.
    ['z<-5', `unable to parse requirement: values[0][z]: Invalid value: "-5": ${LABEL_VALUE}`],
    ['x>1>2', "found '>', expected: ',' or 'end of string'"],
    [`x=${'v'.repeat(64)}`, `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    [`${'k'.repeat(64)}`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
  ])('%j is refused with the upstream text', (input, error) => {
    expect(parseLabelSelector(input)).toEqual({ ok: false, error });
  });

  it('keeps one requirement per term, values sorted and de-duplicated', () => {
    expect(reqs('b in (z,a,z),a')).toEqual([
      { key: 'a', operator: 'Exists', values: [] },
      { key: 'b', operator: 'In', values: ['a', 'z'] },
    ]);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', replicas: '5', weird: '0x5' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db,web)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['missing in (web)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['replicas>4', true],
    ['replicas>5', false],
    ['replicas<6,app=web', true],
    ['weird>1', false], // not an integer label: no match, no error
    ['missing<10', false],
    ['', true],
    ['app=web,tier=back', false],
  ])('%j on a web/front pod → %s', (sel, expected) => {
    expect(matchesLabels(reqs(sel), labels)).toBe(expected);
  });

  it('treats undefined labels as none', () => {
    expect(matchesLabels(reqs('!app'), undefined)).toBe(true);
    expect(matchesLabels(reqs('app'), undefined)).toBe(false);
  });

  it('does not see inherited properties as labels', () => {
    expect(matchesLabels(reqs('constructor'), {})).toBe(false);
  });
});

describe('labelSelectorRequirements (metav1.LabelSelectorAsSelector)', () => {
  it('nil selects nothing, {} selects everything', () => {
    for (const sel of [null, undefined]) {
      const r = labelSelectorRequirements(sel);
      expect(r.ok && isNothing(r.requirements)).toBe(true);
      expect(r.ok && matchesLabels(r.requirements, {})).toBe(false);
      expect(r.ok && formatLabelSelector(r.requirements)).toBe('');
    }
    expect(labelSelectorRequirements({})).toEqual({ ok: true, requirements: [] });
    expect(labelSelectorRequirements({ matchLabels: {}, matchExpressions: [] })).toEqual({ ok: true, requirements: [] });
  });

  it('combines matchLabels and matchExpressions, sorted by key', () => {
    const r = labelSelectorRequirements({
      matchLabels: { app: 'web', 'app.kubernetes.io/name': 'orders' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['cache', 'batch'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatLabelSelector(r.requirements)).toBe('app=web,app.kubernetes.io/name=orders,!canary,tier notin (batch,cache)');
    expect(matchesLabels(r.requirements, { app: 'web', 'app.kubernetes.io/name': 'orders', tier: 'front' })).toBe(true);
    expect(matchesLabels(r.requirements, { app: 'web', 'app.kubernetes.io/name': 'orders', canary: 'x' })).toBe(false);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'in', values: ['1'] }] }, '"in" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist'],
    [{ matchLabels: { '-a': 'b' } }, `key: Invalid value: "-a": ${NAME_PART}`],
    [{ matchLabels: { a: 'b c' } }, `values[0][a]: Invalid value: "b c": ${LABEL_VALUE}`],
    [{ matchLabels: { a: 1 } }, 'label selector values of "a" must be strings'],
    ['app=web', 'label selector must be an object'],
  ])('%j is refused', (sel, error) => {
    expect(labelSelectorRequirements(sel)).toEqual({ ok: false, error });
  });
});
