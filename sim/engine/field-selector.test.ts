import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from './field-selector';

describe('parseFieldSelector', () => {
  // Cases of apimachinery fields/selector_test.go (TestSelectorParse, TestEscapedRequirement …).
  it.each([
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['status.phase!=Running', [{ field: 'status.phase', operator: '!=', value: 'Running' }]],
    ['x=', [{ field: 'x', operator: '=', value: '' }]],
    ['x=a,,y=b', [{ field: 'x', operator: '=', value: 'a' }, { field: 'y', operator: '=', value: 'b' }]],
    // sorted by raw term
    ['z=1,a=2', [{ field: 'a', operator: '=', value: '2' }, { field: 'z', operator: '=', value: '1' }]],
    ['x=a\\,b', [{ field: 'x', operator: '=', value: 'a,b' }]],
    ['x=a\\=b\\\\', [{ field: 'x', operator: '=', value: 'a=b\\' }]],
    ['x=msg:\\=hi', [{ field: 'x', operator: '=', value: 'msg:=hi' }]],
    // the leftmost operator wins: `a!=b` is `!=`, `a=!b` is `=` with value `!b`
    ['a=!b', [{ field: 'a', operator: '=', value: '!b' }]],
    ['spec.nodeName= ', [{ field: 'spec.nodeName', operator: '=', value: ' ' }]],
  ])('%j', (input, requirements) => {
    expect(parseFieldSelector(input)).toEqual({ ok: true, requirements });
  });

  it.each([
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['x=a==b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name!==hldr', 'invalid field selector: unescaped character in value: 61'],
    ['x=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('%j is refused', (input, error) => {
    expect(parseFieldSelector(input)).toEqual({ ok: false, error });
  });
});

describe('matchesFields', () => {
  const fields = { 'metadata.name': 'web', 'metadata.namespace': 'shop', 'status.phase': 'Running' };
  it.each([
    ['metadata.name=web', true],
    ['metadata.name=db', false],
    ['metadata.name!=db,metadata.namespace=shop', true],
    ['status.phase!=Running', false],
    ['spec.nodeName=', true], // absent reads as ""
    ['spec.nodeName!=', false],
    ['', true],
  ])('%j → %s', (sel, expected) => {
    const r = parseFieldSelector(sel);
    expect(r.ok && matchesFields(r.requirements, fields)).toBe(expected);
  });
});
