import { componentOf } from './mesh-component';
import { defineRule, RuleContext } from './rule';
import { isText, textKey } from '../../cfn';
import { keyString } from '../private/app-world';
import { BrokerFacts, referenced } from '../private/brokers';

/**
 * The brokers of one network of brokers must not all sit in one Availability Zone. Subnets of the app are
 * followed to their AvailabilityZone; brokers whose zones are not known are skipped.
 */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'is in a network of brokers whose brokers all sit in one Availability Zone',
  fix: 'place the brokers in subnets of different Availability Zones',
  explanation: 'A network of brokers in one Availability Zone goes down with that zone, which defeats its purpose.',
  check: (b, ctx) => {
    const mesh = componentOf(b, ctx);
    if (mesh.length < 2) return undefined;
    const zone = ctx.memo(`az|${keyString(mesh[0].key)}`, () => {
      const known = mesh.map((m) => zonesOf(m, ctx)).filter((z): z is Set<string> => z !== undefined);
      const all = new Set(known.flatMap((z) => [...z]));
      return known.length >= 2 && all.size === 1 ? [...all][0] : undefined;
    });
    if (zone === undefined) return undefined;
    const name = /^"[a-z]{2}(-[a-z]+)+-\d[a-z]"$/.test(zone) ? JSON.parse(zone) : 'the same Availability Zone';
    return { detail: `all brokers of its network of brokers whose subnets are known are in ${name}`, involved: mesh.map((m) => m.key) };
  },
});

function zonesOf(b: BrokerFacts, ctx: RuleContext): Set<string> | undefined {
  const ids = b.props.SubnetIds;
  if (!Array.isArray(ids) || ids.length === 0) return undefined;
  const zones = new Set<string>();
  for (const id of ids) {
    const subnet = referenced(ctx.world, id);
    if (subnet === undefined || ctx.world.typeOf(subnet) !== 'AWS::EC2::Subnet') return undefined;
    const az = ctx.world.properties(subnet).AvailabilityZone;
    if (az === undefined || !isText(az)) return undefined;
    zones.add(textKey(az));
  }
  return zones;
}
