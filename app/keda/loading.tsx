import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading KEDA">
      <Skeleton className="mb-2 h-6 w-32" />
      <Skeleton className="mb-6 h-4 w-[32rem]" />
      <Skeleton className="mb-6 h-56" />
      <Skeleton className="h-80" />
    </div>
  );
}
