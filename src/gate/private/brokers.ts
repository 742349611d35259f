import { CfnObject, CfnValue, concat, configurationText, ImpossibleWorld, isObject, isText, ParameterValue, Symbolic, Text } from '../../cfn';
import { MeshGraph } from '../../topology';
import { NetworkConnectorUri } from '../../uri';
import { ExternalPeer, GateOptions, ResourceKey } from '../model';
import { AppWorld, ASSOCIATION, BROKER, CONFIGURATION, keyString } from './app-world';
import { ConnectorXml, readConfigurationXml } from './config-xml';
import { destinationFilterMatchesSomething, matchesEveryName, springFalse, springTrue } from './destinations';
import { discoveryUriProblem } from './discovery-uri';
import { classifyEndpoint, EndpointTarget, redactUri } from './endpoints';

/** The users resource of a mesh (lifecycle contract, /work/plan/CONTRACT-users.md): users managed on the brokers it lists. */
export const MESH_USERS = 'Custom::ActiveMqMeshUsers';

/** The metadata key under which a configuration declares its external peers (see RULES.md). */
export const EXTERNAL_PEERS_METADATA = 'cdk-activemq-mesh:external-peers';

export type Engine = 'ACTIVEMQ' | 'RABBITMQ' | 'UNKNOWN';

/** A broker user as deployed in this world. Never print `password`. */
export interface UserFacts {
  readonly username: Text;
  readonly password?: CfnValue;
  /** `Groups` as written (a list of texts, or a deploy-time value). */
  readonly groups?: CfnValue;
  /** The resource that declares the user: undefined for the broker's own `Users`, else the users resource. */
  readonly managedBy?: ResourceKey;
  /** For the alternate user of a rotated inter-broker user: the user it takes turns with. */
  readonly alternateOf?: Text;
}

/** A connector of a configuration a broker uses, with what each target is. */
export interface ConnectorFacts {
  readonly configuration: ResourceKey;
  readonly xml: ConnectorXml;
  /** `connector 'name' (#n) of <configuration path>`. */
  readonly label: string;
  readonly targets: EndpointTarget[];
  /** Why the connector as a whole carries no messages (no uri, excludes everything, networkTTL < 1), if so. */
  readonly carriesNothing?: string;
}

/** What the gate knows about one broker in one world. */
export interface BrokerFacts {
  readonly key: ResourceKey;
  readonly path: string;
  readonly engine: Engine;
  readonly props: CfnObject;
  /** The configurations the broker deploys with (an association's wins over `Configuration`). */
  readonly configurations: ResourceKey[];
  /** The associations that point at the broker. */
  readonly associations: ResourceKey[];
  /** Why a configuration could not be read. */
  readonly configurationProblems: string[];
  readonly connectors: ConnectorFacts[];
  /** What the configurations' XML holds that Amazon MQ ignores. */
  readonly ignored: string[];
  /** Set when a configuration the broker deploys turns advisory messages off (`<broker advisorySupport="false">`). */
  readonly advisoriesOff?: boolean;
  /** Why the broker's own properties cannot be evaluated, if so. */
  readonly propertiesError?: string;
  /** Users a `Custom::ActiveMqMeshUsers` that lists this broker (by Ref) manages on it. */
  readonly managedUsers?: UserFacts[];
}

/** Every broker of the app in one world, and the network they form. */
export interface Brokers {
  readonly list: BrokerFacts[];
  /** Resources (associations) whose properties cannot be evaluated, so what they attach is unknown. */
  readonly problems: Array<{ readonly key: ResourceKey; readonly detail: string }>;
  readonly byKey: Map<string, BrokerFacts>;
  /** Links that carry messages, between ActiveMQ brokers (and brokers of unknown engine). */
  readonly graph: MeshGraph;
  /** Brokers (keyString) with a counted link in or out. */
  readonly linked: ReadonlySet<string>;
  /** For each broker (keyString), the other brokers' connectors that name it as a target, counted or not. */
  readonly incoming: ReadonlyMap<string, ReadonlyArray<{ readonly from: BrokerFacts; readonly connector: ConnectorFacts }>>;
}

/** Builds every broker's facts and the network of brokers of one world. */
export function analyseBrokers(world: AppWorld, options: GateOptions): Brokers {
  const associations = new Map<string, ResourceKey[]>();
  const problems: Brokers['problems'] = [];
  for (const a of world.resourcesOfType(ASSOCIATION)) {
    let props;
    try {
      props = world.properties(a);
    } catch (e) {
      if (e instanceof ImpossibleWorld) throw e;
      problems.push({ key: a, detail: `the ConfigurationAssociation cannot be evaluated, so the broker it configures is unknown: ${(e as Error).message}` });
      continue;
    }
    const target = referenced(world, props.Broker);
    if (target !== undefined && world.typeOf(target) === BROKER) {
      const k = keyString(target);
      const list = associations.get(k) ?? [];
      if (list.length === 0) associations.set(k, list);
      list.push(a);
    }
  }
  const managed = managedUsers(world);
  const list0 = world.resourcesOfType(BROKER).map((key) => ({
    ...analyseBroker(world, key, associations.get(keyString(key)) ?? [], options),
    managedUsers: managed.get(keyString(key)),
  }));
  const facts = new Map(list0.map((b) => [keyString(b.key), b]));
  const list = list0.map((b) => withAdvisories(b, facts));
  const byKey = new Map(list.map((b) => [keyString(b.key), b]));
  const ids = list.filter((b) => b.engine !== 'RABBITMQ').map((b) => keyString(b.key));
  const links = [];
  const linked = new Set<string>();
  const incoming = new Map<string, Array<{ from: BrokerFacts; connector: ConnectorFacts }>>();
  for (const b of list) {
    if (b.engine === 'RABBITMQ') continue;
    for (const c of b.connectors) {
      for (const t of c.targets) {
        if (t.kind !== 'broker') continue;
        const to = keyString(t.broker);
        const target = byKey.get(to);
        if (target === undefined || target === b) continue;
        const into = incoming.get(to) ?? [];
        if (into.length === 0) incoming.set(to, into);
        into.push({ from: b, connector: c });
        if (c.carriesNothing === undefined && target.engine !== 'RABBITMQ') {
          links.push({ from: keyString(b.key), to, duplex: springTrue(c.xml.duplex) });
          linked.add(keyString(b.key));
          linked.add(to);
        }
      }
    }
  }
  return { list, byKey, problems, graph: new MeshGraph(ids, links), linked, incoming };
}

function analyseBroker(world: AppWorld, key: ResourceKey, associations: ResourceKey[], options: GateOptions): BrokerFacts {
  let props: CfnObject;
  try {
    props = world.properties(key);
  } catch (e) {
    if (e instanceof ImpossibleWorld) throw e;
    // this broker cannot be read: judge it as an unknown, unconfigured broker (fail closed), and the others as usual
    const detail = `its properties cannot be evaluated: ${(e as Error).message}`;
    return {
      key,
      path: world.pathOf(key),
      engine: 'UNKNOWN',
      props: {},
      associations,
      configurations: [],
      configurationProblems: [detail],
      connectors: [],
      ignored: [],
      propertiesError: detail,
    };
  }
  const engineType = props.EngineType;
  const engine: Engine = typeof engineType === 'string' && ['ACTIVEMQ', 'RABBITMQ'].includes(engineType.toUpperCase())
    ? engineType.toUpperCase() as Engine : 'UNKNOWN';
  const base = { key, path: world.pathOf(key), engine, props, associations };
  if (engine === 'RABBITMQ') {
    return { ...base, configurations: [], configurationProblems: [], connectors: [], ignored: [] };
  }
  const problems: string[] = [];
  const configurations: ResourceKey[] = [];
  // An association replaces the broker's Configuration: with one, the broker's own Configuration does not apply.
  const sources: Array<[CfnValue | undefined, string, CfnValue | undefined]> = associations.length > 0
    ? associations.map((a) => {
      const c = world.properties(a).Configuration;
      return [field(c, 'Id'), `the ConfigurationAssociation ${world.pathOf(a)}`, field(c, 'Revision')];
    })
    : props.Configuration === undefined ? [] : [[field(props.Configuration, 'Id'), 'its Configuration', field(props.Configuration, 'Revision')]];
  if (associations.length > 1) {
    problems.push(`${associations.length} ConfigurationAssociations point at it (${associations.map((a) => world.pathOf(a)).join(', ')}); which applies depends on deployment order`);
  }
  for (const [id, via, revision] of sources) {
    const target = referenced(world, id);
    if (target !== undefined && world.typeOf(target) === CONFIGURATION) {
      const pin = pinnedRevision(world, target, revision);
      if (pin === undefined) configurations.push(target);
      else problems.push(`${via} pins revision ${pin} of ${world.pathOf(target)}; the template's Data is that configuration's latest revision, whose number the gate cannot know: use GetAtt ${target.logicalId}.Revision`);
    } else {
      const what = id === undefined ? 'no configuration Id'
        : typeof id === 'string' ? `the literal id '${id}', a configuration outside the templates judged`
          : target !== undefined ? `${world.pathOf(target)}, which is not an AWS::AmazonMQ::Configuration created in this case`
            : `${id instanceof Symbolic ? id.describe() : 'a value'} known only at deploy time`;
      problems.push(`${via} points at ${what}, so its XML cannot be read`);
    }
  }
  const connectors: ConnectorFacts[] = [];
  const ignored: string[] = [];
  let advisoriesOff = false;
  for (const cfg of configurations) {
    const path = world.pathOf(cfg);
    let xml;
    try {
      xml = readConfigurationXml(configurationText(world.properties(cfg).Data, world.placeholders));
    } catch (e) {
      problems.push(`the configuration ${path} cannot be read: ${(e as Error).message}`);
      continue;
    }
    ignored.push(...xml.ignored.map((i) => `${path}: ${i}`));
    advisoriesOff ||= springFalse(xml.advisorySupport);
    const declared = declaredPeers(world, cfg, options.externalPeers ?? []);
    for (const c of xml.connectors) {
      connectors.push(connectorFacts(world, key, cfg, path, c, declared, props.DataReplicationPrimaryBrokerArn !== undefined));
    }
  }
  return { ...base, configurations, configurationProblems: problems, connectors, ignored, advisoriesOff };
}

/**
 * A bridge forwards on demand: it learns of consumers from the consumer advisories of the broker it forwards to. A
 * target whose advisories are off (`advisorySupport="false"`) sends none, so a connector to it forwards nothing unless
 * it is duplex (the way back learns from this broker's advisories) or names staticallyIncludedDestinations.
 */
function withAdvisories(b: BrokerFacts, byKey: Map<string, BrokerFacts>): BrokerFacts {
  if (b.connectors.every((c) => c.carriesNothing !== undefined || c.xml.staticallyIncluded > 0)) return b;
  const connectors = b.connectors.map((c) => {
    if (c.carriesNothing !== undefined || c.xml.staticallyIncluded > 0 || (springTrue(c.xml.duplex) && !b.advisoriesOff)) return c;
    const targets = c.targets.map((t) => (t.kind === 'broker' && byKey.get(keyString(t.broker))?.advisoriesOff === true
      ? {
        kind: 'none' as const,
        endpoint: byKey.get(keyString(t.broker))!.path,
        why: 'its configuration sets advisorySupport="false", so no consumer advisory tells the bridge what to forward (and the connector is not duplex from a broker with advisories, nor has staticallyIncludedDestinations)',
      }
      : t));
    return { ...c, targets };
  });
  return { ...b, connectors };
}

/**
 * The revision a broker or association pins, described, when it may not be the template's Data: anything but the
 * configuration's own `GetAtt Revision` (its latest revision: this Data) or 1 (the Data it was created with; RULES.md
 * says what that assumes). No revision is left to CloudFormation's own check.
 */
function pinnedRevision(world: AppWorld, cfg: ResourceKey, revision: CfnValue | undefined): string | undefined {
  if (revision === undefined || revision === 1 || revision === '1') return undefined;
  if (revision instanceof Symbolic) {
    const t = world.targetOf(revision);
    if (t !== undefined && t.attribute === 'Revision' && keyString(t.key) === keyString(cfg)) return undefined;
    return t === undefined ? revision.describe() : `${world.pathOf(t.key)}.${t.attribute}`;
  }
  return typeof revision === 'string' || typeof revision === 'number' ? String(revision) : 'a value known only at deploy time';
}

function connectorFacts(world: AppWorld, self: ResourceKey, cfg: ResourceKey, path: string, c: ConnectorXml,
  declared: { patterns: ExternalPeer[]; texts: Text[] }, replica: boolean): ConnectorFacts {
  const label = `connector ${c.name === undefined ? '' : `'${c.name}' `}(#${c.index + 1}) of ${path}`;
  const base = { configuration: cfg, xml: c, label };
  if (c.uri === undefined) return { ...base, targets: [], carriesNothing: 'it has no uri' };
  let endpoints: string[];
  try {
    endpoints = NetworkConnectorUri.parseTargets(c.uri);
  } catch (e) {
    return { ...base, targets: [], carriesNothing: `its uri cannot be read (${redactUri((e as Error).message)})` };
  }
  if (endpoints.length === 0) return { ...base, targets: [], carriesNothing: `its uri ${redactUri(c.uri) === '' ? 'is empty' : `'${redactUri(c.uri)}' names no endpoint`}` };
  const targets = endpoints.map((e) => {
    const t = classifyEndpoint(world, world.placeholders.restore(e), declared.patterns, declared.texts);
    if (t.kind !== 'broker') return t;
    if (t.broker.template === self.template && t.broker.logicalId === self.logicalId) {
      return { kind: 'none' as const, endpoint: 'its own endpoint', why: 'it points back at the broker itself' };
    }
    return isReplica(world, t.broker)
      ? { kind: 'none' as const, endpoint: world.pathOf(t.broker), why: 'it is a CRDR replica (DataReplicationPrimaryBrokerArn), which accepts no connections until it is promoted' }
      : t;
  });
  if (replica) {
    return { ...base, targets, carriesNothing: 'the broker is a CRDR replica (DataReplicationPrimaryBrokerArn): it runs no bridge until it is promoted' };
  }
  // the uri's shape matters only when a target would count (a loopback or a non-OpenWire scheme says more on its own)
  const shape = targets.some((t) => t.kind !== 'none') ? discoveryUriProblem(c.uri) : undefined;
  return { ...base, targets, carriesNothing: carriesNothing(c) ?? shape };
}

/** Whether a broker is the passive replica of a cross-Region data replication pair (only the primary accepts clients). */
function isReplica(world: AppWorld, key: ResourceKey): boolean {
  try {
    return world.properties(key).DataReplicationPrimaryBrokerArn !== undefined;
  } catch (e) {
    if (e instanceof ImpossibleWorld) throw e;
    return false; // a broker that cannot be read is judged (and reported) on its own
  }
}

function carriesNothing(c: ConnectorXml): string | undefined {
  if (c.replaced) return 'its <networkConnectors> is replaced by a later <networkConnectors> of the broker (Spring keeps the last list)';
  if (c.unverifiable.length > 0) return c.unverifiable.join('; ');
  if (c.uriElement) return 'its uri is set by a <uri> element, whose content the gate does not read';
  if (c.localEnd.length > 0) {
    return `its local end is set elsewhere (${c.localEnd.join(', ')}), so the bridge may not start from this broker`;
  }
  if (matchesEveryName(c.excluded.queue) && matchesEveryName(c.excluded.topic)) {
    return `it excludes every queue and topic (excludedDestinations holds queue ${listed(c.excluded.queue)} and topic ${listed(c.excluded.topic)})`;
  }
  if (springTrue(c.staticBridge) && c.staticallyIncluded === 0) {
    return `it is a static bridge (staticBridge="${c.staticBridge}") with no staticallyIncludedDestinations, so it forwards nothing`;
  }
  if (c.staticallyIncluded === 0 && c.destinationFilter !== undefined && !destinationFilterMatchesSomething(c.destinationFilter)) {
    return `its destinationFilter '${c.destinationFilter.length > 60 ? `${c.destinationFilter.slice(0, 60)}…` : c.destinationFilter}' matches no queue or topic, `
      + 'and it has no staticallyIncludedDestinations, so it forwards nothing';
  }
  if (c.staticallyIncluded === 0 && c.destinationFilter === undefined && c.dynamicallyIncluded !== undefined
    && !c.dynamicallyIncluded.some((d) => d.kind !== 'temporary')) {
    return 'its dynamicallyIncludedDestinations name no queue or topic, and it has no staticallyIncludedDestinations, so it forwards nothing';
  }
  for (const [name, value] of [['networkTTL', c.networkTtl], ['messageTTL', c.messageTtl], ['consumerTTL', c.consumerTtl]] as const) {
    if (value === undefined) continue;
    const ttl = value.trim();
    if (!/^[+-]?\d+$/.test(ttl)) return `its ${name} '${ttl.length > 40 ? 'a deploy-time value' : ttl}' is not a whole number`;
    if (Number(ttl) < 1 && !(name !== 'networkTTL' && Number(ttl) === -1)) {
      return `its ${name} is ${Number(ttl)}, so it forwards nothing (at least 1 is needed)`;
    }
  }
  return undefined;
}

function listed(names: string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/** External peers declared for a configuration: the pack's, and its `cdk-activemq-mesh:external-peers` metadata. */
function declaredPeers(world: AppWorld, cfg: ResourceKey, global: ExternalPeer[]): { patterns: ExternalPeer[]; texts: Text[] } {
  const patterns = [...global];
  const texts: Text[] = [];
  const m = world.metadata(cfg);
  const entries = isObject(m) ? m[EXTERNAL_PEERS_METADATA] : undefined;
  if (Array.isArray(entries)) {
    for (const e of entries) {
      if (!isObject(e) || !Array.isArray(e.endpoints) || typeof e.reason !== 'string' || e.reason.trim() === '') continue;
      for (const endpoint of e.endpoints) {
        const linked = world.link(endpoint);
        if (typeof linked === 'string') patterns.push({ endpoint: linked, reason: e.reason });
        else if (isText(linked)) texts.push(linked);
      }
    }
  }
  return { patterns, texts };
}

/** The resource a `Ref`/`GetAtt Id`/`GetAtt Arn` value points at, after following imports. */
export function referenced(world: AppWorld, v: CfnValue | undefined): ResourceKey | undefined {
  if (!(v instanceof Symbolic)) return undefined;
  const t = world.targetOf(v);
  return t === undefined || !['Ref', 'Id', 'Arn'].includes(t.attribute) ? undefined : t.key;
}

/** A property of an evaluated object, or undefined. */
export function field(o: CfnValue | undefined, name: string): CfnValue | undefined {
  return isObject(o) ? o[name] : undefined;
}

/**
 * The users each `Custom::ActiveMqMeshUsers` manages, by broker (keyString). Only a `BrokerIds` entry that is a Ref to a
 * broker of the app counts, and only a user whose `SecretArn` is a Ref to a resource or a literal Secrets Manager ARN;
 * its password is that secret (as a dynamic reference to it would be), shared by `AlternateUsername`. A resource whose
 * properties cannot be evaluated declares nothing (its brokers are then judged on their own `Users`).
 */
function managedUsers(world: AppWorld): Map<string, UserFacts[]> {
  const byBroker = new Map<string, UserFacts[]>();
  for (const r of world.resourcesOfType(MESH_USERS)) {
    let props: CfnObject;
    try {
      props = world.properties(r);
    } catch (e) {
      if (e instanceof ImpossibleWorld) throw e;
      continue;
    }
    const users: UserFacts[] = [];
    for (const u of Array.isArray(props.Users) ? props.Users : []) {
      const username = field(u, 'Username');
      const secret = field(u, 'SecretArn');
      const secretOk = (typeof secret === 'string' && /^arn:[^:]+:secretsmanager:/.test(secret)) || referenced(world, secret) !== undefined;
      if (username === undefined || !isText(username) || !secretOk) continue;
      const password = concat(['{{resolve:secretsmanager:', secret as Text, ':SecretString:password::}}']);
      const groups = field(u, 'Groups');
      users.push({ username, password, groups, managedBy: r });
      const alternate = field(u, 'AlternateUsername');
      if (alternate !== undefined && isText(alternate)) users.push({ username: alternate, password, groups, managedBy: r, alternateOf: username });
    }
    for (const b of Array.isArray(props.BrokerIds) ? props.BrokerIds : []) {
      const target = b instanceof Symbolic ? world.targetOf(b) : undefined;
      if (target === undefined || target.attribute !== 'Ref' || world.typeOf(target.key) !== BROKER) continue;
      const k = keyString(target.key);
      byBroker.set(k, [...(byBroker.get(k) ?? []), ...users]);
    }
  }
  return byBroker;
}

/** The broker's users (its `Users` and those a mesh users resource manages on it), or why they cannot be known. */
export function usersOf(b: BrokerFacts): UserFacts[] | string {
  const own = templateUsersOf(b);
  return typeof own === 'string' ? own : [...own, ...(b.managedUsers ?? [])];
}

function templateUsersOf(b: BrokerFacts): UserFacts[] | string {
  const users = b.props.Users;
  if (users === undefined) return [];
  if (!Array.isArray(users)) return `its Users are ${users instanceof ParameterValue ? users.describe() : 'a value'} known only at deploy time`;
  const out: UserFacts[] = [];
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    const username = field(u, 'Username');
    if (!isObject(u) || username === undefined || !isText(username)) return `Users[${i}] is not known before deployment`;
    out.push({ username, password: u.Password, groups: u.Groups });
  }
  return out;
}
