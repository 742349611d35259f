import { IResource, Resource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { IMeshUser, MeshUser } from './mesh-user';
import { CLIENT_VALUES, ssmUsernameProblem, userSecretParameterName } from './private/client-endpoints';
import { ssmPrefixProblem } from './private/validate-props';
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
  public readonly connections: ec2.Connections;
  public readonly users: IMeshUser[];

  private readonly attrs: ActiveMqBrokerMeshAttributes;

  /**
   * @param attrs the attributes, or a function that makes them under the imported mesh (e.g. SSM parameter reads)
   */
  constructor(scope: Construct, id: string, attrs: ActiveMqBrokerMeshAttributes | ((self: Construct) => ActiveMqBrokerMeshAttributes)) {
    super(scope, id);
    attrs = typeof attrs === 'function' ? attrs(this) : attrs;
    this.attrs = attrs;
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: ec2.Port.tcp(PORTS.openWire),
    });
    this.users = [...(attrs.users ?? [])];
  }

  public get openWireFailoverUri(): string {
    return this.attrs.openWireFailoverUri;
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

/**
 * A mesh of another app, read from the SSM parameters it publishes under `prefix` (its `ssmParameterPrefix`). The
 * values are resolved by CloudFormation when the consumer's stack deploys (`AWS::SSM::Parameter::Value<String>`
 * parameters), so the consumer's app holds no reference to the mesh's stack.
 */
export function importMeshFromSsm(scope: Construct, id: string, prefix: string, usernames: string[] = []): IActiveMqBrokerMesh {
  const problem = ssmPrefixProblem(prefix, 'parameterPrefix');
  if (problem !== undefined) {
    throw new Error(`ActiveMqBrokerMesh.fromSsmParameters(): ${problem}`);
  }
  usernames.forEach((username, i) => {
    const bad = ssmUsernameProblem(username);
    if (bad !== undefined) {
      throw new Error(`ActiveMqBrokerMesh.fromSsmParameters(): usernames[${i}] ${bad}: pass the usernames of the mesh's application users.`);
    }
  });
  return new ImportedActiveMqBrokerMesh(scope, id, (self) => {
    const read = (name: string) => ssm.StringParameter.valueForStringParameter(self, `${prefix}/${name}`);
    // Getters: a URI's SSM parameter becomes a template parameter only when the consumer reads that URI.
    return {
      get openWireFailoverUri() { return read(CLIENT_VALUES.openWireFailoverUri.parameter); },
      get amqpFailoverUri() { return read(CLIENT_VALUES.amqpFailoverUri.parameter); },
      get stompEndpoints() { return read(CLIENT_VALUES.stompEndpoints.parameter); },
      get mqttEndpoints() { return read(CLIENT_VALUES.mqttEndpoints.parameter); },
      get wssEndpoints() { return read(CLIENT_VALUES.wssEndpoints.parameter); },
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(self, 'SecurityGroup', read(CLIENT_VALUES.securityGroupId.parameter))],
      users: usernames.map((username, i) => MeshUser.fromSecret(self, `User${i}`, username,
        secretsmanager.Secret.fromSecretCompleteArn(self, `User${i}Secret`,
          ssm.StringParameter.valueForStringParameter(self, userSecretParameterName(prefix, username))))),
    };
  });
}
