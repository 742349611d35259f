import { Token } from 'aws-cdk-lib';
import { MeshGraph } from './mesh-graph';
import { MeshLink, MeshTopology } from './mesh-topology';
import { requiredNetworkTtl } from './network-ttl';
import { BrokerXml, NetworkConnectorOptions, NetworkConnectorSpec, validateNetworkConnectorOptions } from '../config';
import { AuthorizationEntry, bridgeDestinations, INTER_BROKER_GROUP } from '../config/authorization';
import { MAX_NETWORK_CONNECTORS, usernameProblem } from '../private/amazon-mq';
import { NetworkConnectorUri } from '../uri';

/** The inter-broker username a mesh uses unless told otherwise (the construct's default, the drill's user). */
export const DEFAULT_INTER_BROKER_USERNAME = 'mesh-bridge';

/**
 * Where each broker of a mesh can be reached, by node index. The construct answers with the brokers'
 * `OpenWireEndpoints` (tokens); the local drill answers with `tcp://127.0.0.1:<port>`.
 */
export interface IMeshEndpoints {
  /**
   * The OpenWire endpoints of one broker: one for a single-instance broker, two for an active/standby broker.
   *
   * @param nodeIndex the broker's index in the mesh
   */
  openWireEndpoints(nodeIndex: number): string[];
}

/**
 * Inputs of a `MeshPlan`.
 */
export interface MeshPlanProps {
  /**
   * How many brokers the mesh has (at least 2).
   */
  readonly brokerCount: number;

  /**
   * Who connects to whom.
   *
   * @default MeshTopology.fullMesh()
   */
  readonly topology?: MeshTopology;

  /**
   * Tuning for every network connector, merged over `MeshPlan.DEFAULT_CONNECTOR_OPTIONS`. Leave `duplex` out to
   * use the topology's own flags.
   *
   * @default - MeshPlan.DEFAULT_CONNECTOR_OPTIONS, with networkTtl, consumerTtl and messageTtl set to the
   *   topology's recommendedNetworkTtl
   */
  readonly connector?: NetworkConnectorOptions;

  /**
   * The broker user every bridge logs in as; it must exist, with the same password, on every broker.
   * 2–100 letters, digits and `_ . ~ -` (the Amazon MQ user name rule).
   */
  readonly interBrokerUsername: string;

  /**
   * The authorization map's entries; the inter-broker group (`INTER_BROKER_GROUP`) gets what the bridges need.
   *
   * @default - no authorization map
   */
  readonly authorization?: AuthorizationEntry[];

  /**
   * The topic slow-consumer limit of every broker's destination policy.
   *
   * @default 3000 (Amazon MQ's default configuration)
   */
  readonly topicPendingMessageLimit?: number;
}

/**
 * A mesh worked out in full: the topology, the effective connector options, and for each broker its network
 * connectors and configuration XML.
 *
 * The construct, the rule pack and the local drill all use it, so the connectors deployed are the connectors
 * checked and drilled.
 */
export class MeshPlan {
  /**
   * The connector options every mesh starts from.
   *
   * - `decreaseNetworkConsumerPriority: true`: local consumers are preferred over the same destination's
   *   consumers on other brokers, so messages cross the network only when needed. ActiveMQ's default changed
   *   from false to true in 5.18.0; writing it makes every engine version behave the same.
   *
   * Left at ActiveMQ's defaults on purpose: `conduitSubscriptions` (true: several consumers on a remote broker
   * share one subscription, which keeps topic messages from being duplicated over one connector that carries
   * both queues and topics), `dynamicOnly`, `prefetchSize` and the suppress-duplicate flags. `networkTtl`,
   * `consumerTtl` and `messageTtl` depend on the topology, so `MeshPlan` sets them (see `networkTtl`).
   */
  public static readonly DEFAULT_CONNECTOR_OPTIONS: NetworkConnectorOptions = Object.freeze({
    decreaseNetworkConsumerPriority: true,
  });

  /** How many brokers. */
  public readonly brokerCount: number;
  /** Who connects to whom. */
  public readonly topology: MeshTopology;

  /**
   * The effective networkTTL: `connector.networkTtl` when given, else the topology's `recommendedNetworkTtl`
   * (raised when forced duplex flags make longer paths, e.g. duplex concentrator edges need 2).
   */
  public readonly networkTtl: number;

  /** Every network connector of the mesh, ordered by declaring broker. */
  public readonly links: MeshLink[];

  /**
   * The options written on every connector: `DEFAULT_CONNECTOR_OPTIONS`, then `connector`, with `networkTtl`
   * set and `consumerTtl` / `messageTtl` following it unless given. `duplex` is set only when `connector.duplex`
   * is; otherwise each connector takes its link's flag.
   */
  public readonly connectorOptions: NetworkConnectorOptions;

  private readonly interBrokerUsername: string;
  private readonly duplexOverride?: boolean;
  private readonly authorization?: AuthorizationEntry[];
  private readonly topicPendingMessageLimit?: number;

  /**
   * Works out the mesh and validates it; errors name the construct props (`brokerCount`, `topology`,
   * `networkConnector.*`, `interBrokerUsername`), the value and the fix.
   *
   * @param props the mesh inputs
   */
  public constructor(props: MeshPlanProps) {
    const connector = props.connector ?? {};
    validateNetworkConnectorOptions(props.connector, 'networkConnector');
    this.brokerCount = props.brokerCount;
    this.topology = props.topology ?? MeshTopology.fullMesh();
    if (typeof (this.topology as Partial<MeshTopology>)?._links !== 'function') {
      throw new Error(`topology must be a MeshTopology, got ${JSON.stringify(props.topology)}: create it with `
        + 'MeshTopology.fullMesh(), MeshTopology.hubAndSpoke() or MeshTopology.concentrator().');
    }
    this.duplexOverride = connector.duplex;
    this.links = this.topology._links(this.brokerCount, this.duplexOverride);
    this.interBrokerUsername = props.interBrokerUsername;
    this.authorization = props.authorization;
    this.topicPendingMessageLimit = props.topicPendingMessageLimit;
    checkUsername(props.interBrokerUsername);
    this.checkConnectorQuota();

    const graph = this.graph();
    const required = requiredNetworkTtl(graph);
    const defaultTtl = Math.max(this.topology.recommendedNetworkTtl, required);
    for (const key of ['networkTtl', 'consumerTtl', 'messageTtl'] as const) {
      this.checkTtl(connector[key], key, required, defaultTtl, graph);
    }
    this.networkTtl = connector.networkTtl ?? defaultTtl;

    const options: { [key: string]: unknown } = { ...MeshPlan.DEFAULT_CONNECTOR_OPTIONS };
    for (const [key, value] of Object.entries(connector)) {
      if (value !== undefined) {
        options[key] = value;
      }
    }
    options.networkTtl = this.networkTtl;
    options.consumerTtl = connector.consumerTtl ?? this.networkTtl;
    options.messageTtl = connector.messageTtl ?? this.networkTtl;
    this.connectorOptions = options as NetworkConnectorOptions;
  }

  /**
   * The network connectors broker `nodeIndex` declares: one per link from it, named `node<from>_to_node<to>`,
   * pointing at `NetworkConnectorUri.forBroker(endpoints.openWireEndpoints(to))`, logging in as the inter-broker
   * user, with the effective options and the link's duplex flag.
   *
   * @param nodeIndex the broker's index
   * @param endpoints where each broker can be reached
   */
  public connectorsFor(nodeIndex: number, endpoints: IMeshEndpoints): NetworkConnectorSpec[] {
    this.checkNode(nodeIndex);
    return this.links.filter(l => l.from === nodeIndex).map(l => ({
      ...this.connectorOptions,
      name: `node${l.from}_to_node${l.to}`,
      uri: NetworkConnectorUri.forBroker(targetEndpoints(endpoints, l.to)),
      userName: this.interBrokerUsername,
      duplex: l.duplex,
    }));
  }

  /**
   * A connector from broker `nodeIndex` to a broker outside the mesh (an external peer, e.g. the standalone broker a
   * mesh replaces): the mesh's effective options (networkTTL, consumerTTL, messageTTL, …), the inter-broker user,
   * and always duplex, because the peer declares no connector back.
   *
   * @param nodeIndex the declaring broker's index
   * @param peerName the peer's name; the connector is named `node<nodeIndex>_to_<peerName>`
   * @param peerEndpoints the peer's OpenWire endpoints (one, or two for an active/standby pair)
   */
  public externalConnector(nodeIndex: number, peerName: string, peerEndpoints: string[]): NetworkConnectorSpec {
    this.checkNode(nodeIndex);
    return {
      ...this.connectorOptions,
      name: `node${nodeIndex}_to_${peerName}`,
      uri: NetworkConnectorUri.forBroker(peerEndpoints),
      userName: this.interBrokerUsername,
      duplex: true,
    };
  }

  /**
   * The Amazon MQ configuration XML of broker `nodeIndex` (`BrokerXml.render` with its connectors, the destination
   * policy and the authorization map; the OpenWire transport connector tells clients about the other brokers).
   *
   * @param nodeIndex the broker's index
   * @param endpoints where each broker can be reached
   * @param externalConnectors connectors to brokers outside the mesh, after the mesh's own (`externalConnector`)
   */
  public brokerXmlFor(nodeIndex: number, endpoints: IMeshEndpoints, externalConnectors: NetworkConnectorSpec[] = []): string {
    return BrokerXml.render({
      networkConnectors: [...this.connectorsFor(nodeIndex, endpoints), ...externalConnectors],
      topicPendingMessageLimit: this.topicPendingMessageLimit,
      authorization: this.authorization === undefined ? undefined : {
        entries: this.authorization,
        interBrokerGroup: INTER_BROKER_GROUP,
        bridgeDestinations: bridgeDestinations(this.connectorOptions),
      },
    });
  }

  /**
   * The mesh as a graph with ids `node0`, `node1`, ..., for reachability questions.
   */
  public graph(): MeshGraph {
    return MeshGraph.fromTopology(this.topology, this.brokerCount, this.duplexOverride);
  }

  private checkNode(nodeIndex: number): void {
    if (!Number.isInteger(nodeIndex) || nodeIndex < 0 || nodeIndex >= this.brokerCount) {
      throw new Error(`nodeIndex must be a whole number from 0 to ${this.brokerCount - 1}, got ${nodeIndex}: `
        + `the mesh has ${this.brokerCount} brokers, numbered from 0.`);
    }
  }

  private checkConnectorQuota(): void {
    const counts = outgoingCounts(this.links, this.brokerCount);
    const most = Math.max(...counts);
    if (most <= MAX_NETWORK_CONNECTORS) {
      return;
    }
    const node = counts.indexOf(most);
    let fits = this.brokerCount - 1;
    while (fits > 2 && maxOutgoing(this.topology._links(fits, this.duplexOverride), fits) > MAX_NETWORK_CONNECTORS) {
      fits--;
    }
    throw new Error(`brokerCount ${this.brokerCount} with topology ${this.topology._kind} gives node${node} ${most} network `
      + `connectors, but Amazon MQ allows at most ${MAX_NETWORK_CONNECTORS} per broker: use `
      + 'MeshTopology.hubAndSpoke() or MeshTopology.concentrator() (each broker then declares only a few), '
      + `keep the topology's own duplex flags, or use ${fits} brokers or fewer.`);
  }

  private checkTtl(value: number | undefined, key: 'networkTtl' | 'consumerTtl' | 'messageTtl', required: number,
    defaultTtl: number, graph: MeshGraph): void {
    if (value === undefined || Token.isUnresolved(value) || value === -1 || value >= required) {
      return;
    }
    const pair = graph.unreachablePairs(value)[0];
    // e.g. 'node1 → node2 needs 2 hops (node1 → node0 → node2)'
    const example = graph.explainUnreachable(pair.from, pair.to, value)!.split(' but ')[0];
    const what = key === 'consumerTtl'
      ? 'consumer subscriptions would not propagate far enough, so brokers would not learn of each other\'s consumers'
      : 'messages could not reach every broker';
    throw new Error(`networkConnector.${key} must be at least ${required} for a ${this.topology._kind} mesh of `
      + `${this.brokerCount} brokers, got ${value}: ${what} (${example}); `
      + `set networkConnector.${key} to ${required} or more, or leave it out to follow the topology (${defaultTtl}).`);
  }
}

function targetEndpoints(endpoints: IMeshEndpoints, node: number): string[] {
  const list = endpoints.openWireEndpoints(node);
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`openWireEndpoints(${node}) must return the broker's OpenWire endpoints, got ${JSON.stringify(list)}: `
      + 'return one endpoint for a single-instance broker or two for an active/standby broker.');
  }
  return list;
}

function outgoingCounts(links: MeshLink[], brokerCount: number): number[] {
  const counts = new Array<number>(brokerCount).fill(0);
  for (const l of links) counts[l.from]++;
  return counts;
}

function maxOutgoing(links: MeshLink[], brokerCount: number): number {
  return Math.max(...outgoingCounts(links, brokerCount));
}

function checkUsername(username: string): void {
  if (Token.isUnresolved(username)) {
    return;
  }
  const problem = usernameProblem(username);
  if (problem !== undefined) {
    throw new Error(`interBrokerUsername ${problem}: Amazon MQ rejects other user names; use e.g. 'mesh-bridge'.`);
  }
}
