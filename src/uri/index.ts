export * from './client-protocol';
export * from './failover-uri';
export * from './network-connector-uri';
