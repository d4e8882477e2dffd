/**
 * The baseline of design §10: every kind listed with plain node:https and JSON.parse (chunked,
 * limit=500), in parallel, against the same server — what scaleguard's cold start is compared to.
 */
import https from 'node:https';
import { collectionPath, RESOURCE_KINDS } from '@/lib/k8s/resources';

function get(server: string, token: string, path: string): Promise<{ body: { items?: unknown[]; metadata?: { continue?: string } }; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, server), { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        try { resolve({ body: JSON.parse(buf.toString('utf8')), bytes: buf.length }); } catch (e) { reject(e); }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export async function plainListAll(server: string, token: string): Promise<{ objects: number; bytes: number }> {
  const perKind = await Promise.all(RESOURCE_KINDS.map(async (k) => {
    let objects = 0;
    let bytes = 0;
    let token_: string | undefined;
    do {
      const qs = new URLSearchParams({ limit: '500' });
      if (token_) qs.set('continue', token_);
      const r = await get(server, token, `${collectionPath(k)}?${qs}`);
      objects += r.body.items?.length ?? 0;
      bytes += r.bytes;
      token_ = r.body.metadata?.continue || undefined;
    } while (token_);
    return { objects, bytes };
  }));
  return perKind.reduce((a, b) => ({ objects: a.objects + b.objects, bytes: a.bytes + b.bytes }), { objects: 0, bytes: 0 });
}
