import { describeValue, isToken } from './private/checks';
import { END_OF_SUPPORT, MAJOR_MINOR_ONLY, PATCHED_MINORS } from '../private/amazon-mq';

const VERSION_PATTERN = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * The announced end-of-support date (ISO `YYYY-MM-DD`) for a raw version string, as found in a template's
 * `EngineVersion`, or `undefined` when none is announced or the string is not a version. Any `5.17.x` counts as
 * 5.17.
 */
export function endOfSupportFor(version: string): string | undefined {
  if (typeof version !== 'string' || isToken(version)) {
    return undefined;
  }
  const match = VERSION_PATTERN.exec(version.trim());
  if (!match) {
    return undefined;
  }
  return END_OF_SUPPORT[`${Number(match[1])}.${Number(match[2])}`];
}

/**
 * An Amazon MQ for ActiveMQ engine version.
 *
 * From 5.18 Amazon MQ takes the version as `major.minor` only and keeps the patch release
 * current itself, which requires automatic minor version upgrades.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/activemq-version-management.html
 */
export class ActiveMqEngineVersion {
  /** ActiveMQ 5.19, Amazon MQ's recommended version (the default). */
  public static readonly V5_19 = new ActiveMqEngineVersion('5.19', '5.19');

  /** ActiveMQ 5.18. */
  public static readonly V5_18 = new ActiveMqEngineVersion('5.18', '5.18');

  /**
   * An engine version by its string, e.g. `'5.19'` or `'5.17.6'`.
   *
   * From 5.18 the version must be `major.minor` (`'5.18'`, not `'5.18.4'`); before 5.18 it must
   * include the patch (`'5.17.6'`). Unknown versions throw. A CDK token is accepted unchecked.
   */
  public static of(version: string): ActiveMqEngineVersion {
    if (isToken(version)) {
      return new ActiveMqEngineVersion(version, version);
    }
    const text = typeof version === 'string' ? version : '';
    const match = VERSION_PATTERN.exec(text);
    const supported = `supported versions are ${MAJOR_MINOR_ONLY.map((v) => `'${v}'`).join(' and ')}`;
    if (!match) {
      throw new Error(`version must be an ActiveMQ version like '5.19', got ${describeValue(version)}: `
        + `${supported}; use ActiveMqEngineVersion.V5_19.`);
    }
    const majorMinor = `${Number(match[1])}.${Number(match[2])}`;
    const patch = match[3];
    if (MAJOR_MINOR_ONLY.includes(majorMinor)) {
      if (patch !== undefined) {
        throw new Error(`version must be major.minor from 5.18 on, got ${describeValue(version)}: `
          + 'Amazon MQ chooses and upgrades the patch release itself; '
          + `use '${majorMinor}' (ActiveMqEngineVersion.V${majorMinor.replace('.', '_')}).`);
      }
      return majorMinor === '5.19' ? ActiveMqEngineVersion.V5_19 : ActiveMqEngineVersion.V5_18;
    }
    if (PATCHED_MINORS.includes(majorMinor)) {
      if (patch === undefined) {
        throw new Error(`version ${describeValue(version)} needs a patch number: `
          + `Amazon MQ names ${majorMinor} releases in full (for example '${majorMinor === '5.17' ? '5.17.6' : `${majorMinor}.1`}'), `
          + `and ${majorMinor} reached end of support on ${END_OF_SUPPORT[majorMinor]}; use ActiveMqEngineVersion.V5_19.`);
      }
      const full = `${majorMinor}.${Number(patch)}`;
      return new ActiveMqEngineVersion(full, majorMinor);
    }
    throw new Error(`version ${describeValue(version)} is not an Amazon MQ for ActiveMQ engine version: `
      + `${supported}; use ActiveMqEngineVersion.V5_19.`);
  }

  /** The version string to give Amazon MQ, e.g. `'5.19'` or `'5.17.6'`. */
  public readonly version: string;

  /** The `major.minor` part, e.g. `'5.17'` for `'5.17.6'`. For a token, the token. */
  public readonly majorMinor: string;

  /**
   * The announced end-of-support date, ISO `YYYY-MM-DD`.
   *
   * @default - no end of support announced
   */
  public readonly endOfSupport?: string;

  /** Whether Amazon MQ requires `AutoMinorVersionUpgrade: true` (5.18 and later, and tokens). */
  public readonly requiresAutoMinorVersionUpgrade: boolean;

  private constructor(version: string, majorMinor: string) {
    this.version = version;
    this.majorMinor = majorMinor;
    this.endOfSupport = END_OF_SUPPORT[majorMinor];
    this.requiresAutoMinorVersionUpgrade = !PATCHED_MINORS.includes(majorMinor);
  }

  /**
   * Whether the version is at or past its end of support on the given day.
   *
   * @param at the moment to check; now when omitted
   */
  public isEndOfSupport(at?: Date): boolean {
    if (this.endOfSupport === undefined) {
      return false;
    }
    const when = at ?? new Date();
    return when.getTime() >= Date.parse(`${this.endOfSupport}T00:00:00Z`);
  }

  /** The version string. */
  public toString(): string {
    return this.version;
  }
}
