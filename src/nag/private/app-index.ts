import { CfnElement, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBroker, CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
import { IConstruct } from 'constructs';
import { LogicalIdIndex, Placeholder, ReferenceTable, cfnTypeOf } from './references';
import { BrokerXml, ParsedNetworkConnector } from '../../config';
import { MeshGraph, MeshGraphLink } from '../../topology';
import { NetworkConnectorUri } from '../../uri';

const BROKER_TYPE = 'AWS::AmazonMQ::Broker';
const CONFIGURATION_TYPE = 'AWS::AmazonMQ::Configuration';
const ASSOCIATION_TYPE = 'AWS::AmazonMQ::ConfigurationAssociation';
const MESH_USERS_TYPE = 'Custom::ActiveMqMeshUsers';

/** The pack options the rules need. */
export interface CheckOptions {
  readonly ownershipTagKeys?: string[];
  readonly scopeTagKey?: string;
  readonly scopeTagValue?: string;
}

/** The engine of a broker, from its `EngineType` compared case-insensitively. */
export type EngineKind = 'ACTIVEMQ' | 'RABBITMQ' | 'UNKNOWN';

/** A `<networkConnector>` of a broker, with its targets mapped to brokers of the app where possible. */
export interface ConnectorFacts {
  readonly name?: string;
  readonly userName?: string;
  readonly hasPassword: boolean;
  readonly duplex: boolean;
  /** The path of the `AWS::AmazonMQ::Configuration` that declares it. */
  readonly configurationPath: string;
  /** Paths of the brokers of this app the connector points at (never the broker itself). */
  readonly brokerTargets: string[];
  /** Targets that are not brokers of this app: literal endpoints, `Fn::ImportValue`, other intrinsics. */
  readonly externalTargets: string[];
}

/** What the pack knows about one broker after indexing the app. */
export interface BrokerFacts {
  readonly broker: CfnBroker;
  readonly path: string;
  readonly engine: EngineKind;
  /** Why the configuration could not be read; connectors are then unknown. */
  readonly configurationError?: string;
  /** Paths of the configurations found (broker `Configuration` and associations). */
  readonly configurationPaths: string[];
  readonly connectors: ConnectorFacts[];
}

/** The index of the validation run in progress, shared by every rule of the run. */
let activeIndex: AppIndex | undefined;

/**
 * One index of an app's Amazon MQ resources, built in a single walk of the construct tree: all brokers,
 * configurations, configuration associations and exports of every stack. Each broker's configuration is resolved
 * once (with references kept as placeholders that name their target construct) and the network of brokers is a
 * `MeshGraph` of broker paths.
 */
export class AppIndex {
  /**
   * Runs `fn` with an index of `scope`'s app active, so every rule of the run shares it.
   */
  public static run<T>(scope: IConstruct, options: CheckOptions, fn: (index: AppIndex) => T): T {
    const previous = activeIndex;
    const index = new AppIndex(scope.node.root, options);
    activeIndex = index;
    try {
      return fn(index);
    } finally {
      activeIndex = previous;
    }
  }

  /**
   * The index of `node`'s app: the one of the active validation run, or a new one (outside a run, e.g. a rule
   * called directly).
   */
  public static of(node: IConstruct): AppIndex {
    const root = node.node.root;
    if (activeIndex !== undefined && activeIndex.root === root) {
      return activeIndex;
    }
    return new AppIndex(root, {});
  }

  /** The app this index covers. */
  public readonly root: IConstruct;
  public readonly options: CheckOptions;
  public readonly table = new ReferenceTable();
  /** Details for findings, by `<rule>|<construct path>`. */
  public readonly details = new Map<string, string>();

  private readonly brokers: CfnBroker[] = [];
  private readonly configurations: CfnConfiguration[] = [];
  private readonly associations: CfnConfigurationAssociation[] = [];
  private readonly elements: CfnElement[] = [];
  private readonly outputs: CfnOutput[] = [];
  private readonly meshUsers: CfnElement[] = [];
  private logicalIds?: LogicalIdIndex;
  private exportsByName?: Map<string, CfnOutput>;
  private associationsByBroker?: Map<CfnBroker, CfnConfigurationAssociation[]>;
  private readonly parsedConfigurations = new Map<CfnConfiguration, ParsedConfiguration>();
  private readonly facts = new Map<CfnBroker, BrokerFacts>();
  private mesh?: MeshState;
  private readonly memos = new Map<string, unknown>();

  private constructor(root: IConstruct, options: CheckOptions) {
    this.root = root;
    this.options = options;
    const stack: IConstruct[] = [root];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (CfnElement.isCfnElement(c)) {
        this.elements.push(c);
        switch (cfnTypeOf(c)) {
          case BROKER_TYPE: this.brokers.push(c as CfnBroker); break;
          case CONFIGURATION_TYPE: this.configurations.push(c as CfnConfiguration); break;
          case ASSOCIATION_TYPE: this.associations.push(c as CfnConfigurationAssociation); break;
          case MESH_USERS_TYPE: this.meshUsers.push(c); break;
          default:
            if (c instanceof CfnOutput) {
              this.outputs.push(c);
            }
        }
      }
      const children = c.node.children;
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push(children[i]);
      }
    }
  }

  /** Notes a detail for the finding of `rule` on `node` (shown in the finding's sentence). */
  public note(node: IConstruct, rule: string, detail: string): void {
    this.details.set(`${rule}|${node.node.path}`, detail);
  }

  /** Computes a value once per validation run. */
  public memo<T>(key: string, fn: () => T): T {
    if (!this.memos.has(key)) {
      this.memos.set(key, fn());
    }
    return this.memos.get(key) as T;
  }

  /**
   * The broker's users by username, each with its password as resolved text (references as placeholders; see
   * `ReferenceTable.canonical` to compare them). Throws when `Users` is not known at synth time.
   */
  public usersOf(broker: CfnBroker): Map<string, BrokerUser> {
    return this.memo(`users|${broker.node.path}`, () => {
      const users = new Map<string, BrokerUser>();
      if (broker.users === undefined) {
        return users;
      }
      const stack = Stack.of(broker);
      const list = this.table.resolve(broker, broker.users);
      if (!Array.isArray(list)) {
        throw new Error(`its Users are ${truncate(this.table.canonical(JSON.stringify(list)))}, which is not known at synth time`);
      }
      list.forEach((u, i) => {
        if (u === null || typeof u !== 'object' || Array.isArray(u)) {
          throw new Error(`Users[${i}] is not known at synth time`);
        }
        const username = this.table.render(stack, u.username ?? u.Username ?? '');
        const password = u.password ?? u.Password;
        users.set(username, { username, password: password === undefined ? undefined : this.table.render(stack, password) });
      });
      this.meshUsersOf(broker).forEach((u) => users.set(u.username, u));
      return users;
    });
  }

  /**
   * The users a `Custom::ActiveMqMeshUsers` (lifecycle contract, CONTRACT-users.md) declares for the broker: only a
   * resource in the broker's stack whose `BrokerIds` holds a `Ref` to it counts; the password identity of each user is
   * its `SecretArn` (one secret for every broker of the resource), `AlternateUsername` shares it.
   */
  private meshUsersOf(broker: CfnBroker): BrokerUser[] {
    const stack = Stack.of(broker);
    const logicalId = stack.resolve(broker.logicalId);
    const found: BrokerUser[] = [];
    for (const resource of this.meshUsers.filter((r) => Stack.of(r) === stack)) {
      const rendered = stack.resolve((resource as unknown as { _toCloudFormation(): any })._toCloudFormation());
      const props = (Object.values(rendered.Resources ?? {})[0] as { Properties?: Record<string, unknown> } | undefined)?.Properties ?? {};
      const brokerIds = Array.isArray(props.BrokerIds) ? props.BrokerIds : [];
      if (!brokerIds.some((b: unknown) => (b as { Ref?: unknown })?.Ref === logicalId)) continue;
      for (const u of Array.isArray(props.Users) ? props.Users as Array<Record<string, unknown>> : []) {
        const secret = u.SecretArn;
        const ok = typeof secret === 'string' ? /^arn:[^:]+:secretsmanager:/.test(secret) : (secret as { Ref?: unknown })?.Ref !== undefined;
        if (typeof u.Username !== 'string' || !ok) continue;
        const password = `mesh-users-secret:${JSON.stringify(secret)}`;
        found.push({ username: u.Username, password, managed: true });
        if (typeof u.AlternateUsername === 'string') found.push({ username: u.AlternateUsername, password, managed: true });
      }
    }
    return found;
  }

  /** Whether a broker is checked under the pack's scope option (a tag key and optional value). */
  public inScope(broker: CfnBroker): boolean {
    const key = this.options.scopeTagKey;
    if (key === undefined) {
      return true;
    }
    const tags = broker.tags.tagValues();
    if (!(key in tags)) {
      return false;
    }
    return this.options.scopeTagValue === undefined || tags[key] === this.options.scopeTagValue;
  }

  /** What is known about a broker of this app. */
  public factsOf(broker: CfnBroker): BrokerFacts {
    let f = this.facts.get(broker);
    if (f === undefined) {
      f = this.analyse(broker);
      this.facts.set(broker, f);
    }
    return f;
  }

  /** The ActiveMQ broker of this app at a construct path. */
  public brokerAt(path: string): CfnBroker | undefined {
    return this.meshState().byPath.get(path);
  }

  /** Whether a broker is isolated in the graph (no connector in or out). */
  public isIsolated(broker: CfnBroker): boolean {
    return this.meshState().isolated.has(broker.node.path);
  }

  /**
   * The brokers of the connected mesh component that holds `broker`, or just `[broker]` when it is in no mesh.
   */
  public componentOf(broker: CfnBroker): CfnBroker[] {
    const state = this.meshState();
    const part = state.componentOf.get(broker.node.path);
    return part === undefined ? [broker] : part.map((p) => state.byPath.get(p)!);
  }

  /** The construct a placeholder stands for, following raw logical ids and in-app exports. */
  public targetOf(p: Placeholder): IConstruct | undefined {
    switch (p.kind) {
      case 'ref':
        return p.target;
      case 'raw':
        return p.logicalId === undefined ? undefined : this.logicalIndex().find(p.stack, p.logicalId);
      default: {
        const out = this.exportIndex().get(p.exportName);
        if (out === undefined) {
          return undefined;
        }
        const ps = this.table.placeholdersIn(this.table.resolveToText(out, out.value));
        return ps.length === 1 ? this.targetOf(ps[0]) : undefined;
      }
    }
  }

  /** Describes a placeholder for a message. */
  public describe(p: Placeholder): string {
    switch (p.kind) {
      case 'ref': return `${p.target.node.path} (${p.attribute})`;
      case 'import': return `Fn::ImportValue '${this.table.canonical(p.exportName)}'`;
      default: return p.json;
    }
  }

  private meshState(): MeshState {
    if (this.mesh !== undefined) {
      return this.mesh;
    }
    const byPath = new Map<string, CfnBroker>();
    const ids: string[] = [];
    const links: MeshGraphLink[] = [];
    const seenLinks = new Set<string>();
    for (const b of this.brokers) {
      const f = this.factsOf(b);
      if (f.engine !== 'RABBITMQ') {
        byPath.set(f.path, b);
        ids.push(f.path);
      }
    }
    for (const path of ids) {
      for (const c of this.factsOf(byPath.get(path)!).connectors) {
        for (const to of c.brokerTargets) {
          if (!byPath.has(to)) {
            continue;
          }
          const key = `${path}\u0000${to}\u0000${c.duplex}`;
          if (!seenLinks.has(key)) {
            seenLinks.add(key);
            links.push({ from: path, to, duplex: c.duplex });
          }
        }
      }
    }
    const graph = new MeshGraph(ids, links);
    const componentOf = new Map<string, string[]>();
    for (const part of graph.components()) {
      for (const p of part) {
        componentOf.set(p, part);
      }
    }
    this.mesh = { graph, byPath, componentOf, isolated: new Set(graph.isolatedBrokers()) };
    return this.mesh;
  }

  private analyse(broker: CfnBroker): BrokerFacts {
    const path = broker.node.path;
    const engine = this.engineOf(broker);
    if (engine === 'RABBITMQ') {
      return { broker, path, engine, configurationPaths: [], connectors: [] };
    }
    const configurations: CfnConfiguration[] = [];
    const problems: string[] = [];
    if (broker.configuration !== undefined) {
      const id = this.table.resolve(broker, broker.configuration);
      this.addConfiguration(broker, id?.id ?? id?.Id, 'its Configuration', configurations, problems);
    }
    for (const assoc of this.associationsOf(broker)) {
      const cfg = this.table.resolve(assoc, assoc.configuration);
      this.addConfiguration(assoc, cfg?.id ?? cfg?.Id, `the ConfigurationAssociation ${assoc.node.path}`, configurations, problems);
    }
    const connectors: ConnectorFacts[] = [];
    for (const cfg of configurations) {
      const parsed = this.parseConfiguration(cfg);
      if (parsed.error !== undefined) {
        problems.push(parsed.error);
        continue;
      }
      for (const c of parsed.connectors) {
        connectors.push(this.connectorFacts(broker, cfg, c));
      }
    }
    return {
      broker,
      path,
      engine,
      configurationError: problems.length > 0 ? problems.join('; ') : undefined,
      configurationPaths: configurations.map((c) => c.node.path),
      connectors,
    };
  }

  private engineOf(broker: CfnBroker): EngineKind {
    const v = Stack.of(broker).resolve(broker.engineType);
    if (typeof v !== 'string') {
      return 'UNKNOWN';
    }
    const upper = v.toUpperCase();
    return upper === 'ACTIVEMQ' || upper === 'RABBITMQ' ? upper : 'UNKNOWN';
  }

  private associationsOf(broker: CfnBroker): CfnConfigurationAssociation[] {
    if (this.associationsByBroker === undefined) {
      this.associationsByBroker = new Map();
      for (const assoc of this.associations) {
        const ps = this.table.placeholdersIn(this.table.resolveToText(assoc, assoc.broker));
        const target = ps.length === 1 ? this.targetOf(ps[0]) : undefined;
        if (target !== undefined && cfnTypeOf(target) === BROKER_TYPE) {
          const list = this.associationsByBroker.get(target as CfnBroker) ?? [];
          list.push(assoc);
          this.associationsByBroker.set(target as CfnBroker, list);
        }
      }
    }
    return this.associationsByBroker.get(broker) ?? [];
  }

  private addConfiguration(from: IConstruct, id: unknown, via: string, out: CfnConfiguration[], problems: string[]): void {
    if (id === undefined) {
      problems.push(`${via} has no configuration Id`);
      return;
    }
    const text = this.table.render(Stack.of(from), id);
    const ps = this.table.placeholdersIn(text);
    const single = this.table.onlyPlaceholder(text);
    const target = single === undefined ? undefined : this.targetOf(single);
    if (target !== undefined && cfnTypeOf(target) === CONFIGURATION_TYPE) {
      if (!out.includes(target as CfnConfiguration)) {
        out.push(target as CfnConfiguration);
      }
      return;
    }
    const what = ps.length === 0
      ? `the literal id '${text}', a configuration outside this app`
      : target !== undefined
        ? `${target.node.path}, which is ${cfnTypeOf(target) ?? 'not a resource'} rather than an AWS::AmazonMQ::Configuration of this app`
        : `${ps.map((p) => this.describe(p)).join(', ')}, which is not an AWS::AmazonMQ::Configuration of this app`;
    problems.push(`${via} points at ${what}, so its XML cannot be read at synth time`);
  }

  private parseConfiguration(cfg: CfnConfiguration): ParsedConfiguration {
    let parsed = this.parsedConfigurations.get(cfg);
    if (parsed === undefined) {
      try {
        parsed = { connectors: BrokerXml.parse(this.configurationXml(cfg)).networkConnectors };
      } catch (e) {
        parsed = { connectors: [], error: `the configuration ${cfg.node.path} cannot be read: ${(e as Error).message}` };
      }
      this.parsedConfigurations.set(cfg, parsed);
    }
    return parsed;
  }

  private configurationXml(cfg: CfnConfiguration): string {
    if (cfg.data === undefined) {
      throw new Error('it has no Data');
    }
    const resolved = this.table.resolve(cfg, cfg.data);
    let xml: string;
    if (typeof resolved === 'string') {
      xml = decodeBase64(resolved);
    } else if (resolved !== null && typeof resolved === 'object' && Object.keys(resolved).length === 1 && 'Fn::Base64' in resolved) {
      xml = this.table.render(Stack.of(cfg), resolved['Fn::Base64']);
    } else {
      throw new Error(`Data is neither Fn::Base64 nor a base64 literal but ${truncate(this.table.canonical(JSON.stringify(resolved)))}`);
    }
    const single = this.table.onlyPlaceholder(xml.trim());
    if (single !== undefined) {
      throw new Error(`the XML is the value of ${this.describe(single)}, which is not known at synth time`);
    }
    return xml;
  }

  private connectorFacts(broker: CfnBroker, cfg: CfnConfiguration, c: ParsedNetworkConnector): ConnectorFacts {
    const brokerTargets: string[] = [];
    const externalTargets: string[] = [];
    let endpoints: string[];
    try {
      endpoints = c.uri === undefined ? [] : NetworkConnectorUri.parseTargets(c.uri);
    } catch (e) {
      endpoints = [];
      externalTargets.push(`an unreadable uri (${(e as Error).message})`);
    }
    if (c.uri === undefined) {
      externalTargets.push('no uri');
    }
    for (const endpoint of endpoints) {
      const ps = this.table.placeholdersIn(endpoint);
      const brokers = ps.map((p) => this.targetOf(p)).filter((t) => t !== undefined && cfnTypeOf(t) === BROKER_TYPE);
      if (brokers.length > 0) {
        for (const t of brokers) {
          const p = t!.node.path;
          if (p !== broker.node.path && !brokerTargets.includes(p)) {
            brokerTargets.push(p);
          }
        }
      } else {
        const described = ps.length === 0 ? endpoint : ps.map((p) => this.describe(p)).join(', ');
        if (!externalTargets.includes(described)) {
          externalTargets.push(described);
        }
      }
    }
    return {
      name: c.name,
      userName: c.userName,
      hasPassword: c.hasPassword,
      duplex: c.duplex === true,
      configurationPath: cfg.node.path,
      brokerTargets,
      externalTargets,
    };
  }

  private logicalIndex(): LogicalIdIndex {
    if (this.logicalIds === undefined) {
      this.logicalIds = new LogicalIdIndex(this.elements);
    }
    return this.logicalIds;
  }

  private exportIndex(): Map<string, CfnOutput> {
    if (this.exportsByName === undefined) {
      this.exportsByName = new Map();
      for (const out of this.outputs) {
        if (out.exportName !== undefined) {
          const name = Stack.of(out).resolve(out.exportName);
          if (typeof name === 'string') {
            this.exportsByName.set(name, out);
          }
        }
      }
    }
    return this.exportsByName;
  }
}

/** A broker user as resolved text. */
export interface BrokerUser {
  readonly username: string;
  /** The password as resolved text with placeholders; undefined when absent. Never print it. */
  readonly password?: string;
  /**
   * True for a user of a `Custom::ActiveMqMeshUsers` resource: its password is never in the template (the handler
   * reads the secret); `password` is then the secret's identity.
   */
  readonly managed?: boolean;
}

interface ParsedConfiguration {
  readonly connectors: ParsedNetworkConnector[];
  readonly error?: string;
}

interface MeshState {
  readonly graph: MeshGraph;
  readonly byPath: Map<string, CfnBroker>;
  readonly componentOf: Map<string, string[]>;
  readonly isolated: Set<string>;
}

function decodeBase64(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new Error('Data is a literal string that is not base64; CloudFormation expects the XML base64-encoded (use Fn.base64)');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Whether a construct is an Amazon MQ broker L1. */
export function isBroker(node: IConstruct): node is CfnBroker {
  return CfnResource.isCfnResource(node) && node.cfnResourceType === BROKER_TYPE;
}
