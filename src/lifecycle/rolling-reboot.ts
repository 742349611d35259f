import { CustomResource, Duration, Lazy, Token } from 'aws-cdk-lib';
import { CfnBroker, CfnConfiguration } from 'aws-cdk-lib/aws-amazonmq';
import { Construct, IConstruct } from 'constructs';
import { MeshLifecycle } from './mesh-lifecycle';
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
  /** The broker to reboot. */
  readonly broker: CfnBroker;
  /** The configuration the broker runs (its id and revision are watched). */
  readonly configuration: CfnConfiguration;
  /** Resources the reboot must wait for (the node's configuration association). */
  readonly dependsOn?: IConstruct[];
}

/**
 * Props for `RollingReboot`.
 */
export interface RollingRebootProps {
  /** The brokers, by node index. */
  readonly nodes: RollingRebootNode[];
  /**
   * The reboot order: node indexes, targets before sources (`rebootOrder` of the topology's links), so a broker
   * reboots only after every broker its connectors point at.
   */
  readonly order: number[];
  /** A hash of the users (no secret values); a change reboots every broker. */
  readonly usersHash: string;
  /** The users resource every reboot waits for. */
  readonly users?: IConstruct;
  /** Secrets the library rotates (produced at synth time): while one of them is being rotated, the reboots wait. */
  readonly rotatedSecretArns?: () => string[];
  /**
   * How long to wait for each broker to be RUNNING again with nothing pending. A whole number of
   * 30-second query intervals, from 5 to 55 minutes (CloudFormation gives a custom resource one hour).
   *
   * @default - 45 minutes
   */
  readonly timeout?: Duration;
}

/**
 * Applies what the brokers of a mesh have pending (configuration, users, engine version, instance type) by
 * rebooting them one at a time, targets before sources. One custom resource per node (`Custom::ActiveMqBrokerReboot`),
 * each depending on the previous one in `order`, served by the stack's `MeshLifecycle`. Its properties are what can
 * make a broker need a reboot; the handler decides from `DescribeBroker` whether it does (no reboot when nothing is
 * pending, never two for one change).
 */
export class RollingReboot extends Construct {
  /** The CloudFormation type of each reboot resource. */
  public static readonly RESOURCE_TYPE = 'Custom::ActiveMqBrokerReboot';

  /** One reboot resource per node, by node index. */
  public readonly rebootResources: CustomResource[];

  /**
   * @param scope the parent construct (the mesh)
   * @param id the construct ID
   * @param props the brokers to reboot and their order
   */
  constructor(scope: Construct, id: string, props: RollingRebootProps) {
    super(scope, id);
    validateNodes(props.nodes, props.order);
    const timeout = props.timeout ?? DEFAULT_REBOOT_TIMEOUT;
    const timeoutSeconds = validateRebootTimeout(timeout, 'timeout');
    const lifecycle = MeshLifecycle.of(this);
    const rotated = Lazy.any({
      produce: () => {
        const arns = props.rotatedSecretArns?.() ?? [];
        return arns.length > 0 ? arns : undefined;
      },
    });

    this.rebootResources = props.nodes.map((node) => {
      const resource = new CustomResource(this, node.id, {
        serviceToken: lifecycle.serviceToken,
        resourceType: RollingReboot.RESOURCE_TYPE,
        // CloudFormation's own deadline, a little over the handler's, so a lost answer does not hang the stack for an hour.
        serviceTimeout: Token.isUnresolved(timeoutSeconds) ? undefined : Duration.seconds(timeoutSeconds + 2 * REBOOT_QUERY_INTERVAL.toSeconds()),
        properties: {
          BrokerId: node.broker.ref,
          ConfigurationId: node.configuration.ref,
          ConfigurationRevision: node.configuration.attrRevision,
          EngineVersion: node.broker.engineVersion,
          HostInstanceType: node.broker.hostInstanceType,
          UsersHash: props.usersHash,
          TimeoutSeconds: timeoutSeconds,
          RotatedSecretArns: rotated,
        },
      });
      for (const dep of node.dependsOn ?? []) resource.node.addDependency(dep);
      if (props.users) resource.node.addDependency(props.users);
      return resource;
    });
    props.order.forEach((node, k) => {
      if (k > 0) this.rebootResources[node].node.addDependency(this.rebootResources[props.order[k - 1]]);
    });
  }
}

function validateNodes(nodes: RollingRebootNode[], order: number[]): void {
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
  const sorted = [...order].sort((a, b) => a - b);
  if (sorted.length !== nodes.length || sorted.some((n, i) => n !== i)) {
    throw new Error(`order must list every node index 0..${nodes.length - 1} once, got [${order.join(', ')}]: pass rebootOrder() of the mesh's links.`);
  }
}
