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

/**
 * Previous-generation ActiveMQ host instance types, listed for old brokers only. "Amazon MQ for ActiveMQ brokers
 * only use mq.m5.x instances" (Amazon MQ developer guide, "Upgrading an Amazon MQ broker instance type",
 * upgrading-instance-type.html), with mq.t3.micro for evaluation ("Broker instance types",
 * activemq-broker-instance-types.html); the engine versions that can still be created (5.18 and 5.19, see
 * MAJOR_MINOR_ONLY) are not offered on these types. CloudFormation's registry schema does not restrict
 * HostInstanceType, so only CreateBroker would refuse them.
 */
export const PREVIOUS_GENERATION_INSTANCE_TYPES: readonly string[] = Object.freeze(['mq.t2.micro', 'mq.m4.large']);

/** The current-generation replacement of a previous-generation instance type. */
export const INSTANCE_TYPE_REPLACEMENT: { readonly [name: string]: string } = Object.freeze({
  'mq.t2.micro': 'mq.t3.micro',
  'mq.m4.large': 'mq.m5.large',
});

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

/**
 * CloudWatch Logs log groups of a broker: `/aws/amazonmq/broker/<broker-id>/general` and `.../audit` (Amazon MQ
 * developer guide, "Configuring ActiveMQ logs", configure-logging-monitoring-activemq.html). Amazon MQ creates them
 * itself and writes into them only if a CloudWatch Logs resource policy lets the service principal
 * `mq.amazonaws.com` call logs:CreateLogStream and logs:PutLogEvents, and that policy must exist "before you
 * create or restart the broker".
 */
export const BROKER_LOG_GROUP_PREFIX = '/aws/amazonmq/broker/';
/** The service principal Amazon MQ publishes broker logs as. */
export const LOGS_SERVICE_PRINCIPAL = 'mq.amazonaws.com';
/** The CloudWatch Logs actions Amazon MQ needs in its resource policy. */
export const LOGS_ACTIONS: readonly string[] = Object.freeze(['logs:CreateLogStream', 'logs:PutLogEvents']);

/**
 * Amazon MQ's default configuration keeps, for every topic (`topic=">"`), at most this many messages per slow
 * consumer beyond its prefetch (`<constantPendingMessageLimitStrategy limit="3000"/>`), so one slow subscriber
 * cannot fill the broker's memory and block producers. Source: the default configuration body AWS shows for
 * `AWS::AmazonMQ::Configuration` (CloudFormation User Guide, aws-resource-amazonmq-configuration.html, example
 * "Amazon MQ configuration"); ActiveMQ documents the strategy in "Slow Consumer Handling".
 */
export const DEFAULT_TOPIC_PENDING_MESSAGE_LIMIT = 3000;

/**
 * The system group the ActiveMQ web console acts as: "If you specify an authorization map which doesn't include
 * the activemq-webconsole group, you can't use the ActiveMQ Web Console" (Amazon MQ developer guide, "Always
 * configure a system group", using-amazon-mq-securely.html).
 */
export const WEB_CONSOLE_GROUP = 'activemq-webconsole';

/**
 * The endpoint scheme of each wire protocol in a broker's `*Endpoints` attributes, e.g.
 * `amqp+ssl://b-…-1.mq.us-east-2.amazonaws.com:5671` (Amazon MQ developer guide, "Amazon MQ for ActiveMQ brokers",
 * amazon-mq-basic-elements.html).
 */
export const ENDPOINT_SCHEMES = {
  openWire: 'ssl',
  amqp: 'amqp+ssl',
  stomp: 'stomp+ssl',
  mqtt: 'mqtt+ssl',
  wss: 'wss',
} as const;
