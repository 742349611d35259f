export * from './broker-options';
export * from './mesh-user';
export * from './mesh-broker';
export * from './mesh-contract';
export * from './mesh-props';
export * from './broker-mesh';
