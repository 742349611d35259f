// The public API of cdk-activemq-mesh: what a CDK user writes. Everything else (the pure cores for broker XML,
// URIs, the mesh graph and CloudFormation evaluation, the custom resources, the CLI and the drill) is internal.

// The construct, its contract and its parts
export { ActiveMqBrokerMesh } from './mesh/broker-mesh';
export type { ActiveMqBrokerMeshProps, InterBrokerUserOptions } from './mesh/mesh-props';
export type { IActiveMqBrokerMesh, ActiveMqBrokerMeshAttributes } from './mesh/mesh-contract';
export { MeshBroker } from './mesh/mesh-broker';
export type { BrokerMetricOptions } from './mesh/mesh-broker';
export { MeshUser } from './mesh/mesh-user';
export type { IMeshUser, MeshUserProps } from './mesh/mesh-user';
export type { ExternalPeerProps } from './mesh/external-peer-props';
export type { MeshMonitoringProps } from './mesh/monitoring-props';

// Choices and settings
export { BrokerInstanceType, BrokerStorageType, DayOfWeek, MeshDeploymentMode } from './mesh/broker-options';
export type { MaintenanceWindowStart } from './mesh/broker-options';
export { ActiveMqEngineVersion } from './config/engine-version';
export { ActiveMqDestination } from './config/destination';
export type { AuthorizationEntry } from './config/authorization';
export type { NetworkConnectorOptions } from './config/network-connector';
export { MeshTopology } from './topology/mesh-topology';
export type { HubAndSpokeOptions, ConcentratorOptions } from './topology/mesh-topology';
export { ConfigurationApply } from './lifecycle/configuration-apply';
export { ClientProtocol } from './uri/client-protocol';
export type { FailoverOptions } from './uri/failover-uri';

// The rule pack
export { ActiveMqMeshChecks } from './nag/packs/activemq-mesh-checks';
export type { ActiveMqMeshChecksProps, DeclaredExternalPeer } from './nag/packs/activemq-mesh-checks';
