// Public API of cdk-activemq-mesh. Each folder's index.ts lists its own exports.
export * from './config';
export * from './uri';
export * from './topology';
export * from './mesh';
export * from './lifecycle';
export * from './nag';
