import { randomBytes } from 'node:crypto';

/** Fixed local passwords (tests check that they never leak); random per run otherwise. */
export interface DrillSecretValues {
  readonly bridgePassword: string;
  readonly appPassword: string;
  /** The other bridge password the `bridge-password` negative drill gives one node. */
  readonly wrongBridgePassword?: string;
}

/**
 * The local passwords of one drill run. They are written only into the brokers' conf files (blanked when the
 * drill ends) and handed to the client through its environment; everything the drill prints or writes goes
 * through `redact` first.
 */
export class DrillSecrets {
  /** base64url: letters, digits, '-' and '_' only (Amazon MQ refuses ',', ':' and '=' in passwords). */
  public static random(): string {
    return randomBytes(18).toString('base64url');
  }

  public readonly bridgePassword: string;
  public readonly appPassword: string;
  public readonly wrongBridgePassword: string;

  public constructor(values?: DrillSecretValues) {
    this.bridgePassword = values?.bridgePassword ?? DrillSecrets.random();
    this.appPassword = values?.appPassword ?? DrillSecrets.random();
    this.wrongBridgePassword = values?.wrongBridgePassword ?? DrillSecrets.random();
  }

  /** `text` with every local password replaced by `***`. */
  public redact(text: string): string {
    return [this.bridgePassword, this.appPassword, this.wrongBridgePassword]
      .reduce((t, secret) => t.split(secret).join('***'), text);
  }
}
