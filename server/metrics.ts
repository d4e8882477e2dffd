import 'server-only';
import { countBySeverity } from '@/lib/dto/findings';
import type { Gauge } from '@/lib/metrics';
import { RESOURCE_KINDS } from '@/lib/k8s/resources';
import { clusterCache, listContexts } from './cluster';
import { findingsOf } from './findings';

const STATES = ['synced', 'stale', 'pending', 'absent', 'forbidden', 'error'] as const;

/** What `/metrics` reports: the process, and per context the cache, its freshness and its findings. */
export function dashboardGauges(): Gauge[] {
  const mem = process.memoryUsage();
  const contexts = listContexts();
  const caches = contexts.contexts.length ? [clusterCache()] : [];
  const objects: Gauge = { name: 'scaleguard_cached_objects', help: 'Objects in the informer cache, per context and kind.', samples: [] };
  const state: Gauge = { name: 'scaleguard_kind_state', help: '1 for the state each kind cache is in (synced, stale, pending, absent, forbidden, error).', samples: [] };
  const findings: Gauge = { name: 'scaleguard_findings', help: 'Findings per context and severity.', samples: [] };
  const connected: Gauge = { name: 'scaleguard_cluster_connected', help: '1 when the API server of the context answers.', samples: [] };
  for (const cache of caches) {
    const s = cache.snapshot();
    connected.samples.push({ labels: { context: s.context }, value: s.connection.state === 'connected' ? 1 : 0 });
    for (const k of RESOURCE_KINDS) {
      objects.samples.push({ labels: { context: s.context, kind: k.id }, value: s.kinds[k.id].count });
      for (const st of STATES) state.samples.push({ labels: { context: s.context, kind: k.id, state: st }, value: s.kinds[k.id].state === st ? 1 : 0 });
    }
    for (const [severity, n] of Object.entries(countBySeverity(findingsOf(s)))) findings.samples.push({ labels: { context: s.context, severity }, value: n });
  }
  return [
    { name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes.', samples: [{ value: mem.rss }] },
    { name: 'nodejs_heap_size_used_bytes', help: 'V8 heap in use.', samples: [{ value: mem.heapUsed }] },
    { name: 'nodejs_heap_size_total_bytes', help: 'V8 heap reserved.', samples: [{ value: mem.heapTotal }] },
    { name: 'nodejs_external_memory_bytes', help: 'Memory of C++ objects bound to JavaScript (buffers).', samples: [{ value: mem.external }] },
    connected, objects, state, findings,
  ];
}
