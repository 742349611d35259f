import { namedDestinations, NamedDestination } from './destinations';
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
  /** How many destinations the last `<staticallyIncludedDestinations>` names (Spring keeps the last list). */
  readonly staticallyIncluded: number;
  /** What the last `<dynamicallyIncludedDestinations>` names, when it names anything (an empty list restricts nothing). */
  readonly dynamicallyIncluded?: NamedDestination[];
  readonly destinationFilter?: string;
  /** Set when a later `<networkConnectors>` of the broker replaces the list this connector is in. */
  readonly replaced: boolean;
  /** What makes the bridge impossible to build or to verify (a `<filteredDestination>`, a connection filter, a bridge factory). */
  readonly unverifiable: string[];
  /** Where the bridge's local end is set: `localUri`/`brokerURL` attributes, `<localUri>`/`<uri>` child elements. */
  readonly localEnd: string[];
  /** Whether a `<uri>` child element sets the uri (its content is not read). */
  readonly uriElement: boolean;
  /** Names of attributes or child elements that carry a password (any letter case, any prefix). Never the value. */
  readonly passwordFields: string[];
  /** The names excluded per kind (`queue`, `topic`), composite names split, from every `<excludedDestinations>`. */
  readonly excluded: { readonly queue: string[]; readonly topic: string[] };
  /** The `physicalName`s included (dynamically or statically) per kind; empty lists forward everything not excluded. */
  readonly included: { readonly queue: string[]; readonly topic: string[] };
}

/** The network connectors of a configuration, and what the reader ignored, as Amazon MQ would. */
export interface ConfigurationXml {
  readonly connectors: ConnectorXml[];
  /** What was found and does not count (foreign namespaces, prefixed attributes), in words. */
  readonly ignored: string[];
  /** The root `<broker>`'s `advisorySupport` attribute, as written. */
  readonly advisorySupport?: string;
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
  const encodingProblem = encodingError(xml);
  if (encodingProblem !== undefined) throw new Error(encodingProblem);
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
  const wrappers = roots[0].children.filter((w) => w.local === 'networkConnectors');
  for (const wrapper of wrappers.filter((w) => w.ns !== BrokerXml.NAMESPACE)) {
    ignored.push(`<${wrapper.tag}> is in namespace ${wrapper.ns ?? '(none)'}, not ActiveMQ's, so Amazon MQ does not read it`);
  }
  // Spring sets the broker's networkConnectors once per <networkConnectors> element: the last one replaces the others
  const own = wrappers.filter((w) => w.ns === BrokerXml.NAMESPACE);
  own.forEach((wrapper, w) => {
    for (const c of wrapper.children) {
      if (c.local !== 'networkConnector') continue;
      if (c.ns !== BrokerXml.NAMESPACE) {
        ignored.push(`<${c.tag}> is in namespace ${c.ns ?? '(none)'}, not ActiveMQ's, so Amazon MQ does not read it`);
        continue;
      }
      connectors.push(readConnector(c, connectors.length, ignored, w < own.length - 1));
    }
  });
  return { connectors, ignored, advisorySupport: roots[0].attributes.advisorySupport };
}

interface Element {
  readonly tag: string;
  readonly local: string;
  readonly ns?: string;
  readonly attributes: { [name: string]: string };
  readonly children: Element[];
}

function readConnector(c: Element, index: number, ignored: string[], replaced: boolean): ConnectorXml {
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
  const lists = (list: string) => c.children.filter((x) => x.local === list && x.ns === BrokerXml.NAMESPACE);
  const named = (l: Element[]) => l.flatMap((x) => x.children.filter((d) => d.ns === BrokerXml.NAMESPACE
    && ['queue', 'topic', 'tempQueue', 'tempTopic'].includes(d.local) && d.attributes.physicalName !== undefined)
    .flatMap((d) => namedDestinations(d.local, d.attributes.physicalName)));
  // excluded: every list (whether Spring keeps the last or all, the union excludes at least as much: fail closed);
  // included: the last list only (Spring replaces a list property each time the element appears)
  for (const d of named(lists('excludedDestinations'))) {
    if (d.kind !== 'temporary') excluded[d.kind].push(d.name);
  }
  const statically = named(lists('staticallyIncludedDestinations').slice(-1));
  const dynamicLists = lists('dynamicallyIncludedDestinations');
  const dynamically = dynamicLists.length === 0 ? [] : named(dynamicLists.slice(-1));
  const unverifiable = [
    ...['staticallyIncludedDestinations', 'dynamicallyIncludedDestinations', 'excludedDestinations', 'durableDestinations']
      .filter((l) => lists(l).some((x) => x.children.some((d) => d.local === 'filteredDestination')))
      .map((l) => `its <${l}> holds a <filteredDestination>, which is not a destination a network bridge can use`),
    ...(plain.connectionFilter !== undefined || c.children.some((x) => x.local === 'connectionFilter')
      ? ['it has a connectionFilter, which may refuse every connection'] : []),
    ...(plain.bridgeFactory !== undefined ? ['it sets bridgeFactory, so the bridge is not ActiveMQ\'s own'] : []),
  ];
  const included = { queue: [] as string[], topic: [] as string[] };
  for (const d of [...dynamically, ...statically]) {
    if (d.kind !== 'temporary') included[d.kind].push(d.name);
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
    staticallyIncluded: statically.length,
    dynamicallyIncluded: dynamicLists.length > 0 && dynamicLists[dynamicLists.length - 1].children.length > 0 ? dynamically : undefined,
    destinationFilter: plain.destinationFilter,
    replaced,
    unverifiable,
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

/** Encodings that read ASCII bytes as ASCII, with no shift states: the same characters as UTF-8 for ASCII content. */
const ASCII_COMPATIBLE = /^(us-ascii|ascii|iso-8859-\d{1,2}|iso_8859-1|latin-?1|windows-125\d|cp125\d)$/i;

/**
 * Why the gate cannot be sure it reads the characters the broker reads, or undefined: a character XML 1.0 forbids
 * (a control character such as ESC, which ISO-2022 encodings use to change what the following bytes mean), or an
 * encoding declaration other than UTF-8 (the gate reads configurations as UTF-8) unless the content is ASCII and the
 * encoding reads ASCII as ASCII.
 */
function encodingError(xml: string): string | undefined {
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(xml);
  if (bad !== null) {
    const line = xml.slice(0, bad.index).split('\n').length;
    return `the XML holds a character XML 1.0 does not allow (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} on line ${line})`;
  }
  const declared = /^\uFEFF?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(xml)?.[1];
  if (declared === undefined || /^utf-?8$/i.test(declared)) return undefined;
  if (ASCII_COMPATIBLE.test(declared) && /^[\u0000-\u007F\uFEFF]*$/.test(xml)) return undefined;
  return `the XML declares the encoding '${declared}', but the gate reads configurations as UTF-8 (another encoding is accepted only `
    + 'for ASCII content in an encoding that reads ASCII as ASCII); declare encoding="UTF-8"';
}
