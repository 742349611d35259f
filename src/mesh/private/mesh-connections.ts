import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The mesh's `connections`. For a peer in another stack (a service that also reads the mesh's failover URI, so its
 * stack already depends on the mesh's), every rule goes into the peer's stack: the ingress rule on the mesh's
 * security group and the peer's egress rule. With plain `ec2.Connections` the ingress rule is created in the mesh's
 * stack and names the peer's security group, so the mesh's stack would depend on the service's: a cycle.
 *
 * It works by letting the peer's side start: `peer.connections.allowTo(mesh)` creates the egress rule in the peer's
 * stack and then asks the mesh side for the ingress rule as a "remote" rule, which aws-cdk places in the peer's
 * stack when the two security groups are in different stacks.
 */
export class MeshConnections extends ec2.Connections {
  /** True while the peer's side is creating the rules, so the mesh's side does not hand them back again. */
  private peerSideFirst = false;

  constructor(private readonly home: Stack, props: ec2.ConnectionsProps) {
    super(props);
  }

  public allowFrom(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    if (this.peerSideFirst || !this.inAnotherStack(other)) {
      super.allowFrom(other, portRange, description);
      return;
    }
    this.peerSideFirst = true;
    try {
      other.connections.allowTo(this, portRange, description);
    } finally {
      this.peerSideFirst = false;
    }
  }

  public allowTo(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    if (this.peerSideFirst || !this.inAnotherStack(other)) {
      super.allowTo(other, portRange, description);
      return;
    }
    this.peerSideFirst = true;
    try {
      other.connections.allowFrom(this, portRange, description);
    } finally {
      this.peerSideFirst = false;
    }
  }

  private inAnotherStack(other: ec2.IConnectable): boolean {
    return other.connections !== this && other.connections.securityGroups.some(sg => Stack.of(sg) !== this.home);
  }
}
