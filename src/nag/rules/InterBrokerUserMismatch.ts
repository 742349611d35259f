import { NagRuleCompliance } from 'cdk-nag';
import { connectorName, defineRule } from '../private/rule-kit';

/**
 * A connector's `userName` must be a user of the broker that declares it and of every broker of this app it
 * points at, and that user's password (value or reference) must be the same on both ends.
 */
export default defineRule(__filename, ({ broker, index, facts, fail }) => {
  const problems: string[] = [];
  for (const c of facts.connectors) {
    const label = `connector '${connectorName(c)}'`;
    if (c.userName === undefined || c.userName === '') {
      problems.push(`${label} has no userName`);
      continue;
    }
    const local = index.usersOf(broker).get(c.userName);
    if (local === undefined) {
      problems.push(`${label} uses userName '${c.userName}', which is not a user of this broker`);
    }
    for (const targetPath of c.brokerTargets) {
      const target = index.brokerAt(targetPath);
      if (target === undefined) {
        continue;
      }
      const remote = index.usersOf(target).get(c.userName);
      if (remote === undefined) {
        problems.push(`${label} uses userName '${c.userName}', which is not a user of ${targetPath}`);
      } else if (local !== undefined
        && index.table.canonical(local.password ?? '') !== index.table.canonical(remote.password ?? '')) {
        problems.push(`${label}: the password of user '${c.userName}' differs between this broker and ${targetPath}`);
      }
    }
  }
  return problems.length === 0 ? NagRuleCompliance.COMPLIANT : fail(problems.join('; '));
});
