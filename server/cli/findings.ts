import 'server-only';
/**
 * `npm run findings -- [--context C] [--namespace N] [--output table|json] [--fail-on critical|warning|info]`
 * Lists a cluster's findings from a terminal or a pipeline: connects with the kubeconfig like
 * kubectl, lists once, runs every rule, prints, and exits 1 when a finding is at or above
 * `--fail-on` (2 when the cluster cannot be read).
 */
import { parseArgs } from 'node:util';
import { findingsTable, reachesSeverity } from '@/lib/dto/findings-table';
import type { Severity } from '@/lib/rules/types';
import { ClusterCache } from '../cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from '../cluster/kubeconfig';
import { config } from '../config';
import { findingsFor } from '../findings';

const USAGE = 'usage: npm run findings -- [--context C] [--namespace N] [--output table|json] [--fail-on critical|warning|info]';

function fail(message: string, code = 2): never {
  process.stderr.write(`scaleguard findings: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let values: { context?: string; namespace?: string; output?: string; 'fail-on'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { context: { type: 'string' }, namespace: { type: 'string' }, output: { type: 'string' }, 'fail-on': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const output = values.output ?? 'table';
  if (output !== 'table' && output !== 'json') fail(`--output must be table or json\n${USAGE}`);
  const failOn = values['fail-on'] as Severity | undefined;
  if (failOn && !['critical', 'warning', 'info'].includes(failOn)) fail(`--fail-on must be critical, warning or info\n${USAGE}`);

  const loaded = loadKubeconfig(config().kubeconfig);
  if (!loaded.ok) fail(loaded.error);
  const context = values.context ?? loaded.current;
  const info = loaded.contexts.find((c) => c.name === context);
  if (!info) fail(`unknown context "${context}"; known: ${loaded.contexts.map((c) => c.name).join(', ')}`);
  const cache = new ClusterCache(context, kubeConfigForContext(loaded, context), info.server, undefined, { chunkSize: config().listChunkSize, discoveryIntervalMs: 3_600_000 });
  cache.start();
  await cache.whenSettled(60_000);
  const s = cache.snapshot();
  if (s.connection.state !== 'connected') fail(`cannot read context ${context}: ${s.connection.message ?? s.connection.state}`);
  const unreadable = Object.entries(s.kinds).filter(([, k]) => k.state === 'forbidden' || k.state === 'error');
  for (const [id, k] of unreadable) process.stderr.write(`scaleguard findings: warning: ${id} not read (${k.state}: ${k.message ?? ''}); findings about them may be missing\n`);

  const result = await findingsFor(cache, { namespace: values.namespace });
  cache.stop();
  process.stdout.write(output === 'json' ? `${JSON.stringify({ items: result.items, generatedAt: result.generatedAt }, null, 2)}\n` : `${findingsTable(result.items)}\n`);
  process.exit(failOn && reachesSeverity(result.items, failOn) ? 1 : 0);
}

void main();
