import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@/lib/k8s/object';
import { RESOURCE_KINDS, type ResourceId } from '@/lib/k8s/resources';
import { Snapshot, type Connection, type KindSync } from '@/lib/snapshot';
import { AccessChecker } from '../auth/access';
import { discover } from './discovery';
import { toApiError } from './informer';
import { Informer } from './informer';

export interface ClusterCacheOptions {
  chunkSize: number;
  discoveryIntervalMs: number;
  now?: () => Date;
  /** Coalesces bursts of watch events into one snapshot notification. */
  notifyDelayMs?: number;
}

type Listener = (version: number) => void;

const RETRY_WHEN_UNREACHABLE_MS = [1000, 2000, 4000, 8000];

/**
 * Everything scaleguard knows about one cluster context: an informer per served kind, discovery
 * (which add-on CRDs are installed, re-checked periodically), the server version and whether the
 * server can be reached. Readers take an immutable `Snapshot`; subscribers hear about new versions.
 * Page views read this cache and never cause API requests.
 */
export class ClusterCache {
  private informers = new Map<ResourceId, Informer>();
  private absent = new Set<ResourceId>();
  private connection: Connection;
  private serverVersion: string | undefined;
  private version = 0;
  private current: Snapshot | undefined;
  private listeners = new Set<Listener>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private discoveryTimer: NodeJS.Timeout | undefined;
  private unreachableStreak = 0;
  private stopped = false;
  private discoveredOnce = false;
  private readonly now: () => Date;
  /** What the context's user may do, asked of the API server (cached). */
  readonly access: AccessChecker;

  constructor(
    readonly context: string,
    private readonly kc: KubeConfig | undefined,
    private readonly server: string | undefined,
    configError: string | undefined,
    private readonly opts: ClusterCacheOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.access = new AccessChecker(kc);
    this.connection = configError
      ? { state: 'misconfigured', message: configError, since: this.now().toISOString() }
      : { state: 'connecting', since: this.now().toISOString() };
  }

  start(): void {
    if (this.kc) void this.runDiscovery();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.discoveryTimer);
    clearTimeout(this.notifyTimer);
    for (const inf of this.informers.values()) inf.stop();
    this.informers.clear();
    this.listeners.clear();
  }

  /** The current snapshot; rebuilt only after something changed. */
  snapshot(): Snapshot {
    this.current ??= this.build();
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once discovery answered (or failed) and every informer finished its first list attempt. */
  async whenSettled(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.settled()) await new Promise((r) => setTimeout(r, 50));
  }

  private settled(): boolean {
    if (this.connection.state === 'misconfigured') return true;
    if (!this.discoveredOnce) return false;
    return [...this.informers.values()].every((i) => i.status().state !== 'pending');
  }

  private async runDiscovery(): Promise<void> {
    if (this.stopped || !this.kc) return;
    let nextMs = this.opts.discoveryIntervalMs;
    try {
      const result = await discover(this.kc);
      if (this.stopped) return;
      this.serverVersion = result.serverVersion ?? this.serverVersion;
      this.reconcileInformers(result.served);
      this.setReachable(true);
      this.unreachableStreak = 0;
    } catch (err) {
      const error = toApiError(err);
      if (error.unreachable) {
        this.setReachable(false, error.message);
        nextMs = RETRY_WHEN_UNREACHABLE_MS[Math.min(this.unreachableStreak++, RETRY_WHEN_UNREACHABLE_MS.length - 1)]!;
      } else {
        this.connection = { state: 'connected', since: this.connection.since, message: `discovery failed: ${error.message}` };
      }
    }
    this.discoveredOnce = true;
    this.changed();
    this.discoveryTimer = setTimeout(() => void this.runDiscovery(), nextMs);
  }

  private reconcileInformers(served: Set<ResourceId>): void {
    for (const kind of RESOURCE_KINDS) {
      const running = this.informers.get(kind.id);
      if (served.has(kind.id)) {
        this.absent.delete(kind.id);
        if (running) continue;
        const inf = new Informer(this.kc!, kind, {
          chunkSize: this.opts.chunkSize,
          now: this.now,
          onChange: () => this.changed(),
          onReachability: (ok, message) => this.setReachable(ok, message),
        });
        this.informers.set(kind.id, inf);
        inf.start();
      } else {
        running?.stop();
        this.informers.delete(kind.id);
        this.absent.add(kind.id);
      }
    }
  }

  private setReachable(reachable: boolean, message?: string): void {
    const state = reachable ? 'connected' : 'unreachable';
    if (this.connection.state === state && this.connection.message === message) return;
    const since = this.connection.state === state ? this.connection.since : this.now().toISOString();
    this.connection = { state, since, ...(message ? { message } : {}) };
    if (!reachable) {
      // Discovery retries fast while the server is away so recovery shows quickly.
      clearTimeout(this.discoveryTimer);
      this.discoveryTimer = setTimeout(() => void this.runDiscovery(), RETRY_WHEN_UNREACHABLE_MS[0]);
    }
    this.changed();
  }

  private changed(): void {
    this.current = undefined;
    if (this.notifyTimer || this.stopped) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      const version = this.snapshot().version;
      for (const l of this.listeners) l(version);
    }, this.opts.notifyDelayMs ?? 100);
  }

  private build(): Snapshot {
    const base = Snapshot.empty(this.context, this.now().toISOString(), this.connection);
    const kinds = {} as Record<ResourceId, KindSync>;
    const objects = {} as Record<ResourceId, readonly KubeObject[]>;
    for (const k of RESOURCE_KINDS) {
      const inf = this.informers.get(k.id);
      if (inf) {
        kinds[k.id] = inf.status();
        objects[k.id] = inf.objects();
      } else {
        kinds[k.id] = this.absent.has(k.id) ? { state: 'absent', count: 0 } : pendingState(this.connection);
        objects[k.id] = [];
      }
    }
    return { ...base, version: ++this.version, cluster: { server: this.server, version: this.serverVersion }, kinds, objects };
  }
}

function pendingState(connection: Connection): KindSync {
  return connection.state === 'connecting' ? { state: 'pending', count: 0 } : { state: 'error', count: 0, message: connection.message };
}
