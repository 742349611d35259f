import { createHash } from 'crypto';
import { CfnOutput, Duration, Lazy, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { BrokerInstanceType, BrokerStorageType, MaintenanceWindowStart, MeshDeploymentMode } from './broker-options';
import { MeshBroker } from './mesh-broker';
import { MeshUser, MeshUserProps } from './mesh-user';
import { ActiveMqEngineVersion, NetworkConnectorOptions } from '../config';
import { ConfigurationApply, RollingReboot } from '../lifecycle';
import { validateRebootTimeout } from '../lifecycle/private/timeout';
import { checkMaintenanceWindow, DEFAULT_MAINTENANCE_WINDOW, staggeredMaintenanceWindow } from '../private/maintenance';
import { IMeshEndpoints, MeshPlan, MeshTopology } from '../topology';
import { ClientProtocol, FailoverOptions, FailoverUri } from '../uri';

/** The OpenWire port, the only port brokers use to talk to each other. */
const OPENWIRE_PORT = 61617;
/** Amazon MQ allows five security groups per broker; the mesh uses one of them. */
const MAX_EXTRA_SECURITY_GROUPS = 4;
/** Amazon MQ allows 250 users per broker. */
const MAX_USERS = 250;
const BROKER_NAME_MAX = 50;

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
   * @default - MeshPlan.DEFAULT_CONNECTOR_OPTIONS, with networkTtl following the topology
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
   * The admin (web console) user, the same on every node.
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
   * @default FailoverUri.LIBRARY_DEFAULTS
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
   * @default RollingReboot.DEFAULT_TIMEOUT (45 minutes)
   */
  readonly rebootTimeout?: Duration;
}

/**
 * A network of Amazon MQ for ActiveMQ brokers in distinct Availability Zones, joined by `networkConnector`s,
 * with one inter-broker user held in Secrets Manager and failover URIs for clients.
 *
 * Brokers are created in parallel. Each node gets its own `AWS::AmazonMQ::Configuration`, whose XML names
 * the OpenWire endpoints of the nodes it connects to, and a `ConfigurationAssociation`. Connectors are
 * oriented so that node i only connects to nodes created before it: adding a node changes nothing on the
 * existing nodes.
 */
export class ActiveMqBrokerMesh extends Construct implements ec2.IConnectable {
  /** The nodes of the mesh, in index order. */
  public readonly brokers: MeshBroker[];
  /** The plan: topology, links and effective connector options. */
  public readonly plan: MeshPlan;
  /** The inter-broker user (same username and secret on every node). */
  public readonly interBrokerUser: MeshUser;
  /** The admin (console) user. */
  public readonly adminUser: MeshUser;
  /** The security group that lets mesh members reach each other on TCP 61617. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Network connections of the brokers; the default port is OpenWire 61617. */
  public readonly connections: ec2.Connections;
  /** The KMS key that encrypts the brokers and generated secrets, if customer-managed. */
  public readonly encryptionKey?: kms.IKey;
  /** The deployment mode of every node. */
  public readonly deploymentMode: MeshDeploymentMode;
  /** The rolling reboot that applies configuration changes, when configurationApply is ROLLING_REBOOT. */
  public readonly rollingReboot?: RollingReboot;

  private readonly appUsers: MeshUser[] = [];
  private readonly clientFailover?: FailoverOptions;

  /**
   * @param scope the parent construct
   * @param id the mesh's construct ID
   * @param props the mesh's settings; only `vpc` is required
   */
  constructor(scope: Construct, id: string, props: ActiveMqBrokerMeshProps) {
    super(scope, id);

    const brokerCount = props.brokerCount ?? 3;
    this.deploymentMode = props.deploymentMode ?? MeshDeploymentMode.SINGLE_INSTANCE;
    const engineVersion = props.engineVersion ?? ActiveMqEngineVersion.V5_19;
    const instanceType = props.instanceType ?? BrokerInstanceType.M5_LARGE;
    const storageType = props.storageType ?? BrokerStorageType.EFS;
    const autoMinorVersionUpgrade = props.autoMinorVersionUpgrade ?? true;
    const maintenanceStart = props.maintenanceWindowStart ?? DEFAULT_MAINTENANCE_WINDOW;

    validateProps(props, brokerCount, this.deploymentMode, engineVersion, instanceType, storageType, autoMinorVersionUpgrade);
    checkMaintenanceWindow(maintenanceStart, 'maintenanceWindowStart');
    this.clientFailover = props.clientFailover;

    const interBrokerUsername = props.interBrokerUser?.username ?? 'mesh-bridge';
    MeshUser._validateProps({ username: interBrokerUsername, secret: props.interBrokerUser?.secret }, 'interBrokerUser');
    this.plan = new MeshPlan({
      brokerCount,
      topology: props.topology,
      connector: props.networkConnector,
      interBrokerUsername,
    });

    const placements = placeNodes(props, brokerCount, this.deploymentMode);
    const brokerNamePrefix = props.brokerNamePrefix ?? Names.uniqueResourceName(this, {
      maxLength: BROKER_NAME_MAX - 1 - String(brokerCount - 1).length,
      separator: '-',
      allowedSpecialCharacters: '-_',
    });
    checkBrokerNamePrefix(brokerNamePrefix, brokerCount);

    if (props.useAwsOwnedKey && props.encryptionKey) {
      throw new Error('encryptionKey and useAwsOwnedKey are both set: pass an encryptionKey for a customer-managed key, or set useAwsOwnedKey: true without one.');
    }
    this.encryptionKey = props.useAwsOwnedKey ? undefined : props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the Amazon MQ brokers and broker user secrets of ${this.node.path}`,
      enableKeyRotation: true,
    });

    // Users: one definition, rendered identically on every node.
    this.interBrokerUser = new MeshUser(this, 'InterBrokerUser', {
      username: interBrokerUsername,
      secret: props.interBrokerUser?.secret,
      encryptionKey: this.encryptionKey,
    });
    const adminProps = props.adminUser ?? { username: 'admin', consoleAccess: true };
    MeshUser._validateProps(adminProps, 'adminUser');
    this.adminUser = new MeshUser(this, 'AdminUser', { encryptionKey: this.encryptionKey, ...adminProps });
    (props.users ?? []).forEach((u, i) => this.addUserAt(u, `users[${i}]`));

    // Security: members reach each other on 61617 only; clients are let in through `connections`.
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Amazon MQ network of brokers ${this.node.path}`,
      allowAllOutbound: true,
    });
    securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(OPENWIRE_PORT), 'Inter-broker OpenWire between mesh members');
    this.securityGroup = securityGroup;
    const securityGroups = [securityGroup, ...(props.securityGroups ?? [])];
    this.connections = new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcp(OPENWIRE_PORT) });

    const usersProperty = Lazy.any({
      produce: () => this.allUsers().map(u => ({
        username: u.username,
        password: u.password.unsafeUnwrap(), // a {{resolve:secretsmanager:…}} dynamic reference, never a literal
        consoleAccess: u.consoleAccess,
        groups: u.groups.length > 0 ? u.groups : undefined,
      })),
    });

    this.brokers = placements.map((subnets, index) => new MeshBroker(this, `Node${index}`, {
      nodeIndex: index,
      brokerName: `${brokerNamePrefix}-${index}`,
      deploymentMode: this.deploymentMode,
      engineVersion,
      instanceType,
      storageType,
      autoMinorVersionUpgrade,
      subnets,
      securityGroups,
      generalLogs: props.generalLogs ?? true,
      auditLogs: props.auditLogs ?? true,
      encryptionKey: this.encryptionKey,
      maintenanceWindow: staggeredMaintenanceWindow(maintenanceStart, index),
      users: usersProperty,
    }));

    // Configurations reference the peers' endpoints, so they come after every broker exists.
    const endpoints: IMeshEndpoints = { openWireEndpoints: (node: number) => this.brokers[node].openWireEndpoints };
    this.brokers.forEach(b => b._configure(this.plan.brokerXmlFor(b.nodeIndex, endpoints), engineVersion));

    Tags.of(this).add('activemq-mesh:name', brokerNamePrefix);
    if (props.owner !== undefined) Tags.of(this).add('Owner', props.owner);
    if (props.costCenter !== undefined) Tags.of(this).add('CostCenter', props.costCenter);

    const configurationApply = props.configurationApply ?? ConfigurationApply.ROLLING_REBOOT;
    if (configurationApply !== ConfigurationApply.ROLLING_REBOOT && props.rebootTimeout !== undefined) {
      throw new Error(`rebootTimeout is ${props.rebootTimeout.toHumanString()}, but configurationApply is ${configurationApply}, which does not reboot: remove rebootTimeout, or use ConfigurationApply.ROLLING_REBOOT.`);
    }
    if (configurationApply === ConfigurationApply.ROLLING_REBOOT) {
      const usersHash = Lazy.string({ produce: () => this.usersHash() });
      if (props.rebootTimeout !== undefined) {
        validateRebootTimeout(props.rebootTimeout, 'rebootTimeout', RollingReboot.QUERY_INTERVAL);
      }
      this.rollingReboot = new RollingReboot(this, 'RollingReboot', {
        timeout: props.rebootTimeout,
        nodes: this.brokers.map(b => ({
          id: b.node.id,
          broker: b.resource,
          configurationRevision: Token.asString(b.configuration.attrRevision),
          usersHash,
        })),
      });
      this.rollingReboot.rebootResources.forEach((r, i) => r.node.addDependency(this.brokers[i].configurationAssociation));
    }

    this.emitClientEndpoints(props);
  }

  /**
   * Adds an application user to every node of the mesh, with its own secret.
   */
  public addUser(id: string, props: MeshUserProps): MeshUser {
    return this.addUserAt(props, `addUser('${id}')`, id);
  }

  /** Application users added through `users` or `addUser()`. */
  public get users(): MeshUser[] {
    return [...this.appUsers];
  }

  /**
   * A client URI that lists every node of the mesh.
   *
   * OpenWire and AMQP give `failover:(…)` URIs (ActiveMQ failover transport, Qpid JMS); STOMP, MQTT and WSS,
   * which have no failover URI syntax, give a comma-separated endpoint list for clients that take several hosts.
   *
   * @param protocol the client protocol; OpenWire when omitted
   * @param options failover options, merged over the mesh's `clientFailover`
   */
  public failoverUri(protocol: ClientProtocol = ClientProtocol.OPENWIRE, options?: FailoverOptions): string {
    const endpoints = this.brokers.flatMap(b => b.endpointsFor(protocol));
    switch (protocol) {
      case ClientProtocol.OPENWIRE:
        return FailoverUri.openWire(endpoints, { ...FailoverUri.LIBRARY_DEFAULTS, ...this.clientFailover, ...options });
      case ClientProtocol.AMQP: {
        // `timeout` is OpenWire-only: the mesh-wide clientFailover.timeout does not carry over to AMQP, while an
        // explicit one is refused by FailoverUri.amqp with a clear error.
        const { timeout: _openWireOnly, ...shared } = { ...FailoverUri.LIBRARY_DEFAULTS, ...this.clientFailover };
        return FailoverUri.amqp(endpoints, { ...shared, ...options });
      }
      default:
        if (options !== undefined && Object.keys(options).length > 0) {
          throw new Error(`failoverUri(${protocol}) got failover options, but ${protocol} has no failover URI syntax: configure reconnection in the client and call failoverUri(${protocol}) without options.`);
        }
        return FailoverUri.endpointList(endpoints);
    }
  }

  /** `failover:(ssl://…:61617,…)?…` for OpenWire (JMS) clients. */
  public get openWireFailoverUri(): string {
    return this.failoverUri(ClientProtocol.OPENWIRE);
  }

  /** `failover:(amqps://…:5671,…)?failover.…` for Qpid JMS (AMQP) clients. */
  public get amqpFailoverUri(): string {
    return this.failoverUri(ClientProtocol.AMQP);
  }

  /** Comma-separated STOMP endpoints of every node. */
  public get stompEndpoints(): string {
    return this.failoverUri(ClientProtocol.STOMP);
  }

  /** Comma-separated MQTT endpoints of every node. */
  public get mqttEndpoints(): string {
    return this.failoverUri(ClientProtocol.MQTT);
  }

  /** Comma-separated WebSocket (WSS) endpoints of every node. */
  public get wssEndpoints(): string {
    return this.failoverUri(ClientProtocol.WSS);
  }

  private addUserAt(props: MeshUserProps, prop: string, id?: string): MeshUser {
    MeshUser._validateProps(props, prop);
    const taken = this.allUsers().map(u => u.username);
    if (!Token.isUnresolved(props.username) && taken.includes(props.username)) {
      throw new Error(`${prop}.username '${props.username}' is already a user of this mesh: usernames must be unique across users, adminUser and interBrokerUser.`);
    }
    if (this.allUsers().length + 1 > MAX_USERS) {
      throw new Error(`${prop} would be user number ${this.allUsers().length + 1}, but Amazon MQ allows ${MAX_USERS} users per broker: remove users.`);
    }
    const user = new MeshUser(this, id ?? `User${this.appUsers.length}`, { encryptionKey: this.encryptionKey, ...props });
    this.appUsers.push(user);
    return user;
  }

  private allUsers(): MeshUser[] {
    return [this.interBrokerUser, this.adminUser, ...this.appUsers];
  }

  /** A hash of the user set as CloudFormation will see it; a change means the brokers need a reboot. */
  private usersHash(): string {
    const stack = Stack.of(this);
    const rendered = this.allUsers().map(u => stack.resolve({
      username: u.username, groups: u.groups, consoleAccess: u.consoleAccess, secret: u.secret.secretArn,
    }));
    return createHash('sha256').update(JSON.stringify(rendered)).digest('hex').slice(0, 16);
  }

  private emitClientEndpoints(props: ActiveMqBrokerMeshProps): void {
    const values: Array<[string, string, string, string]> = [
      ['OpenWireFailoverUri', 'openwire-failover-uri', 'OpenWire failover URI listing every broker of the mesh', this.openWireFailoverUri],
      ['AmqpFailoverUri', 'amqp-failover-uri', 'AMQP (Qpid JMS) failover URI listing every broker of the mesh', this.amqpFailoverUri],
      ['StompEndpoints', 'stomp-endpoints', 'STOMP endpoints of every broker of the mesh', this.stompEndpoints],
      ['MqttEndpoints', 'mqtt-endpoints', 'MQTT endpoints of every broker of the mesh', this.mqttEndpoints],
      ['WssEndpoints', 'wss-endpoints', 'WebSocket (WSS) endpoints of every broker of the mesh', this.wssEndpoints],
    ];
    const prefix = props.ssmParameterPrefix;
    if (prefix !== undefined && !Token.isUnresolved(prefix) && !/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(prefix)) {
      throw new Error(`ssmParameterPrefix must start with '/' and not end with '/', using A-Z a-z 0-9 _ . - /, got '${prefix}': use for example '/orders/mq'.`);
    }
    for (const [id, suffix, description, value] of values) {
      if (props.emitOutputs ?? true) {
        new CfnOutput(this, id, { value, description });
      }
      if (prefix !== undefined) {
        new ssm.StringParameter(this, `${id}Parameter`, {
          parameterName: `${prefix}/${suffix}`,
          simpleName: false,
          stringValue: value,
          description,
        });
      }
    }
  }
}

function validateProps(
  props: ActiveMqBrokerMeshProps,
  brokerCount: number,
  mode: MeshDeploymentMode,
  engineVersion: ActiveMqEngineVersion,
  instanceType: BrokerInstanceType,
  storageType: BrokerStorageType,
  autoMinorVersionUpgrade: boolean,
): void {
  if (!Token.isUnresolved(brokerCount) && (!Number.isInteger(brokerCount) || brokerCount < 2)) {
    throw new Error(`brokerCount must be a whole number of at least 2, got ${brokerCount}: a single broker is a single point of failure; set brokerCount to 2 or more (3 is the default).`);
  }
  if (props.publiclyAccessible) {
    throw new Error('publiclyAccessible is true, but a mesh is never publicly accessible: remove publiclyAccessible and reach the brokers from inside the VPC (mesh.connections.allowDefaultPortFrom(...)), a peered VPC, or a VPN.');
  }
  if (!Token.isUnresolved(engineVersion.version) && engineVersion.isEndOfSupport()) {
    throw new Error(`engineVersion ${engineVersion.version} reached its end of support on ${engineVersion.endOfSupport}, and Amazon MQ no longer creates brokers on it: use ActiveMqEngineVersion.V5_19.`);
  }
  if (engineVersion.requiresAutoMinorVersionUpgrade && !autoMinorVersionUpgrade) {
    throw new Error(`autoMinorVersionUpgrade is false, but engineVersion ${engineVersion.version} requires it: Amazon MQ manages minor versions from 5.18 on; remove autoMinorVersionUpgrade or set it to true.`);
  }
  if (mode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ && instanceType.isMicro) {
    throw new Error(`instanceType ${instanceType.name} does not support deploymentMode ACTIVE_STANDBY_MULTI_AZ: micro brokers are single-instance only; use BrokerInstanceType.M5_LARGE or larger.`);
  }
  if (storageType === BrokerStorageType.EBS && !instanceType.supportsEbs) {
    throw new Error(`storageType EBS needs an mq.m5 instance type, got instanceType ${instanceType.name}: use BrokerInstanceType.M5_LARGE or larger, or storageType EFS.`);
  }
  if (storageType === BrokerStorageType.EBS && mode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ) {
    throw new Error('storageType EBS does not support deploymentMode ACTIVE_STANDBY_MULTI_AZ: active/standby brokers share their store on EFS; use storageType EFS.');
  }
  const extra = props.securityGroups ?? [];
  if (extra.length > MAX_EXTRA_SECURITY_GROUPS) {
    throw new Error(`securityGroups has ${extra.length} security groups, but a broker takes at most 5 and the mesh uses one: pass at most ${MAX_EXTRA_SECURITY_GROUPS}.`);
  }
  const perAz = props.maxBrokersPerAvailabilityZone ?? 1;
  if (!Token.isUnresolved(perAz) && (!Number.isInteger(perAz) || perAz < 1)) {
    throw new Error(`maxBrokersPerAvailabilityZone must be a whole number of at least 1, got ${perAz}: use 1 (one broker per AZ) or more.`);
  }
}

function checkBrokerNamePrefix(prefix: string, brokerCount: number): void {
  if (Token.isUnresolved(prefix)) return;
  const maxLength = BROKER_NAME_MAX - 1 - String(brokerCount - 1).length;
  if (!/^[0-9A-Za-z_-]+$/.test(prefix) || prefix.length > maxLength) {
    throw new Error(`brokerNamePrefix must be 1 to ${maxLength} characters of A-Z a-z 0-9 _ - (broker names are '<prefix>-<index>', at most ${BROKER_NAME_MAX} characters), got '${prefix}': choose a shorter prefix without other characters.`);
  }
}

/** Picks each node's subnet(s): node i in AZ i, an active/standby node also in AZ i+1. */
function placeNodes(props: ActiveMqBrokerMeshProps, brokerCount: number, mode: MeshDeploymentMode): ec2.ISubnet[][] {
  const vpc = props.vpc;
  let subnets: ec2.ISubnet[];
  if (props.vpcSubnets) {
    subnets = vpc.selectSubnets(props.vpcSubnets).subnets;
  } else {
    subnets = vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
    if (subnets.length === 0) {
      throw new Error('vpcSubnets is not set and the VPC has no private or isolated subnets: pass vpcSubnets, or add private subnets to the VPC.');
    }
  }
  const byAz = new Map<string, ec2.ISubnet>();
  for (const subnet of subnets) {
    if (!byAz.has(subnet.availabilityZone)) byAz.set(subnet.availabilityZone, subnet);
  }
  const azs = [...byAz.keys()];
  const perAz = props.maxBrokersPerAvailabilityZone ?? 1;
  const needed = Math.max(Math.ceil(brokerCount / perAz), mode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ ? 2 : 1);
  if (azs.length < needed) {
    const names = azs.map(az => Token.isUnresolved(az) ? '(token)' : az).join(', ');
    throw new Error(`vpcSubnets selects subnets in ${azs.length} Availability Zone(s) (${names}), but brokerCount ${brokerCount} with maxBrokersPerAvailabilityZone ${perAz} needs ${needed} distinct AZs: select subnets in more AZs (the VPC's maxAzs or an explicit environment), lower brokerCount, or raise maxBrokersPerAvailabilityZone.`);
  }
  return Array.from({ length: brokerCount }, (_, i) => {
    const primary = byAz.get(azs[i % azs.length])!;
    return mode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ
      ? [primary, byAz.get(azs[(i + 1) % azs.length])!]
      : [primary];
  });
}
