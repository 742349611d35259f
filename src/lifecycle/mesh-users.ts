import { createHash } from 'crypto';
import { CustomResource, Lazy, Stack } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { MeshLifecycle } from './mesh-lifecycle';

/** One user the users resource manages on every broker of a mesh. */
export interface MeshUserEntry {
  readonly username: string;
  readonly secret: secretsmanager.ISecret;
  readonly consoleAccess: boolean;
  readonly groups: string[];
  /** `inter-broker` for the user the connectors use, `application` for clients. */
  readonly role: 'inter-broker' | 'application';
  /** The user that takes turns with this one (alternating-users rotation of the inter-broker user). */
  readonly alternateUsername?: string;
  /** How the library rotates this user, if it does. */
  readonly rotation?: 'alternating-users' | 'single-user';
}

/** Props of `MeshUsers`. */
export interface MeshUsersProps {
  /** The brokers, in node order; every user exists on every one. */
  readonly brokers: CfnBroker[];
  /** The managed users, produced at synth time (users may be added after the mesh is constructed). */
  readonly users: () => MeshUserEntry[];
  /** `ROLLING_REBOOT` or `MAINTENANCE_WINDOW`: how the brokers apply the changes (the handler refuses unsafe ones). */
  readonly applyMode: string;
  /** How long the handler may wait for a rotation of the mesh to finish, in seconds. */
  readonly timeoutSeconds: number;
}

/**
 * The users of a mesh that are not in the brokers' `Users` property (see /work/plan/CONTRACT-users.md): one
 * `Custom::ActiveMqMeshUsers` whose handler reads each user's secret itself and creates, updates or deletes the user
 * on every broker with the Amazon MQ user API. Its properties name the secrets, never their values, so the users of a
 * mesh cost no dynamic references: the template holds one per broker (its admin user) whatever the number of users.
 */
export class MeshUsers extends Construct {
  /** The CloudFormation type of the users resource. */
  public static readonly RESOURCE_TYPE = 'Custom::ActiveMqMeshUsers';

  /** The custom resource. */
  public readonly resource: CustomResource;
  private readonly props: MeshUsersProps;

  /**
   * @param scope the mesh
   * @param id the construct ID
   * @param props the brokers and their users
   */
  constructor(scope: Construct, id: string, props: MeshUsersProps) {
    super(scope, id);
    this.props = props;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: MeshLifecycle.of(this).serviceToken,
      resourceType: MeshUsers.RESOURCE_TYPE,
      properties: {
        BrokerIds: props.brokers.map((b) => b.ref),
        Users: Lazy.any({ produce: () => this.renderUsers() }),
        ApplyMode: props.applyMode,
        TimeoutSeconds: props.timeoutSeconds,
      },
    });
    props.brokers.forEach((b) => this.resource.node.addDependency(b));
  }

  /**
   * A hash of the users as CloudFormation sees them (names, groups, console access, secret ARNs; never a value),
   * plus `extra` (the brokers' template users): a change means the brokers have user changes to apply.
   */
  public usersHash(extra: unknown): string {
    const stack = Stack.of(this);
    const rendered = stack.resolve({ users: this.renderUsers(), extra });
    return createHash('sha256').update(JSON.stringify(rendered)).digest('hex').slice(0, 16);
  }

  /** The size of the `Users` property as JSON (tokens resolved as in the template). */
  public usersPropertyBytes(): number {
    return JSON.stringify(Stack.of(this).resolve(this.renderUsers())).length;
  }

  private renderUsers(): Array<Record<string, unknown>> {
    return this.props.users().map((u) => ({
      Username: u.username,
      SecretArn: u.secret.secretArn,
      ConsoleAccess: u.consoleAccess,
      ...(u.groups.length > 0 ? { Groups: u.groups } : {}),
      Role: u.role,
      ...(u.alternateUsername ? { AlternateUsername: u.alternateUsername } : {}),
      ...(u.rotation ? { Rotation: u.rotation } : {}),
    }));
  }
}
