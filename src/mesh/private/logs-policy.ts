import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { BROKER_LOG_GROUP_PREFIX, LOGS_ACTIONS, LOGS_SERVICE_PRINCIPAL } from '../../private/amazon-mq';

/** The construct ID of the stack's one policy, directly under the stack. */
const POLICY_ID = 'ActiveMqMeshBrokerLogsPolicy';

/**
 * The CloudWatch Logs resource policy that lets Amazon MQ publish the general and audit logs of the stack's mesh
 * brokers. One per stack, shared by every mesh in it: CloudWatch Logs allows only 10 resource policies per account
 * and Region (CloudWatch Logs API Reference, PutResourcePolicy).
 *
 * Amazon MQ writes to `/aws/amazonmq/broker/<broker-id>/general` and `/audit` and "can't publish the logs" without a
 * resource policy for `mq.amazonaws.com` (logs:CreateLogStream, logs:PutLogEvents), which must exist "before you
 * create or restart the broker" (Amazon MQ developer guide, "Configuring ActiveMQ logs",
 * configure-logging-monitoring-activemq.html). So every broker depends on this policy, and the policy cannot name
 * the broker IDs (Amazon MQ assigns them at creation). It is scoped instead:
 * - Resource: the broker log groups of this account and Region only (`log-group:/aws/amazonmq/broker/*`), where
 *   AWS's own example grants `arn:aws:logs:*:*:log-group:/aws/amazonmq/*` in every account and Region;
 * - aws:SourceArn: the ARNs of this stack's mesh brokers, known before creation because a broker ARN is
 *   `arn:<partition>:mq:<region>:<account>:broker:<broker-name>:<broker-id>` and mesh broker names are
 *   `<prefix>-<index>` (one `?` per digit of the index, so `orders-?` cannot match `orders-x-1`);
 * - aws:SourceAccount: this account.
 * The two conditions use the `IfExists` operators: CloudWatch Logs supports both keys for service principals, but
 * Amazon MQ does not document that it sends them, and a plain `ArnLike` on an absent key would deny every log event
 * without an error anywhere. Where the keys are present they are enforced.
 */
export class BrokerLogsResourcePolicy extends Construct {
  /**
   * The stack's policy, created on first use.
   *
   * @param scope any construct of the stack
   */
  public static of(scope: IConstruct): BrokerLogsResourcePolicy {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(POLICY_ID);
    return existing instanceof BrokerLogsResourcePolicy ? existing : new BrokerLogsResourcePolicy(stack);
  }

  /** The `AWS::Logs::ResourcePolicy`. */
  public readonly resource: logs.CfnResourcePolicy;
  private readonly brokerArnPatterns: string[] = [];

  private constructor(stack: Stack) {
    super(stack, POLICY_ID);
    const logGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${BROKER_LOG_GROUP_PREFIX}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.resource = new logs.CfnResourcePolicy(this, 'Resource', {
      // Policy names are unique per account and Region, and so are stack names.
      policyName: `${stack.stackName}-AmazonMQBrokerLogs`,
      policyDocument: Lazy.string({
        produce: () => stack.toJsonString({
          Version: '2012-10-17',
          Statement: [{
            Sid: 'AmazonMQMeshBrokerLogs',
            Effect: 'Allow',
            Principal: { Service: LOGS_SERVICE_PRINCIPAL },
            Action: [...LOGS_ACTIONS],
            Resource: logGroups,
            Condition: {
              StringEqualsIfExists: { 'aws:SourceAccount': stack.account },
              ArnLikeIfExists: { 'aws:SourceArn': [...this.brokerArnPatterns] },
            },
          }],
        }),
      }),
    });
  }

  /**
   * Lets the brokers `<namePrefix>-0` … `<namePrefix>-<brokerCount - 1>` publish logs, and makes each of them wait
   * for the policy.
   *
   * @param namePrefix the mesh's broker name prefix
   * @param brokerCount how many brokers the mesh has
   * @param brokers the broker resources, to order after the policy
   */
  public allowBrokers(namePrefix: string, brokerCount: number, brokers: Construct[]): void {
    const stack = Stack.of(this);
    for (let digits = 1; digits <= String(brokerCount - 1).length; digits++) {
      this.brokerArnPatterns.push(stack.formatArn({
        service: 'mq',
        resource: 'broker',
        resourceName: `${namePrefix}-${'?'.repeat(digits)}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }));
    }
    for (const broker of brokers) {
      broker.node.addDependency(this.resource);
    }
  }
}
