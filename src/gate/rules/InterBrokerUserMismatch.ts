import { describeText, Text, textKey } from '../../cfn';
import { ResourceKey } from '../model';
import { defineRule, RuleContext } from './rule';
import { keyString } from '../private/app-world';
import { BrokerFacts, usersOf } from '../private/brokers';
import { passwordIdentity } from '../private/users';

/**
 * A connector's `userName` must be a user of the broker that declares it and of every broker of the app it points
 * at, with the same password on both ends. The same secret (by name or ARN, with or without trailing `::`) or the
 * same deploy-time value (a parameter, a secret field) is the same password.
 */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'has a networkConnector whose user does not match on both ends',
  fix: 'create the connector\'s userName as a user on both brokers with the same password (one secret, e.g. ActiveMqBrokerMesh\'s interBrokerUser)',
  explanation: 'A network connector logs in to the remote broker (and the local one) as its userName with the password Amazon MQ '
    + 'takes from the local user; a missing user or a different password breaks the bridge in both directions.',
  check: (b, ctx) => {
    const problems: string[] = [];
    const involved: ResourceKey[] = [b.key, ...b.configurations];
    const local = usersOf(b);
    for (const c of b.connectors) {
      if (c.carriesNothing !== undefined) continue;
      const name = c.xml.userName === undefined ? undefined : ctx.world.placeholders.restore(c.xml.userName);
      if (name === undefined || name === '') {
        problems.push(`${c.label} has no userName`);
        continue;
      }
      const shown = describeName(ctx, name);
      const mine = typeof local === 'string' ? undefined : local.find((u) => textKey(u.username) === textKey(name));
      if (typeof local === 'string') problems.push(`${c.label}: ${local}, so user ${shown} cannot be checked`);
      else if (mine === undefined) problems.push(`${c.label} uses userName ${shown}, which is not a user of this broker`);
      for (const t of c.targets) {
        if (t.kind !== 'broker') continue;
        const target = ctx.brokers.byKey.get(keyString(t.broker));
        if (target === undefined || target === b || target.engine === 'RABBITMQ') continue;
        const theirs = usersOf(target);
        involved.push(target.key);
        if (typeof theirs === 'string') {
          problems.push(`${c.label}: ${target.path}: ${theirs}`);
          continue;
        }
        const other = theirs.find((u) => textKey(u.username) === textKey(name));
        if (other === undefined) {problems.push(`${c.label} uses userName ${shown}, which is not a user of ${target.path}`);} else if (mine !== undefined && passwordIdentity(ctx.world, mine.password) !== passwordIdentity(ctx.world, other.password)) {
          problems.push(`${c.label}: the password of user ${shown} differs between this broker and ${target.path}`);
        }
      }
    }
    return problems.length === 0 ? undefined : { detail: problems.slice(0, 6).join('; ') + (problems.length > 6 ? `; and ${problems.length - 6} more` : ''), involved };
  },
});

function describeName(ctx: RuleContext, name: Text): string {
  void ctx;
  return `'${describeText(name)}'`;
}

export type { BrokerFacts };
