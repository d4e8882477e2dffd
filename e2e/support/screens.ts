/**
 * Full-page screenshots into test-results/screens/, in the light and the dark theme, from the top:
 * the sidebar and header are fixed, so a scrolled page would show them mid-page.
 */
import type { Page } from '@playwright/test';

export async function screens(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `test-results/screens/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
}
