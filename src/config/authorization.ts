import { ActiveMqDestination, DestinationKind } from './destination';
import { NetworkConnectorOptions } from './network-connector';
import { describeValue, isToken } from './private/checks';
import { attributeText } from './private/xml-text';
import { USERNAME_RULE, usernameProblem, WEB_CONSOLE_GROUP } from '../private/amazon-mq';

/**
 * Who may do what on a queue or topic (or every destination matching a wildcard): one `<authorizationEntry>` of the
 * brokers' authorization map.
 *
 * ActiveMQ checks every operation against the union of the entries that match the destination: `read` to consume
 * or browse, `write` to send, `admin` to create the destination (ActiveMQ creates a destination on its first use, so
 * a group that sends to or consumes from a destination that does not exist yet needs `admin` as well). Groups are
 * those of the mesh's users (`MeshUserProps.groups`). A destination no entry matches is refused to every group.
 *
 * @see https://activemq.apache.org/components/classic/documentation/security
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/child-element-details.html#authorizationEntry
 */
export interface AuthorizationEntry {
  /** The queue or topic, e.g. `ActiveMqDestination.queue('orders.>')`. */
  readonly destination: ActiveMqDestination;
  /**
   * Groups that may consume from and browse the destination.
   * @default - no group (from this entry)
   */
  readonly read?: string[];
  /**
   * Groups that may send to the destination.
   * @default - no group (from this entry)
   */
  readonly write?: string[];
  /**
   * Groups that may create (and remove) the destination.
   * @default - no group (from this entry)
   */
  readonly admin?: string[];
}

/** The authorization map of a broker, as `BrokerXml.render` takes it (internal). */
export interface AuthorizationMapProps {
  /** The user's entries, rendered first and in order. */
  readonly entries: AuthorizationEntry[];
  /** The group of the inter-broker user: it gets what network bridges need. */
  readonly interBrokerGroup: string;
  /** The destinations the network connectors forward (see `bridgeDestinations`). */
  readonly bridgeDestinations: ActiveMqDestination[];
}

/**
 * The group the mesh gives its inter-broker user when an authorization map is configured. Reserved: application
 * users may not be in it.
 */
export const INTER_BROKER_GROUP = 'activemq-mesh-bridge';

/**
 * The advisory topics. Bridges subscribe to `ActiveMQ.Advisory.Consumer.>` (and the virtual-destination consumer
 * advisories, `BRIDGE_ADVISORY_DESTINATIONS` in src/private/amazon-mq.ts, which this pattern covers) to learn of
 * remote consumers, so "ensure that the user used for the network connections has
 * permissions to the advisory destinations" (ActiveMQ, "Networks of Brokers", Authorization for advisories); JMS
 * clients read `ActiveMQ.Advisory.TempQueue` / `TempTopic`, hence ActiveMQ's own example grants every group
 * `ActiveMQ.Advisory.>` ("Security", Authorization Example).
 */
export const ADVISORY_TOPICS = 'ActiveMQ.Advisory.>';

const PERMISSIONS = ['read', 'write', 'admin'] as const;
type Permission = typeof PERMISSIONS[number];

/**
 * What each network connector forwards, so what the inter-broker user needs on every broker: the connectors'
 * included destinations when they list any, otherwise every queue and topic (ActiveMQ's default, `>`).
 *
 * @param options the mesh's connector options
 */
export function bridgeDestinations(options: NetworkConnectorOptions): ActiveMqDestination[] {
  const included = [...(options.dynamicallyIncludedDestinations ?? []), ...(options.staticallyIncludedDestinations ?? [])];
  return included.length > 0 ? included : [ActiveMqDestination.queue('>'), ActiveMqDestination.topic('>')];
}

/**
 * What is wrong with authorization entries, naming `path[i]…`, the value and the fix; undefined when they are valid.
 * Group names follow Amazon MQ's user and group name rule; values that are tokens are not checked.
 *
 * @param entries the entries
 * @param path the prop name, e.g. `authorization`
 */
export function authorizationProblem(entries: unknown, path: string): string | undefined {
  if (!Array.isArray(entries)) {
    return `${path} must be a list of AuthorizationEntry, got ${describeValue(entries)}: pass e.g. [{ destination: ActiveMqDestination.queue('orders.>'), read: ['apps'], write: ['apps'], admin: ['apps'] }].`;
  }
  for (const [i, entry] of entries.entries()) {
    const at = `${path}[${i}]`;
    if (!(entry?.destination instanceof ActiveMqDestination)) {
      return `${at}.destination must be an ActiveMqDestination, got ${describeValue(entry?.destination)}: use ActiveMqDestination.queue('…') or ActiveMqDestination.topic('…').`;
    }
    let granted = 0;
    for (const permission of PERMISSIONS) {
      const groups: unknown = entry[permission];
      if (groups === undefined) {
        continue;
      }
      if (!Array.isArray(groups)) {
        return `${at}.${permission} must be a list of group names, got ${describeValue(groups)}: pass e.g. ['apps'].`;
      }
      for (const [j, group] of groups.entries()) {
        const problem = isToken(group) ? undefined : usernameProblem(group);
        if (problem !== undefined) {
          return `${at}.${permission}[${j}] ${problem}: Amazon MQ group names are ${USERNAME_RULE}; use the name of a group your users are in.`;
        }
      }
      granted += groups.length;
    }
    if (granted === 0) {
      return `${at} grants nothing on ${entry.destination._kind.toLowerCase()} '${entry.destination.physicalName}': give at least one group in read, write or admin, or remove the entry.`;
    }
  }
  return undefined;
}

/** Accumulates the groups of one destination's entry, keeping first-seen order. */
class Grants {
  public readonly read = new Set<string>();
  public readonly write = new Set<string>();
  public readonly admin = new Set<string>();

  public constructor(public readonly kind: DestinationKind | 'TEMP', public readonly physicalName: string) {}

  public grant(groups: Iterable<string>, permissions: readonly Permission[] = PERMISSIONS): this {
    for (const group of groups) {
      for (const permission of permissions) {
        this[permission].add(group);
      }
    }
    return this;
  }

  public attributes(): Array<[string, string]> {
    const attributes: Array<[string, string]> = [];
    if (this.kind !== 'TEMP') {
      attributes.push([this.kind === DestinationKind.QUEUE ? 'queue' : 'topic', this.physicalName]);
    }
    for (const permission of PERMISSIONS) {
      if (this[permission].size > 0) {
        attributes.push([permission, [...this[permission]].join(',')]);
      }
    }
    return attributes;
  }
}

/**
 * The broker's `<plugins>` element with the authorization map: the user's entries, then what the mesh itself
 * needs, each granting read, write and admin:
 * - the inter-broker group on every forwarded destination (`bridgeDestinations`);
 * - the web console's system group on every queue and topic, as Amazon MQ's example map does: "If you specify an
 *   authorization map which doesn't include the activemq-webconsole group, you can't use the ActiveMQ Web Console"
 *   (Amazon MQ developer guide, using-amazon-mq-securely.html, child-element-details.html#authorizationEntry);
 * - every group of the map on the advisory topics (`ADVISORY_TOPICS`) and on temporary destinations (request/reply,
 *   and bridges forward temporary destinations by default).
 *
 * @param props the map
 * @param indent the indentation of `<plugins>`
 */
export function renderAuthorizationPlugin(props: AuthorizationMapProps, indent: string): string[] {
  const user = props.entries.map(e => new Grants(e.destination._kind, e.destination.physicalName)
    .grant(e.read ?? [], ['read']).grant(e.write ?? [], ['write']).grant(e.admin ?? [], ['admin']));

  const system = new Map<string, Grants>();
  const systemEntry = (kind: DestinationKind, name: string): Grants => {
    const key = `${kind}:${name}`;
    const found = system.get(key) ?? new Grants(kind, name);
    system.set(key, found);
    return found;
  };
  for (const d of props.bridgeDestinations) {
    systemEntry(d._kind, d.physicalName).grant([props.interBrokerGroup]);
  }
  systemEntry(DestinationKind.QUEUE, '>').grant([WEB_CONSOLE_GROUP]);
  systemEntry(DestinationKind.TOPIC, '>').grant([WEB_CONSOLE_GROUP]);
  const everyGroup = new Set<string>();
  for (const g of [...user, ...system.values()]) {
    PERMISSIONS.forEach(p => g[p].forEach(group => everyGroup.add(group)));
  }
  systemEntry(DestinationKind.TOPIC, ADVISORY_TOPICS).grant(everyGroup);
  const temp = new Grants('TEMP', '').grant(everyGroup);

  const i = (depth: number) => indent + '  '.repeat(depth);
  return [
    `${i(0)}<plugins>`,
    `${i(1)}<authorizationPlugin>`,
    `${i(2)}<map>`,
    `${i(3)}<authorizationMap>`,
    `${i(4)}<authorizationEntries>`,
    ...[...user, ...system.values()].map(g => `${i(5)}<authorizationEntry${attributeText(g.attributes())}/>`),
    `${i(4)}</authorizationEntries>`,
    `${i(4)}<tempDestinationAuthorizationEntry>`,
    `${i(5)}<tempDestinationAuthorizationEntry${attributeText(temp.attributes())}/>`,
    `${i(4)}</tempDestinationAuthorizationEntry>`,
    `${i(3)}</authorizationMap>`,
    `${i(2)}</map>`,
    `${i(1)}</authorizationPlugin>`,
    `${i(0)}</plugins>`,
  ];
}
