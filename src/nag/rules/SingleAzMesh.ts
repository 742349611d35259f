import { Stack } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { CfnSubnet } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { AppIndex } from '../private/app-index';
import { cfnTypeOf } from '../private/references';
import { defineRule } from '../private/rule-kit';

/**
 * The brokers of one network of brokers must not all sit in one Availability Zone. Subnets are resolved to
 * their `AvailabilityZone` where they are subnets of this app; brokers whose zones cannot be known are skipped.
 */
export default defineRule(__filename, ({ broker, index, fail }) => {
  const mesh = index.componentOf(broker);
  if (mesh.length < 2) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const zone = index.memo(`az|${mesh[0].node.path}`, () => {
    const known = mesh.map((b) => zonesOf(index, b)).filter((z): z is Set<string> => z !== undefined);
    const all = new Set(known.flatMap((z) => [...z]));
    return known.length >= 2 && all.size === 1 ? [...all][0] : undefined;
  });
  if (zone === undefined) {
    return NagRuleCompliance.COMPLIANT;
  }
  const name = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone) ? zone : 'the same Availability Zone';
  return fail(`all brokers of its network of brokers whose subnets are known are in ${name}`);
});

/** The zones of a broker's subnets, or undefined when any of them cannot be known. */
function zonesOf(index: AppIndex, b: CfnBroker): Set<string> | undefined {
  return index.memo(`zones|${b.node.path}`, () => {
    if (b.subnetIds === undefined) {
      return undefined;
    }
    const ids = index.table.resolve(b, b.subnetIds);
    if (!Array.isArray(ids) || ids.length === 0) {
      return undefined;
    }
    const zones = new Set<string>();
    for (const id of ids) {
      const p = typeof id === 'string' ? index.table.onlyPlaceholder(id) : undefined;
      const subnet = p === undefined ? undefined : index.targetOf(p);
      if (subnet === undefined || cfnTypeOf(subnet) !== 'AWS::EC2::Subnet') {
        return undefined;
      }
      const az = (subnet as CfnSubnet).availabilityZone;
      if (az === undefined) {
        return undefined;
      }
      const resolved = index.table.resolve(subnet, az);
      const literal = typeof resolved === 'string' && index.table.placeholdersIn(resolved).length === 0;
      // an intrinsic zone (Fn::Select of Fn::GetAZs) is only comparable within its own stack (same region)
      zones.add(literal ? resolved : `${Stack.of(subnet).node.path}:${index.table.canonical(JSON.stringify(resolved))}`);
    }
    return zones;
  });
}
