import { describe, expect, it } from 'vitest';
import { exampleMigrations } from './__examples__/examples';
import { browseQueryString, browseRows, countByStatus, namespacesOf, parseBrowseQuery } from './browse';

const rows = exampleMigrations.items;

describe('migration browser filter', () => {
  it('reads only known statuses from the URL', () => {
    expect(parseBrowseQuery({ status: 'in-progress', namespace: 'shop' })).toEqual({ status: 'in-progress', namespace: 'shop' });
    expect(parseBrowseQuery({ status: 'bogus', namespace: '' })).toEqual({});
    expect(parseBrowseQuery({ status: ['done', 'failed'] })).toEqual({});
  });

  it('writes the same query back', () => {
    expect(browseQueryString({ status: 'rolled-back', namespace: 'shop' })).toBe('?status=rolled-back&namespace=shop');
    expect(browseQueryString({})).toBe('');
  });

  it('filters by namespace and status and puts what needs attention first', () => {
    expect(browseRows(rows, { namespace: 'shop' }).map((r) => `${r.status} ${r.target.name}`)).toEqual(['ready catalog', 'done inventory', 'rolled-back sessions']);
    expect(browseRows(rows, { status: 'in-progress' }).map((r) => r.target.name)).toEqual(['podinfo']);
    expect(browseRows(rows, {})[0]!.status).toBe('in-progress');
  });

  it('counts per status within the namespace', () => {
    expect(countByStatus(rows, 'shop')).toMatchObject({ ready: 1, done: 1, 'rolled-back': 1, 'in-progress': 0 });
    expect(Object.values(countByStatus(rows)).reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(namespacesOf(rows)).toEqual(['delivery', 'ml', 'shop', 'streaming']);
  });
});
