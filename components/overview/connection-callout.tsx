import type { OverviewDto } from '@/lib/dto/overview';
import { Callout } from '../ui/callout';
import { RelativeTime } from '../ui/relative-time';

/** Says plainly when the view of the cluster is not live, and why. Renders nothing when all is well. */
export function ConnectionCallout({ overview }: { overview: OverviewDto }) {
  const { connection, staleSince } = overview;
  if (connection.state === 'misconfigured') {
    return (
      <Callout tone="crit" role="alert" title="scaleguard cannot use the kubeconfig">
        <p className="font-mono text-xs break-words">{connection.message}</p>
        <p className="mt-2">Point <code className="font-mono">KUBECONFIG</code> at a valid file, or run <code className="font-mono">npm run demo</code> to use the built-in cluster simulator.</p>
      </Callout>
    );
  }
  if (connection.state === 'unreachable') {
    return (
      <Callout tone="crit" role="alert" title="The cluster's API server cannot be reached">
        <p className="font-mono text-xs break-words">{connection.message}</p>
        <p className="mt-2">
          {staleSince ? <>Showing the last data received — stale since <RelativeTime iso={staleSince} />. </> : null}
          scaleguard keeps retrying and recovers by itself when the server is back.
        </p>
      </Callout>
    );
  }
  if (connection.state === 'connecting') {
    return <Callout tone="info" title="Connecting to the cluster…">Listing objects; this page fills in as they arrive.</Callout>;
  }
  if (staleSince) {
    const stale = overview.freshness.filter((k) => k.state === 'stale').map((k) => k.kind);
    return (
      <Callout tone="warn" title={<>Some data is stale since <RelativeTime iso={staleSince} /></>}>
        The watch for {stale.join(', ')} was interrupted; scaleguard is reconnecting.
      </Callout>
    );
  }
  return null;
}
