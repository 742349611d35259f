import { defineRule } from './rule';
import { CfnValue, describeText, isText, ParameterValue, wholeDynamicReference } from '../../cfn';
import { usersOf } from '../private/brokers';

/**
 * Every broker user's password must be a secret: a whole-value `{{resolve:secretsmanager:...}}` or
 * `{{resolve:ssm-secure:...}}`, or a `NoEcho` String parameter without a Default. `{{resolve:ssm:...}}` is plain
 * text, a reference with text around it is plain text, a NoEcho parameter's literal Default is in the template.
 * Each branch of `Fn::If` is checked (one case per branch). The password is never printed.
 */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'has a user whose password is not a secret',
  fix: 'use a Secrets Manager dynamic reference (SecretValue.secretsManager, secret.secretValueFromJson) or a NoEcho parameter without a '
    + 'Default ({{resolve:ssm-secure:...}} is secret too, but CloudFormation does not support it for broker user passwords)',
  explanation: 'A password written into the template is readable by anyone who can read the template, the cloud assembly or the stack.',
  check: (b, ctx) => {
    const users = usersOf(b);
    if (typeof users === 'string') return { detail: `it could not be verified: ${users}` };
    const bad: string[] = [];
    for (const u of users) {
      const why = plaintext(ctx.world.link(u.password ?? null), ctx.world.placeholders);
      if (why !== undefined) bad.push(`the password of user '${describeText(u.username)}' is not a secret: ${why}`);
    }
    return bad.length === 0 ? undefined : { detail: bad.join('; ') };
  },
});

function plaintext(p: CfnValue, placeholders: Parameters<typeof wholeDynamicReference>[1]): string | undefined {
  if (p === null) return undefined; // no password: CloudFormation refuses the user
  if (p instanceof ParameterValue) {
    if (!p.parameter.noEcho) return `it is ${p.describe()}, which is not NoEcho`;
    if (p.parameter.defaultValue !== undefined) return `it is the NoEcho ${p.describe()}, whose Default is written in the template`;
    if (p.parameter.type !== 'String') return `it is ${p.describe()} of type ${p.parameter.type}, read in plain text`;
    return undefined;
  }
  if (!isText(p)) return 'it is not a string';
  const ref = wholeDynamicReference(p, placeholders);
  if (ref?.secret) return undefined;
  if (ref !== undefined) return `{{resolve:${ref.service}:...}} is a plain-text parameter`;
  return typeof p === 'string' ? 'it is written in the template' : 'it is not one whole secret reference';
}
