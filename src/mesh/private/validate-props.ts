import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ALTERNATE_USER_SUFFIX } from './lifecycle';
import { checkMaintenanceWindow, DEFAULT_MAINTENANCE_WINDOW } from './maintenance';
import { checkUser } from './validate-users';
import { ActiveMqEngineVersion } from '../../config';
import { authorizationProblem, INTER_BROKER_GROUP } from '../../config/authorization';
import { ConfigurationApply, validateRebootTimeout } from '../../lifecycle';
import {
  BROKER_NAME_MAX_LENGTH, INSTANCE_TYPE_REPLACEMENT, isMicroInstanceType, MAJOR_MINOR_ONLY, MAX_NETWORK_CONNECTORS,
  MAX_SECURITY_GROUPS_PER_BROKER, MAX_USERNAME_LENGTH, METRICS_INTERVAL_SECONDS, PREVIOUS_GENERATION_INSTANCE_TYPES,
  supportsEbsStorage,
} from '../../private/amazon-mq';
import { DEFAULT_INTER_BROKER_USERNAME, MeshGraph, MeshPlan } from '../../topology';
import { NetworkConnectorUri } from '../../uri';
import { BrokerInstanceType, BrokerStorageType, MaintenanceWindowStart, MeshDeploymentMode } from '../broker-options';
import { ExternalPeerProps } from '../external-peer-props';
import { ActiveMqBrokerMeshProps } from '../mesh-props';

/** The mesh props with every default applied: the one place where defaults are chosen. */
export interface ResolvedMeshProps {
  readonly props: ActiveMqBrokerMeshProps;
  readonly brokerCount: number;
  readonly maxBrokersPerAvailabilityZone: number;
  readonly deploymentMode: MeshDeploymentMode;
  readonly engineVersion: ActiveMqEngineVersion;
  readonly instanceType: BrokerInstanceType;
  readonly storageType: BrokerStorageType;
  readonly autoMinorVersionUpgrade: boolean;
  readonly maintenanceWindowStart: MaintenanceWindowStart;
  readonly interBrokerUsername: string;
  readonly configurationApply: ConfigurationApply;
  readonly removalPolicy: RemovalPolicy;
  readonly extraSecurityGroups: ec2.ISecurityGroup[];
  readonly encryptionKey?: kms.IKey;
}

/** Applies the documented defaults. */
export function resolveMeshProps(props: ActiveMqBrokerMeshProps): ResolvedMeshProps {
  return {
    props,
    brokerCount: props.brokerCount ?? 3,
    maxBrokersPerAvailabilityZone: props.maxBrokersPerAvailabilityZone ?? 1,
    deploymentMode: props.deploymentMode ?? MeshDeploymentMode.SINGLE_INSTANCE,
    engineVersion: props.engineVersion ?? ActiveMqEngineVersion.V5_19,
    instanceType: props.instanceType ?? BrokerInstanceType.M5_LARGE,
    storageType: props.storageType ?? BrokerStorageType.EFS,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
    maintenanceWindowStart: props.maintenanceWindowStart ?? DEFAULT_MAINTENANCE_WINDOW,
    interBrokerUsername: props.interBrokerUser?.username ?? DEFAULT_INTER_BROKER_USERNAME,
    configurationApply: props.configurationApply ?? ConfigurationApply.ROLLING_REBOOT,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    extraSecurityGroups: props.securityGroups ?? [],
    encryptionKey: props.encryptionKey,
  };
}

/** Whether a value is known at synth time (not an unresolved token): only known values are validated. */
function known(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/** The longest broker name prefix for `brokerCount` nodes (names are `<prefix>-<index>`). */
export function maxBrokerNamePrefixLength(brokerCount: number): number {
  return BROKER_NAME_MAX_LENGTH - 1 - String(brokerCount - 1).length;
}

/**
 * One check of the mesh props: returns the error message (naming the prop, the value and the fix) or undefined.
 * Values that are unresolved tokens are skipped, except the few that decide how many constructs exist.
 */
type PropCheck = (p: ResolvedMeshProps) => string | undefined;

/**
 * Every check of `ActiveMqBrokerMeshProps` that does not need the construct tree, each run once, in this order.
 * The topology and `networkConnector` options are checked by the mesh plan (the pure core the drill shares), and
 * the subnet selection by the placement, which needs the VPC.
 */
const CHECKS: readonly PropCheck[] = [
  ({ brokerCount }) => Token.isUnresolved(brokerCount)
    ? 'brokerCount must be a number known at synth time, got a token: it decides how many brokers and connectors are created; pass a literal number such as 3.'
    : !Number.isInteger(brokerCount) || brokerCount < 2
      ? `brokerCount must be a whole number of at least 2, got ${brokerCount}: a single broker is a single point of failure; set brokerCount to 2 or more (3 is the default).`
      : undefined,
  ({ maxBrokersPerAvailabilityZone: perAz }) => Token.isUnresolved(perAz)
    ? 'maxBrokersPerAvailabilityZone must be a number known at synth time, got a token: it decides where each broker is placed; pass a literal number such as 1.'
    : !Number.isInteger(perAz) || perAz < 1
      ? `maxBrokersPerAvailabilityZone must be a whole number of at least 1, got ${perAz}: use 1 (one broker per AZ) or more.`
      : undefined,
  ({ removalPolicy }) => removalPolicy === RemovalPolicy.SNAPSHOT
    ? 'removalPolicy is RemovalPolicy.SNAPSHOT, but CloudFormation takes snapshots of volumes and databases only, not of Amazon MQ brokers, secrets or KMS keys: use RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY.'
    : undefined,
  ({ props }) => props.publiclyAccessible
    ? 'publiclyAccessible is true, but a mesh is never publicly accessible: remove publiclyAccessible and reach the brokers from inside the VPC (mesh.connections.allowDefaultPortFrom(...)), a peered VPC, or a VPN.'
    : undefined,
  ({ engineVersion: v }) => known(v.version) && v.isEndOfSupport()
    ? `engineVersion ${v.version} reached its end of support on ${v.endOfSupport}, and Amazon MQ no longer creates brokers on it: use ActiveMqEngineVersion.V5_19.`
    : undefined,
  ({ engineVersion: v, autoMinorVersionUpgrade: auto }) => known(auto) && v.requiresAutoMinorVersionUpgrade && !auto
    ? `autoMinorVersionUpgrade is false, but engineVersion ${v.version} requires it: Amazon MQ manages minor versions from 5.18 on; remove autoMinorVersionUpgrade or set it to true.`
    : undefined,
  ({ engineVersion: v, instanceType: { name } }) => known(name) && known(v.version)
    && PREVIOUS_GENERATION_INSTANCE_TYPES.includes(name) && MAJOR_MINOR_ONLY.includes(v.majorMinor)
    ? `instanceType ${name} is a previous-generation type that Amazon MQ does not offer for engineVersion ${v.version} (ActiveMQ 5.18 and later run on mq.m5 types, and mq.t3.micro for evaluation): use ${instanceTypeConstant(INSTANCE_TYPE_REPLACEMENT[name])} instead.`
    : undefined,
  ({ deploymentMode: mode, instanceType: { name } }) => mode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ && known(name)
    && isMicroInstanceType(name)
    ? `instanceType ${name} does not support deploymentMode ACTIVE_STANDBY_MULTI_AZ: micro brokers are single-instance only; use BrokerInstanceType.M5_LARGE or larger.`
    : undefined,
  ({ storageType, instanceType }) => storageType === BrokerStorageType.EBS && known(instanceType.name) && !supportsEbsStorage(instanceType.name)
    ? `storageType EBS needs an mq.m5 instance type, got instanceType ${instanceType.name}: use BrokerInstanceType.M5_LARGE or larger, or storageType EFS.`
    : undefined,
  ({ storageType, deploymentMode }) => storageType === BrokerStorageType.EBS && deploymentMode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ
    ? 'storageType EBS does not support deploymentMode ACTIVE_STANDBY_MULTI_AZ: active/standby brokers share their store on EFS; use storageType EFS.'
    : undefined,
  ({ extraSecurityGroups: extra }) => extra.length > MAX_SECURITY_GROUPS_PER_BROKER - 1
    ? `securityGroups has ${extra.length} security groups, but a broker takes at most ${MAX_SECURITY_GROUPS_PER_BROKER} and the mesh uses one: pass at most ${MAX_SECURITY_GROUPS_PER_BROKER - 1}.`
    : undefined,
  ({ props, brokerCount }) => {
    const prefix = props.brokerNamePrefix;
    const max = maxBrokerNamePrefixLength(brokerCount);
    return prefix !== undefined && known(prefix) && (!/^[0-9A-Za-z_-]+$/.test(prefix) || prefix.length > max)
      ? `brokerNamePrefix must be 1 to ${max} characters of A-Z a-z 0-9 _ - (broker names are '<prefix>-<index>', at most ${BROKER_NAME_MAX_LENGTH} characters), got '${prefix}': choose a shorter prefix without other characters.`
      : undefined;
  },
  ({ maintenanceWindowStart }) => checkMaintenanceWindow(maintenanceWindowStart, 'maintenanceWindowStart'),
  ({ props }) => props.useAwsOwnedKey && props.encryptionKey
    ? 'encryptionKey and useAwsOwnedKey are both set: pass an encryptionKey for a customer-managed key, or set useAwsOwnedKey: true without one.'
    : undefined,
  ({ props, configurationApply }) => configurationApply !== ConfigurationApply.ROLLING_REBOOT && props.rebootTimeout !== undefined
    ? `rebootTimeout is ${props.rebootTimeout.toHumanString()}, but configurationApply is ${configurationApply}, which does not reboot: remove rebootTimeout, or use ConfigurationApply.ROLLING_REBOOT.`
    : undefined,
  ({ props }) => props.rebootTimeout === undefined ? undefined : rebootTimeoutProblem(props.rebootTimeout),
  ({ props }) => props.ssmParameterPrefix === undefined ? undefined : ssmPrefixProblem(props.ssmParameterPrefix, 'ssmParameterPrefix'),
  ({ props }) => props.monitoring === false && props.monitoringOptions !== undefined
    ? 'monitoringOptions is set, but monitoring is false: remove monitoringOptions, or remove monitoring: false to keep the alarms and dashboard.'
    : undefined,
  ({ props: { monitoringOptions: m } }) => firstProblem((['cpuUtilizationThreshold', 'heapUsageThreshold', 'storePercentUsageThreshold'] as const)
    .map(key => () => {
      const v = m?.[key];
      return v !== undefined && known(v) && !(v > 0 && v < 100)
        ? `monitoringOptions.${key} must be a percentage above 0 and below 100, got ${v}: use for example 80.`
        : undefined;
    })),
  ({ props: { monitoringOptions: m } }) => {
    const n = m?.evaluationPeriods;
    return n !== undefined && known(n) && (!Number.isInteger(n) || n < 1)
      ? `monitoringOptions.evaluationPeriods must be a whole number of at least 1, got ${n}: use for example 3.`
      : undefined;
  },
  ({ props: { monitoringOptions: m } }) => {
    const period = m?.period;
    if (period === undefined || !known(period.toSeconds())) {
      return undefined;
    }
    const seconds = period.toSeconds();
    const periods = m!.evaluationPeriods ?? 3;
    return seconds < METRICS_INTERVAL_SECONDS || seconds % METRICS_INTERVAL_SECONDS !== 0
      ? `monitoringOptions.period must be whole minutes, got ${period.toHumanString()}: Amazon MQ publishes its metrics every minute; use for example Duration.minutes(5).`
      : known(periods) && seconds * periods > 86400
        ? `monitoringOptions.period × evaluationPeriods must be at most one day (CloudWatch's limit for an alarm), got ${period.toHumanString()} × ${periods}: shorten the period or use fewer evaluation periods.`
        : undefined;
  },
  ({ props, interBrokerUsername, configurationApply }) => checkUser({
    username: interBrokerUsername, secret: props.interBrokerUser?.secret, rotationSchedule: props.interBrokerUser?.rotationSchedule,
  }, 'interBrokerUser', configurationApply),
  ({ props, interBrokerUsername }) => props.interBrokerUser?.rotationSchedule !== undefined && known(interBrokerUsername)
    && interBrokerUsername.length + ALTERNATE_USER_SUFFIX.length > MAX_USERNAME_LENGTH
    ? `interBrokerUser.username '${interBrokerUsername}' is too long for rotation: the alternate user '${interBrokerUsername}${ALTERNATE_USER_SUFFIX}' `
      + `would exceed Amazon MQ's ${MAX_USERNAME_LENGTH} characters; use at most ${MAX_USERNAME_LENGTH - ALTERNATE_USER_SUFFIX.length} characters.`
    : undefined,
  ({ props, configurationApply }) => props.adminUser === undefined ? undefined : checkUser(props.adminUser, 'adminUser', configurationApply),
  ({ props, configurationApply }) => firstProblem((props.users ?? []).map((u, i) => () => checkUser(u, `users[${i}]`, configurationApply))),
  ({ props }) => props.authorization === undefined ? undefined : authorizationProblem(props.authorization, 'authorization'),
  ({ props }) => {
    const holder = props.authorization === undefined ? undefined
      : [...(props.users ?? []).map((u, i) => [`users[${i}]`, u] as const), ['adminUser', props.adminUser] as const]
        .find(([, u]) => u?.groups?.includes(INTER_BROKER_GROUP));
    return holder === undefined ? undefined
      : `${holder[0]}.groups contains '${INTER_BROKER_GROUP}', the group that gives the inter-broker user what network bridges need when an authorization map is set: remove it and grant the user's own groups in authorization.`;
  },
  ({ props }) => props.topicPendingMessageLimit === undefined || !known(props.topicPendingMessageLimit)
    || (Number.isInteger(props.topicPendingMessageLimit) && props.topicPendingMessageLimit >= -1)
    ? undefined
    : `topicPendingMessageLimit must be -1 or a whole number of at least 0, got ${props.topicPendingMessageLimit}: it is how many messages a slow topic consumer may lag behind (0: only its prefetch, -1: no limit; Amazon MQ's default is 3000).`,
];

/**
 * What is wrong with an SSM parameter prefix (it must start with '/', not end with '/', and use only the characters
 * SSM allows in names), or undefined; tokens are not checked.
 *
 * @param prefix the prefix
 * @param prop the prop or parameter to name in the message
 */
export function ssmPrefixProblem(prefix: string, prop: string): string | undefined {
  return known(prefix) && !/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(prefix)
    ? `${prop} must start with '/' and not end with '/', using A-Z a-z 0-9 _ . - /, got '${prefix}': use for example '/orders/mq'.`
    : undefined;
}

/** Throws the first problem of the mesh props, in the order of `CHECKS`. */
export function validateMeshProps(p: ResolvedMeshProps): void {
  const problem = firstProblem(CHECKS.map((check) => () => check(p)));
  if (problem !== undefined) {
    throw new Error(problem);
  }
}

function firstProblem(checks: Array<() => string | undefined>): string | undefined {
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

/** `mq.t3.micro` -> `BrokerInstanceType.T3_MICRO`. */
function instanceTypeConstant(name: string): string {
  return `BrokerInstanceType.${name.replace(/^mq\./, '').replace(/\./g, '_').toUpperCase()}`;
}

function rebootTimeoutProblem(timeout: Duration): string | undefined {
  try {
    validateRebootTimeout(timeout, 'rebootTimeout');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** An external peer already added to a mesh. */
export interface AddedExternalPeer {
  readonly id: string;
  readonly openWireEndpoints: string[];
  readonly connectFrom: number[];
}

/** What the checks of `addExternalPeer(id, props)` look at. */
export interface ExternalPeerCheckInput {
  readonly id: string;
  readonly props: ExternalPeerProps;
  /** `props.connectFrom` with its default applied (every node). */
  readonly connectFrom: number[];
  readonly plan: MeshPlan;
  readonly existing: readonly AddedExternalPeer[];
}

type ExternalPeerCheck = (p: ExternalPeerCheckInput) => string | undefined;

/** Every check of `addExternalPeer(id, props)`, each run once, in this order; messages start with the call. */
const EXTERNAL_PEER_CHECKS: readonly ExternalPeerCheck[] = [
  ({ id }) => !/^[A-Za-z0-9_-]{1,64}$/.test(id)
    ? `id must be 1 to 64 characters of A-Z a-z 0-9 _ - (it names the connectors, node<i>_to_<id>), got '${id}': use for example 'legacy'.`
    : undefined,
  ({ id, existing }) => existing.some(e => e.id === id)
    ? `id '${id}' is already an external peer of this mesh: give each peer its own id.`
    : undefined,
  ({ props: { openWireEndpoints: eps } }) => !Array.isArray(eps) || eps.length === 0
    ? `openWireEndpoints must list the peer's OpenWire endpoints, got ${JSON.stringify(eps)}: pass one endpoint, or two for an active/standby pair, e.g. ['ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617'].`
    : undefined,
  ({ props: { openWireEndpoints: eps } }) => {
    try {
      NetworkConnectorUri.forBroker(eps);
      return undefined;
    } catch (e) {
      return `openWireEndpoints ${JSON.stringify(eps)} cannot be a connector target: ${(e as Error).message}`;
    }
  },
  ({ props: { openWireEndpoints: eps } }) => eps.filter(known).length !== new Set(eps.filter(known)).size
    ? `openWireEndpoints lists the same endpoint twice, got ${JSON.stringify(eps)}: list each instance of the peer once.`
    : undefined,
  ({ props: { openWireEndpoints: eps }, existing }) => {
    const other = existing.find(e => e.openWireEndpoints.some(ep => known(ep) && eps.includes(ep)));
    return other === undefined ? undefined
      : `openWireEndpoints ${JSON.stringify(eps)} overlap those of the external peer '${other.id}': a broker is one peer; add it once.`;
  },
  ({ props: { connectFrom }, plan: { brokerCount } }) => connectFrom !== undefined && (!Array.isArray(connectFrom) || connectFrom.length === 0
    || connectFrom.some(n => !known(n) || !Number.isInteger(n) || n < 0 || n >= brokerCount) || new Set(connectFrom).size !== connectFrom.length)
    ? `connectFrom must list distinct node indexes from 0 to ${brokerCount - 1}, known at synth time, got ${JSON.stringify(connectFrom)}: `
      + 'list the nodes that should connect to the peer, or leave connectFrom out to connect from every node.'
    : undefined,
  ({ props: { reason } }) => reason !== undefined && (typeof reason !== 'string' || reason.trim().length === 0)
    ? `reason must be a non-empty text, got ${JSON.stringify(reason)}: say why the peer exists, or leave reason out.`
    : undefined,
  ({ connectFrom, plan, existing }) => {
    for (const node of connectFrom) {
      const count = plan.links.filter(l => l.from === node).length + existing.filter(e => e.connectFrom.includes(node)).length + 1;
      if (count > MAX_NETWORK_CONNECTORS) {
        return `connectFrom includes node ${node}, which would then declare ${count} network connectors, but Amazon MQ allows `
          + `${MAX_NETWORK_CONNECTORS} per broker: connect the peer from other nodes (connectFrom), or remove another external peer.`;
      }
    }
    return undefined;
  },
  (input) => peerReachProblem(input),
];

/** Throws the first problem of `addExternalPeer(id, props)`, naming the call, the prop, the value and the fix. */
export function validateExternalPeer(input: ExternalPeerCheckInput): void {
  const problem = firstProblem(EXTERNAL_PEER_CHECKS.map((check) => () => check(input)));
  if (problem !== undefined) {
    throw new Error(`addExternalPeer('${input.id}'): ${problem}`);
  }
}

/**
 * Messages and consumer subscriptions must travel between the peer and every node within the mesh's TTLs: a node
 * that does not connect to the peer reaches it through a node that does, which costs hops.
 */
function peerReachProblem({ connectFrom, plan }: ExternalPeerCheckInput): string | undefined {
  const ttls = [plan.connectorOptions.consumerTtl, plan.connectorOptions.messageTtl, plan.networkTtl]
    .filter((t): t is number => t !== undefined && known(t) && t !== -1);
  const ttl = Math.min(...ttls);
  if (!Number.isFinite(ttl)) {
    return undefined;
  }
  const base = plan.graph();
  const peer = 'peer';
  const graph = new MeshGraph([...base.brokers, peer],
    [...base.links, ...connectFrom.map(n => ({ from: `node${n}`, to: peer, duplex: true }))]);
  // Like the mesh's own TTL rule: pairs the network connects at all must be within the TTL (a concentrator's edges,
  // for instance, never receive, so the peer need not reach them).
  const atAll = new Set(graph.unreachablePairs(graph.brokers.length).map(u => `${u.from}>${u.to}`));
  const tooFar = graph.unreachablePairs(ttl).find(u => (u.from === peer || u.to === peer) && !atAll.has(`${u.from}>${u.to}`));
  if (tooFar !== undefined) {
    const why = graph.explainUnreachable(tooFar.from, tooFar.to, ttl)!.split(' but ')[0].replace(/\bpeer\b/g, 'the peer');
    return `connectFrom ${JSON.stringify(connectFrom)} leaves a node too far from the peer for the mesh's TTL of ${ttl} `
      + `(${why}): connect from more nodes (leave connectFrom out for every node), or raise networkConnector.networkTtl `
      + '(which changes every node\'s configuration).';
  }
  return undefined;
}
