import { randomBytes } from 'node:crypto';

/** The keys of the local passwords the drill's own users get. */
export const PASSWORD_KEYS = { bridge: 'bridge', client: 'client', wrongBridge: 'wrong-bridge' } as const;

/** Fixed local passwords (tests check that they never leak); random per run otherwise. */
export interface DrillSecretValues {
  readonly bridgePassword: string;
  readonly appPassword: string;
  /** The other bridge password the `bridge-password` negative drill gives one node. */
  readonly wrongBridgePassword?: string;
  /** Passwords for every other key, used in order (e.g. the users of an app drilled with `--from`); random after. */
  readonly more?: readonly string[];
}

/**
 * The local passwords of one drill run, one per key (`DrillUser.passwordKey`): users that share a key share a
 * password, so what the template makes equal stays equal and what differs stays different. They are written only
 * into the brokers' conf files (blanked when the drill ends) and handed to the client through its environment;
 * everything the drill prints or writes goes through `redact` first.
 */
export class DrillSecrets {
  /** base64url: letters, digits, '-' and '_' only (Amazon MQ refuses ',', ':' and '=' in passwords). */
  public static random(): string {
    return randomBytes(18).toString('base64url');
  }

  private readonly byKey = new Map<string, string>();
  private readonly more: string[];

  public constructor(values?: DrillSecretValues) {
    this.byKey.set(PASSWORD_KEYS.bridge, values?.bridgePassword ?? DrillSecrets.random());
    this.byKey.set(PASSWORD_KEYS.client, values?.appPassword ?? DrillSecrets.random());
    this.byKey.set(PASSWORD_KEYS.wrongBridge, values?.wrongBridgePassword ?? DrillSecrets.random());
    this.more = [...values?.more ?? []];
  }

  /** The local password of `key`, made on first use. */
  public passwordFor(key: string): string {
    let password = this.byKey.get(key);
    if (password === undefined) {
      password = this.more.shift() ?? DrillSecrets.random();
      this.byKey.set(key, password);
    }
    return password;
  }

  /** `text` with every local password replaced by `***`. */
  public redact(text: string): string {
    return [...this.byKey.values()].reduce((t, secret) => t.split(secret).join('***'), text);
  }
}
