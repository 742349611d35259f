import { ActiveMqDestination } from './destination';

/**
 * Tuning for the `<networkConnector>` elements of a network of brokers.
 *
 * Every option is optional. An option left out is not written to the XML, so
 * ActiveMQ's own default applies (listed under each option).
 *
 * @see https://activemq.apache.org/components/classic/documentation/networks-of-brokers
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/network-of-brokers.html
 */
export interface NetworkConnectorOptions {
  /**
   * Whether one connection carries messages in both directions (`duplex`).
   *
   * @default - not written; ActiveMQ's default is false
   */
  readonly duplex?: boolean;

  /**
   * How many brokers a message and a consumer subscription may cross (`networkTTL`).
   * Sets both `messageTtl` and `consumerTtl` unless those are given. A full mesh works with 1;
   * hub-and-spoke needs at least 2 (spoke → hub → spoke). Must be an integer of at least 1.
   *
   * @default - not written; ActiveMQ's default is 1
   */
  readonly networkTtl?: number;

  /**
   * Whether several consumers on a remote broker share one network subscription
   * (`conduitSubscriptions`). Set false to balance queue load across remote consumers.
   *
   * @default - not written; ActiveMQ's default is true
   */
  readonly conduitSubscriptions?: boolean;

  /**
   * How many brokers a consumer subscription advisory may cross (`consumerTTL`).
   * An integer of at least 1, or -1 for no limit. AWS advises 1 in a mesh.
   *
   * @default - not written; ActiveMQ uses `networkTtl`
   */
  readonly consumerTtl?: number;

  /**
   * How many brokers a message may cross (`messageTTL`).
   * An integer of at least 1, or -1 for no limit.
   *
   * @default - not written; ActiveMQ uses `networkTtl`
   */
  readonly messageTtl?: number;

  /**
   * Whether consumers reached through the network get lower priority than local ones
   * (`decreaseNetworkConsumerPriority`). ActiveMQ's default changed in 5.18, so set it to get
   * the same behaviour on every engine version.
   *
   * @default - not written; ActiveMQ's default is true from 5.18.0 and false before
   */
  readonly decreaseNetworkConsumerPriority?: boolean;

  /**
   * Whether the bridge forwards only to destinations with an active consumer, ignoring
   * durable subscriptions of offline consumers (`dynamicOnly`).
   *
   * @default - not written; ActiveMQ's default is false
   */
  readonly dynamicOnly?: boolean;

  /**
   * Whether duplicate queue subscriptions arriving over different network paths are
   * suppressed (`suppressDuplicateQueueSubscriptions`).
   *
   * @default - not written; ActiveMQ's default is false
   */
  readonly suppressDuplicateQueueSubscriptions?: boolean;

  /**
   * Whether duplicate topic subscriptions arriving over different network paths are
   * suppressed (`suppressDuplicateTopicSubscriptions`).
   *
   * @default - not written; ActiveMQ's default is true
   */
  readonly suppressDuplicateTopicSubscriptions?: boolean;

  /**
   * How many messages the bridge's consumer prefetches from the local broker (`prefetchSize`).
   * An integer of at least 1.
   *
   * @default - not written; ActiveMQ's default is 1000
   */
  readonly prefetchSize?: number;

  /**
   * Destinations never forwarded over the connector (`excludedDestinations`).
   * Exclusions win over inclusions.
   *
   * @default - none; nothing is excluded
   */
  readonly excludedDestinations?: ActiveMqDestination[];

  /**
   * Destinations forwarded when a remote consumer asks for them (`dynamicallyIncludedDestinations`).
   *
   * @default - none; every destination is eligible
   */
  readonly dynamicallyIncludedDestinations?: ActiveMqDestination[];

  /**
   * Destinations always forwarded, whether or not a remote consumer exists
   * (`staticallyIncludedDestinations`).
   *
   * @default - none
   */
  readonly staticallyIncludedDestinations?: ActiveMqDestination[];
}

/**
 * One `<networkConnector>` on one broker: where it connects, as whom, and how it is tuned.
 *
 * There is no password: Amazon MQ adds the password of the broker user named by `userName`
 * at runtime, and the Amazon MQ schema has no `password` attribute.
 */
export interface NetworkConnectorSpec extends NetworkConnectorOptions {
  /**
   * The connector's name, unique on its broker (`name`), e.g. `connector_1_to_0`.
   * Letters, digits and `_ . ~ -` only.
   */
  readonly name: string;

  /**
   * The connector URI (`uri`), e.g. `static:(ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617)`
   * or `masterslave:(ssl://…-1…:61617,ssl://…-2…:61617)`. May contain CDK tokens.
   */
  readonly uri: string;

  /**
   * The broker user the bridge logs in as (`userName`). The same user, with the same
   * password, must exist on both brokers.
   */
  readonly userName: string;
}
