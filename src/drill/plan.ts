import { DrillOptions, PORT_STEP, UsageError } from './args';
import { AuthorizationRule } from './authorization';
import { PASSWORD_KEYS } from './secrets';
import { BrokerXml } from '../config';
import { DEFAULT_INTER_BROKER_USERNAME, IMeshEndpoints, MeshGraph, MeshPlan, MeshTopology } from '../topology';

/** A user of a local broker. Its password is generated per run: users with the same `passwordKey` share one. */
export interface DrillUser {
  readonly username: string;
  /** Which local password (see `DrillSecrets.passwordFor`); never a password itself. */
  readonly passwordKey: string;
  readonly groups: readonly string[];
}

/** One broker of a drill. */
export interface DrillNode {
  /** The broker's name in logs and the report; also its id in `DrillPlan.graph`. */
  readonly name: string;
  /** Its directory under the work directory. @default name */
  readonly dir?: string;
  /** Loopback OpenWire port. */
  readonly port: number;
  /** `tcp://127.0.0.1:<port>`. */
  readonly url: string;
  /** Its Amazon MQ configuration (for a plan from the CLI options, with the other brokers' endpoints already on loopback). */
  readonly amazonMqXml: string;
  /** The broker's users (Amazon MQ creates them from the broker's `Users` or the mesh's users resource). */
  readonly users: readonly DrillUser[];
  /**
   * The local uri of each `<networkConnector>` (document order); `null` leaves the connector out (it points only
   * outside the drill). Undefined: the XML's uris are already on loopback.
   */
  readonly connectorUris?: ReadonlyArray<string | null>;
  /** Entries the drill adds to the node's authorization map, for its own client group only (what it needs and lacks). */
  readonly addedAuthorization?: readonly AuthorizationRule[];
  /** The `bridge-password` negative drill gives this node another bridge password than the rest. */
  readonly mismatchedBridgePassword?: boolean;
}

/** A check of the authorization map: `user` sends one message to `queue` on `node`, which must be refused (or allowed). */
export interface AccessProbe {
  readonly node: number;
  readonly user: DrillUser;
  readonly queue: string;
  readonly expect: 'refused' | 'allowed';
  /** Why, from the map (`orders-app's groups (orders) have no write on queue payments.>`). */
  readonly why: string;
}

/** An ordered pair of nodes (indexes into `DrillPlan.nodes`): a producer's broker and a consumer's broker. */
export interface Direction {
  readonly from: number;
  readonly to: number;
}

/**
 * What a drill runs: the brokers with their Amazon MQ configurations, the users, and what the configuration
 * promises (which directions must carry messages). It comes from `MeshPlan` (`meshDrillPlan`, the library's own
 * rendering); the phases need nothing else, so a plan read from a synthesized app can drive them too.
 */
export interface DrillPlan {
  readonly nodes: readonly DrillNode[];
  /** The user the drill's clients log in as (a user of every node). */
  readonly clientUser: DrillUser;
  /** The drill's queues start with this (`<prefix>.matrix.…`, `<prefix>.traffic`): a name every connector forwards. */
  readonly queuePrefix: string;
  /** The brokers (ids = node names) and their connectors, for reachability and explanations. */
  readonly graph: MeshGraph;
  /** The networkTTL the brokers run with. */
  readonly networkTtl: number;
  /** Directions that must carry messages. */
  readonly expected: readonly Direction[];
  /** Directions the graph says cannot carry messages with this networkTTL (reported, not required). */
  readonly unreachable: readonly Direction[];
  /**
   * The nodes the traffic client connects to, in failover order: its producer's, and its consumer's when the consumer
   * has its own connection (so that messages cross a bridge). @default the producer and consumer share one
   * connection over every node
   */
  readonly clients?: { readonly producer: readonly number[]; readonly consumer?: readonly number[] };
  /** Checks of the brokers' authorization maps: a user refused where the map does not permit it (and allowed where it does). */
  readonly accessProbes?: readonly AccessProbe[];
}

/** The inter-broker user of the options' mesh: the library's default. */
export const BRIDGE_USER = DEFAULT_INTER_BROKER_USERNAME;

/** The user the drill's clients log in as, in a group of its own (an authorization map grants it only what the drill adds). */
export const CLIENT_USER: DrillUser = { username: 'drill-app', passwordKey: PASSWORD_KEYS.client, groups: ['drill-clients'] };

/** The default prefix of the drill's queues. */
export const QUEUE_PREFIX = 'drill';

/** The `brokerName` a node's local broker runs with: its name with anything but letters, digits, `_`, `.`, `-` as `_`. */
export function localBrokerName(node: DrillNode): string {
  return node.name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** `node0→node1`. */
export function directionLabel(plan: DrillPlan, d: Direction): string {
  return `${plan.nodes[d.from].name}→${plan.nodes[d.to].name}`;
}

/** Every ordered pair of distinct nodes of `count`, in order. */
export function allDirections(count: number): Direction[] {
  const pairs: Direction[] = [];
  for (let from = 0; from < count; from++) {
    for (let to = 0; to < count; to++) {
      if (from !== to) {
        pairs.push({ from, to });
      }
    }
  }
  return pairs;
}

function topologyFor(o: DrillOptions): MeshTopology {
  switch (o.topology) {
    case 'hub-and-spoke':
      return MeshTopology.hubAndSpoke({ hubIndex: o.hub });
    case 'concentrator':
      return MeshTopology.concentrator();
    default:
      return MeshTopology.fullMesh();
  }
}

/**
 * The drill plan of the command-line options: `MeshPlan` renders each node's Amazon MQ XML exactly as the
 * construct does, with loopback endpoints `tcp://127.0.0.1:<basePort + 10·i>`. A plan `MeshPlan` refuses is a
 * UsageError with its message. Negative drills get their misconfiguration here.
 */
export function meshDrillPlan(o: DrillOptions): DrillPlan {
  let plan: MeshPlan;
  try {
    plan = new MeshPlan({
      brokerCount: o.brokers,
      topology: topologyFor(o),
      connector: o.networkTtl !== undefined ? { networkTtl: o.networkTtl } : undefined,
      interBrokerUsername: BRIDGE_USER,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const indexes = [...Array(o.brokers).keys()];
  const urls = indexes.map((i) => `tcp://127.0.0.1:${o.basePort + PORT_STEP * i}`);
  const endpoints: IMeshEndpoints = { openWireEndpoints: (i: number) => [urls[i]] };
  let networkTtl = plan.networkTtl;
  let xml = indexes.map((i) => plan.brokerXmlFor(i, endpoints));
  if (o.negative === 'hub-ttl-1') {
    // MeshPlan refuses a TTL below the topology's minimum, so build the misconfiguration a hand-written
    // configuration would have from the plan's own connectors: networkTTL (and the TTLs that follow it) 1.
    networkTtl = 1;
    xml = indexes.map((i) => BrokerXml.render({
      networkConnectors: plan.connectorsFor(i, endpoints).map((c) => ({
        ...c,
        networkTtl: 1,
        consumerTtl: c.consumerTtl !== undefined ? 1 : undefined,
        messageTtl: c.messageTtl !== undefined ? 1 : undefined,
      })),
    }));
  }
  const nodes = indexes.map((i): DrillNode => {
    const mismatched = o.negative === 'bridge-password' && i === o.brokers - 1;
    const bridge = { username: BRIDGE_USER, passwordKey: mismatched ? PASSWORD_KEYS.wrongBridge : PASSWORD_KEYS.bridge, groups: ['admins'] };
    return {
      name: `node${i}`,
      port: o.basePort + PORT_STEP * i,
      url: urls[i],
      amazonMqXml: xml[i],
      users: [bridge, CLIENT_USER],
      mismatchedBridgePassword: mismatched ? true : undefined,
    };
  });
  const graph = plan.graph();
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  const unreachable = graph.unreachablePairs(networkTtl).map((p) => ({ from: index.get(p.from)!, to: index.get(p.to)! }));
  const blocked = new Set(unreachable.map((d) => `${d.from}>${d.to}`));
  return {
    nodes,
    clientUser: CLIENT_USER,
    queuePrefix: QUEUE_PREFIX,
    graph,
    networkTtl,
    expected: allDirections(nodes.length).filter((d) => !blocked.has(`${d.from}>${d.to}`)),
    unreachable,
  };
}
