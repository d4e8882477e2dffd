import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { ConnectionIndicator } from '@/components/shell/connection-indicator';
import { ContextSwitcher } from '@/components/shell/context-switcher';
import { Sidebar } from '@/components/shell/sidebar';
import { ThemeToggle, type Theme } from '@/components/shell/theme-toggle';
import { Providers } from '@/components/providers';

import { listContexts } from '@/server/cluster';
import { overviewOf } from '@/server/overview';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'scaleguard', template: '%s · scaleguard' },
  description: 'Every autoscaler that touches every workload — HPA, KEDA, VPA, CronHPA, Flagger — and whether they fight.',
};

export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  const themeCookie = jar.get('scaleguard_theme')?.value;
  const theme: Theme = themeCookie === 'light' || themeCookie === 'dark' ? themeCookie : 'system';
  const { context, cache } = pageContext(jar.get(CONTEXT_COOKIE)?.value);
  const contexts = listContexts().contexts.map((c) => c.name);
  const overview = overviewOf(cache);
  return (
    <html lang="en" className={theme === 'system' ? undefined : theme}>
      <body className="min-h-screen bg-bg text-fg">
        <a href="#main" className="sr-only rounded-md bg-surface px-3 py-2 text-sm focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50">
          Skip to content
        </a>
        <Providers context={context}>
          <div className="flex min-h-screen">
            <Sidebar />
            <div className="flex min-w-0 flex-1 flex-col">
              <header className="sticky top-0 z-10 flex h-12 items-center justify-between gap-4 border-b border-line bg-surface/90 px-6 backdrop-blur">
                <ConnectionIndicator context={context} initial={overview} />
                <div className="flex items-center gap-3">
                  <ContextSwitcher contexts={contexts} current={context} />
                  <ThemeToggle initial={theme} />
                </div>
              </header>
              <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-6 py-6">{children}</main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
