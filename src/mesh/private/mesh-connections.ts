import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The mesh's `connections`. For a peer in another stack (a service that also reads the mesh's failover URI, so its
 * stack already depends on the mesh's), every rule goes into the peer's stack: the ingress rule on the mesh's
 * security group and the peer's egress rule. With plain `ec2.Connections` the ingress rule is created in the mesh's
 * stack and names the peer's security group, so the mesh's stack would depend on the service's: a cycle.
 *
 * A rule added as "remote" (`remoteRule`) is placed by aws-cdk in the stack of the other security group when the two
 * are in different stacks; a rule added as local stays with its own group. For a peer in another stack this class
 * adds the mesh's rules as remote and the peer's as local. Rules cover the security groups both sides have when the
 * rule is added (peers in the mesh's own stack keep `ec2.Connections`' behaviour, including groups added later).
 */
export class MeshConnections extends ec2.Connections {
  constructor(private readonly home: Stack, props: ec2.ConnectionsProps) {
    super(props);
  }

  public allowFrom(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    if (!this.allowAcrossStacks(other, 'from', portRange, description)) {
      super.allowFrom(other, portRange, description);
    }
  }

  public allowTo(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    if (!this.allowAcrossStacks(other, 'to', portRange, description)) {
      super.allowTo(other, portRange, description);
    }
  }

  /**
   * For a peer in another stack: the receiving group's ingress rule and the sending group's egress rule (unless it
   * allows all outbound traffic), the mesh's own rules as remote ones (so they land in the peer's stack). Returns
   * false, adding nothing, when the peer is in the mesh's stack.
   */
  private allowAcrossStacks(other: ec2.IConnectable, direction: 'from' | 'to', portRange: ec2.Port, description?: string): boolean {
    const peers = this.peerGroupsInAnotherStack(other);
    if (peers === undefined) {
      return false;
    }
    for (const mesh of this.securityGroups) {
      for (const peer of peers) {
        const [source, target] = direction === 'from' ? [peer, mesh] : [mesh, peer];
        target.addIngressRule(source, portRange, description, target === mesh);
        if (!source.allowAllOutbound) {
          source.addEgressRule(target, portRange, description, source === mesh);
        }
      }
    }
    return true;
  }

  /** The peer's security groups when any of them is in another stack than the mesh; otherwise undefined. */
  private peerGroupsInAnotherStack(other: ec2.IConnectable): ec2.ISecurityGroup[] | undefined {
    const groups = other.connections === this ? [] : other.connections.securityGroups;
    return groups.some(sg => Stack.of(sg) !== this.home) ? groups : undefined;
  }
}
