import { Fn, IResolvable, Token } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BrokerInstanceType, BrokerStorageType, MaintenanceWindowStart, MeshDeploymentMode } from './broker-options';
import { ActiveMqEngineVersion } from '../config';
import { ClientProtocol } from '../uri';

/**
 * Properties of one node of a mesh. Normally built by {@link ActiveMqBrokerMesh}.
 */
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
}

/**
 * One node of an {@link ActiveMqBrokerMesh}: an Amazon MQ broker (or active/standby pair), its configuration and
 * the association between them.
 */
export class MeshBroker extends Construct {
  /** The node's index in the mesh. */
  public readonly nodeIndex: number;
  /** The L1 broker. */
  public readonly resource: amazonmq.CfnBroker;
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

  private _configuration?: amazonmq.CfnConfiguration;
  private _association?: amazonmq.CfnConfigurationAssociation;

  constructor(scope: Construct, id: string, props: MeshBrokerProps) {
    super(scope, id);
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
  }

  /** The node's configuration (its networkConnectors). */
  public get configuration(): amazonmq.CfnConfiguration {
    return this._configuration!;
  }

  /** The association of the configuration with the broker. */
  public get configurationAssociation(): amazonmq.CfnConfigurationAssociation {
    return this._association!;
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
   * Creates the node's configuration from rendered XML and associates it with the broker.
   * @internal
   */
  public _configure(xml: string, engineVersion: ActiveMqEngineVersion): void {
    this._configuration = new amazonmq.CfnConfiguration(this, 'Configuration', {
      name: `${this.brokerName}-configuration`,
      engineType: 'ACTIVEMQ',
      engineVersion: engineVersion.version,
      authenticationStrategy: 'SIMPLE',
      description: `networkConnectors of node ${this.nodeIndex} of the mesh ${this.node.scope!.node.path}`,
      data: Fn.base64(xml),
    });
    this._association = new amazonmq.CfnConfigurationAssociation(this, 'ConfigurationAssociation', {
      broker: this.resource.ref,
      configuration: { id: this._configuration.ref, revision: Token.asNumber(this._configuration.attrRevision) },
    });
  }
}
