import { IConstruct } from 'constructs';
import { acknowledge, NagAcknowledgement } from '../../private/nag-acknowledgement';

const PACKS_LAMBDA = ['NIST.800.53.R5', 'HIPAA.Security'];
const PACKS_VPC = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

/** The findings of the shared lifecycle function(s) that are not the library's to fix. */
export const LIFECYCLE_FUNCTION_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [
  {
    ids: PACKS_LAMBDA.map((p) => `${p}-LambdaConcurrency`),
    reason: 'Deploy-time handler that runs a few times per deployment or rotation, bounded by the number of custom resources; '
      + 'reserving concurrency would make the deployment fail in accounts at the minimum of 10 unreserved executions.',
  },
  {
    ids: PACKS_VPC.map((p) => `${p}-LambdaInsideVPC`),
    reason: 'The handler only calls AWS APIs (Amazon MQ, Secrets Manager, Step Functions, SSM, CloudFormation) and has no inbound path; '
      + "placing it in a VPC would need NAT or interface endpoints for each of them in every user's VPC, and gains no isolation.",
  },
];

/** The findings of the shared log group. */
export const LIFECYCLE_LOG_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [{
  ids: PACKS_VPC.map((p) => `${p}-CloudWatchLogGroupEncrypted`),
  reason: 'Holds the lifecycle log only (broker ids and states, API errors, rotation progress), never a secret value or message '
    + 'data; CloudWatch Logs encrypts it at rest with AWS-owned keys. Retention is one year.',
}];

/** The findings of the state machine's role. */
export const LIFECYCLE_STATE_MACHINE_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [{
  ids: ['AwsSolutions-IAM5[Resource::*]'],
  reason: 'Step Functions log delivery (logs:*LogDelivery, logs:PutResourcePolicy, logs:Describe*) and X-Ray tracing '
    + '(xray:PutTraceSegments, ...) do not support resource-level permissions (Step Functions developer guide, "IAM policies for '
    + 'logging to CloudWatch Logs" and "X-Ray"); every other action of the role is on named resources.',
}];

/** Acknowledges, with reasons, the cdk-nag findings of the shared lifecycle resources that are not ours to fix. */
export function acknowledgeLifecycleFindings(lifecycle: IConstruct): void {
  for (const child of lifecycle.node.children) {
    const id = child.node.id;
    if (id === 'Function' || id === 'RotationFunction') acknowledge(child, LIFECYCLE_FUNCTION_ACKNOWLEDGEMENTS);
    if (id === 'Logs') acknowledge(child, LIFECYCLE_LOG_ACKNOWLEDGEMENTS);
    if (id === 'StateMachineRolePolicy') acknowledge(child, LIFECYCLE_STATE_MACHINE_ACKNOWLEDGEMENTS);
  }
}
