/** Pure VPA rules shared by the simulated VPA and the dashboard: estimation, capping, update priority, resize progress. */
export * from './disruption';
export * from './histogram';
export * from './quantity';
export * from './recommendation';
export * from './resize';
export * from './update-priority';
export * from './resize-attempts';
export * from './resize-sighting';
export * from './status';
