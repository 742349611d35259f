import { Token } from 'aws-cdk-lib';

/**
 * Small validation helpers shared by the broker-XML core. Internal: never exported from the package.
 * Every message names the prop path, shows the value received and says the fix.
 */

/** Shows a received value in an error message: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** True for a CDK token (string or number) that will only be known at deploy time. */
export function isToken(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Throws unless `value` is a usable ActiveMQ destination name (tokens pass). */
export function checkDestinationName(value: unknown, path: string): void {
  if (isToken(value)) {
    return;
  }
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new Error(`${path} must be a non-empty destination name, got ${describeValue(value)}: `
      + 'ActiveMQ cannot match an empty name; give a queue or topic name such as \'orders\' or a wildcard such as \'orders.>\'.');
  }
  if (value !== value.trim()) {
    throw new Error(`${path} must not start or end with whitespace, got ${describeValue(value)}: `
      + 'ActiveMQ would treat the spaces as part of the name; remove the surrounding spaces.');
  }
  if (CONTROL_CHARACTERS.test(value)) {
    throw new Error(`${path} must not contain control characters, got ${describeValue(value)}: `
      + 'remove line breaks, tabs and other control characters from the destination name.');
  }
}

/** Throws unless `value` is undefined or a boolean. */
export function checkOptionalBoolean(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new Error(`${path} must be true or false, got ${describeValue(value)}: `
      + `the Amazon MQ schema accepts only booleans here; set ${path} to true or false, or leave it out.`);
  }
}

/** Options for {@link checkOptionalInteger}. */
export interface IntegerRule {
  /** Smallest allowed value. */
  readonly min: number;
  /** Whether -1 is allowed as well (ActiveMQ's "unlimited"). */
  readonly allowMinusOne?: boolean;
  /** Why the range exists, appended to the message. */
  readonly reason: string;
}

/** Throws unless `value` is undefined, a token, or an integer in the rule's range. */
export function checkOptionalInteger(value: unknown, path: string, rule: IntegerRule): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  const range = rule.allowMinusOne ? `-1 or an integer of at least ${rule.min}` : `an integer of at least ${rule.min}`;
  const ok = typeof value === 'number' && Number.isInteger(value)
    && (value >= rule.min || (rule.allowMinusOne === true && value === -1));
  if (!ok) {
    throw new Error(`${path} must be ${range}, got ${describeValue(value)}: ${rule.reason}; `
      + `set ${path} to ${range}.`);
  }
}

/** Throws unless `value` is a non-empty string (tokens pass). */
export function checkRequiredString(value: unknown, path: string, what: string): asserts value is string {
  if (isToken(value)) {
    return;
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${path} must be a non-empty string, got ${describeValue(value)}: `
      + `every network connector needs ${what}; set ${path}.`);
  }
}

/** True when a string holds control characters (line breaks, tabs, NUL …). */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}
