import Link from 'next/link';
import { ShieldCheck } from 'lucide-react';
import { NavLinks } from './nav-links';

export function Sidebar() {
  return (
    <div className="hidden w-56 shrink-0 border-r border-line bg-surface md:block">
    <nav aria-label="Main" className="sticky top-0 flex h-screen flex-col px-3 py-4">
      <Link href="/" className="mb-6 flex items-center gap-2 px-2.5 text-fg">
        <ShieldCheck aria-hidden className="size-5 text-accent" />
        <span className="text-[15px] font-semibold tracking-tight">scaleguard</span>
      </Link>
      <NavLinks />
      <p className="mt-auto px-2.5 text-xs leading-relaxed text-faint">
        Every autoscaler on every workload — and whether they fight.
      </p>
    </nav>
    </div>
  );
}
