// Reads broker configuration XML back (BrokerXml.parse): connectors for the rule pack and the drill. Internal.
import type { ParsedBrokerXml, ParsedNetworkConnector, ParsedTransportConnector } from '../broker-xml';
import { ActiveMqDestination } from '../destination';
import { describeValue } from './checks';
import { BROKER_NAMESPACE } from './xml-text';
import { ATTRIBUTE_PREFIX, ATTRIBUTES_KEY, parseOrderedXml, TEXT_KEY, XmlNode, xmlSyntaxError } from '../../private/xml';

/** See `BrokerXml.parse`. */
export function parseBrokerXml(xml: string): ParsedBrokerXml {
  if (typeof xml !== 'string') {
    throw new Error(`BrokerXml.parse needs the XML as a string, got ${describeValue(xml)}: pass the configuration document text.`);
  }
  const syntaxError = xmlSyntaxError(xml);
  if (syntaxError !== undefined) {
    throw new Error(`BrokerXml.parse: the broker XML is not well-formed (${syntaxError}`);
  }
  const document = parseOrderedXml(xml, false);
  const broker = findBroker(document);

  const networkConnectors = grandChildren(broker, 'networkConnectors', 'networkConnector')
    .map((node) => readNetworkConnector(node));
  const transportConnectors = grandChildren(broker, 'transportConnectors', 'transportConnector')
    .map((node): ParsedTransportConnector => {
      const attributes = attributesOf(node);
      return { name: attributes.name, attributes };
    });
  return { networkConnectors, transportConnectors };
}

function findBroker(document: XmlNode[]): XmlNode[] {
  const roots = elements(document);
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
    const brokers = elements(rootChildren).filter(([tag]) => tag === 'broker');
    if (brokers.length === 1) {
      return brokers[0][1];
    }
    throw new Error(`BrokerXml.parse: a <beans> document must hold exactly one <broker>, found ${brokers.length}: `
      + 'keep one broker definition per configuration.');
  }
  throw new Error(`BrokerXml.parse: expected the root element <broker> (or a Spring <beans> holding one), found <${rootTag}>: `
    + `an Amazon MQ configuration is a <broker xmlns="${BROKER_NAMESPACE}"> document.`);
}

/** The element children of a node list as [tag, children, node] triples (text nodes skipped). */
function elements(nodes: XmlNode[]): Array<[string, XmlNode[], XmlNode]> {
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
function grandChildren(parent: XmlNode[], outer: string, inner: string): XmlNode[] {
  const result: XmlNode[] = [];
  for (const [tag, children] of elements(parent)) {
    if (tag !== outer) {
      continue;
    }
    for (const [childTag, , childNode] of elements(children)) {
      if (childTag === inner) {
        result.push(childNode);
      }
    }
  }
  return result;
}

function attributesOf(node: XmlNode): { [name: string]: string } {
  const raw = (node[ATTRIBUTES_KEY] ?? {}) as { [attribute: string]: string };
  const attributes: { [name: string]: string } = {};
  for (const key of Object.keys(raw)) {
    attributes[key.slice(ATTRIBUTE_PREFIX.length)] = String(raw[key]);
  }
  return attributes;
}

function readNetworkConnector(node: XmlNode): ParsedNetworkConnector {
  const all = attributesOf(node);
  const children = node.networkConnector as XmlNode[];
  const childElements = elements(children);
  const hasPassword = 'password' in all || childElements.some(([tag]) => tag === 'password');
  const { password: _password, ...attributes } = all;
  const destinations = (list: string): ActiveMqDestination[] => {
    const result: ActiveMqDestination[] = [];
    for (const [tag, wrapperChildren] of childElements) {
      if (tag !== list) {
        continue;
      }
      for (const [kind, , destinationNode] of elements(wrapperChildren)) {
        const physicalName = attributesOf(destinationNode).physicalName;
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
