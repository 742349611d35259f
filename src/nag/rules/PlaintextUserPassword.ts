import { NagRuleCompliance } from 'cdk-nag';
import { isNoEchoParameter } from '../private/references';
import { defineRule, listNames } from '../private/rule-kit';

/**
 * Every broker user's password must be a dynamic reference (`{{resolve:secretsmanager:...}}`,
 * `{{resolve:ssm-secure:...}}`) or a `Ref` to a `NoEcho` parameter, never a literal in the template.
 */
export default defineRule(__filename, ({ broker, index, fail }) => {
  const bad: string[] = [];
  for (const user of index.usersOf(broker).values()) {
    const text = user.password;
    if (user.managed || text === undefined || text.startsWith('{{resolve:')) {
      continue;
    }
    const only = index.table.onlyPlaceholder(text);
    if (only !== undefined) {
      const target = index.targetOf(only);
      if (target !== undefined && isNoEchoParameter(target)) {
        continue;
      }
    }
    bad.push(user.username);
  }
  if (bad.length === 0) {
    return NagRuleCompliance.COMPLIANT;
  }
  return fail(`the password of user ${listNames(bad)} is neither a dynamic reference nor a NoEcho parameter`);
});
