import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * How an `ActiveMqBrokerMesh` watches itself (`monitoringOptions`; monitoring is on unless `monitoring: false`).
 *
 * Per node, CloudWatch alarms on:
 * - bridges: `NetworkConnectorConnectionCount` below the number of bridges the topology gives the node (plus its
 *   external peers). A dropped bridge is the silent failure of a network of brokers: clients keep working, messages
 *   stop crossing. A node whose count the topology leaves at 0 gets no bridge alarm; its bridges are watched at
 *   their other end;
 * - `CpuUtilization`, `HeapUsage` and `StorePercentUsage` above their thresholds.
 * Active/standby nodes publish metrics per instance (`<broker>-1`, `<broker>-2`); their alarms watch the highest
 * of the two, which is the active instance's.
 *
 * And one CloudWatch dashboard for the mesh: alarm states, bridges, client connections, queue depth and
 * enqueue/dequeue rates, CPU, heap and store, one line per node.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/security-logging-monitoring-cloudwatch.html
 */
export interface MeshMonitoringProps {
  /**
   * The SNS topic every alarm notifies when it goes to ALARM and back to OK.
   * @default - no alarm actions: the alarms show in the CloudWatch console and on the dashboard
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * CPU utilization (percent) above which a node alarms.
   * @default - what a node can run at and still take over a failed node's share: 100 × (n − 1) / n for n nodes,
   * rounded down and at most 80 (50 for 2 nodes, 66 for 3, 75 for 4)
   */
  readonly cpuUtilizationThreshold?: number;

  /**
   * JVM heap usage (percent of ActiveMQ's memory limit) above which a node alarms.
   * @default 80
   */
  readonly heapUsageThreshold?: number;

  /**
   * Message store usage (percent of the store limit) above which a node alarms. At 100 the broker refuses messages.
   * @default 80
   */
  readonly storePercentUsageThreshold?: number;

  /**
   * Whether the accepting end of a duplex connector also counts the bridge in its `NetworkConnectorConnectionCount`.
   * Amazon MQ documents the metric as "the number of nodes connected to the broker in a network of brokers using
   * NetworkConnector" without saying which end counts a duplex bridge; by default each bridge is expected only at the
   * node that declares the connector, which watches every bridge at one end. Set this to true if your brokers show
   * duplex bridges at both ends, so that each node also expects the bridges it accepts. (If they count only at the
   * accepting end, the declaring nodes' bridge alarms would stay in ALARM: check the counts on the first deploy.)
   * @default false
   */
  readonly bridgesCountedAtBothEnds?: boolean;

  /**
   * The period of the alarms' statistics, in whole minutes (Amazon MQ publishes every minute).
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;

  /**
   * How many consecutive periods must breach before an alarm goes to ALARM. A rolling reboot takes a node's bridges
   * down for a few minutes, so keep period × evaluationPeriods above that.
   * @default 3
   */
  readonly evaluationPeriods?: number;

  /**
   * Whether to create the mesh's CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
}
