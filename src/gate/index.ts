export * from './model';
export * from './gate';
export * from './sources';
export { RULES, PACK } from './rules';
export type { GateRule } from './rules';
export { EXTERNAL_PEERS_METADATA } from './private/brokers';
export { isPeerPattern } from './private/endpoints';
export * from './summary';
export * from './deployed';
