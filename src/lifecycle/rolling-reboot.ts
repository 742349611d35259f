import { CustomResource, Duration, Token } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { RebootBrokerFunction } from './reboot-broker-function';
import { DEFAULT_REBOOT_TIMEOUT, REBOOT_QUERY_INTERVAL, validateRebootTimeout } from './reboot-timeout';

/**
 * One broker of a rolling reboot.
 */
export interface RollingRebootNode {
  /**
   * Stable node id, e.g. `Node0`. It is the construct id of the node's reboot resource, so it must not
   * change when nodes are added.
   */
  readonly id: string;

  /**
   * The broker to reboot.
   */
  readonly broker: CfnBroker;

  /**
   * The configuration revision the broker should run (usually `GetAtt <Configuration>.Revision`). A change
   * reboots the broker.
   */
  readonly configurationRevision: string;

  /**
   * A hash of the broker's user set (names, groups, console access, secret ARNs). A change reboots the broker.
   */
  readonly usersHash: string;
}

/**
 * Props for `RollingReboot`.
 */
export interface RollingRebootProps {
  /**
   * The brokers, in reboot order. Append new nodes at the end: existing nodes' reboot resources then stay
   * unchanged.
   */
  readonly nodes: RollingRebootNode[];

  /**
   * How long to wait for each broker to be RUNNING again with nothing pending. A whole number of
   * 30-second query intervals, from 5 to 55 minutes (CloudFormation gives a custom resource one hour).
   *
   * @default - 45 minutes
   */
  readonly timeout?: Duration;
}

/**
 * Applies configuration and user changes to a set of Amazon MQ brokers by rebooting them one at a time.
 *
 * One custom resource per node (`Custom::ActiveMqBrokerReboot`), each depending on the previous one, with
 * only the broker id, the configuration revision, the users hash and the host instance type as properties:
 * CloudFormation updates a node's resource, and so reboots that broker, only when one of those changes.
 * The handler calls `RebootBroker` and completes when `DescribeBroker` reports `RUNNING` with no pending
 * configuration, user, engine version or instance type change.
 */
export class RollingReboot extends Construct {
  /** The CloudFormation type of each reboot resource. */
  public static readonly RESOURCE_TYPE = 'Custom::ActiveMqBrokerReboot';

  /**
   * One reboot resource per node, in order; each depends on the previous one.
   */
  public readonly rebootResources: CustomResource[];

  /**
   * @param scope the parent construct (the mesh)
   * @param id the construct ID
   * @param props the brokers to reboot, in order
   */
  constructor(scope: Construct, id: string, props: RollingRebootProps) {
    super(scope, id);
    validateNodes(props.nodes);
    const timeout = props.timeout ?? DEFAULT_REBOOT_TIMEOUT;
    const timeoutSeconds = validateRebootTimeout(timeout, 'timeout');

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      description: 'Reboots the brokers of one mesh and reads their state',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['mq:RebootBroker', 'mq:DescribeBroker'],
      resources: props.nodes.map((n) => n.broker.attrArn),
    }));

    const environment = {
      REBOOT_BROKER_TIMEOUT_SECONDS: Token.isUnresolved(timeoutSeconds) ? Token.asString(timeoutSeconds) : String(timeoutSeconds),
      REBOOT_BROKER_QUERY_INTERVAL_SECONDS: String(REBOOT_QUERY_INTERVAL.toSeconds()),
    };
    // One bundle, two functions: the handler dispatches on REBOOT_BROKER_PHASE.
    const onEvent = new RebootBrokerFunction(this, 'OnEvent', {
      role,
      timeout: Duration.minutes(3),
      description: 'Rolling reboot of Amazon MQ brokers: onEvent (reboots a RUNNING broker)',
      environment: { ...environment, REBOOT_BROKER_PHASE: 'onEvent' },
    });
    const isComplete = new RebootBrokerFunction(this, 'IsComplete', {
      role,
      timeout: Duration.minutes(3),
      description: 'Rolling reboot of Amazon MQ brokers: isComplete (waits for RUNNING with nothing pending)',
      environment: { ...environment, REBOOT_BROKER_PHASE: 'isComplete' },
    });

    const provider = new Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: REBOOT_QUERY_INTERVAL,
      totalTimeout: timeout,
    });

    const resources: CustomResource[] = [];
    for (const node of props.nodes) {
      const resource = new CustomResource(this, node.id, {
        serviceToken: provider.serviceToken,
        resourceType: RollingReboot.RESOURCE_TYPE,
        properties: {
          BrokerId: node.broker.ref,
          ConfigurationRevision: node.configurationRevision,
          UsersHash: node.usersHash,
          HostInstanceType: node.broker.hostInstanceType,
        },
      });
      const previous = resources[resources.length - 1];
      if (previous) {
        resource.node.addDependency(previous);
      }
      resources.push(resource);
    }
    this.rebootResources = resources;
  }
}

function validateNodes(nodes: RollingRebootNode[]): void {
  if (nodes.length === 0) {
    throw new Error('nodes must list at least one broker, got 0: a rolling reboot needs brokers to reboot; '
      + 'pass one RollingRebootNode per broker, or do not create a RollingReboot.');
  }
  const seen = new Set<string>();
  nodes.forEach((node, i) => {
    if (!/^[A-Za-z0-9_-]+$/.test(node.id)) {
      throw new Error(`nodes[${i}].id must be letters, digits, '-' or '_', got '${node.id}': it is the construct id `
        + "of the node's reboot resource; use a stable id such as 'Node0'.");
    }
    if (seen.has(node.id)) {
      throw new Error(`nodes[${i}].id must be unique, got '${node.id}' twice: each node needs its own reboot `
        + "resource; give every node a distinct stable id such as 'Node0', 'Node1'.");
    }
    seen.add(node.id);
  });
}
