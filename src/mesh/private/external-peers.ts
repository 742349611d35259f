import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { outputPrefix, stableOutput } from './client-endpoints';
import { AddedExternalPeer, validateExternalPeer } from './validate-props';
import { NetworkConnectorSpec } from '../../config';
import { BRIDGE_ADVISORY_DESTINATIONS, PORTS } from '../../private/amazon-mq';
import { MeshPlan } from '../../topology';
import { ExternalPeerProps } from '../external-peer-props';
import { MeshBroker } from '../mesh-broker';
import { IMeshUser } from '../mesh-user';

/**
 * The resource Metadata key on a node's `AWS::AmazonMQ::Configuration` that declares the brokers outside the app
 * that the node's connectors point at, so that the rule pack treats them as declared peers. Value: an array of
 * `{ "endpoints": [string], "reason": string }`, one entry per external peer of that node.
 */
export const EXTERNAL_PEERS_METADATA_KEY = 'cdk-activemq-mesh:external-peers';

/** What the external peers of a mesh need from the mesh. */
export interface ExternalPeersContext {
  /** The mesh construct (peers and their outputs are created under it). */
  readonly mesh: Construct;
  readonly plan: MeshPlan;
  /** The nodes, once they exist. */
  readonly brokers: () => MeshBroker[];
  readonly interBrokerUser: () => IMeshUser;
  readonly securityGroupId: string;
  readonly emitOutputs: boolean;
}

interface Peer extends AddedExternalPeer {
  readonly reason: string;
}

/**
 * The external peers of one mesh: each adds one duplex connector (the mesh's settings, the inter-broker user) to
 * every node it connects from, declares itself in those nodes' configuration Metadata for the rule pack, and
 * publishes what the peer's side must set up. Nodes that do not connect to a peer are not touched.
 */
export class ExternalPeers {
  private readonly peers: Peer[] = [];

  constructor(private readonly ctx: ExternalPeersContext) {}

  /** Adds a peer after validating it; returns the construct that holds its output. */
  public add(id: string, props: ExternalPeerProps): Construct {
    const brokerCount = this.ctx.plan.brokerCount;
    const connectFrom = props.connectFrom ?? Array.from({ length: brokerCount }, (_, i) => i);
    validateExternalPeer({ id, props, connectFrom, plan: this.ctx.plan, existing: this.peers });
    const reason = props.reason ?? `external peer ${id} of the mesh ${this.ctx.mesh.node.path}`;
    const peer: Peer = { id, openWireEndpoints: [...props.openWireEndpoints], connectFrom: [...connectFrom].sort((a, b) => a - b), reason };
    this.peers.push(peer);

    const brokers = this.ctx.brokers();
    for (const node of peer.connectFrom) {
      brokers[node].configuration.addMetadata(EXTERNAL_PEERS_METADATA_KEY,
        this.peersOf(node).map(p => ({ endpoints: p.openWireEndpoints, reason: p.reason })));
    }

    const container = this.ctx.mesh.node.tryFindChild('ExternalPeers') as Construct | undefined
      ?? new Construct(this.ctx.mesh, 'ExternalPeers');
    const construct = new Construct(container, id);
    if (this.ctx.emitOutputs) {
      stableOutput(construct, 'PeerSetup', `${outputPrefix(this.ctx.mesh)}${id.replace(/[^A-Za-z0-9]/g, '')}PeerSetup`,
        this.setupFor(peer, brokers), `What the external peer '${id}' must have for the mesh's bridges (no secret values)`);
    }
    return construct;
  }

  /** The connectors node `nodeIndex` declares to external peers, in the order the peers were added. */
  public connectorsFor(nodeIndex: number): NetworkConnectorSpec[] {
    return this.peersOf(nodeIndex).map(p => this.ctx.plan.externalConnector(nodeIndex, p.id, p.openWireEndpoints));
  }

  /** How many external peers node `nodeIndex` connects to. */
  public countFor(nodeIndex: number): number {
    return this.peersOf(nodeIndex).length;
  }

  private peersOf(nodeIndex: number): Peer[] {
    return this.peers.filter(p => p.connectFrom.includes(nodeIndex));
  }

  /**
   * The peer's side of the bridge, as JSON without any secret value: the inter-broker user to create there (with the
   * password held in the named secret), the mesh security group to let in on OpenWire, the advisory permissions the
   * user needs under an authorization map, and the connectors that will arrive.
   * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/network-of-brokers.html (credentials)
   */
  private setupFor(peer: Peer, brokers: MeshBroker[]): string {
    const user = this.ctx.interBrokerUser();
    return Stack.of(this.ctx.mesh).toJsonString({
      peer: peer.id,
      reason: peer.reason,
      endpoints: peer.openWireEndpoints,
      user: {
        username: user.username,
        passwordFromSecret: user.secret.secretArn,
        passwordJsonKey: 'password',
        why: 'the mesh\'s connectors log in to the peer as this user; Amazon MQ adds the password of the node\'s own user with this name, so the peer needs the same username and password',
      },
      allowInbound: { protocol: 'tcp', port: PORTS.openWire, fromSecurityGroup: this.ctx.securityGroupId },
      authorizationMap: `if the peer has an authorizationPlugin, give the user read, write and admin on ${BRIDGE_ADVISORY_DESTINATIONS.join(' and ')}`,
      connectors: peer.connectFrom.map(n => ({ name: `node${n}_to_${peer.id}`, fromBroker: brokers[n].brokerName, duplex: true })),
    });
  }
}
