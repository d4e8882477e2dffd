import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading Vertical Pod Autoscalers">
      <Skeleton className="mb-2 h-7 w-64" />
      <Skeleton className="mb-6 h-4 w-2/3" />
      <Skeleton className="mb-6 h-40" />
      <div className="space-y-6">{[0, 1].map((i) => <Skeleton key={i} className="h-96" />)}</div>
    </div>
  );
}
