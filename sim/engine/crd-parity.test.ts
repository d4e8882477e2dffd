import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { JsonObject } from '@/lib/k8s/object';
import { admitCustomResource, compileStructuralSchema, type StructuralSchema } from './structural-schema';

/** Our CRDs, and the upstream copies (`../shared/crds` from the repository root), by kind. */
const OURS = path.resolve(__dirname, '../crds');
const UPSTREAM = path.resolve(__dirname, '../../../shared/crds');

type Crd = JsonObject & { spec: { group: string; names: JsonObject & { kind: string }; scope: string; versions: (JsonObject & { name: string; served: boolean; storage: boolean; schema?: { openAPIV3Schema?: unknown } })[] } };

/**
 * Upstream Flagger's CRD continues multi-line single-quoted descriptions at the key's own
 * indentation: Go's YAML parser (kubectl) takes it, yaml@2 does not. Indent those continuation
 * lines two more spaces, which yields the same document as a lenient parser.
 */
function relaxQuotedContinuations(src: string): string {
  let open = false;
  const closes = (s: string) => s.replace(/''/g, '').includes("'");
  return src
    .split('\n')
    .map((line) => {
      if (open) {
        if (closes(line)) open = false;
        return `  ${line}`;
      }
      const m = /^\s*[^'"#\s][^'"#]*:\s+'(.*)$/.exec(line);
      if (m && !closes(m[1] ?? '')) open = true;
      return line;
    })
    .join('\n');
}

function load(dir: string, relax = false): Map<string, Crd> {
  const out = new Map<string, Crd>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const doc of parseAllDocuments(relax ? relaxQuotedContinuations(text) : text)) {
      expect(doc.errors).toEqual([]);
      const crd = doc.toJS({ maxAliasCount: -1 }) as Crd | null;
      if (crd?.kind === 'CustomResourceDefinition') out.set(crd.spec.names.kind, crd);
    }
  }
  return out;
}

function storedSchema(crd: Crd): StructuralSchema {
  const v = crd.spec.versions.find((x) => x.storage) ?? crd.spec.versions[0];
  const r = compileStructuralSchema(v?.schema?.openAPIV3Schema);
  if (!r.ok) throw new Error(`${crd.spec.names.kind}: ${r.errors.join('; ')}`);
  return r.schema;
}

/** What is compared of a printer column (descriptions and formats are documentation). */
const column = (c: unknown) => {
  const o = c as JsonObject;
  return { name: o.name, type: o.type, jsonPath: o.jsonPath, priority: o.priority ?? 0 };
};

const ours = load(OURS);
const corpus = parse(readFileSync(path.join(__dirname, '__fixtures__/crd-corpus.yaml'), 'utf8')) as { name: string; valid: boolean; object: JsonObject }[];

describe('our CRDs', () => {
  it('define the kinds scaleguard serves', () => {
    expect([...ours.keys()].sort()).toEqual(['AlertProvider', 'Canary', 'ClusterTriggerAuthentication', 'CronHorizontalPodAutoscaler', 'MetricTemplate', 'ScaledJob', 'ScaledObject', 'TriggerAuthentication', 'VerticalPodAutoscaler', 'VerticalPodAutoscalerCheckpoint']);
  });

  it.each([...ours.values()].flatMap((crd) => crd.spec.versions.map((v) => [`${crd.spec.names.kind} ${v.name}`, v] as const)))('%s has a structural schema', (_name, v) => {
    expect(compileStructuralSchema(v.schema?.openAPIV3Schema)).toMatchObject({ ok: true });
  });

  it('cover every kind of the corpus, which holds valid and invalid objects of each', () => {
    const kinds = new Set(corpus.map((c) => c.object.kind));
    for (const k of ['ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'Canary', 'VerticalPodAutoscaler', 'CronHorizontalPodAutoscaler']) {
      expect(kinds).toContain(k);
      expect(corpus.some((c) => c.object.kind === k && c.valid)).toBe(true);
      expect(corpus.some((c) => c.object.kind === k && !c.valid)).toBe(true);
    }
  });
});

describe.runIf(existsSync(UPSTREAM))('parity with the upstream CRDs', () => {
  const upstream = load(UPSTREAM, true);

  it('covers the same kinds', () => {
    expect([...ours.keys()].sort()).toEqual([...upstream.keys()].sort());
  });

  it.each([...upstream.keys()].sort())('%s: same group, names, scope, versions, subresources and columns', (kind) => {
    const [a, b] = [ours.get(kind) as Crd, upstream.get(kind) as Crd];
    expect(a.metadata).toMatchObject({ name: (b.metadata as JsonObject).name });
    expect(a.spec.group).toBe(b.spec.group);
    expect(a.spec.scope).toBe(b.spec.scope);
    expect(a.spec.names).toEqual(b.spec.names);
    const versions = (c: Crd) => c.spec.versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage, deprecated: v.deprecated ?? false, subresources: v.subresources ?? null, columns: ((v.additionalPrinterColumns as unknown[]) ?? []).map(column) }));
    expect(versions(a)).toEqual(versions(b));
  });

  it.each(corpus.map((c) => [`${c.object.kind}: ${c.name}`, c] as const))('%s', (_name, c) => {
    const kind = String(c.object.kind);
    const mine = admitCustomResource(storedSchema(ours.get(kind) as Crd), c.object);
    const theirs = admitCustomResource(storedSchema(upstream.get(kind) as Crd), c.object);
    expect(theirs.errors.length === 0).toBe(c.valid);
    expect(mine.errors.map((e) => e.message).sort()).toEqual(theirs.errors.map((e) => e.message).sort());
    expect(mine.warnings).toEqual([]);
    // Accepted objects come out pruned and defaulted the same way.
    if (c.valid) {
      expect(mine.unknownFields).toEqual(theirs.unknownFields);
      expect(mine.object).toEqual(theirs.object);
    }
  });
});
