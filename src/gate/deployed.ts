import { configurationText, describeText, ImpossibleWorld, OpaqueIds, Symbolic, textParts } from '../cfn';
import { NetworkConnectorUri } from '../uri';
import { ResourceKey, TemplateSource } from './model';
import { AppWorld, keyString } from './private/app-world';
import { analyseBrokers, BrokerFacts, ConnectorFacts, Engine, EXTERNAL_PEERS_METADATA } from './private/brokers';
import { describeEndpointText, EndpointTarget } from './private/endpoints';
import { appWorlds, expandTemplates, worldCount } from './private/expand';
import { deployedUsersOf } from './private/users';

/**
 * The brokers of an app as CloudFormation deploys them, for tools that run them (`drill --from`): per case of the
 * deploy-time conditions, each broker's configuration XML (association over `Broker.Configuration`), its users (the
 * broker's `Users` and the users custom resources that list it, CONTRACT-users), and its network connectors with
 * every endpoint resolved to a broker of the app, an external endpoint or nothing. Built from the same model the
 * gate judges. Never holds a password: users carry only an identity saying which of them share one.
 */
export interface DeployedApp {
  /** One entry per case of the deploy-time conditions that can deploy (one when the app has no such conditions). */
  readonly cases: DeployedCase[];
  /** What keeps part of the app from being read (macros, unreadable nested stacks, too many cases), in words. */
  readonly problems: string[];
}

/** The app in one case of its deploy-time conditions. */
export interface DeployedCase {
  /** The condition values of this case, in words (empty when the app has one case). */
  readonly choices: string[];
  readonly brokers: DeployedBroker[];
  /** Resources of this case that cannot be evaluated (e.g. an association whose broker is unknown). */
  readonly problems: string[];
}

/** One broker as deployed. */
export interface DeployedBroker {
  /** Unique in the app; what `DeployedEndpoint.brokerId` names. */
  readonly id: string;
  readonly key: ResourceKey;
  /** Its construct path (`aws:cdk:path`) or `<stack>/<logical id>`. */
  readonly path: string;
  readonly engine: Engine;
  /** `BrokerName`, when it is a literal. */
  readonly brokerName?: string;
  /** `DeploymentMode`, when it is a literal. */
  readonly deploymentMode?: string;
  /** Path of the configuration the broker deploys with. */
  readonly configurationPath?: string;
  /**
   * The configuration's XML as deployed; a value known only at deploy time appears as `${<what it is>}`. Undefined
   * when the broker has no configuration or it cannot be read (see `problems`).
   */
  readonly xml?: string;
  /** Values known only at deploy time in the XML outside the connectors' `uri` (e.g. a connector `userName` parameter). */
  readonly deployTimeValues: string[];
  readonly connectors: DeployedConnector[];
  readonly users: DeployedUser[];
  /** The external peers the configuration declares (`cdk-activemq-mesh:external-peers` metadata), by endpoint. */
  readonly declaredPeers: string[];
  /** Why part of the broker cannot be known (configuration, users), in words. */
  readonly problems: string[];
  /** What was found and does not count (XML Amazon MQ does not read, user entries without a usable secret), in words. */
  readonly ignored: string[];
}

/** A broker user as deployed. Never holds a password. */
export interface DeployedUser {
  readonly username: string;
  /** Equal for users that get the same password at deploy time (one secret, one parameter); never the password. */
  readonly passwordIdentity: string;
  /** Where the password comes from, in words. */
  readonly passwordFrom: string;
  readonly groups: string[];
  /** `Users`, or the path of the users custom resource that creates it. */
  readonly via: string;
  /** The user an alternate (idle) inter-broker user takes turns with. */
  readonly alternateOf?: string;
}

/** What one endpoint of a connector's uri points at. */
export type DeployedEndpoint =
  | { readonly kind: 'broker'; readonly endpoint: string; readonly brokerId: string }
  | { readonly kind: 'external'; readonly endpoint: string; readonly declared: boolean }
  | { readonly kind: 'none'; readonly endpoint: string; readonly why: string };

/** A network connector of a broker's configuration. */
export interface DeployedConnector {
  /** Its position among the configuration's `<networkConnector>` elements (document order). */
  readonly index: number;
  readonly name?: string;
  /** `connector 'name' (#n) of <configuration path>`. */
  readonly label: string;
  /** The uri, passwords redacted, deploy-time parts as `${…}`. */
  readonly uri?: string;
  /** The uri as literal parts and endpoint positions (indexes into `endpoints`), to write it with other endpoints. */
  readonly uriParts: Array<string | number>;
  readonly endpoints: DeployedEndpoint[];
  /** `userName`, when it is a literal. */
  readonly userName?: string;
  readonly duplex: boolean;
  /** `networkTTL` as a whole number (ActiveMQ's default 1 when absent). */
  readonly networkTtl: number;
  readonly included: { readonly queue: string[]; readonly topic: string[] };
  readonly excluded: { readonly queue: string[]; readonly topic: string[] };
  /** Why it carries no messages at all, if so. */
  readonly carriesNothing?: string;
}

/** Reads every case of an app's templates into `DeployedApp`. Never throws: what cannot be read is in `problems`. */
export function deployedApp(sources: TemplateSource[], options: { readonly maxCases?: number } = {}): DeployedApp {
  const problems: string[] = [];
  const cases: DeployedCase[] = [];
  try {
    const found: Array<{ subject: ResourceKey; detail: string }> = [];
    const alternatives = expandTemplates(sources, new OpaqueIds(), found);
    const names = new Map(sources.map((s) => [s.id, s.displayName]));
    problems.push(...found.map((p) => `${names.get(p.subject.template) ?? p.subject.template}${p.subject.logicalId ? `/${p.subject.logicalId}` : ''}: ${p.detail}`));
    const total = worldCount(alternatives);
    const limit = options.maxCases ?? 64;
    if (total > limit) {
      problems.push(`the templates' conditions combine into ${total} cases, more than the ${limit} read one by one`);
      return { cases, problems };
    }
    for (const world of appWorlds(alternatives)) {
      try {
        cases.push(deployedCase(world, total > 1));
      } catch (e) {
        if (!(e instanceof ImpossibleWorld)) throw e;
      }
    }
  } catch (e) {
    problems.push(`the app could not be read: ${(e as Error).message}`);
  }
  return { cases, problems };
}

function deployedCase(world: AppWorld, several: boolean): DeployedCase {
  const brokers = analyseBrokers(world, {});
  return {
    choices: several ? world.choices : [],
    brokers: brokers.list.map((b) => deployedBroker(world, b)),
    problems: brokers.problems.map((p) => `${world.pathOf(p.key)}: ${p.detail}`),
  };
}

function literal(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function deployedBroker(world: AppWorld, b: BrokerFacts): DeployedBroker {
  const problems = [...b.configurationProblems];
  const found = b.propertiesError === undefined ? deployedUsersOf(world, b) : [];
  const users = typeof found === 'string' ? [] : found;
  if (typeof found === 'string') problems.push(found);
  let xml: string | undefined;
  const deployTimeValues: string[] = [];
  const configuration = b.configurations.length === 1 ? b.configurations[0] : undefined;
  if (configuration !== undefined && b.configurationProblems.length === 0) {
    const raw = configurationText(world.properties(configuration).Data, world.placeholders);
    const inUris = b.connectors.map((c) => c.xml.uri ?? '').join('\n');
    const seen = new Set<string>();
    for (const s of world.placeholders.symbolsIn(raw)) {
      const token = world.placeholders.render(s);
      if (seen.has(token)) continue;
      seen.add(token);
      if (raw.split(token).length > inUris.split(token).length) deployTimeValues.push(readable(world, s));
    }
    xml = textParts(world.placeholders.restore(raw)).map((p) => (typeof p === 'string' ? p : xmlEscape(readable(world, p)))).join('');
  }
  const metadata = configuration === undefined ? undefined : world.metadata(configuration);
  const peers = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as any)[EXTERNAL_PEERS_METADATA] : undefined;
  return {
    id: keyString(b.key),
    key: b.key,
    path: b.path,
    engine: b.engine,
    brokerName: literal(b.props.BrokerName),
    deploymentMode: literal(b.props.DeploymentMode),
    configurationPath: configuration === undefined ? undefined : world.pathOf(configuration),
    xml,
    deployTimeValues,
    connectors: b.connectors.map((c) => deployedConnector(world, c)),
    users: users.map((u) => ({
      username: describeText(u.username),
      passwordIdentity: u.passwordIdentity,
      passwordFrom: u.passwordFrom,
      groups: u.groups.map((g) => describeText(g)),
      via: u.via,
      alternateOf: u.alternateOf === undefined ? undefined : describeText(u.alternateOf),
    })),
    ignored: b.ignored,
    declaredPeers: Array.isArray(peers) ? peers.flatMap((p: any) => (Array.isArray(p?.endpoints) ? p.endpoints.filter((e: unknown) => typeof e === 'string') : [])) : [],
    problems,
  };
}

function readable(world: AppWorld, s: Symbolic): string {
  return describeEndpointText(world, s);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function deployedConnector(world: AppWorld, c: ConnectorFacts): DeployedConnector {
  const raw = c.xml.uri;
  const endpoints: DeployedEndpoint[] = [];
  const uriParts: Array<string | number> = [];
  if (raw !== undefined) {
    // the gate classified NetworkConnectorUri.parseTargets(uri) in order: the same substrings of the uri
    const texts = c.targets.length === 0 ? [] : NetworkConnectorUri.parseTargets(raw);
    let rest = raw;
    c.targets.forEach((t, i) => {
      const at = rest.indexOf(texts[i]);
      uriParts.push(rest.slice(0, at), endpoints.length);
      rest = rest.slice(at + texts[i].length);
      endpoints.push(endpoint(t));
    });
    uriParts.push(rest);
  }
  const userName = c.xml.userName === undefined ? undefined : world.placeholders.restore(c.xml.userName);
  const ttl = c.xml.networkTtl?.trim();
  return {
    index: c.xml.index,
    name: c.xml.name,
    label: c.label,
    uri: raw === undefined ? undefined : describeEndpointText(world, world.placeholders.restore(raw)),
    uriParts,
    endpoints,
    userName: typeof userName === 'string' ? userName : undefined,
    duplex: c.xml.duplex?.trim() === 'true',
    networkTtl: ttl !== undefined && /^\d+$/.test(ttl) ? Number(ttl) : 1,
    included: c.xml.included,
    excluded: c.xml.excluded,
    carriesNothing: c.carriesNothing,
  };
}

function endpoint(t: EndpointTarget): DeployedEndpoint {
  switch (t.kind) {
    case 'broker': return { kind: 'broker', endpoint: `the ${t.via} of a broker of the app`, brokerId: keyString(t.broker) };
    case 'external': return { kind: 'external', endpoint: t.endpoint, declared: t.declared !== undefined };
    default: return { kind: 'none', endpoint: t.endpoint, why: t.why };
  }
}
