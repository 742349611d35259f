import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { checkSuppliedSecret, checkUsername, GENERATED_PASSWORD_EXCLUDE } from '../private/credentials';

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
   * @default - a new secret with a generated 32-character password
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * The KMS key that encrypts a generated secret.
   * @default - the AWS managed key `aws/secretsmanager`
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * A user of every broker in the mesh, with its credentials in Secrets Manager.
 */
export class MeshUser extends Construct {
  /**
   * Checks user props against Amazon MQ's rules; errors name `prop` (e.g. `users[2]`).
   * @internal
   */
  public static _validateProps(props: MeshUserProps, prop: string): void {
    checkUsername(props.username, `${prop}.username`);
    const groups = props.groups ?? [];
    groups.forEach((g, i) => checkUsername(g, `${prop}.groups[${i}]`));
    if (groups.length > 20) {
      throw new Error(`${prop}.groups has ${groups.length} groups, but Amazon MQ allows at most 20 per user: remove groups.`);
    }
    if (props.secret) {
      checkSuppliedSecret(props.secret, `${prop}.secret`);
    }
  }

  /** The username. */
  public readonly username: string;
  /** The user's groups. */
  public readonly groups: string[];
  /** Whether the user may use the web console. */
  public readonly consoleAccess: boolean;
  /** The secret holding `username` and `password`. */
  public readonly secret: secretsmanager.ISecret;

  /**
   * Normally created by `ActiveMqBrokerMesh` (its `users` prop or `addUser()`).
   * @param scope the mesh
   * @param id the user's construct ID
   * @param props the user's settings
   */
  constructor(scope: Construct, id: string, props: MeshUserProps) {
    super(scope, id);
    MeshUser._validateProps(props, 'props');
    this.username = props.username;
    this.groups = props.groups ?? [];
    this.consoleAccess = props.consoleAccess ?? false;
    if (props.secret) {
      this.secret = props.secret;
    } else {
      const secret = new secretsmanager.Secret(this, 'Secret', {
        description: `Amazon MQ broker user '${props.username}' of the mesh ${scope.node.path}`,
        encryptionKey: props.encryptionKey,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: props.username }),
          generateStringKey: 'password',
          passwordLength: 32,
          excludeCharacters: GENERATED_PASSWORD_EXCLUDE,
        },
      });
      secret.applyRemovalPolicy(RemovalPolicy.DESTROY);
      this.secret = secret;
    }
  }

  /**
   * The password as a Secrets Manager dynamic reference (`{{resolve:secretsmanager:…}}`), never a literal.
   */
  public get password(): SecretValue {
    return this.secret.secretValueFromJson('password');
  }
}
