/** Pure Flagger rules shared by the simulated Flagger and the dashboard: naming, releases, status, scalers. */
export * from './config-refs';
export * from './hash';
export * from './naming';
export * from './release';
export * from './scalers';
export * from './status';
