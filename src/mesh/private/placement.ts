import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MeshDeploymentMode } from '../broker-options';

/**
 * Picks each node's subnet(s): node i in the i-th distinct AZ of the selection, an active/standby node also in the
 * next one. Throws when the selection has too few AZs for `brokerCount` and `maxBrokersPerAvailabilityZone`.
 */
export function placeNodes(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, brokerCount: number,
  maxBrokersPerAvailabilityZone: number, mode: MeshDeploymentMode): ec2.ISubnet[][] {
  let subnets: ec2.ISubnet[];
  if (selection) {
    subnets = vpc.selectSubnets(selection).subnets;
  } else {
    subnets = vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
    if (subnets.length === 0) {
      throw new Error('vpcSubnets is not set and the VPC has no private or isolated subnets: pass vpcSubnets, or add private subnets to the VPC.');
    }
  }
  const byAz = new Map<string, ec2.ISubnet>();
  for (const subnet of subnets) {
    if (!byAz.has(subnet.availabilityZone)) byAz.set(subnet.availabilityZone, subnet);
  }
  const azs = [...byAz.keys()];
  const activeStandby = mode === MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ;
  const needed = Math.max(Math.ceil(brokerCount / maxBrokersPerAvailabilityZone), activeStandby ? 2 : 1);
  if (azs.length < needed) {
    const names = azs.map(az => Token.isUnresolved(az) ? '(token)' : az).join(', ');
    throw new Error(`vpcSubnets selects subnets in ${azs.length} Availability Zone(s) (${names}), but brokerCount ${brokerCount} with maxBrokersPerAvailabilityZone ${maxBrokersPerAvailabilityZone} needs ${needed} distinct AZs: select subnets in more AZs (the VPC's maxAzs or an explicit environment), lower brokerCount, or raise maxBrokersPerAvailabilityZone.`);
  }
  return Array.from({ length: brokerCount }, (_, i) => {
    const primary = byAz.get(azs[i % azs.length])!;
    return activeStandby ? [primary, byAz.get(azs[(i + 1) % azs.length])!] : [primary];
  });
}
