export * from './mesh-topology';
export * from './mesh-graph';
export * from './mesh-plan';
export * from './rollout';
