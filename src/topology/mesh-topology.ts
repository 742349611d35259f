import { Token } from 'aws-cdk-lib';

/**
 * The shapes of network a mesh can take.
 */
export enum MeshTopologyKind {
  /** Every broker bridges to every other broker. */
  FULL_MESH = 'FULL_MESH',
  /** Every broker bridges to one hub broker. */
  HUB_AND_SPOKE = 'HUB_AND_SPOKE',
  /** Edge brokers forward to every one of a few central (concentrator) brokers, which form a full mesh. */
  CONCENTRATOR = 'CONCENTRATOR',
}

/**
 * Options for `MeshTopology.hubAndSpoke`.
 */
export interface HubAndSpokeOptions {
  /**
   * Index of the hub broker (0-based). Must be less than the number of brokers.
   *
   * @default 0
   */
  readonly hubIndex?: number;
}

/**
 * Options for `MeshTopology.concentrator`.
 */
export interface ConcentratorOptions {
  /**
   * How many central brokers there are: nodes `0` to `concentratorCount - 1`. At least 1 and less than the
   * number of brokers; 2 or more keeps the network up when one central broker is down.
   *
   * @default 2
   */
  readonly concentratorCount?: number;
}

/**
 * One network connector of a mesh: declared on broker `from`, connecting to broker `to`.
 */
export interface MeshLink {
  /** Index of the broker that declares the connector. */
  readonly from: number;
  /** Index of the broker the connector connects to. */
  readonly to: number;
  /**
   * Whether the connector carries messages both ways (`duplex="true"`). A non-duplex connector carries messages
   * from `from` to `to` only.
   */
  readonly duplex: boolean;
}

/**
 * Who connects to whom in a network of brokers.
 *
 * Links are oriented so that adding a broker is safe: broker `i` only declares connectors to brokers with a
 * smaller index or to the hub/concentrators, so adding broker `N` adds connectors on broker `N` only and never
 * adds or changes one on brokers `0..N-1` (whose configurations, and running brokers, stay untouched).
 *
 * - `fullMesh()`: broker `i` has a duplex connector to every `j < i` (networkTTL 1 is enough: every pair is
 *   one hop apart).
 * - `hubAndSpoke()`: every spoke has a duplex connector to the hub, which declares none (networkTTL 2:
 *   spoke → hub → spoke).
 * - `concentrator()`: the concentrators (nodes `0..K-1`) form a duplex full mesh; every edge broker has a
 *   non-duplex connector to every concentrator, so messages flow from edges to the centre (networkTTL 1: every
 *   edge reaches every concentrator directly). Consumers belong on the concentrators: nothing flows back to the
 *   edges.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/network-of-brokers.html
 */
export class MeshTopology {
  /**
   * Every broker bridges to every other broker with one duplex connector per pair.
   */
  public static fullMesh(): MeshTopology {
    return new MeshTopology(MeshTopologyKind.FULL_MESH, 1, 1, 0, 0);
  }

  /**
   * Every other broker (spoke) bridges to the hub with a duplex connector.
   *
   * @param options which broker is the hub
   */
  public static hubAndSpoke(options: HubAndSpokeOptions = {}): MeshTopology {
    const hubIndex = options.hubIndex ?? 0;
    checkIndex(hubIndex, 'hubIndex', 0);
    return new MeshTopology(MeshTopologyKind.HUB_AND_SPOKE, 2, 2, hubIndex, 0);
  }

  /**
   * A few concentrator brokers in a duplex full mesh, and edge brokers that forward to every concentrator over
   * non-duplex connectors (the AWS "concentrator" topology).
   *
   * @param options how many concentrators
   */
  public static concentrator(options: ConcentratorOptions = {}): MeshTopology {
    const concentratorCount = options.concentratorCount ?? 2;
    checkIndex(concentratorCount, 'concentratorCount', 1);
    return new MeshTopology(MeshTopologyKind.CONCENTRATOR, 1, 1, 0, concentratorCount);
  }

  /**
   * Which shape this is.
   * @internal
   */
  public readonly _kind: MeshTopologyKind;

  /**
   * The networkTTL to use with this topology: the longest hop count between a producer's broker and a consumer's
   * broker. Full mesh 1 (every pair is adjacent); hub-and-spoke 2 (spoke → hub → spoke); concentrator 1 (every
   * edge has a connector to every concentrator and the concentrators are adjacent, so each path that exists is
   * one hop; a higher TTL would only add detours such as edge → concentrator → concentrator).
   */
  public readonly recommendedNetworkTtl: number;

  /**
   * The smallest networkTTL at which every producer/consumer pair that this topology connects can reach each
   * other, once it has three or more brokers; below it some pairs get no messages. Equals
   * `recommendedNetworkTtl` for the built-in topologies.
   */
  public readonly minimumNetworkTtl: number;

  private readonly hubIndex: number;
  private readonly concentratorCount: number;

  private constructor(kind: MeshTopologyKind, recommended: number, minimum: number, hubIndex: number, concentratorCount: number) {
    this._kind = kind;
    this.recommendedNetworkTtl = recommended;
    this.minimumNetworkTtl = minimum;
    this.hubIndex = hubIndex;
    this.concentratorCount = concentratorCount;
  }

  /**
   * The connectors of a mesh of `brokerCount` brokers, ordered by declaring broker, so `_links(n)` is a prefix of
   * `_links(n + 1)` whenever the growth rule holds.
   *
   * @param brokerCount how many brokers
   * @param duplex force every link's duplex flag. `true` makes the concentrator's edge links duplex too.
   *   `false` replaces each duplex link with two one-way links, one declared on each broker; growth then
   *   changes existing brokers (each gets a connector to the new broker), so prefer the default. Leave it out
   *   for the topology's own flags: duplex everywhere except the concentrator's edge links.
   * @internal
   */
  public _links(brokerCount: number, duplex?: boolean): MeshLink[] {
    this._validate(brokerCount);
    const natural = this.naturalLinks(brokerCount);
    if (duplex === undefined) {
      return natural;
    }
    const out: MeshLink[] = [];
    for (const link of natural) {
      if (duplex || !link.duplex) {
        out.push({ from: link.from, to: link.to, duplex });
      } else {
        out.push({ from: link.from, to: link.to, duplex: false }, { from: link.to, to: link.from, duplex: false });
      }
    }
    return out.sort((a, b) => a.from - b.from || a.to - b.to);
  }

  /**
   * Throws when this topology cannot be built with `brokerCount` brokers: fewer than 2 brokers, a hub index
   * outside the mesh, or no edge broker left beside the concentrators.
   *
   * @param brokerCount how many brokers
   * @internal
   */
  public _validate(brokerCount: number): void {
    if (Token.isUnresolved(brokerCount)) {
      throw new Error('brokerCount must be a number known at synth time, got a token: the connectors of every broker '
        + 'depend on it; pass a literal number such as 3.');
    }
    if (!Number.isInteger(brokerCount) || brokerCount < 2) {
      throw new Error(`brokerCount must be at least 2, got ${brokerCount}: a network of brokers needs two or more `
        + 'brokers; set brokerCount to 2 or more.');
    }
    if (this._kind === MeshTopologyKind.HUB_AND_SPOKE && this.hubIndex >= brokerCount) {
      throw new Error(`topology hubIndex must be less than brokerCount (${brokerCount}), got ${this.hubIndex}: `
        + `the hub must be one of the brokers; use MeshTopology.hubAndSpoke({ hubIndex: 0 }) up to ${brokerCount - 1}.`);
    }
    if (this._kind === MeshTopologyKind.CONCENTRATOR && this.concentratorCount >= brokerCount) {
      throw new Error(`topology concentratorCount must be less than brokerCount (${brokerCount}), got ${this.concentratorCount}: `
        + 'a concentrator topology needs at least one edge broker; lower concentratorCount or raise brokerCount, '
        + 'or use MeshTopology.fullMesh() when every broker is central.');
    }
  }

  private naturalLinks(n: number): MeshLink[] {
    const links: MeshLink[] = [];
    for (let i = 0; i < n; i++) {
      switch (this._kind) {
        case MeshTopologyKind.FULL_MESH:
          for (let j = 0; j < i; j++) links.push({ from: i, to: j, duplex: true });
          break;
        case MeshTopologyKind.HUB_AND_SPOKE:
          if (i !== this.hubIndex) links.push({ from: i, to: this.hubIndex, duplex: true });
          break;
        case MeshTopologyKind.CONCENTRATOR: {
          const k = this.concentratorCount;
          if (i < k) {
            for (let j = 0; j < i; j++) links.push({ from: i, to: j, duplex: true });
          } else {
            for (let c = 0; c < k; c++) links.push({ from: i, to: c, duplex: false });
          }
          break;
        }
      }
    }
    return links;
  }
}

function checkIndex(value: number, name: string, min: number): void {
  if (Token.isUnresolved(value)) {
    throw new Error(`topology ${name} must be a number known at synth time, got a token: it decides which `
      + 'connectors each broker declares; pass a literal number.');
  }
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`topology ${name} must be a whole number of at least ${min}, got ${value}: `
      + (min === 0 ? 'it is the 0-based index of a broker; pass e.g. 0.' : 'pass e.g. 2.'));
  }
}
