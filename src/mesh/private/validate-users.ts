import { Stack, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';

/** Amazon MQ username rule. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.~-]{2,100}$/;
/** Characters Amazon MQ refuses in ActiveMQ passwords. */
export const FORBIDDEN_PASSWORD_CHARACTERS = [',', ':', '='];
/** Characters left out of generated passwords: Amazon MQ's forbidden ones plus ones that trip up clients and URIs. */
export const GENERATED_PASSWORD_EXCLUDE = ',:=\'"\\/@`{}[]()<>&?#% ';
export const MIN_PASSWORD_LENGTH = 12;
export const MIN_DISTINCT_PASSWORD_CHARACTERS = 4;

/** Throws when `username` breaks Amazon MQ's username rule. */
export function checkUsername(username: string, prop: string): void {
  if (Token.isUnresolved(username)) return;
  if (!USERNAME_PATTERN.test(username)) {
    throw new Error(`${prop} must be 2 to 100 characters of A-Z a-z 0-9 _ . ~ -, got '${username}': choose a username that matches ^[A-Za-z0-9_.~-]{2,100}$.`);
  }
}

/**
 * The problems with a literal password under Amazon MQ's rules (at least 12 characters, at least 4 distinct,
 * none of `,:=`). Never includes the password itself.
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`it has ${password.length} characters, fewer than ${MIN_PASSWORD_LENGTH}`);
  }
  const distinct = new Set(password).size;
  if (distinct < MIN_DISTINCT_PASSWORD_CHARACTERS) {
    problems.push(`it has ${distinct} distinct characters, fewer than ${MIN_DISTINCT_PASSWORD_CHARACTERS}`);
  }
  const bad = FORBIDDEN_PASSWORD_CHARACTERS.filter(c => password.includes(c));
  if (bad.length > 0) {
    problems.push(`it contains ${bad.map(c => `'${c}'`).join(', ')}`);
  }
  return problems;
}

/**
 * Checks a secret supplied for a broker user, as far as it can be seen at synth time:
 * a `Secret` of this app with a generated password must generate at least 12 characters and exclude `,:=`;
 * one with a literal JSON value must hold a `password` that meets Amazon MQ's rules. Imported secrets cannot be
 * inspected and are accepted.
 */
export function checkSuppliedSecret(secret: secretsmanager.ISecret, prop: string): void {
  const cfn = (secret as unknown as IConstruct).node?.defaultChild;
  if (!(cfn instanceof secretsmanager.CfnSecret)) return;
  const stack = Stack.of(cfn);
  const generate = stack.resolve(cfn.generateSecretString) as secretsmanager.CfnSecret.GenerateSecretStringProperty | undefined;
  if (generate) {
    if (generate.generateStringKey !== undefined && generate.generateStringKey !== 'password') {
      throw new Error(`${prop} generates its password under the key '${generate.generateStringKey}', but brokers read the key 'password': set generateStringKey: 'password'.`);
    }
    const length = generate.passwordLength ?? 32;
    if (typeof length === 'number' && length < MIN_PASSWORD_LENGTH) {
      throw new Error(`${prop} generates passwords of ${length} characters, but Amazon MQ needs at least ${MIN_PASSWORD_LENGTH}: set passwordLength to ${MIN_PASSWORD_LENGTH} or more.`);
    }
    const excluded = generate.excludeCharacters ?? '';
    const missing = generate.excludePunctuation ? [] : FORBIDDEN_PASSWORD_CHARACTERS.filter(c => !excluded.includes(c));
    if (missing.length > 0) {
      throw new Error(`${prop} may generate passwords containing ${missing.map(c => `'${c}'`).join(', ')}, which Amazon MQ refuses: add ',:=' to excludeCharacters.`);
    }
    return;
  }
  const literal = stack.resolve(cfn.secretString);
  if (typeof literal === 'string' && !Token.isUnresolved(literal)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(literal);
    } catch {
      throw new Error(`${prop} holds a plain-text value, but brokers read a JSON secret with a 'password' key: store {"username": "...", "password": "..."}.`);
    }
    const password = (parsed as { password?: unknown }).password;
    if (typeof password !== 'string') {
      throw new Error(`${prop} has no 'password' key: store the broker password under the key 'password'.`);
    }
    const problems = passwordProblems(password);
    if (problems.length > 0) {
      throw new Error(`${prop} holds a password that Amazon MQ refuses (${problems.join('; ')}): use at least ${MIN_PASSWORD_LENGTH} characters, at least ${MIN_DISTINCT_PASSWORD_CHARACTERS} distinct, none of ',:='. Better, let the construct generate it.`);
    }
  }
}
