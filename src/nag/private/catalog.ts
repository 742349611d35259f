import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import * as rules from '../rules';

/** One rule of the pack: its function, level, and the words of its findings. */
export interface RuleEntry {
  readonly rule: (node: CfnResource) => NagRuleResult;
  readonly level: NagMessageLevel;
  /** What is wrong, completing "the broker <path> ...". */
  readonly problem: string;
  /** What to do, as an imperative. */
  readonly fix: string;
  /** Why the rule exists. */
  readonly explanation: string;
}

/** The rules of `ActiveMqMeshChecks`, in report order. */
export const RULES: RuleEntry[] = [
  {
    rule: rules.StandaloneBroker,
    level: NagMessageLevel.ERROR,
    problem: 'is not part of a network of brokers',
    fix: 'put it in an ActiveMqBrokerMesh, or give it a networkConnector to another broker (or have one point at it)',
    explanation: 'A standalone broker is one logical endpoint: when it is down or rebooting, its producers and consumers stop, '
      + 'and active/standby (Security Hub MQ.5) still leaves one endpoint. Trend Micro MQ-007 asks for a network of brokers in production.',
  },
  {
    rule: rules.ConnectorPassword,
    level: NagMessageLevel.ERROR,
    problem: 'has a networkConnector with a password',
    fix: 'remove the password attribute and set only userName; Amazon MQ adds the password at runtime',
    explanation: 'A password in the broker configuration is shown in the console and stored in the configuration revisions, '
      + 'and the Amazon MQ schema has no password attribute.',
  },
  {
    rule: rules.InterBrokerUserMismatch,
    level: NagMessageLevel.ERROR,
    problem: 'has a networkConnector whose user does not match on both ends',
    fix: 'create the connector\'s userName as a user on both brokers with the same password (one secret, e.g. ActiveMqBrokerMesh\'s interBrokerUser)',
    explanation: 'A network connector logs in to the remote broker (and the local one) as its userName with the password Amazon MQ '
      + 'takes from the local user; a missing user or a different password breaks the bridge in both directions.',
  },
  {
    rule: rules.PlaintextUserPassword,
    level: NagMessageLevel.ERROR,
    problem: 'has a user whose password is in the template',
    fix: 'use a Secrets Manager dynamic reference (SecretValue.secretsManager or secret.secretValueFromJson) or a NoEcho parameter',
    explanation: 'A literal password is readable by anyone who can read the template, the cloud assembly or the stack.',
  },
  {
    rule: rules.SingleAzMesh,
    level: NagMessageLevel.ERROR,
    problem: 'is in a network of brokers whose brokers all sit in one Availability Zone',
    fix: 'place the brokers in subnets of different Availability Zones',
    explanation: 'A network of brokers in one Availability Zone goes down with that zone, which defeats its purpose.',
  },
  {
    rule: rules.PublicBroker,
    level: NagMessageLevel.ERROR,
    problem: 'is publicly accessible',
    fix: 'set PubliclyAccessible to false and reach the broker from inside the VPC',
    explanation: 'A public broker exposes its endpoints and web console to the internet.',
  },
  {
    rule: rules.AuditLogsDisabled,
    level: NagMessageLevel.WARN,
    problem: 'does not publish audit logs to CloudWatch Logs',
    fix: 'set Logs.Audit to true',
    explanation: 'Audit logs record management actions on the broker (JMX, console); Security Hub MQ.2 requires them.',
  },
  {
    rule: rules.GeneralLogsDisabled,
    level: NagMessageLevel.WARN,
    problem: 'does not publish general logs to CloudWatch Logs',
    fix: 'set Logs.General to true',
    explanation: 'General logs show network connector failures and broker restarts, which is how a broken bridge is found.',
  },
  {
    rule: rules.AutoMinorVersionUpgradeDisabled,
    level: NagMessageLevel.WARN,
    problem: 'does not take automatic minor version upgrades',
    fix: 'set AutoMinorVersionUpgrade to true',
    explanation: 'Minor versions carry security fixes; Amazon MQ requires automatic upgrades from 5.18 on, and Security Hub MQ.3 checks it.',
  },
  {
    rule: rules.EngineEndOfSupport,
    level: NagMessageLevel.WARN,
    problem: 'runs an ActiveMQ version at or past its end of support',
    fix: 'set EngineVersion to 5.19 (ActiveMqEngineVersion.V5_19)',
    explanation: 'Amazon MQ stops patching and then upgrades or refuses brokers on unsupported versions.',
  },
  {
    rule: rules.NoCustomerManagedKey,
    level: NagMessageLevel.INFO,
    problem: 'is not encrypted with a customer-managed KMS key',
    fix: 'set EncryptionOptions with UseAwsOwnedKey false and a KmsKeyId',
    explanation: 'A customer-managed key lets you control and audit access to the broker\'s data at rest.',
  },
  {
    rule: rules.MissingOwnershipTags,
    level: NagMessageLevel.WARN,
    problem: 'is missing its ownership tags',
    fix: 'add the tags (Tags.of(broker).add(key, value))',
    explanation: 'Tags tell who owns a broker and who pays for it; Security Hub MQ.4 checks them.',
  },
  {
    rule: rules.SameMaintenanceWindow,
    level: NagMessageLevel.WARN,
    problem: 'shares one maintenance window with every other broker of its network of brokers',
    fix: 'give the brokers different MaintenanceWindowStartTime days or times',
    explanation: 'Amazon MQ may reboot every node in the same window, taking the whole network down at once.',
  },
  {
    rule: rules.MicroInstanceInMesh,
    level: NagMessageLevel.WARN,
    problem: 'is a micro instance in a network of brokers',
    fix: 'use mq.m5.large or larger for brokers of a network',
    explanation: 'When a node fails its clients move to the others, which must carry the extra load; micro instances have '
      + 'burstable CPU and a 300-connection limit.',
  },
  {
    rule: rules.UnverifiedExternalConnector,
    level: NagMessageLevel.INFO,
    problem: 'has a networkConnector to a broker outside this app that cannot be verified',
    fix: 'check the remote broker by hand, then acknowledge the finding',
    explanation: 'The pack sees only this app: it cannot check that the remote broker exists, has the connector user or is networked.',
  },
];
