import { Tokenization } from 'aws-cdk-lib';
import {
  checkDestinationName, checkOptionalBoolean, checkOptionalInteger, checkRequiredString, describeValue,
  hasControlCharacters, isToken,
} from './checks';
import { USERNAME_PATTERN } from '../../private/amazon-mq';
import { DestinationKind, ActiveMqDestination } from '../destination';
import { NetworkConnectorOptions, NetworkConnectorSpec } from '../network-connector';

/**
 * Validation of network connector options and specs, and their mapping to XML attributes.
 * Internal: other folders import these directly (e.g. the mesh construct validates its
 * `networkConnector` prop with {@link validateNetworkConnectorOptions}).
 */

/** Connector names: letters, digits and `_ . ~ -` (a safe subset of what ActiveMQ accepts). */
export const CONNECTOR_NAME_PATTERN = /^[A-Za-z0-9_.~-]+$/;


/** Network connector URI schemes that work without discovery (Amazon MQ has no multicast). */
const URI_SCHEME_PATTERN = /^(static|masterslave|failover|tcp|ssl|nio|nio\+ssl|auto|auto\+ssl|auto\+nio|auto\+nio\+ssl):\S+$/i;

/** The boolean options, in XML attribute order, with their attribute names. */
const BOOLEAN_OPTIONS: ReadonlyArray<readonly [keyof NetworkConnectorOptions, string]> = [
  ['duplex', 'duplex'],
  ['conduitSubscriptions', 'conduitSubscriptions'],
  ['decreaseNetworkConsumerPriority', 'decreaseNetworkConsumerPriority'],
  ['dynamicOnly', 'dynamicOnly'],
  ['suppressDuplicateQueueSubscriptions', 'suppressDuplicateQueueSubscriptions'],
  ['suppressDuplicateTopicSubscriptions', 'suppressDuplicateTopicSubscriptions'],
];

/** The destination lists, in XML element order. */
export const DESTINATION_LISTS: ReadonlyArray<'excludedDestinations' | 'dynamicallyIncludedDestinations' | 'staticallyIncludedDestinations'> = [
  'excludedDestinations',
  'dynamicallyIncludedDestinations',
  'staticallyIncludedDestinations',
];

/**
 * Throws on the first invalid option. `path` prefixes prop names in messages,
 * e.g. `networkConnector` or `networkConnectors[2]`.
 */
export function validateNetworkConnectorOptions(options: NetworkConnectorOptions | undefined, path: string): void {
  if (options === undefined) {
    return;
  }
  if (options === null || typeof options !== 'object') {
    throw new Error(`${path} must be an object of connector options, got ${describeValue(options)}: `
      + `pass { duplex: true, networkTtl: 2, … } or leave ${path} out.`);
  }
  for (const [key] of BOOLEAN_OPTIONS) {
    checkOptionalBoolean(options[key], `${path}.${key}`);
  }
  checkOptionalInteger(options.networkTtl, `${path}.networkTtl`, {
    min: 1,
    reason: 'it is the number of brokers a message or subscription may cross, so 0 or less forwards nothing',
  });
  checkOptionalInteger(options.messageTtl, `${path}.messageTtl`, {
    min: 1,
    allowMinusOne: true,
    reason: 'it is the number of brokers a message may cross (-1 means no limit), so 0 forwards no message',
  });
  checkOptionalInteger(options.consumerTtl, `${path}.consumerTtl`, {
    min: 1,
    allowMinusOne: true,
    reason: 'it is the number of brokers a consumer subscription may cross (-1 means no limit), so 0 propagates no consumer',
  });
  checkOptionalInteger(options.prefetchSize, `${path}.prefetchSize`, {
    min: 1,
    reason: 'the bridge must be able to prefetch at least one message',
  });
  for (const list of DESTINATION_LISTS) {
    validateDestinationList(options[list], `${path}.${list}`);
  }
}

function validateDestinationList(list: unknown, path: string): void {
  if (list === undefined) {
    return;
  }
  if (!Array.isArray(list)) {
    throw new Error(`${path} must be a list of destinations, got ${describeValue(list)}: `
      + `use [ActiveMqDestination.queue('…'), ActiveMqDestination.topic('…')] or leave ${path} out.`);
  }
  list.forEach((destination: unknown, index) => {
    const at = `${path}[${index}]`;
    const kind = (destination as ActiveMqDestination | undefined)?._kind;
    if (kind !== DestinationKind.QUEUE && kind !== DestinationKind.TOPIC) {
      throw new Error(`${at} must be a queue or topic destination, got ${describeValue(destination)}: `
        + 'create it with ActiveMqDestination.queue(name) or ActiveMqDestination.topic(name).');
    }
    checkDestinationName((destination as ActiveMqDestination).physicalName, `${at}.physicalName`);
  });
}

/** Throws on the first invalid field of a full connector spec (name, uri, userName and options). */
export function validateNetworkConnectorSpec(spec: NetworkConnectorSpec, path: string): void {
  if (spec === null || typeof spec !== 'object') {
    throw new Error(`${path} must be a network connector spec, got ${describeValue(spec)}: `
      + 'pass { name, uri, userName, … }.');
  }
  checkRequiredString(spec.name, `${path}.name`, 'a name unique on its broker');
  if (!isToken(spec.name) && !CONNECTOR_NAME_PATTERN.test(spec.name)) {
    throw new Error(`${path}.name must contain only letters, digits and _ . ~ -, got ${describeValue(spec.name)}: `
      + 'ActiveMQ uses the name in JMX object names and bridge IDs; use a name like \'connector_1_to_0\'.');
  }
  checkRequiredString(spec.uri, `${path}.uri`, 'a uri to connect to');
  if (!isToken(spec.uri) && (hasControlCharacters(spec.uri) || !URI_SCHEME_PATTERN.test(spec.uri))) {
    throw new Error(`${path}.uri must be a static network connector URI without whitespace, got ${describeValue(spec.uri)}: `
      + 'Amazon MQ supports no discovery (multicast), so connectors name their peers; '
      + 'use static:(ssl://host:61617) for a single-instance broker or masterslave:(ssl://host-1:61617,ssl://host-2:61617) for an active/standby pair.');
  }
  checkRequiredString(spec.userName, `${path}.userName`, 'the userName of a broker user that exists on both brokers');
  if (!isToken(spec.userName) && !USERNAME_PATTERN.test(spec.userName)) {
    throw new Error(`${path}.userName must be 2-100 letters, digits and _ . ~ -, got ${describeValue(spec.userName)}: `
      + 'Amazon MQ broker user names allow only those characters; use the name of the broker user shared by both brokers.');
  }
  const password = (spec as unknown as Record<string, unknown>).password;
  if (password !== undefined) {
    throw new Error(`${path}.password must not be set (got a value, not shown): `
      + 'Amazon MQ adds the password of the user named by userName at runtime, and the Amazon MQ schema has no password attribute; remove password.');
  }
  validateNetworkConnectorOptions(spec, path);
}

/** Stringifies a number option; number tokens become string tokens that resolve at deploy time. */
function numberText(value: number): string {
  return isToken(value) ? Tokenization.stringifyNumber(value) : String(value);
}

/**
 * The `<networkConnector>` attributes for a (validated) spec, in a fixed order, unescaped.
 * Options left undefined are omitted.
 */
export function connectorAttributes(spec: NetworkConnectorSpec): Array<[string, string]> {
  const attributes: Array<[string, string]> = [
    ['name', spec.name],
    ['uri', spec.uri],
    ['userName', spec.userName],
  ];
  const bool = (key: keyof NetworkConnectorOptions, attribute: string) => {
    const value = spec[key];
    if (value !== undefined) {
      attributes.push([attribute, String(value)]);
    }
  };
  const num = (value: number | undefined, attribute: string) => {
    if (value !== undefined) {
      attributes.push([attribute, numberText(value)]);
    }
  };
  bool('duplex', 'duplex');
  num(spec.networkTtl, 'networkTTL');
  num(spec.messageTtl, 'messageTTL');
  num(spec.consumerTtl, 'consumerTTL');
  for (const [key, attribute] of BOOLEAN_OPTIONS.slice(1)) {
    bool(key, attribute);
  }
  num(spec.prefetchSize, 'prefetchSize');
  return attributes;
}

/** The XML element name for a destination kind. */
export function destinationElement(kind: DestinationKind): string {
  return kind === DestinationKind.TOPIC ? 'topic' : 'queue';
}
