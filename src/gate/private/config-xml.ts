import { BrokerXml } from '../../config';
import { ATTRIBUTE_PREFIX as PREFIX, ATTRIBUTES_KEY as ATTRS, parseOrderedXml, XmlNode, xmlSyntaxError } from '../../private/xml';

/** A `<networkConnector>` as Amazon MQ reads it: only elements in ActiveMQ's namespace, only unprefixed attributes. */
export interface ConnectorXml {
  /** Position among the configuration's connectors (0-based), for messages. */
  readonly index: number;
  readonly name?: string;
  readonly uri?: string;
  readonly userName?: string;
  readonly duplex?: string;
  readonly networkTtl?: string;
  readonly messageTtl?: string;
  readonly consumerTtl?: string;
  readonly staticBridge?: string;
  /** How many destinations `<staticallyIncludedDestinations>` names. */
  readonly staticallyIncluded: number;
  /** Where the bridge's local end is set: `localUri`/`brokerURL` attributes, `<localUri>`/`<uri>` child elements. */
  readonly localEnd: string[];
  /** Whether a `<uri>` child element sets the uri (its content is not read). */
  readonly uriElement: boolean;
  /** Names of attributes or child elements that carry a password (any letter case, any prefix). Never the value. */
  readonly passwordFields: string[];
  /** The `physicalName`s excluded per kind (`queue`, `topic`). */
  readonly excluded: { readonly queue: string[]; readonly topic: string[] };
  /** The `physicalName`s included (dynamically or statically) per kind; empty lists forward everything not excluded. */
  readonly included: { readonly queue: string[]; readonly topic: string[] };
}

/** The network connectors of a configuration, and what the reader ignored, as Amazon MQ would. */
export interface ConfigurationXml {
  readonly connectors: ConnectorXml[];
  /** What was found and does not count (foreign namespaces, prefixed attributes), in words. */
  readonly ignored: string[];
}


/**
 * Reads the network connectors of an Amazon MQ broker configuration as Amazon MQ does. The Amazon MQ schemas
 * qualify elements (`elementFormDefault="qualified"`, namespace `http://activemq.apache.org/schema/core`) and
 * declare attributes unqualified with no `anyAttribute`: an element in another namespace and a prefixed attribute
 * (`x:uri`) are not the broker's and never configure a connector. Throws when the XML is not well-formed or the
 * root is not an ActiveMQ `<broker>`.
 */
export function readConfigurationXml(xml: string): ConfigurationXml {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    // entity definitions could make this reader and the broker see different values; Amazon MQ configurations have none
    throw new Error('the XML has a DOCTYPE or ENTITY declaration, which an Amazon MQ configuration does not have');
  }
  const syntaxError = xmlSyntaxError(xml);
  if (syntaxError !== undefined) {
    throw new Error(`the XML is not well-formed (${syntaxError}`);
  }
  const ignored: string[] = [];
  const roots = elements(parseOrderedXml(xml, true), new Map());
  if (roots.length !== 1 || roots[0].local !== 'broker' || roots[0].ns !== BrokerXml.NAMESPACE) {
    const found = roots.map((r) => `<${r.tag}> in namespace ${r.ns ?? '(none)'}`).join(', ') || 'no element';
    throw new Error(`the root must be one <broker xmlns="${BrokerXml.NAMESPACE}">, found ${found}`);
  }
  const connectors: ConnectorXml[] = [];
  for (const wrapper of roots[0].children) {
    if (wrapper.local !== 'networkConnectors') continue;
    if (wrapper.ns !== BrokerXml.NAMESPACE) {
      ignored.push(`<${wrapper.tag}> is in namespace ${wrapper.ns ?? '(none)'}, not ActiveMQ's, so Amazon MQ does not read it`);
      continue;
    }
    for (const c of wrapper.children) {
      if (c.local !== 'networkConnector') continue;
      if (c.ns !== BrokerXml.NAMESPACE) {
        ignored.push(`<${c.tag}> is in namespace ${c.ns ?? '(none)'}, not ActiveMQ's, so Amazon MQ does not read it`);
        continue;
      }
      connectors.push(readConnector(c, connectors.length, ignored));
    }
  }
  return { connectors, ignored };
}

interface Element {
  readonly tag: string;
  readonly local: string;
  readonly ns?: string;
  readonly attributes: { [name: string]: string };
  readonly children: Element[];
}

function readConnector(c: Element, index: number, ignored: string[]): ConnectorXml {
  const plain: { [name: string]: string } = {};
  const passwordFields: string[] = [];
  for (const [name, value] of Object.entries(c.attributes)) {
    if (/^xmlns(:|$)/.test(name)) continue;
    if (localName(name).toLowerCase() === 'password') passwordFields.push(`attribute ${name}`);
    if (name.includes(':')) {
      ignored.push(`connector #${index + 1} has the prefixed attribute ${name}, which Amazon MQ does not read as ${localName(name)}`);
    } else {
      plain[name] = value;
    }
  }
  const excluded = { queue: [] as string[], topic: [] as string[] };
  const walk = (e: Element) => {
    for (const child of e.children) {
      if (child.local.toLowerCase() === 'password') passwordFields.push(`element <${child.tag}>`);
      walk(child);
    }
  };
  walk(c);
  const destinations = (list: string) => c.children.filter((x) => x.local === list && x.ns === BrokerXml.NAMESPACE)
    .flatMap((l) => l.children.filter((d) => d.ns === BrokerXml.NAMESPACE && (d.local === 'queue' || d.local === 'topic')
      && d.attributes.physicalName !== undefined));
  for (const d of destinations('excludedDestinations')) {
    excluded[d.local as 'queue' | 'topic'].push(d.attributes.physicalName.trim());
  }
  const included = { queue: [] as string[], topic: [] as string[] };
  for (const d of [...destinations('dynamicallyIncludedDestinations'), ...destinations('staticallyIncludedDestinations')]) {
    included[d.local as 'queue' | 'topic'].push(d.attributes.physicalName.trim());
  }
  return {
    index,
    name: plain.name,
    uri: plain.uri,
    userName: plain.userName,
    duplex: plain.duplex,
    networkTtl: plain.networkTTL,
    messageTtl: plain.messageTTL,
    consumerTtl: plain.consumerTTL,
    staticBridge: plain.staticBridge,
    staticallyIncluded: destinations('staticallyIncludedDestinations').length,
    localEnd: [
      ...['localUri', 'brokerURL'].filter((a) => plain[a] !== undefined && !/^\s*vm:\/\//i.test(plain[a])).map((a) => `${a}="${plain[a]}"`),
      ...c.children.filter((x) => x.local === 'localUri' && x.ns === BrokerXml.NAMESPACE).map(() => '<localUri>'),
    ],
    uriElement: c.children.some((x) => x.local === 'uri' && x.ns === BrokerXml.NAMESPACE),
    passwordFields,
    excluded,
    included,
  };
}

function elements(nodes: XmlNode[], scope: ReadonlyMap<string, string>): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    for (const tag of Object.keys(node)) {
      if (tag === ATTRS || tag === '#text' || tag === '#comment') continue;
      const raw = (node[ATTRS] ?? {}) as { [k: string]: string };
      const attributes: { [name: string]: string } = {};
      const inner = new Map(scope);
      for (const [k, v] of Object.entries(raw)) {
        const name = k.slice(PREFIX.length);
        attributes[name] = String(v);
        if (name === 'xmlns') inner.set('', String(v));
        else if (name.startsWith('xmlns:')) inner.set(name.slice(6), String(v));
      }
      const colon = tag.indexOf(':');
      const prefix = colon < 0 ? '' : tag.slice(0, colon);
      out.push({
        tag,
        local: colon < 0 ? tag : tag.slice(colon + 1),
        ns: inner.get(prefix),
        attributes,
        children: elements(node[tag] as XmlNode[], inner),
      });
    }
  }
  return out;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
