// Amazon MQ for ActiveMQ: the service's rules and limits that this library enforces, in one place. Pure (no
// constructs); every other module imports the fact from here instead of restating it.
// Sources: Amazon MQ developer guide, "Quotas in Amazon MQ" (amazon-mq-limits.html), "Broker instance types"
// (activemq-broker-instance-types.html), "Amazon MQ for ActiveMQ engine versions" and the
// AWS::AmazonMQ::Broker / AWS::AmazonMQ::Configuration CloudFormation resource schemas.

/** Usernames and group names: 2 to 100 of `A-Z a-z 0-9 _ . ~ -` ("Users" quota table). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.~-]{2,100}$/;
/** The longest username. */
export const MAX_USERNAME_LENGTH = 100;
/** The username rule in words, for error messages. */
export const USERNAME_RULE = '2 to 100 characters of A-Z a-z 0-9 _ . ~ -';

/** Characters Amazon MQ refuses in ActiveMQ passwords. */
export const FORBIDDEN_PASSWORD_CHARACTERS: readonly string[] = [',', ':', '='];
/** Characters left out of generated passwords: Amazon MQ's forbidden ones plus ones that trip up clients and URIs. */
export const GENERATED_PASSWORD_EXCLUDE = ',:=\'"\\/@`{}[]()<>&?#% ';
/** Minimum password length. */
export const MIN_PASSWORD_LENGTH = 12;
/** Minimum number of distinct characters in a password. */
export const MIN_DISTINCT_PASSWORD_CHARACTERS = 4;
/** Length of the passwords this library generates. */
export const GENERATED_PASSWORD_LENGTH = 32;

/**
 * Announced end-of-support dates by ActiveMQ `major.minor` ("Amazon MQ for ActiveMQ engine versions"). Brokers
 * cannot be created on a version within 30 days of its end of support.
 */
export const END_OF_SUPPORT: { readonly [majorMinor: string]: string } = Object.freeze({
  5.15: '2024-09-16',
  5.16: '2024-11-15',
  5.17: '2025-06-16',
});
/** Minor versions Amazon MQ has offered with a patch number (`5.17.6`); they allow AutoMinorVersionUpgrade false. */
export const PATCHED_MINORS: readonly string[] = Object.freeze(['5.15', '5.16', '5.17']);
/** Minor versions Amazon MQ offers as `major.minor` only, newest first; they require AutoMinorVersionUpgrade. */
export const MAJOR_MINOR_ONLY: readonly string[] = Object.freeze(['5.19', '5.18']);

/** Users per broker. */
export const MAX_USERS_PER_BROKER = 250;
/** Groups per user. */
export const MAX_GROUPS_PER_USER = 20;
/** Network connectors per broker. */
export const MAX_NETWORK_CONNECTORS = 20;
/** Security groups per broker. */
export const MAX_SECURITY_GROUPS_PER_BROKER = 5;

/** Broker names: 1 to 50 of `A-Z a-z 0-9 _ -`, unique per account and Region (the CloudFormation pattern). */
export const BROKER_NAME_PATTERN = /^[0-9A-Za-z_-]{1,50}$/;
/** The longest broker name. */
export const BROKER_NAME_MAX_LENGTH = 50;

/** Client and inter-broker ports of an Amazon MQ for ActiveMQ broker. */
export const PORTS = {
  /** OpenWire (`ssl://`), also the only port brokers use to talk to each other. */
  openWire: 61617,
  amqp: 5671,
  stomp: 61614,
  mqtt: 8883,
  wss: 61619,
  console: 8162,
} as const;

/**
 * The advisory destinations a network bridge's user needs read, write and admin on when the broker has an
 * authorization map: bridges learn of remote consumers from them (Apache ActiveMQ, "Networks of Brokers",
 * authorization for advisories; Amazon MQ developer guide, "Amazon MQ network of brokers").
 */
export const BRIDGE_ADVISORY_DESTINATIONS: readonly string[] = Object.freeze([
  'ActiveMQ.Advisory.Consumer.>', 'ActiveMQ.Advisory.VirtualDestination.Consumer.>',
]);

/** How often Amazon MQ pushes broker metrics to CloudWatch, in seconds ("Monitoring Amazon MQ brokers using Amazon CloudWatch"). */
export const METRICS_INTERVAL_SECONDS = 60;

/** The host instance types Amazon MQ offers for ActiveMQ (mq.m7g is RabbitMQ only). */
export const ACTIVEMQ_INSTANCE_TYPES: readonly string[] = Object.freeze([
  'mq.t2.micro', 'mq.t3.micro', 'mq.m4.large', 'mq.m5.large', 'mq.m5.xlarge', 'mq.m5.2xlarge', 'mq.m5.4xlarge',
]);

/** Whether an instance type is a micro (burstable, single-instance, evaluation) type. */
export function isMicroInstanceType(name: string): boolean {
  return name.endsWith('.micro');
}

/** Whether an instance type can use EBS storage (the mq.m5 family only). */
export function supportsEbsStorage(name: string): boolean {
  return name.startsWith('mq.m5.');
}

/** What is wrong with a username under Amazon MQ's rule (`must be …, got …`), or undefined when it is valid. */
export function usernameProblem(username: unknown): string | undefined {
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    return `must be ${USERNAME_RULE}, got ${JSON.stringify(username)}`;
  }
  return undefined;
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
