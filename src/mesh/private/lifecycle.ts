import { Arn, ArnFormat, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CfnParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgeAlarmsWithoutActions, acknowledgeMeshFindings } from './nag';
import { ConfigurationApply, MeshLifecycle, MeshUserEntry, MeshUsers, RollingReboot } from '../../lifecycle';
import { DEFAULT_REBOOT_TIMEOUT } from '../../lifecycle/reboot-timeout';
import { MAX_USERS_PER_BROKER } from '../../private/amazon-mq';
import { MAX_USERS_PROPERTY_BYTES } from '../../private/cloudformation';
import { alternateUsername, hasCycle, MeshLink, rebootOrder } from '../../topology';

export { ALTERNATE_USER_SUFFIX, alternateUsername } from '../../topology';
import { MeshBroker } from '../mesh-broker';
import { MeshUser } from '../mesh-user';

/** The secret tag naming the SSM parameter that tells the rotation workflow where the mesh is. */
export const ROTATION_TAG = 'cdk-activemq-mesh:rotation';
/** Template users per broker (the admin user: Amazon MQ needs one user at CreateBroker). */
export const TEMPLATE_USERS_PER_BROKER = 1;

/** What the mesh hands to its lifecycle. */
export interface MeshLifecycleWiring {
  readonly mesh: Construct;
  readonly brokers: MeshBroker[];
  readonly links: MeshLink[];
  readonly interBrokerUser: MeshUser;
  readonly adminUser: MeshUser;
  readonly appUsers: () => MeshUser[];
  readonly configurationApply: ConfigurationApply;
  readonly rebootTimeout?: Duration;
  readonly interBrokerRotation?: Duration;
  readonly acknowledgeNagFindings: boolean;
}

/**
 * Gives a mesh its users resource, its rolling reboot (with ROLLING_REBOOT), its rotation schedules, the grants of
 * the stack's lifecycle function, the dynamic reference count, and its cdk-nag acknowledgements.
 */
export function wireLifecycle(w: MeshLifecycleWiring): MeshLifecycleHooks {
  const lifecycle = MeshLifecycle.of(w.mesh);
  const count = w.brokers.length;
  lifecycle.addDynamicReferences(w.mesh.node.path, count * TEMPLATE_USERS_PER_BROKER,
    `${count} brokers × ${TEMPLATE_USERS_PER_BROKER} template user`);
  const timeoutSeconds = (w.rebootTimeout ?? DEFAULT_REBOOT_TIMEOUT).toSeconds();
  const order = rebootOrder(count, w.links);
  const ib = w.interBrokerUser;
  const alternate = w.interBrokerRotation ? alternateUsername(ib.username) : undefined;

  const entries = (): MeshUserEntry[] => [
    {
      username: ib.username,
      secret: ib.secret,
      consoleAccess: ib.consoleAccess,
      groups: ib.groups,
      role: 'inter-broker',
      alternateUsername: alternate,
      rotation: alternate ? 'alternating-users' : undefined,
    },
    ...w.appUsers().map((u): MeshUserEntry => ({
      username: u.username,
      secret: u.secret,
      consoleAccess: u.consoleAccess,
      groups: u.groups,
      role: 'application',
      rotation: u._rotationSchedule ? 'single-user' : undefined,
    })),
  ];
  const users = new MeshUsers(w.mesh, 'Users', {
    brokers: w.brokers.map((b) => b.resource),
    users: entries,
    applyMode: w.configurationApply,
    timeoutSeconds: Token.isUnresolved(timeoutSeconds) ? 2700 : timeoutSeconds,
  });

  // Rotation: a schedule per rotated secret, and the coordinates the workflow needs (brokers, order, users).
  const rotations: Array<{ secret: secretsmanager.ISecret; parameterArn: string }> = [];
  const rotate = (user: MeshUser, schedule: Duration, alt?: string) =>
    rotations.push(scheduleRotation(w.mesh, lifecycle, user, schedule, alt, w.brokers, order, w.links));
  if (w.interBrokerRotation) rotate(ib, w.interBrokerRotation, alternate);
  if (w.adminUser._rotationSchedule) rotate(w.adminUser, w.adminUser._rotationSchedule);
  w.appUsers().forEach((u) => u._rotationSchedule && rotate(u, u._rotationSchedule));
  w.mesh.node.addValidation({ validate: () => usersProblems(w, alternate, users) });

  lifecycle.register({
    brokerArns: w.brokers.map((b) => b.brokerArn),
    userSecrets: () => [ib.secret, ...w.appUsers().map((u) => u.secret)],
    rotations: () => rotations,
    configurationArns: alternate ? w.brokers.map((b) => b.configuration.attrArn) : [],
    acknowledgeNagFindings: w.acknowledgeNagFindings,
  });

  if (w.configurationApply === ConfigurationApply.ROLLING_REBOOT) {
    new RollingReboot(w.mesh, 'RollingReboot', {
      timeout: w.rebootTimeout,
      order,
      users: users.resource,
      usersHash: lazyHash(users, w.adminUser),
      rotatedSecretArns: () => rotations.map((r) => r.secret.secretArn),
      nodes: w.brokers.map((b) => ({
        id: b.node.id, broker: b.resource, configuration: b.configuration, dependsOn: [b.configurationAssociation],
      })),
    });
  }
  if (w.acknowledgeNagFindings) {
    acknowledgeMeshFindings(w.mesh, { interBrokerUser: ib, adminUser: w.adminUser });
    w.appUsers().forEach((appUser) => acknowledgeMeshFindings(w.mesh, { appUser }));
    acknowledgeAlarmsWithoutActions(w.mesh);
  }
  return {
    userAdded: (user: MeshUser) => {
      if (user._rotationSchedule) rotate(user, user._rotationSchedule);
      if (w.acknowledgeNagFindings) acknowledgeMeshFindings(w.mesh, { appUser: user });
    },
  };
}

/** What the mesh tells its lifecycle after construction. */
export interface MeshLifecycleHooks {
  /** An application user was added with `addUser()`. */
  userAdded(user: MeshUser): void;
}

/** The users hash, computed once at synth time (every user has been added by then) and shared by the reboot resources. */
function lazyHash(users: MeshUsers, admin: MeshUser): string {
  let hash: string | undefined;
  return Token.asString({
    resolve: () => hash ??= users.usersHash({
      admin: admin.username, groups: admin.groups, console: admin.consoleAccess, secret: admin.secret.secretArn,
    }),
  });
}

function scheduleRotation(mesh: Construct, lifecycle: MeshLifecycle, user: MeshUser, schedule: Duration, alternate: string | undefined,
  brokers: MeshBroker[], order: number[], links: MeshLink[]): { secret: secretsmanager.ISecret; parameterArn: string } {
  const scope = user;
  const stack = Stack.of(mesh);
  const parameter = new CfnParameter(scope, 'RotationCoordinates', {
    type: 'String',
    description: `Where the rotation workflow of ${user.node.path} finds the brokers of mesh ${mesh.node.path}`,
    value: stack.toJsonString({
      stackId: stack.stackId,
      brokers: brokers.map((b) => b.brokerId),
      order,
      username: user.username,
      ...(alternate ? { alternateUsername: alternate } : {}),
      strategy: alternate ? 'alternating-users' : 'single-user',
      ...(alternate && hasCycle(brokers.length, links) ? { twoPhase: true } : {}),
    }),
  });
  Tags.of(user.secret).add(ROTATION_TAG, parameter.ref);
  const days = schedule.toDays();
  const rotation = new secretsmanager.CfnRotationSchedule(scope, 'RotationSchedule', {
    secretId: user.secret.secretArn,
    rotationLambdaArn: lifecycle.rotationFunctionArn(),
    rotationRules: { scheduleExpression: `rate(${days} ${days === 1 ? 'day' : 'days'})` },
    rotateImmediatelyOnUpdate: false,
  });
  rotation.addMetadata('cdk-activemq-mesh:rotation', {
    mesh: mesh.node.path, username: user.username, strategy: alternate ? 'alternating-users' : 'single-user',
  });
  const parameterArn = Arn.format({ service: 'ssm', resource: 'parameter', resourceName: parameter.ref, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack);
  return { secret: user.secret, parameterArn };
}

/** Problems only visible once every user is added: the user quota with the alternate user, the properties' size. */
function usersProblems(w: MeshLifecycleWiring, alternate: string | undefined, users: MeshUsers): string[] {
  const problems: string[] = [];
  const total = 2 + w.appUsers().length + (alternate ? 1 : 0);
  if (total > MAX_USERS_PER_BROKER) {
    problems.push(`The mesh has ${total} users per broker (admin, inter-broker${alternate ? `, its alternate '${alternate}'` : ''} and `
      + `${w.appUsers().length} application users), but Amazon MQ allows ${MAX_USERS_PER_BROKER}: remove application users.`);
  }
  const size = users.usersPropertyBytes();
  if (size > MAX_USERS_PROPERTY_BYTES) {
    problems.push(`The users of the mesh take ${Math.round(size / 1024)} KB in its users resource, more than the `
      + `${MAX_USERS_PROPERTY_BYTES / 1024} KB the lifecycle handler accepts (CloudFormation sends the old and the new users in one `
      + 'request of at most 256 KB): use fewer or shorter group names.');
  }
  return problems;
}
