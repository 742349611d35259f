import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ActiveMqDestination } from './destination';
import { NetworkConnectorSpec } from './network-connector';
import { MAX_NETWORK_CONNECTORS } from '../private/amazon-mq';
import { checkOptionalBoolean, describeValue, isToken } from './private/checks';
import {
  DESTINATION_LISTS, connectorAttributes, destinationElement, validateNetworkConnectorSpec,
} from './private/connector-rules';

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

/** A node of fast-xml-parser's order-preserving output. */
interface XmlNode {
  readonly [tagOrAttributes: string]: XmlNode[] | { [attribute: string]: string } | string;
}

const ATTRIBUTE_PREFIX = '@_';
const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';

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
  /** The Amazon MQ quota of network connectors per broker. */

  /** The XML namespace of ActiveMQ broker configuration. */
  public static readonly NAMESPACE = 'http://activemq.apache.org/schema/core';

  /**
   * Renders a complete broker configuration document.
   *
   * The same props always give the same bytes. Throws, naming the prop, when a value is
   * invalid; values that are CDK tokens are not checked.
   */
  public static render(props: BrokerXmlProps = {}): string {
    const connectors = BrokerXml.validateProps(props);

    const lines: string[] = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      `<broker xmlns="${BrokerXml.NAMESPACE}">`,
    ];
    if (connectors.length > 0) {
      lines.push('  <networkConnectors>');
      for (const spec of connectors) {
        lines.push(...BrokerXml.renderConnector(spec, '    '));
      }
      lines.push('  </networkConnectors>');
    }
    const transport = BrokerXml.attributeText([
      ['name', 'openwire'],
      ['updateClusterClients', String(props.updateClusterClients ?? true)],
      ['rebalanceClusterClients', String(props.rebalanceClusterClients ?? true)],
      ['updateClusterClientsOnRemove', String(props.updateClusterClientsOnRemove ?? true)],
    ]);
    lines.push(
      '  <transportConnectors>',
      `    <transportConnector${transport}/>`,
      '  </transportConnectors>',
      '</broker>',
    );
    return lines.join('\n') + '\n';
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
    if (typeof xml !== 'string') {
      throw new Error(`BrokerXml.parse needs the XML as a string, got ${describeValue(xml)}: pass the configuration document text.`);
    }
    const check = XMLValidator.validate(xml, { allowBooleanAttributes: false });
    if (check !== true) {
      const where = check.err.col === undefined ? `line ${check.err.line}` : `line ${check.err.line}, column ${check.err.col}`;
      throw new Error(`BrokerXml.parse: the broker XML is not well-formed (${check.err.code} at ${where}): ${check.err.msg}`);
    }
    const parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: ATTRIBUTE_PREFIX,
      removeNSPrefix: true,
      trimValues: false,
      parseAttributeValue: false,
      parseTagValue: false,
      htmlEntities: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
    });
    const document = parser.parse(xml) as XmlNode[];
    const broker = BrokerXml.findBroker(document);

    const networkConnectors = BrokerXml.grandChildren(broker, 'networkConnectors', 'networkConnector')
      .map((node) => BrokerXml.readNetworkConnector(node));
    const transportConnectors = BrokerXml.grandChildren(broker, 'transportConnectors', 'transportConnector')
      .map((node): ParsedTransportConnector => {
        const attributes = BrokerXml.attributesOf(node);
        return { name: attributes.name, attributes };
      });
    return { networkConnectors, transportConnectors };
  }

  /**
   * Escapes a value for a double- or single-quoted XML attribute: `& < > " '`, and tab, line
   * feed and carriage return as character references so they survive attribute normalization.
   * CDK token strings contain none of these characters and pass through unchanged.
   */
  public static escapeAttribute(value: string): string {
    return value.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]);
  }

  private static validateProps(props: BrokerXmlProps): NetworkConnectorSpec[] {
    if (props === null || typeof props !== 'object') {
      throw new Error(`BrokerXml.render needs props, got ${describeValue(props)}: pass { networkConnectors: [...] } or {}.`);
    }
    checkOptionalBoolean(props.updateClusterClients, 'updateClusterClients');
    checkOptionalBoolean(props.rebalanceClusterClients, 'rebalanceClusterClients');
    checkOptionalBoolean(props.updateClusterClientsOnRemove, 'updateClusterClientsOnRemove');

    const connectors = props.networkConnectors ?? [];
    if (!Array.isArray(connectors)) {
      throw new Error(`networkConnectors must be a list, got ${describeValue(connectors)}: pass an array of connector specs or leave networkConnectors out.`);
    }
    if (connectors.length > MAX_NETWORK_CONNECTORS) {
      throw new Error(`networkConnectors must have at most ${MAX_NETWORK_CONNECTORS} entries, got ${connectors.length}: `
        + `Amazon MQ allows ${MAX_NETWORK_CONNECTORS} network connectors per broker; `
        + 'use a hub-and-spoke or concentrator topology, or fewer brokers, so each broker needs fewer connectors.');
    }
    const seen = new Map<string, number>();
    connectors.forEach((spec, index) => {
      const path = `networkConnectors[${index}]`;
      validateNetworkConnectorSpec(spec, path);
      if (isToken(spec.name)) {
        return;
      }
      const first = seen.get(spec.name);
      if (first !== undefined) {
        throw new Error(`${path}.name must be unique on the broker, got ${describeValue(spec.name)}, already used by networkConnectors[${first}]: `
          + 'ActiveMQ identifies bridges by connector name; give each connector its own name.');
      }
      seen.set(spec.name, index);
    });
    return connectors;
  }

  private static renderConnector(spec: NetworkConnectorSpec, indent: string): string[] {
    const open = `${indent}<networkConnector${BrokerXml.attributeText(connectorAttributes(spec))}`;
    const body: string[] = [];
    for (const list of DESTINATION_LISTS) {
      const destinations = spec[list] ?? [];
      if (destinations.length === 0) {
        continue;
      }
      body.push(`${indent}  <${list}>`);
      for (const destination of destinations) {
        const element = destinationElement(destination._kind);
        body.push(`${indent}    <${element} physicalName="${BrokerXml.escapeAttribute(destination.physicalName)}"/>`);
      }
      body.push(`${indent}  </${list}>`);
    }
    if (body.length === 0) {
      return [`${open}/>`];
    }
    return [`${open}>`, ...body, `${indent}</networkConnector>`];
  }

  private static attributeText(attributes: Array<[string, string]>): string {
    return attributes.map(([name, value]) => ` ${name}="${BrokerXml.escapeAttribute(value)}"`).join('');
  }

  private static findBroker(document: XmlNode[]): XmlNode[] {
    const roots = BrokerXml.elements(document);
    if (roots.length !== 1) {
      throw new Error(`BrokerXml.parse: the broker XML must have exactly one root element, found ${roots.length}`
        + (roots.length > 0 ? ` (${roots.map(([tag]) => `<${tag}>`).join(', ')})` : '')
        + ': wrap the configuration in a single <broker> element.');
    }
    const [rootTag, rootChildren] = roots[0];
    if (rootTag === 'broker') {
      return rootChildren;
    }
    if (rootTag === 'beans') {
      const brokers = BrokerXml.elements(rootChildren).filter(([tag]) => tag === 'broker');
      if (brokers.length === 1) {
        return brokers[0][1];
      }
      throw new Error(`BrokerXml.parse: a <beans> document must hold exactly one <broker>, found ${brokers.length}: `
        + 'keep one broker definition per configuration.');
    }
    throw new Error(`BrokerXml.parse: expected the root element <broker> (or a Spring <beans> holding one), found <${rootTag}>: `
      + `an Amazon MQ configuration is a <broker xmlns="${BrokerXml.NAMESPACE}"> document.`);
  }

  /** The element children of a node list as [tag, children, node] triples (text nodes skipped). */
  private static elements(nodes: XmlNode[]): Array<[string, XmlNode[], XmlNode]> {
    const result: Array<[string, XmlNode[], XmlNode]> = [];
    for (const node of nodes) {
      for (const key of Object.keys(node)) {
        if (key !== ATTRIBUTES_KEY && key !== TEXT_KEY) {
          result.push([key, node[key] as XmlNode[], node]);
        }
      }
    }
    return result;
  }

  /** Every `<inner>` element inside any `<outer>` child of `parent`, as element nodes. */
  private static grandChildren(parent: XmlNode[], outer: string, inner: string): XmlNode[] {
    const result: XmlNode[] = [];
    for (const [tag, children] of BrokerXml.elements(parent)) {
      if (tag !== outer) {
        continue;
      }
      for (const [childTag, , childNode] of BrokerXml.elements(children)) {
        if (childTag === inner) {
          result.push(childNode);
        }
      }
    }
    return result;
  }

  private static attributesOf(node: XmlNode): { [name: string]: string } {
    const raw = (node[ATTRIBUTES_KEY] ?? {}) as { [attribute: string]: string };
    const attributes: { [name: string]: string } = {};
    for (const key of Object.keys(raw)) {
      attributes[key.slice(ATTRIBUTE_PREFIX.length)] = String(raw[key]);
    }
    return attributes;
  }

  private static readNetworkConnector(node: XmlNode): ParsedNetworkConnector {
    const all = BrokerXml.attributesOf(node);
    const children = node.networkConnector as XmlNode[];
    const childElements = BrokerXml.elements(children);
    const hasPassword = 'password' in all || childElements.some(([tag]) => tag === 'password');
    const { password: _password, ...attributes } = all;
    const destinations = (list: string): ActiveMqDestination[] => {
      const result: ActiveMqDestination[] = [];
      for (const [tag, wrapperChildren] of childElements) {
        if (tag !== list) {
          continue;
        }
        for (const [kind, , destinationNode] of BrokerXml.elements(wrapperChildren)) {
          const physicalName = BrokerXml.attributesOf(destinationNode).physicalName;
          if (physicalName === undefined || physicalName.trim().length === 0) {
            continue;
          }
          if (kind === 'queue') {
            result.push(ActiveMqDestination.queue(physicalName.trim()));
          } else if (kind === 'topic') {
            result.push(ActiveMqDestination.topic(physicalName.trim()));
          }
        }
      }
      return result;
    };
    return {
      name: attributes.name,
      uri: attributes.uri,
      userName: attributes.userName,
      hasPassword,
      duplex: parseXsdBoolean(attributes.duplex),
      networkTtl: parseXsdInteger(attributes.networkTTL),
      attributes,
      excludedDestinations: destinations('excludedDestinations'),
      dynamicallyIncludedDestinations: destinations('dynamicallyIncludedDestinations'),
      staticallyIncludedDestinations: destinations('staticallyIncludedDestinations'),
    };
  }
}

const ESCAPES: { [c: string]: string } = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\'': '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** XSD boolean lexical space: true/false/1/0, surrounding whitespace collapsed. */
function parseXsdBoolean(value: string | undefined): boolean | undefined {
  switch (value?.trim()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}

/** XSD integer lexical space: optional sign and digits, surrounding whitespace collapsed. */
function parseXsdInteger(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}
