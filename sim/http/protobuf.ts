/**
 * Just enough of Kubernetes' protobuf encoding to read the request bodies kubectl's typed clients
 * send for authorization reviews (`kubectl auth can-i`, `--list`) and the simple kinds of
 * `kubectl create namespace|configmap|secret|serviceaccount`: the `k8s\0` + runtime.Unknown envelope
 * and those messages (field numbers of k8s.io/api generated.proto). Decoding is strict: a field we
 * do not know with a non-empty value means "unsupported", and the caller answers 415 rather than
 * store a half-read object.
 */
import type { JsonObject } from '@/lib/k8s/object';

type Field = { no: number; wire: number; value: bigint | Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ no, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      out.push({ no, wire, value: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const bytesOf = (fs: Field[], no: number): Buffer | undefined => fs.find((f) => f.no === no && f.wire === 2)?.value as Buffer | undefined;
const strOf = (fs: Field[], no: number): string | undefined => bytesOf(fs, no)?.toString('utf8');
const strsOf = (fs: Field[], no: number): string[] => fs.filter((f) => f.no === no && f.wire === 2).map((f) => (f.value as Buffer).toString('utf8'));

function strings(fs: Field[], names: Record<number, string>): JsonObject {
  const o: JsonObject = {};
  for (const [no, name] of Object.entries(names)) {
    const v = strOf(fs, Number(no));
    if (v !== undefined && v !== '') o[name] = v;
  }
  return o;
}

function attributes(spec: Fields): JsonObject {
  const out: JsonObject = {};
  const ra = bytesOf(spec, 1);
  const nra = bytesOf(spec, 2);
  if (ra) out.resourceAttributes = strings(fields(ra), { 1: 'namespace', 2: 'verb', 3: 'group', 4: 'version', 5: 'resource', 6: 'subresource', 7: 'name' });
  if (nra) out.nonResourceAttributes = strings(fields(nra), { 1: 'path', 2: 'verb' });
  return out;
}
type Fields = Field[];

class Unsupported extends Error {}

function mapOf(fs: Field[], no: number, bytes: 'utf8' | 'base64'): JsonObject | undefined {
  const entries = fs.filter((f) => f.no === no && f.wire === 2);
  if (!entries.length) return undefined;
  const out: JsonObject = {};
  for (const e of entries) {
    const kv = fields(e.value as Buffer);
    out[strOf(kv, 1) ?? ''] = (bytesOf(kv, 2) ?? Buffer.alloc(0)).toString(bytes);
  }
  return out;
}

const isEmptyField = (f: Field): boolean => (f.wire === 0 ? f.value === 0n : (f.value as Buffer).length === 0);

/** Refuses any non-empty field outside `known` (server-owned ones listed in `ignored` are dropped). */
function strict(fs: Field[], known: number[], ignored: number[] = []): void {
  for (const f of fs) if (!known.includes(f.no) && !ignored.includes(f.no) && !isEmptyField(f)) throw new Unsupported(`field ${f.no}`);
}

/** ObjectMeta: name 1, generateName 2, namespace 3, labels 11, annotations 12, finalizers 14. */
function objectMeta(buf: Buffer | undefined): JsonObject {
  const fs = fields(buf ?? Buffer.alloc(0));
  strict(fs, [1, 2, 3, 11, 12, 14], [4, 5, 6, 7, 8, 9, 10]);
  const m = strings(fs, { 1: 'name', 2: 'generateName', 3: 'namespace' });
  const labels = mapOf(fs, 11, 'utf8');
  if (labels) m.labels = labels;
  const annotations = mapOf(fs, 12, 'utf8');
  if (annotations) m.annotations = annotations;
  const finalizers = strsOf(fs, 14);
  if (finalizers.length) m.finalizers = finalizers;
  return m;
}

function boolOf(fs: Field[], no: number): boolean | undefined {
  const f = fs.find((x) => x.no === no && x.wire === 0);
  return f ? f.value !== 0n : undefined;
}

/** core/v1 Namespace, ConfigMap, Secret, ServiceAccount. */
function decodeCore(kind: string, raw: Field[]): JsonObject | undefined {
  const base: JsonObject = { apiVersion: 'v1', kind, metadata: objectMeta(bytesOf(raw, 1)) };
  switch (kind) {
    case 'Namespace': {
      strict(raw, [1, 2], [3]);
      const spec = fields(bytesOf(raw, 2) ?? Buffer.alloc(0));
      strict(spec, [1]);
      const fins = strsOf(spec, 1);
      if (fins.length) base.spec = { finalizers: fins };
      return base;
    }
    case 'ConfigMap': {
      strict(raw, [1, 2, 3, 4]);
      const data = mapOf(raw, 2, 'utf8');
      if (data) base.data = data;
      const bin = mapOf(raw, 3, 'base64');
      if (bin) base.binaryData = bin;
      const immutable = boolOf(raw, 4);
      if (immutable !== undefined) base.immutable = immutable;
      return base;
    }
    case 'Secret': {
      strict(raw, [1, 2, 3, 4, 5]);
      const data = mapOf(raw, 2, 'base64');
      if (data) base.data = data;
      const stringData = mapOf(raw, 4, 'utf8');
      if (stringData) base.stringData = stringData;
      const type = strOf(raw, 3);
      if (type) base.type = type;
      const immutable = boolOf(raw, 5);
      if (immutable !== undefined) base.immutable = immutable;
      return base;
    }
    case 'ServiceAccount': {
      strict(raw, [1, 4]);
      const automount = boolOf(raw, 4);
      if (automount !== undefined) base.automountServiceAccountToken = automount;
      return base;
    }
    default:
      return undefined;
  }
}

/** Decodes a supported protobuf body to its JSON form; `undefined` when we cannot read it faithfully. */
export function decodeProtobuf(body: Buffer): JsonObject | undefined {
  if (!isKubeProtobuf(body)) return undefined;
  try {
    const review = decodeReview(body);
    if (review) return review;
    const unknown = fields(body.subarray(4));
    const typeMeta = fields(bytesOf(unknown, 1) ?? Buffer.alloc(0));
    if (strOf(typeMeta, 1) !== 'v1') return undefined;
    return decodeCore(strOf(typeMeta, 2) ?? '', fields(bytesOf(unknown, 2) ?? Buffer.alloc(0)));
  } catch {
    return undefined;
  }
}

/** True for a body in kube's protobuf envelope. */
export function isKubeProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body[0] === 0x6b && body[1] === 0x38 && body[2] === 0x73 && body[3] === 0;
}

/** Decodes a review object from protobuf to its JSON form, or `undefined` for any other kind. */
export function decodeReview(body: Buffer): JsonObject | undefined {
  const unknown = fields(body.subarray(4));
  const typeMeta = fields(bytesOf(unknown, 1) ?? Buffer.alloc(0));
  const apiVersion = strOf(typeMeta, 1) ?? '';
  const kind = strOf(typeMeta, 2) ?? '';
  const raw = fields(bytesOf(unknown, 2) ?? Buffer.alloc(0));
  if (apiVersion !== 'authorization.k8s.io/v1') return undefined;
  const meta = fields(bytesOf(raw, 1) ?? Buffer.alloc(0));
  const metadata = strings(meta, { 1: 'name', 3: 'namespace' });
  const spec = fields(bytesOf(raw, 2) ?? Buffer.alloc(0));
  switch (kind) {
    case 'SelfSubjectAccessReview':
      return { apiVersion, kind, metadata, spec: attributes(spec) };
    case 'SubjectAccessReview':
    case 'LocalSubjectAccessReview': {
      const s = attributes(spec);
      const user = strOf(spec, 3);
      if (user) s.user = user;
      const groups = strsOf(spec, 4);
      if (groups.length) s.groups = groups;
      const uid = strOf(spec, 6);
      if (uid) s.uid = uid;
      return { apiVersion, kind, metadata, spec: s };
    }
    case 'SelfSubjectRulesReview':
      return { apiVersion, kind, metadata, spec: strings(spec, { 1: 'namespace' }) };
    default:
      return undefined;
  }
}
