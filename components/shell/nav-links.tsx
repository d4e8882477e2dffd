'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ArrowRightLeft, Bird, Boxes, CalendarClock, LayoutDashboard, Scaling, Siren, Zap } from 'lucide-react';

const LINKS = [
  { href: '/', label: 'Overview', icon: LayoutDashboard },
  { href: '/findings', label: 'Findings', icon: Siren },
  { href: '/workloads', label: 'Workloads', icon: Boxes },
  { href: '/keda', label: 'KEDA', icon: Zap },
  { href: '/vpa', label: 'VPA', icon: Scaling },
  { href: '/cronhpa', label: 'CronHPA', icon: CalendarClock },
  { href: '/canaries', label: 'Canaries', icon: Bird },
  { href: '/migrations', label: 'Migrations', icon: ArrowRightLeft },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="space-y-0.5">
      {LINKS.map(({ href, label, icon: Icon }) => {
        const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? 'page' : undefined}
              className={`flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition-colors ${
                active ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2 hover:text-fg'
              }`}
            >
              <Icon aria-hidden className="size-4" />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
