/**
 * A broker outside this app that nodes of the mesh bridge to, with `ActiveMqBrokerMesh.addExternalPeer()`: the
 * standalone broker a mesh replaces, during the migration, or an on-premises broker.
 *
 * Each connecting node gets one duplex `networkConnector` to the peer, with the mesh's connector settings
 * (networkTTL, consumerTTL, messageTTL, …) and the inter-broker user, never a password. The peer itself needs no
 * connector back; it needs the inter-broker user, with the same password, and to let the mesh's security group in
 * on OpenWire (the mesh publishes both, without the password, as the output `<mesh>{peer id}PeerSetup`). The mesh's
 * brokers may connect out only to each other until you allow the peer: `mesh.connections.allowTo(peer, port)`.
 */
export interface ExternalPeerProps {
  /**
   * The peer's OpenWire endpoints: one for a single broker, or two for an active/standby pair (the connector then
   * follows the active instance), e.g. `['ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617']`. Tokens are accepted
   * (an SSM parameter value, or `CfnBroker.attrOpenWireEndpoints` of a broker in another stack).
   */
  readonly openWireEndpoints: string[];

  /**
   * The nodes (0-based indexes) that declare a connector to the peer. Connecting from fewer nodes saves connectors,
   * but every node must still exchange messages with the peer within the mesh's networkTTL (checked at synth time).
   *
   * @default - every node: each node is one hop from the peer, so the mesh's networkTTL suffices
   */
  readonly connectFrom?: number[];

  /**
   * Why this peer exists, e.g. `'orders-legacy, retired after the migration (OPS-123)'`. Recorded in the rule pack's
   * declaration of the peer (metadata of each connecting node's configuration) and in the peer's output.
   *
   * @default - 'external peer <id> of the mesh <construct path>'
   */
  readonly reason?: string;
}
