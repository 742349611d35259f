import { MeshTopology } from './mesh-topology';

/**
 * One network connector between two brokers of a `MeshGraph`, declared on `from`.
 */
export interface MeshGraphLink {
  /** The broker that declares the connector. */
  readonly from: string;
  /** The broker the connector connects to. */
  readonly to: string;
  /** Whether messages flow both ways; a non-duplex connector carries messages from `from` to `to` only. */
  readonly duplex: boolean;
}

/**
 * An ordered pair of brokers: a producer's broker and a consumer's broker.
 */
export interface MeshGraphPair {
  /** The broker a producer is connected to. */
  readonly from: string;
  /** The broker a consumer is connected to. */
  readonly to: string;
}

/**
 * The network of brokers as a graph, for reachability questions: can a message produced on one broker reach a
 * consumer on another within networkTTL hops, which brokers stand alone, which parts are disconnected.
 *
 * Messages flow along a duplex connector both ways and along a non-duplex connector from the declaring broker to
 * its target only; each broker crossed counts one hop against networkTTL. Several connectors between the same
 * brokers are allowed (e.g. one for queues and one for topics).
 */
export class MeshGraph {
  /**
   * The graph of a topology with `brokerCount` brokers, whose ids are `node0`, `node1`, ...
   *
   * @param topology the topology
   * @param brokerCount how many brokers
   * @param duplex force every link's duplex flag (see `MeshTopology.links`); leave out for the topology's own
   */
  public static fromTopology(topology: MeshTopology, brokerCount: number, duplex?: boolean): MeshGraph {
    const links = topology._links(brokerCount, duplex);
    const brokers = Array.from({ length: brokerCount }, (_, i) => `node${i}`);
    return new MeshGraph(brokers, links.map(l => ({ from: brokers[l.from], to: brokers[l.to], duplex: l.duplex })));
  }

  /** The broker ids, in the order given. */
  public readonly brokers: string[];
  /** The connectors, in the order given. */
  public readonly links: MeshGraphLink[];

  private readonly flow = new Map<string, string[]>();

  /**
   * A graph over the given brokers and connectors.
   *
   * @param brokers the broker ids, each listed once
   * @param links the connectors; both ends must be listed brokers. A connector that points back at its own broker
   *   is kept in `links` and counted by `outgoingConnectorCount`, but connects nothing.
   */
  public constructor(brokers: string[], links: MeshGraphLink[]) {
    const seen = new Set<string>();
    brokers.forEach((b, i) => {
      if (typeof b !== 'string' || b.length === 0) {
        throw new Error(`brokers[${i}] must be a non-empty broker id, got ${JSON.stringify(b)}: give every broker an id.`);
      }
      if (seen.has(b)) {
        throw new Error(`brokers lists '${b}' twice (again at brokers[${i}]): list each broker once.`);
      }
      seen.add(b);
      this.flow.set(b, []);
    });
    links.forEach((l, i) => {
      for (const end of ['from', 'to'] as const) {
        if (!seen.has(l[end])) {
          throw new Error(`links[${i}].${end} is '${l[end]}', which is not a listed broker (brokers: ${brokers.join(', ') || 'none'}): `
            + `add '${l[end]}' to brokers or fix the link.`);
        }
      }
      if (l.from === l.to) {
        // A connector pointing back at its own broker is kept (it counts against the quota) but connects nothing.
        return;
      }
      this.flow.get(l.from)!.push(l.to);
      if (l.duplex) {
        this.flow.get(l.to)!.push(l.from);
      }
    });
    this.brokers = [...brokers];
    this.links = links.map(l => ({ from: l.from, to: l.to, duplex: l.duplex }));
  }

  /**
   * Brokers with no connector in or out: standalone brokers, which neither send messages to nor receive messages
   * from the rest of the network. In broker order.
   */
  public isolatedBrokers(): string[] {
    const touched = new Set<string>();
    for (const l of this.links.filter(x => x.from !== x.to)) {
      touched.add(l.from);
      touched.add(l.to);
    }
    return this.brokers.filter(b => !touched.has(b));
  }

  /**
   * Why a broker is standalone, in plain words, or undefined when it has a connector in or out.
   *
   * @param broker the broker id
   */
  public explainIsolation(broker: string): string | undefined {
    this.check(broker, 'broker');
    if (!this.isolatedBrokers().includes(broker)) {
      return undefined;
    }
    const others = this.brokers.filter(b => b !== broker);
    const peers = others.length === 0
      ? 'there is no other broker to connect it to'
      : `add a network connector on ${broker} that points at another broker (${describeList(others)}), `
        + `or one on another broker that points at ${broker}`;
    const selfLinks = this.links.filter(l => l.from === broker && l.to === broker).length;
    const declares = selfLinks === 0
      ? 'it declares no network connector'
      : `its only network connector${selfLinks > 1 ? 's point' : ' points'} back at ${broker} itself`;
    return `${broker} is a standalone broker: ${declares} and no other broker connects to it, `
      + `so messages produced on ${broker} never reach consumers on other brokers and its consumers get no messages `
      + `from them; ${peers}.`;
  }

  /**
   * Whether a message produced on `producerBroker` can reach a consumer on `consumerBroker` within `networkTtl`
   * broker-to-broker hops. A broker always reaches itself.
   *
   * @param producerBroker the producer's broker id
   * @param consumerBroker the consumer's broker id
   * @param networkTtl the networkTTL of the connectors (at least 1)
   */
  public canReach(producerBroker: string, consumerBroker: string, networkTtl: number): boolean {
    this.check(producerBroker, 'producerBroker');
    this.check(consumerBroker, 'consumerBroker');
    checkTtl(networkTtl);
    const path = this.shortestPath(producerBroker, consumerBroker);
    return path !== undefined && path.length - 1 <= networkTtl;
  }

  /**
   * Every ordered pair of distinct brokers whose messages cannot reach each other within `networkTtl` hops, in
   * broker order.
   *
   * @param networkTtl the networkTTL of the connectors (at least 1)
   */
  public unreachablePairs(networkTtl: number): MeshGraphPair[] {
    checkTtl(networkTtl);
    const pairs: MeshGraphPair[] = [];
    for (const from of this.brokers) {
      const hops = this.hopsFrom(from);
      for (const to of this.brokers) {
        const h = hops.get(to);
        if (to !== from && (h === undefined || h > networkTtl)) {
          pairs.push({ from, to });
        }
      }
    }
    return pairs;
  }

  /**
   * The connected parts of the network, ignoring direction: each part lists its brokers in broker order, and the
   * parts are ordered by their first broker. A healthy mesh has one part; a standalone broker is a part of its own.
   */
  public components(): string[][] {
    const undirected = new Map<string, string[]>(this.brokers.map(b => [b, []]));
    for (const l of this.links) {
      undirected.get(l.from)!.push(l.to);
      undirected.get(l.to)!.push(l.from);
    }
    // One pass labels each broker with its part; a second pass lists the parts in broker order. Linear in
    // brokers + links, so the rule pack can call it on apps with hundreds of brokers.
    const partOf = new Map<string, number>();
    let count = 0;
    for (const start of this.brokers) {
      if (partOf.has(start)) continue;
      const queue = [start];
      partOf.set(start, count);
      for (let head = 0; head < queue.length; head++) {
        for (const next of undirected.get(queue[head])!) {
          if (!partOf.has(next)) {
            partOf.set(next, count);
            queue.push(next);
          }
        }
      }
      count++;
    }
    const parts: string[][] = Array.from({ length: count }, () => []);
    for (const b of this.brokers) parts[partOf.get(b)!].push(b);
    return parts;
  }

  /**
   * How many network connectors a broker declares (Amazon MQ allows 20 per broker).
   *
   * @param broker the broker id
   */
  public outgoingConnectorCount(broker: string): number {
    this.check(broker, 'broker');
    return this.links.filter(l => l.from === broker).length;
  }

  /**
   * Why a message produced on `producerBroker` cannot reach a consumer on `consumerBroker` within `networkTtl`
   * hops, in plain words with the fix, or undefined when it can.
   *
   * @param producerBroker the producer's broker id
   * @param consumerBroker the consumer's broker id
   * @param networkTtl the networkTTL of the connectors (at least 1)
   */
  public explainUnreachable(producerBroker: string, consumerBroker: string, networkTtl: number): string | undefined {
    if (this.canReach(producerBroker, consumerBroker, networkTtl)) {
      return undefined;
    }
    const p = producerBroker;
    const c = consumerBroker;
    const path = this.shortestPath(p, c);
    if (path !== undefined) {
      const hops = path.length - 1;
      return `${p} → ${c} needs ${hops} hops (${path.join(' → ')}) but networkTTL is ${networkTtl}; `
        + `raise networkConnector.networkTtl to ${hops}`;
    }
    const isolated = this.isolatedBrokers();
    for (const b of [p, c]) {
      if (isolated.includes(b)) {
        return `${p} → ${c} cannot be reached at any networkTTL: ${this.explainIsolation(b)}`;
      }
    }
    const parts = this.components();
    const partOf = (b: string) => parts.find(part => part.includes(b))!;
    if (partOf(p) !== partOf(c)) {
      return `${p} → ${c} cannot be reached at any networkTTL: the network is split into ${parts.length} parts `
        + `that no connector joins (${parts.map(part => `[${part.join(', ')}]`).join(', ')}), and ${p} and ${c} are in `
        + `different parts; add a network connector between a broker of [${partOf(p).join(', ')}] and a broker of `
        + `[${partOf(c).join(', ')}].`;
    }
    const reached = [...this.hopsFrom(p).keys()].filter(b => b !== p);
    return `${p} → ${c} cannot be reached at any networkTTL: the connectors on the way are one-way (duplex=false) `
      + `and none carries messages towards ${c} (messages from ${p} reach ${reached.length > 0 ? describeList(reached) : 'no other broker'}); `
      + `make those connectors duplex, or add a network connector on ${p} that points at ${c}.`;
  }

  private check(broker: string, name: string): void {
    if (!this.flow.has(broker)) {
      throw new Error(`${name} '${broker}' is not a broker of this graph (brokers: ${this.brokers.join(', ')}): `
        + 'pass one of the listed broker ids.');
    }
  }

  /** Hop count from `from` to every broker its messages can reach, `from` itself at 0 (breadth-first). */
  private hopsFrom(from: string): Map<string, number> {
    return this.search(from).hops;
  }

  private shortestPath(from: string, to: string): string[] | undefined {
    const { hops, previous } = this.search(from);
    if (!hops.has(to)) {
      return undefined;
    }
    const path = [to];
    while (path[0] !== from) {
      path.unshift(previous.get(path[0])!);
    }
    return path;
  }

  private search(from: string): { hops: Map<string, number>; previous: Map<string, string> } {
    const hops = new Map<string, number>([[from, 0]]);
    const previous = new Map<string, string>();
    const queue = [from];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const next of this.flow.get(at)!) {
        if (!hops.has(next)) {
          hops.set(next, hops.get(at)! + 1);
          previous.set(next, at);
          queue.push(next);
        }
      }
    }
    return { hops, previous };
  }
}

function checkTtl(networkTtl: number): void {
  if (!Number.isInteger(networkTtl) || networkTtl < 1) {
    throw new Error(`networkTtl must be a whole number of at least 1, got ${networkTtl}: it counts the brokers a `
      + 'message may cross; pass 1 or more.');
  }
}

/** At most this many names in one sentence; a finding about a 500-broker app stays readable. */
const MAX_LISTED = 5;

function describeList(items: string[]): string {
  if (items.length > MAX_LISTED) {
    return `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
  }
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
