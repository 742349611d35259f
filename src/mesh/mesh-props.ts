import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BrokerInstanceType, BrokerStorageType, MaintenanceWindowStart, MeshDeploymentMode } from './broker-options';
import { MeshUserProps } from './mesh-user';
import { MeshMonitoringProps } from './monitoring-props';
import { ActiveMqEngineVersion, NetworkConnectorOptions } from '../config';
import { AuthorizationEntry } from '../config/authorization';
import { ConfigurationApply } from '../lifecycle';
import { MeshTopology } from '../topology';
import { FailoverOptions } from '../uri';

/**
 * The shared user that brokers use to authenticate to each other.
 */
export interface InterBrokerUserOptions {
  /**
   * The username that every `networkConnector` carries as `userName`.
   * @default 'mesh-bridge'
   */
  readonly username?: string;
  /**
   * A secret holding JSON `{"username": …, "password": …}`. The same secret is used on every node.
   * @default - a new secret with a generated 32-character password
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * Rotate the inter-broker password on this schedule (whole days, 1 to 1000) without ever taking a bridge down: two
   * users, `<username>` and `<username>_clone`, take turns; each rotation gives the idle one a new password on every
   * broker and switches the connectors to it, in one rolling reboot that reboots a broker only after every broker
   * its connectors point at. Needs a generated secret and `ConfigurationApply.ROLLING_REBOOT`.
   * @default - not rotated
   */
  readonly rotationSchedule?: Duration;
}

/**
 * Properties of an {@link ActiveMqBrokerMesh}.
 */
export interface ActiveMqBrokerMeshProps {
  /** The VPC to place the brokers in. */
  readonly vpc: ec2.IVpc;
  /**
   * Where to place the brokers: one broker per distinct Availability Zone of the selection.
   * @default - the VPC's private subnets (with egress, or else isolated)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The number of nodes (brokers, or active/standby pairs) in the mesh.
   * @default 3
   */
  readonly brokerCount?: number;
  /**
   * How many nodes may share one Availability Zone. With 1, the selection must span `brokerCount` AZs.
   * @default 1
   */
  readonly maxBrokersPerAvailabilityZone?: number;
  /**
   * How each node is deployed.
   * @default MeshDeploymentMode.SINGLE_INSTANCE
   */
  readonly deploymentMode?: MeshDeploymentMode;
  /**
   * Who connects to whom.
   * @default MeshTopology.fullMesh()
   */
  readonly topology?: MeshTopology;
  /**
   * Tuning of every `networkConnector`.
   * @default - duplex connectors (per the topology), `decreaseNetworkConsumerPriority: true`, and `networkTtl`,
   * `consumerTtl` and `messageTtl` following the topology (full mesh 1, hub-and-spoke 2, concentrator 1)
   */
  readonly networkConnector?: NetworkConnectorOptions;
  /**
   * The ActiveMQ engine version. Versions at or past their end of support are refused.
   * @default ActiveMqEngineVersion.V5_19
   */
  readonly engineVersion?: ActiveMqEngineVersion;
  /**
   * The broker host instance type. Every surviving node must carry the load of a failed one, so micro types
   * are for evaluation only.
   * @default BrokerInstanceType.M5_LARGE
   */
  readonly instanceType?: BrokerInstanceType;
  /**
   * The message store.
   * @default BrokerStorageType.EFS
   */
  readonly storageType?: BrokerStorageType;
  /**
   * Whether Amazon MQ upgrades minor engine versions automatically. Must be true for 5.18 and later.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Whether general logs go to CloudWatch Logs.
   * @default true
   */
  readonly generalLogs?: boolean;
  /**
   * Whether audit logs go to CloudWatch Logs.
   * @default true
   */
  readonly auditLogs?: boolean;
  /**
   * Whether to create the CloudWatch Logs resource policy that lets Amazon MQ publish the brokers' general and audit
   * logs (without one, Amazon MQ cannot publish them). One policy per stack serves every mesh in it, and brokers are
   * created after it. Set false when the account manages such a policy centrally: CloudWatch Logs allows 10
   * resource policies per account and Region.
   * @default true (when generalLogs or auditLogs is on)
   */
  readonly logsResourcePolicy?: boolean;
  /**
   * Who may read, write and administer which queues and topics, by user group (the brokers' authorization map).
   * With a map, a destination no entry matches is refused to every user; the inter-broker user gets what the bridges
   * need and the web console keeps working. Changing it gives every node a new configuration revision.
   * @default - no authorization map: every authenticated user may do anything (ActiveMQ's default)
   */
  readonly authorization?: AuthorizationEntry[];
  /**
   * For every topic, how many messages a slow consumer may lag behind beyond its prefetch before the oldest are
   * discarded (Amazon MQ's default `destinationPolicy`, kept on every node). 0 keeps only the prefetch, -1 removes
   * the limit.
   * @default 3000 (Amazon MQ's default configuration)
   */
  readonly topicPendingMessageLimit?: number;
  /**
   * The customer-managed KMS key for the brokers' data at rest and the generated secrets.
   * @default - a new KMS key with rotation enabled, unless useAwsOwnedKey is true
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Encrypt with an AWS-owned key instead of a customer-managed one.
   * @default false
   */
  readonly useAwsOwnedKey?: boolean;
  /**
   * When node 0's weekly maintenance window starts; node i starts i days later, so no two nodes are in
   * maintenance on the same day.
   * @default - Sunday 03:00 UTC for node 0, Monday for node 1, …
   */
  readonly maintenanceWindowStart?: MaintenanceWindowStart;
  /**
   * Prefix of the broker names; node i is named `<prefix>-<i>`. Broker names are create-only: changing the
   * prefix replaces every broker.
   * @default - a unique name derived from the construct path
   */
  readonly brokerNamePrefix?: string;
  /**
   * The inter-broker user, the same on every node.
   * @default - username 'mesh-bridge' with a generated secret
   */
  readonly interBrokerUser?: InterBrokerUserOptions;
  /**
   * The admin (web console) user, the same on every node. When you give it, its own props apply: set
   * `consoleAccess: true` to keep the web console (`MeshUserProps.consoleAccess` defaults to false).
   * @default - username 'admin' with console access and a generated secret
   */
  readonly adminUser?: MeshUserProps;
  /**
   * Application users; each exists identically on every node, with its own secret.
   * @default - none (add them with addUser())
   */
  readonly users?: MeshUserProps[];
  /**
   * Must stay false: a mesh is never publicly accessible. Present so that a request for public access fails
   * loudly instead of being ignored.
   * @default false
   */
  readonly publiclyAccessible?: boolean;
  /**
   * Extra security groups for every broker (at most 4: Amazon MQ allows 5 and the mesh uses one).
   * @default - only the mesh security group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The failover options of the client URIs this construct emits.
   * @default - randomize, 10 ms first reconnect delay doubling up to 5 s, reconnect forever (measured by the
   * failover drill; see BENCHMARKS.md)
   */
  readonly clientFailover?: FailoverOptions;
  /**
   * Whether to emit the client URIs and endpoint lists as CloudFormation outputs.
   * @default true
   */
  readonly emitOutputs?: boolean;
  /**
   * Also publish the client URIs and endpoint lists as SSM String parameters under this prefix, e.g.
   * `/orders/mq` gives `/orders/mq/openwire-failover-uri`.
   * @default - no SSM parameters
   */
  readonly ssmParameterPrefix?: string;
  /**
   * The accountable owner; applied as the `Owner` tag to every resource of the mesh.
   * @default - no Owner tag
   */
  readonly owner?: string;
  /**
   * The cost center for chargeback; applied as the `CostCenter` tag to every resource of the mesh.
   * @default - no CostCenter tag
   */
  readonly costCenter?: string;
  /**
   * How configuration and user changes reach the brokers. Amazon MQ applies them only at a reboot.
   * @default ConfigurationApply.ROLLING_REBOOT
   */
  readonly configurationApply?: ConfigurationApply;
  /**
   * With ROLLING_REBOOT, how long to wait for each broker to come back `RUNNING` with nothing pending before the
   * deployment fails (5 to 55 minutes, in whole 30-second intervals).
   * @default Duration.minutes(45)
   */
  readonly rebootTimeout?: Duration;
  /**
   * What happens to the brokers (with their configurations and configuration associations), their user secrets
   * and the mesh's KMS key when they leave the stack (deleted or replaced). Brokers hold messages that no other node
   * has (a network of brokers forwards, it does not replicate), and the secrets and key are needed to drain a
   * retained broker, so the default keeps all of them: `cdk destroy` then deletes the rest of the stack and leaves
   * the brokers running, still connected to each other. A retained broker keeps its name, and a broker name is
   * unique per account and Region: delete retained brokers before deploying the same mesh again.
   * `RemovalPolicy.SNAPSHOT` is refused (CloudFormation snapshots none of these).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Acknowledge, on the mesh's own resources and with the reasons listed in the README, the findings of cdk-nag's
   * AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs that are not the library's to fix. Set to
   * false to see every finding.
   * @default true
   */
  readonly acknowledgeNagFindings?: boolean;
  /**
   * Whether to create CloudWatch alarms (bridges per node, CPU, heap, store) and a dashboard for the mesh. Alarms and
   * dashboards are new resources only: turning monitoring on or off changes no broker or configuration.
   * @default true
   */
  readonly monitoring?: boolean;
  /**
   * Thresholds, alarm actions (an SNS topic) and the dashboard of the monitoring; only with monitoring on.
   * @default - see MeshMonitoringProps: bridge alarms from the topology, CPU from the node count, heap and store 80%,
   * no alarm actions, a dashboard
   */
  readonly monitoringOptions?: MeshMonitoringProps;
}

