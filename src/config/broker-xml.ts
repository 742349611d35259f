import { AuthorizationMapProps } from './authorization';
import { ActiveMqDestination } from './destination';
import { NetworkConnectorSpec } from './network-connector';
import { parseBrokerXml } from './private/parse-xml';
import { renderBrokerXml } from './private/render-xml';
import { BROKER_NAMESPACE, escapeAttribute } from './private/xml-text';

/**
 * What goes into an Amazon MQ for ActiveMQ broker configuration.
 */
export interface BrokerXmlProps {
  /**
   * The broker's outgoing network connectors, rendered in the given order.
   * At most 20 (Amazon MQ's quota), with unique names.
   *
   * @default - none; the `<networkConnectors>` element is left out
   */
  readonly networkConnectors?: NetworkConnectorSpec[];

  /**
   * Whether the OpenWire transport connector tells connected clients about the other
   * brokers of the network (`updateClusterClients`).
   *
   * @default true
   */
  readonly updateClusterClients?: boolean;

  /**
   * Whether the OpenWire transport connector asks clients to rebalance across the
   * network when brokers join (`rebalanceClusterClients`).
   *
   * @default true
   */
  readonly rebalanceClusterClients?: boolean;

  /**
   * Whether clients are told when a broker leaves the network
   * (`updateClusterClientsOnRemove`).
   *
   * @default true
   */
  readonly updateClusterClientsOnRemove?: boolean;

  /**
   * The topic slow-consumer limit of Amazon MQ's default `<destinationPolicy>`, which every configuration keeps
   * (0 keeps only the prefetch, -1 removes the limit).
   *
   * @default 3000 (Amazon MQ's default configuration)
   */
  readonly topicPendingMessageLimit?: number;

  /**
   * The authorization map (`<plugins><authorizationPlugin>`).
   *
   * @default - none: ActiveMQ lets every authenticated user do everything
   */
  readonly authorization?: AuthorizationMapProps;
}

/**
 * A `<networkConnector>` read back from broker XML.
 */
export interface ParsedNetworkConnector {
  /**
   * The `name` attribute.
   *
   * @default - the attribute is absent
   */
  readonly name?: string;

  /**
   * The `uri` attribute, exactly as written (tokens and placeholders included).
   *
   * @default - the attribute is absent
   */
  readonly uri?: string;

  /**
   * The `userName` attribute.
   *
   * @default - the attribute is absent
   */
  readonly userName?: string;

  /**
   * Whether the connector carries a password (a `password` attribute or child element).
   * The password itself is never returned.
   */
  readonly hasPassword: boolean;

  /**
   * The `duplex` attribute as a boolean.
   *
   * @default - the attribute is absent or not a valid boolean (see `attributes.duplex`)
   */
  readonly duplex?: boolean;

  /**
   * The `networkTTL` attribute as a number.
   *
   * @default - the attribute is absent or not an integer (see `attributes.networkTTL`)
   */
  readonly networkTtl?: number;

  /**
   * Every attribute of the element except `password`, by name (case-sensitive, namespace
   * prefix removed), with entities decoded.
   */
  readonly attributes: { [name: string]: string };

  /** The queues and topics in `<excludedDestinations>`, in document order. */
  readonly excludedDestinations: ActiveMqDestination[];

  /** The queues and topics in `<dynamicallyIncludedDestinations>`, in document order. */
  readonly dynamicallyIncludedDestinations: ActiveMqDestination[];

  /** The queues and topics in `<staticallyIncludedDestinations>`, in document order. */
  readonly staticallyIncludedDestinations: ActiveMqDestination[];
}

/**
 * A `<transportConnector>` read back from broker XML.
 */
export interface ParsedTransportConnector {
  /**
   * The `name` attribute (Amazon MQ allows only `openwire`).
   *
   * @default - the attribute is absent
   */
  readonly name?: string;

  /** Every attribute of the element, by name. */
  readonly attributes: { [name: string]: string };
}

/**
 * The parts of a broker configuration that matter to a network of brokers.
 */
export interface ParsedBrokerXml {
  /** Every `<networkConnector>` under `<networkConnectors>`, in document order; comments ignored. */
  readonly networkConnectors: ParsedNetworkConnector[];

  /** Every `<transportConnector>` under `<transportConnectors>`, in document order. */
  readonly transportConnectors: ParsedTransportConnector[];
}

/**
 * Renders and parses Amazon MQ for ActiveMQ broker configuration XML.
 *
 * Rendering writes only elements and attributes the Amazon MQ schemas (5.17.6, 5.18.4, 5.19.1)
 * allow, escapes every attribute value, and lets CDK tokens through unchanged, so the result
 * can be passed to `Fn.base64` for an `AWS::AmazonMQ::Configuration`.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/amazon-mq-broker-configuration-parameters.html
 */
export class BrokerXml {
  /** The XML namespace of ActiveMQ broker configuration. */
  public static readonly NAMESPACE = BROKER_NAMESPACE;

  /**
   * Renders a complete broker configuration document.
   *
   * The same props always give the same bytes. Throws, naming the prop, when a value is
   * invalid; values that are CDK tokens are not checked.
   */
  public static render(props: BrokerXmlProps = {}): string {
    return renderBrokerXml(props);
  }

  /**
   * Reads the network and transport connectors out of broker XML.
   *
   * Comments are ignored, namespace prefixes are removed, attribute names stay case-sensitive
   * and attribute values are returned as strings (tokens and placeholders included). The root
   * element must be `<broker>` (Amazon MQ) or a Spring `<beans>` holding one `<broker>`.
   * Throws when the XML is not well-formed.
   */
  public static parse(xml: string): ParsedBrokerXml {
    return parseBrokerXml(xml);
  }

  /**
   * Escapes a value for a double- or single-quoted XML attribute: `& < > " '`, and tab, line
   * feed and carriage return as character references so they survive attribute normalization.
   * CDK token strings contain none of these characters and pass through unchanged.
   */
  public static escapeAttribute(value: string): string {
    return escapeAttribute(value);
  }
}
