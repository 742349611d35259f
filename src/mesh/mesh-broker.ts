import { Fn, IResolvable, Lazy, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BrokerInstanceType, BrokerStorageType, MaintenanceWindowStart, MeshDeploymentMode } from './broker-options';
import { ActiveMqEngineVersion } from '../config';
import { ClientProtocol } from '../uri';

/** Properties of one node of a mesh, built by `ActiveMqBrokerMesh` (internal). */
export interface MeshBrokerProps {
  /** The node's index in the mesh (0-based). */
  readonly nodeIndex: number;
  /** The broker name (create-only). */
  readonly brokerName: string;
  /** How the node is deployed. */
  readonly deploymentMode: MeshDeploymentMode;
  /** The engine version. */
  readonly engineVersion: ActiveMqEngineVersion;
  /** The host instance type. */
  readonly instanceType: BrokerInstanceType;
  /** The message store. */
  readonly storageType: BrokerStorageType;
  /** Whether minor versions are upgraded automatically. */
  readonly autoMinorVersionUpgrade: boolean;
  /** One subnet (single instance) or two subnets in different AZs (active/standby). */
  readonly subnets: ec2.ISubnet[];
  /** The broker's security groups. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Whether general logs are on. */
  readonly generalLogs: boolean;
  /** Whether audit logs are on. */
  readonly auditLogs: boolean;
  /**
   * A customer-managed key for data at rest.
   * @default - an AWS-owned key
   */
  readonly encryptionKey?: kms.IKey;
  /** The node's weekly maintenance window. */
  readonly maintenanceWindow: MaintenanceWindowStart;
  /** The broker users (CloudFormation `Users`), identical on every node. */
  readonly users: IResolvable;
  /** Produces the node's configuration XML at synth time, once every peer exists. */
  readonly configurationXml: () => string;
  /** What happens to the broker when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Options of a metric of one broker instance.
 */
export interface BrokerMetricOptions extends cloudwatch.MetricOptions {
  /**
   * Which instance of the node: 1, or 2 for the second instance of an active/standby pair. Amazon MQ publishes
   * broker metrics per instance, under the dimension `Broker` = `<brokerName>-<instance>`.
   * @default 1
   */
  readonly instance?: number;
}

/**
 * One node of an `ActiveMqBrokerMesh`: an Amazon MQ broker (or active/standby pair), its configuration and the
 * association between them. Created by the mesh; find them in `mesh.brokers`.
 */
export class MeshBroker extends Resource {
  /**
   * Creates a node of a mesh.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: MeshBrokerProps): MeshBroker {
    return new MeshBroker(scope, id, props);
  }

  /** The node's index in the mesh. */
  public readonly nodeIndex: number;
  /** The L1 broker (`AWS::AmazonMQ::Broker`), for escape hatches. */
  public readonly resource: amazonmq.CfnBroker;
  /** The node's configuration (`AWS::AmazonMQ::Configuration`): its `networkConnector`s. */
  public readonly configuration: amazonmq.CfnConfiguration;
  /** The association of the configuration with the broker. */
  public readonly configurationAssociation: amazonmq.CfnConfigurationAssociation;
  /** The broker ID. */
  public readonly brokerId: string;
  /** The broker ARN. */
  public readonly brokerArn: string;
  /** The broker name. */
  public readonly brokerName: string;
  /** The Availability Zone of each instance (one, or two for active/standby). */
  public readonly availabilityZones: string[];
  /** Number of broker instances of the node: 1, or 2 for active/standby. */
  public readonly instanceCount: number;

  private constructor(scope: Construct, id: string, props: MeshBrokerProps) {
    super(scope, id, { physicalName: props.brokerName });
    this.nodeIndex = props.nodeIndex;
    this.brokerName = props.brokerName;
    this.instanceCount = props.deploymentMode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ ? 2 : 1;
    this.availabilityZones = props.subnets.map(s => s.availabilityZone);

    this.resource = new amazonmq.CfnBroker(this, 'Resource', {
      brokerName: props.brokerName,
      engineType: 'ACTIVEMQ',
      engineVersion: props.engineVersion.version,
      deploymentMode: props.deploymentMode,
      hostInstanceType: props.instanceType.name,
      storageType: props.storageType,
      authenticationStrategy: 'SIMPLE',
      publiclyAccessible: false,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade,
      subnetIds: props.subnets.map(s => s.subnetId),
      securityGroups: props.securityGroups.map(sg => sg.securityGroupId),
      logs: { general: props.generalLogs, audit: props.auditLogs },
      encryptionOptions: props.encryptionKey
        ? { useAwsOwnedKey: false, kmsKeyId: props.encryptionKey.keyArn }
        : { useAwsOwnedKey: true },
      maintenanceWindowStartTime: {
        dayOfWeek: props.maintenanceWindow.dayOfWeek,
        timeOfDay: props.maintenanceWindow.timeOfDay,
        timeZone: props.maintenanceWindow.timeZone ?? 'UTC',
      },
      users: props.users,
    });
    this.brokerId = this.resource.ref;
    this.brokerArn = this.resource.attrArn;

    // The XML names the peers' endpoints, so it is produced at synth time, when every node exists.
    this.configuration = new amazonmq.CfnConfiguration(this, 'Configuration', {
      name: `${props.brokerName}-configuration`,
      engineType: 'ACTIVEMQ',
      engineVersion: props.engineVersion.version,
      authenticationStrategy: 'SIMPLE',
      description: `networkConnectors of node ${props.nodeIndex} of the mesh ${scope.node.path}`,
      data: Fn.base64(Lazy.string({ produce: () => props.configurationXml() })),
    });
    this.configurationAssociation = new amazonmq.CfnConfigurationAssociation(this, 'ConfigurationAssociation', {
      broker: this.resource.ref,
      configuration: { id: this.configuration.ref, revision: Token.asNumber(this.configuration.attrRevision) },
    });
    this.applyRemovalPolicy(props.removalPolicy);
  }

  /**
   * Applies a removal policy to the broker, its configuration and its configuration association together: a
   * retained broker keeps the configuration that holds its network connectors (and CloudFormation does not try to
   * delete a configuration that a retained broker still uses).
   *
   * @param policy what happens to them when they leave the stack
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    for (const resource of [this.resource, this.configuration, this.configurationAssociation]) {
      resource.applyRemovalPolicy(policy);
    }
  }

  /** The OpenWire endpoint of each instance: `ssl://b-…-1.mq.<region>.amazonaws.com:61617`. */
  public get openWireEndpoints(): string[] {
    return this.endpointsFor(ClientProtocol.OPENWIRE);
  }

  /**
   * The endpoint of each instance of the node for a client protocol.
   */
  public endpointsFor(protocol: ClientProtocol): string[] {
    const list = ({
      [ClientProtocol.OPENWIRE]: this.resource.attrOpenWireEndpoints,
      [ClientProtocol.AMQP]: this.resource.attrAmqpEndpoints,
      [ClientProtocol.STOMP]: this.resource.attrStompEndpoints,
      [ClientProtocol.MQTT]: this.resource.attrMqttEndpoints,
      [ClientProtocol.WSS]: this.resource.attrWssEndpoints,
    } as Record<ClientProtocol, string[]>)[protocol];
    return Array.from({ length: this.instanceCount }, (_, i) => Fn.select(i, list));
  }

  /**
   * An Amazon MQ metric of one instance of this node: namespace `AWS/AmazonMQ`, dimension `Broker` =
   * `<brokerName>-<instance>` (the broker name, not its ID).
   *
   * @param metricName the metric, e.g. `NetworkConnectorConnectionCount`
   * @param props period, statistic, instance, …
   * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/security-logging-monitoring-cloudwatch.html
   */
  public metric(metricName: string, props: BrokerMetricOptions = {}): cloudwatch.Metric {
    const { instance = 1, ...options } = props;
    if (!Token.isUnresolved(instance) && (!Number.isInteger(instance) || instance < 1 || instance > this.instanceCount)) {
      throw new Error(`instance must be ${this.instanceCount === 1 ? '1' : '1 or 2'} for ${this.node.path}, got ${instance}: a ${this.instanceCount === 1 ? 'single-instance node has instance 1 only' : 'pair has instances 1 and 2'}.`);
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/AmazonMQ',
      metricName,
      dimensionsMap: { Broker: `${this.brokerName}-${instance}` },
      ...options,
    });
  }

  /**
   * The number of brokers connected to this one through network connectors (minimum over 5 minutes). A
   * drop below the number of peers means a bridge is down.
   * @param props period, statistic, instance, …
   */
  public metricNetworkConnectorConnectionCount(props?: BrokerMetricOptions): cloudwatch.Metric {
    return this.metric('NetworkConnectorConnectionCount', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * CPU utilization of the broker instance, percent (average over 5 minutes). After a node fails, the
   * survivors carry its load: watch this against N-1 capacity.
   * @param props period, statistic, instance, …
   */
  public metricCpuUtilization(props?: BrokerMetricOptions): cloudwatch.Metric {
    return this.metric('CpuUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * The share of the JVM heap in use, percent (average over 5 minutes).
   * @param props period, statistic, instance, …
   */
  public metricHeapUsage(props?: BrokerMetricOptions): cloudwatch.Metric {
    return this.metric('HeapUsage', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * The share of the message store limit in use, percent (maximum over 5 minutes).
   * @param props period, statistic, instance, …
   */
  public metricStorePercentUsage(props?: BrokerMetricOptions): cloudwatch.Metric {
    return this.metric('StorePercentUsage', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * The number of client connections to the broker instance (average over 5 minutes).
   * @param props period, statistic, instance, …
   */
  public metricCurrentConnectionsCount(props?: BrokerMetricOptions): cloudwatch.Metric {
    return this.metric('CurrentConnectionsCount', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
}
