import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { AuthorizationRule } from './authorization';

/** What a local broker needs on top of the Amazon MQ configuration. */
export interface LocalBrokerOptions {
  /** Unique broker name (Amazon MQ sets it from the broker; locally it keeps logs unambiguous). */
  readonly brokerName: string;
  /** Absolute directory for KahaDB and other broker data. */
  readonly dataDirectory: string;
  /** Loopback port of the OpenWire transport connector. */
  readonly openWirePort: number;
  /** The broker's users with their local passwords (Amazon MQ creates users from the broker's users). */
  readonly users: readonly LocalUser[];
  /**
   * The local uri of each `<networkConnector>`, in document order; `null` leaves a connector out. Without it, every
   * connector's uri must already target loopback.
   */
  readonly connectorUris?: ReadonlyArray<string | null>;
  /** Entries added to the configuration's authorization map (the drill's own client group only). */
  readonly addedAuthorization?: readonly AuthorizationRule[];
}

/** A user of a local broker. */
export interface LocalUser {
  readonly username: string;
  readonly password: string;
  readonly groups: readonly string[];
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
 * - `uri="tcp://127.0.0.1:<port>"` on the `openwire` transport connector (Amazon MQ assigns it); the other
 *   transport connectors (AMQP, STOMP, MQTT, WSS: Amazon MQ assigns their URIs too) are left out;
 * - each `<networkConnector>`'s local `uri` when given (the other brokers' endpoints on loopback), and its
 *   `password`: the broker's own password for the connector's `userName`, as Amazon MQ injects it at run time
 *   (none when the broker has no such user: the bridge then cannot log in, as on Amazon MQ);
 * - a `simpleAuthenticationPlugin` with the broker's users (Amazon MQ creates users from the broker's users).
 *
 * It refuses a document that is not an Amazon MQ `<broker>`, a connector that already has a password, and a
 * connector whose endpoints are not on loopback, because the drill would then test something other than the
 * configuration as deployed.
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
    for (const u of options.users) {
      if (!u.password) {
        throw new Error(`the password of user ${u.username} must not be empty: local brokers authenticate every connection`);
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
    transports[tagOf(transports)!] = children(transports).filter((c) => tagOf(c) !== 'transportConnector' || c === openwire);

    // network connectors: the local uri and the password Amazon MQ would inject
    const networks = findChild(broker, 'networkConnectors');
    const connectors = networks ? children(networks).filter((c) => tagOf(c) === 'networkConnector') : [];
    if (options.connectorUris !== undefined && options.connectorUris.length !== connectors.length) {
      throw new Error(`the configuration has ${connectors.length} networkConnector elements but ${options.connectorUris.length} local uris were given`);
    }
    connectors.forEach((nc, i) => {
      const a = attrs(nc);
      const name = a.name ?? '(unnamed)';
      if (a.password !== undefined) {
        throw new Error(`networkConnector ${name} already has a password attribute: Amazon MQ configurations never carry one (Amazon MQ injects it); remove it`);
      }
      const uri = options.connectorUris?.[i];
      if (uri !== undefined && uri !== null) {
        a.uri = uri;
      }
      const endpoints = connectorUriEndpoints(a.uri ?? '');
      if (uri !== null && (endpoints.length === 0 || endpoints.some((e) => e.scheme !== 'tcp' || !LOCAL_HOSTS.has(e.host)))) {
        throw new Error(`networkConnector ${name} uri "${a.uri ?? ''}" must target tcp://127.0.0.1:<port> endpoints only: render the configuration with local endpoints`);
      }
      const own = options.users.find((u) => u.username === a.userName);
      if (own !== undefined) {
        a.password = own.password;
      }
    });
    if (networks && options.connectorUris !== undefined) {
      networks[tagOf(networks)!] = children(networks).filter((c) => tagOf(c) !== 'networkConnector' || options.connectorUris![connectors.indexOf(c)] !== null);
    }

    if (options.addedAuthorization !== undefined && options.addedAuthorization.length > 0) {
      addAuthorizationEntries(broker, options.addedAuthorization);
    }

    // users: Amazon MQ creates them from the broker's Users property; locally a simpleAuthenticationPlugin
    let plugins = findChild(broker, 'plugins');
    if (!plugins) {
      plugins = element('plugins', {});
      children(broker).push(plugins);
    }
    children(plugins).push(element('simpleAuthenticationPlugin', {}, [
      element('users', {}, options.users.map((u) => element('authenticationUser',
        { username: u.username, password: u.password, groups: u.groups.join(',') }))),
    ]));

    return new XMLBuilder(XML_OPTIONS).build(doc).trim() + '\n';
  }
}

/** Appends entries to the `<authorizationEntries>` of the broker's authorization map (which must exist). */
function addAuthorizationEntries(broker: XmlNode, rules: readonly AuthorizationRule[]): void {
  const path = ['plugins', 'authorizationPlugin', 'map', 'authorizationMap', 'authorizationEntries'];
  let node: XmlNode | undefined = broker;
  for (const name of path) {
    node = node === undefined ? undefined : findChild(node, name);
  }
  if (node === undefined) {
    throw new Error('the configuration has no <authorizationPlugin><map><authorizationMap><authorizationEntries> to add the drill\'s entries to');
  }
  for (const r of rules) {
    const kind = r.kind === 'temp' ? {} : { [r.kind]: r.pattern };
    children(node).push(element('authorizationEntry', { ...kind, read: r.read.join(','), write: r.write.join(','), admin: r.admin.join(',') }));
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
