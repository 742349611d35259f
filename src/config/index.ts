export * from './destination';
export * from './network-connector';
export * from './broker-xml';
export * from './engine-version';
export { validateNetworkConnectorOptions } from './private/connector-rules';
