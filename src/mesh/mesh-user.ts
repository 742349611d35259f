import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantSecretRead } from './private/secret-grants';
import { GENERATED_PASSWORD_EXCLUDE, GENERATED_PASSWORD_LENGTH } from '../private/amazon-mq';

/**
 * A broker user of a mesh as a consumer sees it: its username and the secret that holds its credentials.
 */
export interface IMeshUser {
  /** The username. */
  readonly username: string;
  /** The Secrets Manager secret holding JSON `{"username": …, "password": …}`. */
  readonly secret: secretsmanager.ISecret;

  /**
   * Grants `grantee` read access to this user's secret, and only to it, through the grantee's own IAM policy
   * (reading the secret, and decrypting it only through Secrets Manager), so that a grantee in another stack or app
   * never changes the mesh's stack.
   *
   * @param grantee the principal that reads the credentials (for example a service's task role)
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/**
 * A broker user that exists, identically, on every node of the mesh, so that clients keep authenticating after
 * they fail over to another node.
 */
export interface MeshUserProps {
  /** The username: 2 to 100 characters of `A-Z a-z 0-9 _ . ~ -`. */
  readonly username: string;
  /**
   * ActiveMQ groups of the user (used by an authorization map).
   * @default - no groups
   */
  readonly groups?: string[];
  /**
   * Whether the user may sign in to the ActiveMQ web console.
   * @default false
   */
  readonly consoleAccess?: boolean;
  /**
   * A Secrets Manager secret holding JSON `{"username": …, "password": …}`. A supplied secret of this app is
   * checked against Amazon MQ's password rules where that is visible at synth time.
   * @default - a new secret with a generated 32-character password, encrypted with the mesh's key
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * Rotate the user's password on this schedule (whole days, 1 to 1000): a new password is set on every broker,
   * applied by one rolling reboot, then becomes the secret's current version. Needs a generated secret and
   * `ConfigurationApply.ROLLING_REBOOT`. While the brokers reboot one by one, a client that reconnects must present
   * the password of the broker it reaches: the old one (`AWSCURRENT`) until that broker has rebooted, the new one
   * (`AWSPENDING`) after; see the README's "Credential rotation".
   * @default - not rotated
   */
  readonly rotationSchedule?: Duration;
}

/**
 * A user of every broker in the mesh, with its credentials in Secrets Manager. Created by
 * `ActiveMqBrokerMesh` (its `users` prop or `addUser()`); use `MeshUser.fromSecret()` to refer to a user of a
 * mesh in another app.
 */
export class MeshUser extends Construct implements IMeshUser {
  /**
   * A user of a mesh defined elsewhere (another stack or app), from its secret.
   *
   * @param scope the scope of the reference
   * @param id the construct ID
   * @param username the broker username
   * @param secret the secret holding the user's `{"username", "password"}`
   */
  public static fromSecret(scope: Construct, id: string, username: string, secret: secretsmanager.ISecret): IMeshUser {
    class Import extends Construct implements IMeshUser {
      public readonly username = username;
      public readonly secret = secret;
      public grantRead(grantee: iam.IGrantable): iam.Grant {
        return grantSecretRead(secret, grantee);
      }
    }
    return new Import(scope, id);
  }

  /**
   * Creates a user of a mesh; props are validated by the mesh.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: MeshUserProps, encryptionKey?: kms.IKey,
    removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN): MeshUser {
    return new MeshUser(scope, id, props, encryptionKey, removalPolicy);
  }

  /** The username. */
  public readonly username: string;
  /** The user's ActiveMQ groups. */
  public readonly groups: string[];
  /** Whether the user may use the web console. */
  public readonly consoleAccess: boolean;
  /** The secret holding `username` and `password`. */
  public readonly secret: secretsmanager.ISecret;
  /**
   * The rotation schedule, if the library rotates this user.
   * @internal
   */
  public readonly _rotationSchedule?: Duration;

  private constructor(scope: Construct, id: string, props: MeshUserProps, encryptionKey: kms.IKey | undefined,
    removalPolicy: RemovalPolicy) {
    super(scope, id);
    this.username = props.username;
    this.groups = props.groups ?? [];
    this.consoleAccess = props.consoleAccess ?? false;
    this._rotationSchedule = props.rotationSchedule;
    if (props.secret) {
      this.secret = props.secret;
    } else {
      const secret = new secretsmanager.Secret(this, 'Secret', {
        description: `Amazon MQ broker user '${props.username}' of the mesh ${scope.node.path}`,
        encryptionKey,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: props.username }),
          generateStringKey: 'password',
          passwordLength: GENERATED_PASSWORD_LENGTH,
          excludeCharacters: GENERATED_PASSWORD_EXCLUDE,
        },
      });
      secret.applyRemovalPolicy(removalPolicy);
      this.secret = secret;
    }
  }

  /**
   * Grants `grantee` read access to this user's secret, and only to it, with statements on the grantee's own policy:
   * `secretsmanager:GetSecretValue` on this secret, and `kms:Decrypt` only through Secrets Manager and only for this
   * secret. The mesh's key policy is not changed, so a grantee in another stack creates no dependency cycle. Prefer
   * this to `secret.grantRead()`, which names the grantee in the key policy.
   *
   * @param grantee the principal that reads the credentials
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantSecretRead(this.secret, grantee);
  }

  /**
   * The password as a Secrets Manager dynamic reference (`{{resolve:secretsmanager:…}}`), never a literal.
   * @internal
   */
  public get _password(): SecretValue {
    return this.secret.secretValueFromJson('password');
  }
}
