import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** What a local broker needs on top of the Amazon MQ configuration. */
export interface LocalBrokerOptions {
  /** Unique broker name (Amazon MQ sets it from the broker; locally it keeps logs unambiguous). */
  readonly brokerName: string;
  /** Absolute directory for KahaDB and other broker data. */
  readonly dataDirectory: string;
  /** Loopback port of the OpenWire transport connector. */
  readonly openWirePort: number;
  /** The inter-broker user; every `networkConnector@userName` must equal it. */
  readonly bridgeUser: string;
  /** The inter-broker password (Amazon MQ injects it; locally it is written here). */
  readonly bridgePassword: string;
  /** The application user the drill's clients log in with. */
  readonly appUser: string;
  /** The application user's password. */
  readonly appPassword: string;
}

const CORE_NS = 'http://activemq.apache.org/schema/core';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** Resolved offline from activemq-spring.jar, so ActiveMQ validates the file at start-up. */
const SCHEMA_LOCATION = `${CORE_NS} http://activemq.apache.org/schema/core/activemq-core.xsd`;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  commentPropName: '#comment',
  processEntities: true,
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
};

type XmlNode = { [key: string]: any };

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function localName(tag: string): string {
  const i = tag.indexOf(':');
  return i >= 0 ? tag.slice(i + 1) : tag;
}

function children(node: XmlNode): XmlNode[] {
  return node[tagOf(node)!] as XmlNode[];
}

function attrs(node: XmlNode): { [name: string]: string } {
  if (!node[':@']) {
    node[':@'] = {};
  }
  return node[':@'];
}

function element(tag: string, attributes: { [name: string]: string }, kids: XmlNode[] = []): XmlNode {
  return { [tag]: kids, ':@': attributes };
}

function findChild(parent: XmlNode, name: string): XmlNode | undefined {
  return children(parent).find((c) => {
    const t = tagOf(c);
    return t !== undefined && localName(t) === name;
  });
}

/**
 * Endpoints inside a connector URI such as `static:(tcp://127.0.0.1:61616)` or
 * `masterslave:(tcp://a:1,tcp://b:2)?x=y`: every `scheme://host:port` occurrence.
 */
export function connectorUriEndpoints(uri: string): { scheme: string; host: string; port: number }[] {
  const found: { scheme: string; host: string; port: number }[] = [];
  const re = /([a-z][a-z0-9+]*):\/\/([^:/,()?]+):(\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(uri)) !== null) {
    found.push({ scheme: m[1], host: m[2], port: Number(m[3]) });
  }
  return found;
}

/**
 * Turns an Amazon MQ broker configuration (as `MeshPlan.brokerXmlFor` renders it, with loopback
 * endpoints) into one a local ActiveMQ 5.17 broker can run. It adds ONLY what a local broker needs and
 * never changes the network connectors' options:
 *
 * - `xmlns:xsi` + `xsi:schemaLocation` on `<broker>` (ActiveMQ then validates the file at start-up),
 *   `brokerName`, `dataDirectory`, `useJmx="false"`;
 * - `uri="tcp://127.0.0.1:<port>"` on the `openwire` transport connector (Amazon MQ assigns it);
 * - `password` on every `<networkConnector>` (Amazon MQ injects it at run time);
 * - a `simpleAuthenticationPlugin` with the bridge user and an application user (Amazon MQ creates
 *   users from the broker's `Users` property).
 *
 * It refuses a document that is not an Amazon MQ `<broker>`, a connector whose endpoints are not on
 * loopback, and a connector whose `userName` is not the bridge user, because the drill would then test
 * something other than the mesh's own configuration.
 */
export class LocalBrokerConfig {
  public static fromAmazonMqXml(awsXml: string, options: LocalBrokerOptions): string {
    const parser = new XMLParser(XML_OPTIONS);
    let doc: XmlNode[];
    try {
      doc = parser.parse(awsXml, true) as XmlNode[];
    } catch (e) {
      throw new Error(`the broker configuration is not well-formed XML: ${(e as Error).message}`);
    }
    const broker = doc.find((n) => {
      const t = tagOf(n);
      return t !== undefined && localName(t) === 'broker';
    });
    if (!broker || tagOf(broker) !== 'broker' || attrs(broker).xmlns !== CORE_NS) {
      throw new Error(`the broker configuration must have a <broker xmlns="${CORE_NS}"> root (the Amazon MQ dialect)`);
    }
    if (!Number.isInteger(options.openWirePort) || options.openWirePort < 1 || options.openWirePort > 65535) {
      throw new Error(`openWirePort must be an integer port from 1 to 65535, got ${options.openWirePort}`);
    }
    for (const [name, value] of Object.entries({ bridgePassword: options.bridgePassword, appPassword: options.appPassword })) {
      if (!value) {
        throw new Error(`${name} must not be empty: local brokers authenticate every connection`);
      }
    }

    const b = attrs(broker);
    b['xmlns:xsi'] = XSI_NS;
    b['xsi:schemaLocation'] = SCHEMA_LOCATION;
    b.brokerName = options.brokerName;
    b.dataDirectory = options.dataDirectory;
    b.useJmx = 'false';

    // transport connector: Amazon MQ's has no uri
    let transports = findChild(broker, 'transportConnectors');
    if (!transports) {
      transports = element('transportConnectors', {});
      children(broker).push(transports);
    }
    let openwire = children(transports).find((c) => tagOf(c) === 'transportConnector' && attrs(c).name === 'openwire');
    if (!openwire) {
      openwire = element('transportConnector', { name: 'openwire' });
      children(transports).push(openwire);
    }
    attrs(openwire).uri = `tcp://127.0.0.1:${options.openWirePort}`;

    // network connectors: password only, after checking they point at loopback with the bridge user
    const networks = findChild(broker, 'networkConnectors');
    for (const nc of networks ? children(networks).filter((c) => tagOf(c) === 'networkConnector') : []) {
      const a = attrs(nc);
      const name = a.name ?? '(unnamed)';
      if (a.password !== undefined) {
        throw new Error(`networkConnector ${name} already has a password attribute: Amazon MQ configurations never carry one (Amazon MQ injects it); remove it`);
      }
      if (a.userName !== options.bridgeUser) {
        throw new Error(`networkConnector ${name} has userName "${a.userName ?? ''}", but the drill's bridge user is "${options.bridgeUser}": render the configuration with interBrokerUsername "${options.bridgeUser}"`);
      }
      const endpoints = connectorUriEndpoints(a.uri ?? '');
      if (endpoints.length === 0 || endpoints.some((e) => e.scheme !== 'tcp' || !LOCAL_HOSTS.has(e.host))) {
        throw new Error(`networkConnector ${name} uri "${a.uri ?? ''}" must target tcp://127.0.0.1:<port> endpoints only: render the configuration with local endpoints`);
      }
      a.password = options.bridgePassword;
    }

    // users: Amazon MQ creates them from the broker's Users property; locally a simpleAuthenticationPlugin
    let plugins = findChild(broker, 'plugins');
    if (!plugins) {
      plugins = element('plugins', {});
      children(broker).push(plugins);
    }
    children(plugins).push(element('simpleAuthenticationPlugin', {}, [
      element('users', {}, [
        element('authenticationUser', { username: options.bridgeUser, password: options.bridgePassword, groups: 'admins' }),
        element('authenticationUser', { username: options.appUser, password: options.appPassword, groups: 'users' }),
      ]),
    ]));

    return new XMLBuilder(XML_OPTIONS).build(doc).trim() + '\n';
  }
}

/** The log4j 1.2 configuration the Debian ActiveMQ build reads from the broker's conf directory. */
export const LOG4J_PROPERTIES = [
  'log4j.rootLogger=INFO, console',
  'log4j.logger.org.springframework=WARN',
  'log4j.logger.org.apache.xbean=WARN',
  'log4j.appender.console=org.apache.log4j.ConsoleAppender',
  'log4j.appender.console.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %5p [%t] %c{1} - %m%n',
  '',
].join('\n');
