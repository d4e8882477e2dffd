/** Starts watching the default context when the server boots, so the first page view has data. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { clusterCache } = await import('./server/cluster');
  clusterCache();
}
