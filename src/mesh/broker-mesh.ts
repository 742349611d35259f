import { Lazy, Names, RemovalPolicy, Resource, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { MeshDeploymentMode } from './broker-options';
import { ExternalPeerProps } from './external-peer-props';
import { MeshBroker } from './mesh-broker';
import { ActiveMqBrokerMeshAttributes, IActiveMqBrokerMesh, ImportedActiveMqBrokerMesh, importMeshFromSsm } from './mesh-contract';
import { ActiveMqBrokerMeshProps } from './mesh-props';
import { IMeshUser, MeshUser, MeshUserProps } from './mesh-user';
import { INTER_BROKER_GROUP } from '../config/authorization';
import { MeshLifecycleHooks, wireLifecycle } from './private/lifecycle';
import { MAX_USERS_PER_BROKER, PORTS } from '../private/amazon-mq';
import { IMeshEndpoints, MeshPlan } from '../topology';
import { ClientProtocol, FailoverOptions, FailoverUri } from '../uri';
import { emitClientEndpoints, publishUserSecret } from './private/client-endpoints';
import { ExternalPeers } from './private/external-peers';
import { BrokerLogsResourcePolicy } from './private/logs-policy';
import { staggeredMaintenanceWindow } from './private/maintenance';
import { MeshConnections } from './private/mesh-connections';
import { MeshMonitoring } from './private/monitoring';
import { placeNodes } from './private/placement';
import { noDefaultEgress } from './private/security-group';
import { maxBrokerNamePrefixLength, ResolvedMeshProps, resolveMeshProps, validateMeshProps } from './private/validate-props';
import { checkUser } from './private/validate-users';

/**
 * A network of Amazon MQ for ActiveMQ brokers in distinct Availability Zones, joined by `networkConnector`s,
 * with one inter-broker user held in Secrets Manager and failover URIs for clients.
 *
 * Brokers are created in parallel. Each node gets its own `AWS::AmazonMQ::Configuration`, whose XML names
 * the OpenWire endpoints of the nodes it connects to, and a `ConfigurationAssociation`. Connectors are
 * oriented so that node i only connects to nodes created before it: adding a node changes nothing on the
 * existing nodes.
 */
export class ActiveMqBrokerMesh extends Resource implements IActiveMqBrokerMesh {
  /**
   * A mesh defined elsewhere (another stack or app), for its clients: failover URIs, security groups and users.
   *
   * @param scope the scope of the reference
   * @param id the construct ID
   * @param attrs what is known of the mesh
   */
  public static fromMeshAttributes(scope: Construct, id: string, attrs: ActiveMqBrokerMeshAttributes): IActiveMqBrokerMesh {
    return new ImportedActiveMqBrokerMesh(scope, id, attrs);
  }

  /**
   * A mesh of another app, for its clients, read from the SSM parameters the mesh publishes with
   * `ssmParameterPrefix`: the failover URIs and endpoint lists, the mesh security group
   * (`<prefix>/security-group-id`) and, for each of `usernames`, the user's secret ARN
   * (`<prefix>/users/<username>/secret-arn`). CloudFormation reads the parameters when the consumer's stack deploys.
   *
   * @param scope the scope of the reference
   * @param id the construct ID
   * @param parameterPrefix the mesh's `ssmParameterPrefix`, e.g. `/orders/mq`
   * @param usernames the application users the consumer connects as (their secrets become `users`)
   */
  public static fromSsmParameters(scope: Construct, id: string, parameterPrefix: string, usernames?: string[]): IActiveMqBrokerMesh {
    return importMeshFromSsm(scope, id, parameterPrefix, usernames);
  }

  /** The nodes of the mesh, in index order. */
  public readonly brokers: MeshBroker[];
  /** The inter-broker user (same username and secret on every node). */
  public readonly interBrokerUser: MeshUser;
  /** The admin (console) user. */
  public readonly adminUser: MeshUser;
  /** The security group that lets mesh members reach each other on TCP 61617. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Network connections of the brokers; the default port is OpenWire 61617. */
  public readonly connections: ec2.Connections;
  /**
   * The KMS key that encrypts the brokers and generated secrets, if customer-managed.
   * @default - none: `useAwsOwnedKey` is set
   */
  public readonly encryptionKey?: kms.IKey;
  /** The deployment mode of every node. */
  public readonly deploymentMode: MeshDeploymentMode;
  /**
   * The mesh's CloudWatch dashboard: alarm states, bridges, connections, queue depth, enqueue/dequeue rates per node.
   * @default - none: `monitoring` is false or `monitoringOptions.dashboard` is false
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly settings: ResolvedMeshProps;
  private readonly plan: MeshPlan;
  private readonly appUsers: MeshUser[] = [];
  private readonly lifecycle?: MeshLifecycleHooks;
  private readonly externalPeers: ExternalPeers;
  private readonly monitoring?: MeshMonitoring;
  /** The removal policy of the mesh's resources, including users added later (`applyRemovalPolicy` changes it). */
  private removalPolicy: RemovalPolicy;

  /**
   * @param scope the parent construct
   * @param id the mesh's construct ID
   * @param props the mesh's settings; only `vpc` is required
   */
  constructor(scope: Construct, id: string, props: ActiveMqBrokerMeshProps) {
    super(scope, id);
    const settings = resolveMeshProps(props);
    validateMeshProps(settings);
    this.settings = settings;
    this.removalPolicy = settings.removalPolicy;
    this.deploymentMode = settings.deploymentMode;

    this.plan = new MeshPlan({
      brokerCount: settings.brokerCount,
      topology: props.topology,
      connector: props.networkConnector,
      interBrokerUsername: settings.interBrokerUsername,
      authorization: props.authorization,
      topicPendingMessageLimit: props.topicPendingMessageLimit,
    });
    const placements = placeNodes(props.vpc, props.vpcSubnets, settings.brokerCount,
      settings.maxBrokersPerAvailabilityZone, settings.deploymentMode);
    const brokerNamePrefix = props.brokerNamePrefix ?? Names.uniqueResourceName(this, {
      maxLength: maxBrokerNamePrefixLength(settings.brokerCount),
      separator: '-',
      allowedSpecialCharacters: '-_',
    });

    if (!props.useAwsOwnedKey) {
      this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
        description: `Encrypts the Amazon MQ brokers and broker user secrets of ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy: settings.removalPolicy,
      });
    }

    // Users: one definition, rendered identically on every node.
    this.interBrokerUser = this.createUser('InterBrokerUser', {
      username: settings.interBrokerUsername,
      secret: props.interBrokerUser?.secret,
      groups: props.authorization === undefined ? undefined : [INTER_BROKER_GROUP],
    });
    const adminProps = props.adminUser ?? { username: 'admin', consoleAccess: true };
    this.checkUniqueUsername(adminProps.username, 'adminUser.username');
    this.adminUser = this.createUser('AdminUser', adminProps);
    (props.users ?? []).forEach((u, i) => this.addUserAt(u, `users[${i}]`));

    // Security: members reach each other on 61617 only, the one port a broker connects out on (its network
    // connectors); clients are let in through `connections` (return traffic needs no rule).
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Amazon MQ network of brokers ${this.node.path}`,
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(PORTS.openWire), 'Inter-broker OpenWire between mesh members');
    securityGroup.addEgressRule(securityGroup, ec2.Port.tcp(PORTS.openWire), 'Inter-broker OpenWire to mesh members');
    noDefaultEgress(securityGroup);
    this.securityGroup = securityGroup;
    const securityGroups = [securityGroup, ...settings.extraSecurityGroups];
    this.connections = new MeshConnections(this.stack, { securityGroups, defaultPort: ec2.Port.tcp(PORTS.openWire) });

    // Only the admin user is in the brokers' Users (Amazon MQ needs one at CreateBroker); the other users are managed by
    // the mesh's users resource, so they cost no dynamic references (docs/ARCHITECTURE.md, "Users at scale").
    const usersProperty = Lazy.any({
      produce: () => [this.adminUser].map(u => ({
        username: u.username,
        password: u._password.unsafeUnwrap(), // a {{resolve:secretsmanager:…}} dynamic reference, never a literal
        consoleAccess: u.consoleAccess,
        groups: u.groups.length > 0 ? u.groups : undefined,
      })),
    });

    this.externalPeers = new ExternalPeers({
      mesh: this,
      plan: this.plan,
      brokers: () => this.brokers,
      interBrokerUser: () => this.interBrokerUser,
      securityGroupId: securityGroup.securityGroupId,
      emitOutputs: props.emitOutputs ?? true,
    });

    // Each node's XML names its peers' endpoints; it is produced at synth time, once every node exists.
    const endpoints: IMeshEndpoints = { openWireEndpoints: (node: number) => this.brokers[node].openWireEndpoints };
    this.brokers = placements.map((subnets, index) => MeshBroker._create(this, `Node${index}`, {
      nodeIndex: index,
      brokerName: `${brokerNamePrefix}-${index}`,
      deploymentMode: settings.deploymentMode,
      engineVersion: settings.engineVersion,
      instanceType: settings.instanceType,
      storageType: settings.storageType,
      autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
      subnets,
      securityGroups,
      generalLogs: props.generalLogs ?? true,
      auditLogs: props.auditLogs ?? true,
      encryptionKey: this.encryptionKey,
      maintenanceWindow: staggeredMaintenanceWindow(settings.maintenanceWindowStart, index),
      users: usersProperty,
      configurationXml: () => this.plan.brokerXmlFor(index, endpoints, this.externalPeers.connectorsFor(index)),
      removalPolicy: settings.removalPolicy,
    }));

    if ((props.logsResourcePolicy ?? true) && ((props.generalLogs ?? true) || (props.auditLogs ?? true))) {
      BrokerLogsResourcePolicy.of(this).allowBrokers(brokerNamePrefix, settings.brokerCount, this.brokers.map(b => b.resource));
    }

    Tags.of(this).add('activemq-mesh:name', brokerNamePrefix);
    if (props.owner !== undefined) Tags.of(this).add('Owner', props.owner);
    if (props.costCenter !== undefined) Tags.of(this).add('CostCenter', props.costCenter);

    this.lifecycle = wireLifecycle({
      mesh: this,
      brokers: this.brokers,
      links: this.plan.links,
      interBrokerUser: this.interBrokerUser,
      adminUser: this.adminUser,
      appUsers: () => this.appUsers,
      configurationApply: settings.configurationApply,
      rebootTimeout: props.rebootTimeout,
      interBrokerRotation: props.interBrokerUser?.rotationSchedule,
      acknowledgeNagFindings: props.acknowledgeNagFindings ?? true,
    });

    if (props.monitoring ?? true) {
      this.monitoring = new MeshMonitoring(this, 'Monitoring', {
        plan: this.plan,
        brokers: this.brokers,
        props: props.monitoringOptions ?? {},
        externalPeersOf: (node) => this.externalPeers.countFor(node),
      });
      this.dashboard = this.monitoring.dashboard;
    }

    emitClientEndpoints(this, this, props.emitOutputs ?? true, props.ssmParameterPrefix);
  }

  /**
   * Adds an application user to every node of the mesh, with its own secret.
   *
   * @param id the user's construct ID
   * @param props the username, groups and (optionally) secret
   */
  public addUser(id: string, props: MeshUserProps): MeshUser {
    return this.addUserAt(props, `addUser('${id}')`, id);
  }

  /**
   * Bridges nodes of the mesh to a broker outside this app: the standalone broker being retired (see
   * docs/migration.md) or an on-premises broker. Each connecting node gets one duplex connector to the peer with the
   * mesh's connector settings and the inter-broker user (never a password); only those nodes' configurations
   * change. The rule pack treats the peer as declared. Unless `emitOutputs` is false, the output
   * `<mesh>{id}PeerSetup` says what the peer must have: the inter-broker user (with the password from its secret)
   * and OpenWire ingress from the mesh security group. The mesh's security group lets its brokers connect out only
   * to each other, so open the way to the peer too, e.g.
   * `mesh.connections.allowTo(ec2.Peer.ipv4('10.20.0.0/16'), ec2.Port.tcp(61617))`.
   *
   * @param id the peer's name, used in connector names (`node<i>_to_<id>`): A-Z a-z 0-9 _ -
   * @param props the peer's endpoints and which nodes connect to it
   */
  public addExternalPeer(id: string, props: ExternalPeerProps): Construct {
    const peer = this.externalPeers.add(id, props);
    this.monitoring?.watchBridges();
    return peer;
  }

  /**
   * The mesh's CloudWatch alarms (empty with `monitoring: false`): per node, bridges below what the topology expects
   * (nodes expecting none have no bridge alarm), CPU, heap and store usage above their thresholds.
   */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...(this.monitoring?.alarms ?? [])];
  }

  /** Application users added through `users` or `addUser()`. */
  public get users(): IMeshUser[] {
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
    const clientFailover = this.settings.props.clientFailover;
    switch (protocol) {
      case ClientProtocol.OPENWIRE:
        return FailoverUri.openWire(endpoints, { ...FailoverUri.LIBRARY_DEFAULTS, ...clientFailover, ...options });
      case ClientProtocol.AMQP: {
        // `timeout` is OpenWire-only: the mesh-wide clientFailover.timeout does not carry over to AMQP, while an
        // explicit one is refused by FailoverUri.amqp with a clear error.
        const { timeout: _openWireOnly, ...shared } = { ...FailoverUri.LIBRARY_DEFAULTS, ...clientFailover };
        return FailoverUri.amqp(endpoints, { ...shared, ...options });
      }
      default:
        if (options !== undefined && Object.keys(options).length > 0) {
          throw new Error(`failoverUri(${protocol}) got failover options, but ${protocol} has no failover URI syntax: configure reconnection in the client and call failoverUri(${protocol}) without options.`);
        }
        return FailoverUri.endpointList(endpoints, protocol);
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

  /** Comma-separated MQTT endpoints of every node, `ssl://…:8883` as Paho and MQTT.js take them. */
  public get mqttEndpoints(): string {
    return this.failoverUri(ClientProtocol.MQTT);
  }

  /** Comma-separated WebSocket (WSS) endpoints of every node. */
  public get wssEndpoints(): string {
    return this.failoverUri(ClientProtocol.WSS);
  }

  /**
   * Applies a removal policy to every broker (with its configuration and association), every generated user
   * secret and the mesh's own KMS key; users added later get it too.
   *
   * @param policy what happens to them when they leave the stack
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.removalPolicy = policy;
    for (const broker of this.brokers) {
      broker.applyRemovalPolicy(policy);
    }
    for (const user of this.allUsers()) {
      const secret = user.node.tryFindChild('Secret') as Resource | undefined;
      secret?.applyRemovalPolicy(policy);
    }
    const key = this.node.tryFindChild('Key') as Resource | undefined;
    key?.applyRemovalPolicy(policy);
  }

  private createUser(id: string, props: MeshUserProps): MeshUser {
    return MeshUser._create(this, id, props, this.encryptionKey, this.removalPolicy);
  }

  private addUserAt(props: MeshUserProps, prop: string, id?: string): MeshUser {
    const problem = checkUser(props, prop, this.settings.configurationApply);
    if (problem !== undefined) {
      throw new Error(problem);
    }
    this.checkUniqueUsername(props.username, `${prop}.username`);
    if (this.allUsers().length + 1 > MAX_USERS_PER_BROKER) {
      throw new Error(`${prop} would be user number ${this.allUsers().length + 1}, but Amazon MQ allows ${MAX_USERS_PER_BROKER} users per broker: remove users.`);
    }
    const user = this.createUser(id ?? `User${this.appUsers.length}`, props);
    if (this.settings.props.ssmParameterPrefix !== undefined) {
      publishUserSecret(user, user, this.settings.props.ssmParameterPrefix, prop);
    }
    this.appUsers.push(user);
    this.lifecycle?.userAdded(user);
    return user;
  }

  private checkUniqueUsername(username: string, prop: string): void {
    if (!Token.isUnresolved(username) && this.allUsers().some(u => u.username === username)) {
      throw new Error(`${prop} '${username}' is already a user of this mesh: usernames must be unique across users, adminUser and interBrokerUser.`);
    }
  }

  /** Every user of the mesh, in the order they were created (the admin user is absent while it is created). */
  private allUsers(): MeshUser[] {
    return [this.interBrokerUser, this.adminUser, ...this.appUsers].filter(u => u !== undefined);
  }
}
