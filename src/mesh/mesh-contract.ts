import { IResource, Resource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { IMeshUser } from './mesh-user';
import { PORTS } from '../private/amazon-mq';

/**
 * A network of Amazon MQ for ActiveMQ brokers as its clients see it: where to connect, as whom, and through which
 * security groups. Implemented by `ActiveMqBrokerMesh` and by `ActiveMqBrokerMesh.fromMeshAttributes()`.
 */
export interface IActiveMqBrokerMesh extends IResource, ec2.IConnectable {
  /** `failover:(ssl://…:61617,…)?…` for OpenWire (JMS) clients, listing every broker of the mesh. */
  readonly openWireFailoverUri: string;
  /** `failover:(amqps://…:5671,…)?failover.…` for Qpid JMS (AMQP 1.0) clients, listing every broker. */
  readonly amqpFailoverUri: string;
  /** Comma-separated STOMP endpoints of every broker (STOMP has no failover URI syntax). */
  readonly stompEndpoints: string;
  /** Comma-separated MQTT endpoints of every broker. */
  readonly mqttEndpoints: string;
  /** Comma-separated WebSocket (WSS) endpoints of every broker. */
  readonly wssEndpoints: string;
  /** The application users of the mesh: the identities services connect as. */
  readonly users: IMeshUser[];
}

/**
 * What a consumer needs to know of a mesh defined elsewhere (another stack or app).
 */
export interface ActiveMqBrokerMeshAttributes {
  /** The OpenWire failover URI (the mesh's `OpenWireFailoverUri` output or SSM parameter). */
  readonly openWireFailoverUri: string;
  /**
   * The AMQP failover URI.
   * @default - not known: reading `amqpFailoverUri` throws
   */
  readonly amqpFailoverUri?: string;
  /**
   * The comma-separated STOMP endpoints.
   * @default - not known: reading `stompEndpoints` throws
   */
  readonly stompEndpoints?: string;
  /**
   * The comma-separated MQTT endpoints.
   * @default - not known: reading `mqttEndpoints` throws
   */
  readonly mqttEndpoints?: string;
  /**
   * The comma-separated WSS endpoints.
   * @default - not known: reading `wssEndpoints` throws
   */
  readonly wssEndpoints?: string;
  /** The brokers' security groups; `connections` lets clients in through them (OpenWire 61617 by default). */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * The application users a consumer may connect as (see `MeshUser.fromSecret()`).
   * @default - none
   */
  readonly users?: IMeshUser[];
}

/** A mesh defined elsewhere, from its attributes. */
export class ImportedActiveMqBrokerMesh extends Resource implements IActiveMqBrokerMesh {
  public readonly openWireFailoverUri: string;
  public readonly connections: ec2.Connections;
  public readonly users: IMeshUser[];

  constructor(scope: Construct, id: string, private readonly attrs: ActiveMqBrokerMeshAttributes) {
    super(scope, id);
    this.openWireFailoverUri = attrs.openWireFailoverUri;
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: ec2.Port.tcp(PORTS.openWire),
    });
    this.users = [...(attrs.users ?? [])];
  }

  public get amqpFailoverUri(): string {
    return this.required(this.attrs.amqpFailoverUri, 'amqpFailoverUri');
  }

  public get stompEndpoints(): string {
    return this.required(this.attrs.stompEndpoints, 'stompEndpoints');
  }

  public get mqttEndpoints(): string {
    return this.required(this.attrs.mqttEndpoints, 'mqttEndpoints');
  }

  public get wssEndpoints(): string {
    return this.required(this.attrs.wssEndpoints, 'wssEndpoints');
  }

  private required(value: string | undefined, name: string): string {
    if (value === undefined) {
      throw new Error(`${name} of the imported mesh ${this.node.path} is not known: pass ${name} to ActiveMqBrokerMesh.fromMeshAttributes().`);
    }
    return value;
  }
}
