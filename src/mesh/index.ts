export * from './broker-options';
export * from './mesh-user';
export * from './mesh-broker';
export * from './mesh-contract';
export * from './mesh-props';
export * from './external-peer-props';
export * from './monitoring-props';
export * from './broker-mesh';
