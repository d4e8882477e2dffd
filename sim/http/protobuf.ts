/**
 * Just enough of Kubernetes' protobuf encoding to read the request bodies kubectl's typed clients
 * send for authorization reviews (`kubectl auth can-i`, `--list`): the `k8s\0` + runtime.Unknown
 * envelope and the review messages (field numbers from k8s.io/api/authorization/v1/generated.proto).
 * Other protobuf bodies are refused with 415 by the caller.
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
