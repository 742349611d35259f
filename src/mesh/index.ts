export * from './broker-options';
export * from './mesh-user';
export * from './mesh-broker';
export * from './broker-mesh';
