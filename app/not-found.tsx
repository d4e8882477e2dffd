import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';

export default function NotFound() {
  return (
    <Card>
      <EmptyState title="Page not found" action={<Link href="/" className="text-sm text-accent hover:underline">Go to the overview</Link>}>
        There is no scaleguard page at this address.
      </EmptyState>
    </Card>
  );
}
