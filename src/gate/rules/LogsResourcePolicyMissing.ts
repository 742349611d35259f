import { logEnabled } from './logs';
import { defineRule } from './rule';
import { isObject, isText } from '../../cfn';
import { LOGS_ACTIONS, LOGS_SERVICE_PRINCIPAL } from '../../private/amazon-mq';
import { AppWorld } from '../private/app-world';

/**
 * A broker that publishes logs needs a CloudWatch Logs resource policy letting `mq.amazonaws.com` create log
 * streams and put log events in `/aws/amazonmq/*` (or `/aws/amazonmq/broker/*`, where Amazon MQ puts broker logs); without one the broker cannot publish. Info: the account may
 * already have such a policy outside the app.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/security-logging-monitoring-configure-cloudwatch.html
 */
export default defineRule(__filename, {
  level: 'Info',
  problem: 'publishes logs but the app has no CloudWatch Logs resource policy for Amazon MQ',
  fix: 'add an AWS::Logs::ResourcePolicy allowing mq.amazonaws.com logs:CreateLogStream and logs:PutLogEvents on '
    + 'arn:aws:logs:<region>:<account>:log-group:/aws/amazonmq/* (ActiveMqBrokerMesh adds one), or check the account has one',
  explanation: 'Amazon MQ cannot publish broker logs to CloudWatch Logs without a resource-based policy, and the policy must exist '
    + 'before the broker is created or rebooted; CloudWatch Logs allows 10 resource policies per region.',
  check: (b, ctx) => {
    let on: boolean;
    try {
      on = logEnabled(b.props, 'General') || logEnabled(b.props, 'Audit');
    } catch {
      on = true;
    }
    if (!on || ctx.memo('logs-policy', () => hasMqLogsPolicy(ctx.world))) return undefined;
    return { detail: 'no AWS::Logs::ResourcePolicy of the app lets mq.amazonaws.com write to /aws/amazonmq/*' };
  },
});

/** Whether some resource policy of the app lets Amazon MQ write its logs. */
export function hasMqLogsPolicy(world: AppWorld): boolean {
  return world.resourcesOfType('AWS::Logs::ResourcePolicy').some((key) => {
    let doc = world.properties(key).PolicyDocument;
    if (isText(doc)) {
      try {
        doc = JSON.parse(world.render(doc));
      } catch {
        return false;
      }
    }
    const statements = isObject(doc) ? doc.Statement : undefined;
    return (Array.isArray(statements) ? statements : [statements]).some((s) => allowsMq(world, s));
  });
}

function allowsMq(world: AppWorld, s: unknown): boolean {
  if (!isObject(s) || s.Effect !== 'Allow') return false;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map((x) => (isText(x) ? world.render(x) : ''));
  const principal = isObject(s.Principal) ? list(s.Principal.Service) : [];
  const actions = list(s.Action).map((a) => a.toLowerCase());
  const resources = list(s.Resource);
  const action = (name: string) => actions.some((a) => a === '*' || a === 'logs:*' || a === name.toLowerCase());
  return principal.includes(LOGS_SERVICE_PRINCIPAL)
    && LOGS_ACTIONS.every(action)
    && resources.some((r) => r === '*' || /log-group:(\/aws\/amazonmq\/)?\*(:\*)?$/.test(r) || /log-group:\/aws\/amazonmq\/(broker\/)?\*/.test(r));
}
