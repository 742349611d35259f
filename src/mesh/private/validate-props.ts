import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ALTERNATE_USER_SUFFIX } from './lifecycle';
import { checkMaintenanceWindow, DEFAULT_MAINTENANCE_WINDOW } from './maintenance';
import { checkUser } from './validate-users';
import { ActiveMqEngineVersion } from '../../config';
import { ConfigurationApply, validateRebootTimeout } from '../../lifecycle';
import {
  BROKER_NAME_MAX_LENGTH, isMicroInstanceType, MAX_SECURITY_GROUPS_PER_BROKER, MAX_USERNAME_LENGTH, supportsEbsStorage,
} from '../../private/amazon-mq';
import { BrokerInstanceType, BrokerStorageType, MaintenanceWindowStart, MeshDeploymentMode } from '../broker-options';
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

/** The default inter-broker username. */
export const DEFAULT_INTER_BROKER_USERNAME = 'mesh-bridge';

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
  ({ props }) => props.publiclyAccessible
    ? 'publiclyAccessible is true, but a mesh is never publicly accessible: remove publiclyAccessible and reach the brokers from inside the VPC (mesh.connections.allowDefaultPortFrom(...)), a peered VPC, or a VPN.'
    : undefined,
  ({ engineVersion: v }) => known(v.version) && v.isEndOfSupport()
    ? `engineVersion ${v.version} reached its end of support on ${v.endOfSupport}, and Amazon MQ no longer creates brokers on it: use ActiveMqEngineVersion.V5_19.`
    : undefined,
  ({ engineVersion: v, autoMinorVersionUpgrade: auto }) => known(auto) && v.requiresAutoMinorVersionUpgrade && !auto
    ? `autoMinorVersionUpgrade is false, but engineVersion ${v.version} requires it: Amazon MQ manages minor versions from 5.18 on; remove autoMinorVersionUpgrade or set it to true.`
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
  ({ props }) => {
    const prefix = props.ssmParameterPrefix;
    return prefix !== undefined && known(prefix) && !/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(prefix)
      ? `ssmParameterPrefix must start with '/' and not end with '/', using A-Z a-z 0-9 _ . - /, got '${prefix}': use for example '/orders/mq'.`
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
];

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

function rebootTimeoutProblem(timeout: Duration): string | undefined {
  try {
    validateRebootTimeout(timeout, 'rebootTimeout');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
