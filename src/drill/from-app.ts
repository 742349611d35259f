import { PORT_STEP, UsageError } from './args';
import { chooseQueuePrefix } from './destinations';
import { accessProbes, appAuthorization, BridgeLogin, withClientGrants } from './from-authorization';
import { LocalBrokerConfig } from './local-config';
import { allDirections, CLIENT_USER, DrillNode, DrillPlan, DrillUser, QUEUE_PREFIX } from './plan';
import { TemplateSyntaxError } from '../cfn';
import { DeployedApp, DeployedBroker, DeployedCase, DeployedConnector, deployedApp, SourceError, sourcesFromPath } from '../gate';
import { MeshGraph, MeshGraphLink } from '../topology';

/** One case of an app's deploy-time conditions, ready to drill (or why it cannot be). */
export interface FromAppCase {
  /** 1-based, as `--case` takes it. */
  readonly index: number;
  /** The condition values of this case, in words (empty when the app has one case). */
  readonly choices: string[];
  /** Undefined when no broker of the case can run. */
  readonly plan?: DrillPlan;
  /** What keeps the case from being drilled as deployed: each fails the drill. */
  readonly problems: string[];
  /** What the drill leaves out or changes, and why (RabbitMQ brokers, connectors to brokers outside the app). */
  readonly notes: string[];
}

/** The templates of `--from <path>`, read as CloudFormation deploys them. Bad input is a UsageError naming the option. */
export function readApp(input: string): DeployedApp {
  try {
    return deployedApp(sourcesFromPath(input));
  } catch (e) {
    if (e instanceof SourceError || e instanceof TemplateSyntaxError) {
      throw new UsageError(`--from ${e.message}`);
    }
    throw e;
  }
}

/**
 * The drill plan of each case of an app: every ActiveMQ broker a node on loopback (node i on basePort + 10·i), its
 * configuration as deployed with each connector endpoint that is a broker of the app moved to that node's port, its
 * users with one generated local password per password identity (what the template makes equal stays equal), and
 * the drill's own client user. Connectors to brokers outside the app are left out and noted.
 */
export function fromAppCases(app: DeployedApp, basePort: number): FromAppCase[] {
  return app.cases.map((c, i) => fromCase(c, i + 1, basePort, app.problems));
}

function fromCase(c: DeployedCase, index: number, basePort: number, appProblems: readonly string[]): FromAppCase {
  const problems = [...appProblems, ...c.problems];
  const notes: string[] = [];
  const runnable: DeployedBroker[] = [];
  for (const b of c.brokers) {
    if (b.engine === 'RABBITMQ') {
      notes.push(`${b.path} is a RabbitMQ broker: not drilled (the drill runs ActiveMQ brokers).`);
    } else if (b.engine === 'UNKNOWN') {
      problems.push(`${b.path}: its engine type is not known before deployment${b.problems.length > 0 ? ` (${b.problems.join('; ')})` : ''}, so it cannot be drilled.`);
    } else if (b.problems.length > 0 || b.deployTimeValues.length > 0) {
      const why = [...b.problems, ...b.deployTimeValues.length > 0 ? [`its configuration holds values known only at deploy time: ${b.deployTimeValues.join(', ')}`] : []];
      problems.push(`${b.path} cannot be drilled as deployed: ${why.join('; ')}.`);
    } else {
      runnable.push(b);
      notes.push(...b.ignored.map((i) => `${b.path}: ${i}.`));
    }
  }
  if (runnable.length === 0) {
    problems.push(c.brokers.length === 0 ? 'the app has no AWS::AmazonMQ::Broker to drill.' : 'no ActiveMQ broker of the app can be drilled.');
    return { index, choices: c.choices, problems, notes };
  }
  const nodeOf = new Map(runnable.map((b, i) => [b.id, i]));
  const names = uniqueNames(runnable);
  const urls = runnable.map((_, i) => `tcp://127.0.0.1:${basePort + PORT_STEP * i}`);
  const links: MeshGraphLink[] = [];
  const ttls: number[] = [];
  const forwarded: Array<{ label: string; included: string[]; excluded: string[] }> = [];
  const bridges: BridgeLogin[] = [];
  const drafts = runnable.map((b, i): DrillNode => {
    const connectorUris = b.connectors.map((k) => {
      const local = localUri(k, nodeOf, urls);
      if (typeof local !== 'string') {
        notes.push(`${k.label} of ${b.path} is left out: ${local.why}.`);
        return null;
      }
      for (const e of k.endpoints) {
        if (e.kind === 'broker' && nodeOf.get(e.brokerId) !== i) {
          links.push({ from: names[i], to: names[nodeOf.get(e.brokerId)!], duplex: k.duplex });
          if (k.userName !== undefined) bridges.push({ from: i, to: nodeOf.get(e.brokerId)!, user: k.userName });
        }
      }
      ttls.push(k.networkTtl);
      forwarded.push({ label: `${k.label}`, included: k.included.queue, excluded: k.excluded.queue });
      if (k.userName !== undefined && !b.users.some((u) => u.username === k.userName)) {
        problems.push(`${k.label} logs in as '${k.userName}', which is not a user of ${b.path}: its bridges cannot authenticate.`);
      }
      return local;
    });
    const users: DrillUser[] = b.users.map((u) => ({ username: u.username, passwordKey: `app:${u.passwordIdentity}`, groups: u.groups }));
    if (users.some((u) => u.username === CLIENT_USER.username)) {
      problems.push(`${b.path} has a user named ${CLIENT_USER.username}, the name of the drill's own client user.`);
    }
    return {
      name: names[i],
      dir: `node${i}`,
      port: basePort + PORT_STEP * i,
      url: urls[i],
      amazonMqXml: b.xml ?? '<broker xmlns="http://activemq.apache.org/schema/core"/>\n',
      users: [...users.filter((u) => u.username !== CLIENT_USER.username), CLIENT_USER],
      connectorUris,
    };
  });
  const auth = appAuthorization(drafts, bridges);
  const prefix = chooseQueuePrefix(forwarded, QUEUE_PREFIX, auth.permitted);
  if ('problem' in prefix) problems.push(`${prefix.problem}.`);
  const queuePrefix = 'prefix' in prefix ? prefix.prefix : QUEUE_PREFIX;
  const nodes = withClientGrants(drafts, auth, queuePrefix, notes);
  nodes.forEach((n, i) => {
    const refused = dryRun(n);
    if (refused !== undefined) problems.push(`${runnable[i].path}: ${refused}.`);
  });
  const graph = new MeshGraph(names, links);
  for (const isolated of graph.isolatedBrokers()) {
    problems.push(`${isolated} is not connected: no connector of the app links it to another broker the drill runs`
      + `${runnable[names.indexOf(isolated)].connectors.length > 0 ? ' (its connectors point only outside the app)' : ' (a standalone broker)'}.`);
  }
  const networkTtl = ttls.length > 0 ? Math.min(...ttls) : 1;
  const unreachable = graph.unreachablePairs(networkTtl).map((p) => ({ from: names.indexOf(p.from), to: names.indexOf(p.to) }));
  const blocked = new Set(unreachable.map((d) => `${d.from}>${d.to}`));
  // traffic on the largest connected part: the producer on its first broker, the consumer on its last (over a bridge)
  const part = graph.components().reduce((a, b) => (b.length > a.length ? b : a)).map((n) => names.indexOf(n));
  const plan: DrillPlan = {
    nodes,
    clients: { producer: part, consumer: part.length > 1 ? [...part].reverse() : undefined },
    clientUser: CLIENT_USER,
    queuePrefix,
    accessProbes: accessProbes(nodes, auth, new Set(bridges.map((b) => b.user))),
    graph,
    networkTtl,
    expected: allDirections(nodes.length).filter((d) => !blocked.has(`${d.from}>${d.to}`)),
    unreachable,
  };
  return { index, choices: c.choices, plan, problems, notes };
}

/** A connector's uri with every endpoint moved to its node's loopback url, or why it cannot run locally. */
function localUri(k: DeployedConnector, nodeOf: ReadonlyMap<string, number>, urls: readonly string[]): string | { why: string } {
  if (k.carriesNothing !== undefined) return { why: `it carries no messages (${k.carriesNothing})` };
  const outside = k.endpoints.filter((e) => e.kind !== 'broker' || !nodeOf.has(e.brokerId));
  if (outside.length > 0) {
    const what = outside.map((e) => (e.kind === 'external' ? `${e.endpoint}${e.declared ? ' (a declared external peer)' : ''}`
      : e.kind === 'none' ? `${e.endpoint} (${e.why})` : `${e.endpoint} that the drill does not run`));
    return { why: `it points at ${what.join(', ')}, outside the brokers the drill runs` };
  }
  return k.uriParts.map((p) => {
    if (typeof p === 'string') return p;
    const e = k.endpoints[p];
    return e.kind === 'broker' ? urls[nodeOf.get(e.brokerId)!] : '';
  }).join('');
}

/** Whether the local configuration can be written (the same call LocalMesh makes, with stand-in passwords). */
function dryRun(n: DrillNode): string | undefined {
  try {
    LocalBrokerConfig.fromAmazonMqXml(n.amazonMqXml, {
      brokerName: 'dry-run',
      dataDirectory: '/dry-run',
      openWirePort: n.port,
      users: n.users.map((u) => ({ username: u.username, password: 'dry-run', groups: u.groups })),
      connectorUris: n.connectorUris,
      addedAuthorization: n.addedAuthorization,
    });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Each broker's path, made unique (two stacks may use the same path only in theory; logical ids break ties). */
function uniqueNames(brokers: readonly DeployedBroker[]): string[] {
  const seen = new Map<string, number>();
  return brokers.map((b) => {
    const n = seen.get(b.path) ?? 0;
    seen.set(b.path, n + 1);
    return n === 0 ? b.path : `${b.path}#${n + 1}`;
  });
}
