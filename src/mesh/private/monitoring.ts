import { Duration, Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { MeshPlan } from '../../topology';
import { BrokerMetricOptions, MeshBroker } from '../mesh-broker';
import { MeshMonitoringProps } from '../monitoring-props';

/** Defaults of `MeshMonitoringProps` that do not depend on the mesh. */
export const MONITORING_DEFAULTS = {
  heapUsageThreshold: 80,
  storePercentUsageThreshold: 80,
  period: Duration.minutes(5),
  evaluationPeriods: 3,
  maxCpuUtilizationThreshold: 80,
} as const;

/** The default CPU threshold: the load a node can carry and still take over its share of a failed node's. */
export function defaultCpuThreshold(brokerCount: number): number {
  return Math.min(MONITORING_DEFAULTS.maxCpuUtilizationThreshold, Math.floor((100 * (brokerCount - 1)) / brokerCount));
}

/**
 * How many bridges node `node` should show in `NetworkConnectorConnectionCount`: one per connector it declares (to
 * mesh nodes and external peers), plus, with `countedAtBothEnds`, one per duplex connector another node declares to
 * it. Amazon MQ's documentation ("the number of nodes connected to the broker in a network of brokers using
 * NetworkConnector") does not say which end of a duplex bridge counts it; counting only the declaring end is the
 * assumption that cannot alarm falsely, and every bridge is still watched at one end.
 */
export function expectedBridges(plan: MeshPlan, node: number, externalPeers: number, countedAtBothEnds: boolean): number {
  const declared = plan.links.filter(l => l.from === node).length + externalPeers;
  const accepted = countedAtBothEnds ? plan.links.filter(l => l.to === node && l.duplex).length : 0;
  return declared + accepted;
}

/** What the monitoring of a mesh reads from it. */
export interface MeshMonitoringContext {
  readonly plan: MeshPlan;
  readonly brokers: MeshBroker[];
  /** External peers of a node, counted at synth time (peers may be added after the mesh). */
  readonly externalPeersOf: (node: number) => number;
  readonly props: MeshMonitoringProps;
}

type BrokerMetric = (broker: MeshBroker, options: BrokerMetricOptions) => cloudwatch.IMetric;

interface SeriesOptions {
  /** Take each instance's series through `RATE()` (per second), for counters. */
  readonly rate?: boolean;
  readonly label?: string;
  /** Prefix of the metric math ids, unique per metric within one graph. */
  readonly key?: string;
}

/**
 * The alarms and the dashboard of a mesh. Bridge alarms exist for the nodes that expect at least one bridge;
 * `watchBridges()` adds them for nodes that gain one later (an external peer).
 */
export class MeshMonitoring extends Construct {
  /** Every alarm, in creation order. The dashboard's alarm widget reads this array at synth time. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly period: Duration;
  private readonly bridgeAlarms = new Map<number, cloudwatch.Alarm>();

  constructor(scope: Construct, id: string, private readonly ctx: MeshMonitoringContext) {
    super(scope, id);
    const p = ctx.props;
    this.period = p.period ?? MONITORING_DEFAULTS.period;
    this.watchBridges();
    const cpu = p.cpuUtilizationThreshold ?? defaultCpuThreshold(ctx.brokers.length);
    const heap = p.heapUsageThreshold ?? MONITORING_DEFAULTS.heapUsageThreshold;
    const store = p.storePercentUsageThreshold ?? MONITORING_DEFAULTS.storePercentUsageThreshold;
    for (const broker of ctx.brokers) {
      const n = broker.nodeIndex;
      this.alarm(`Node${n}Cpu`, this.perNode(broker, 'MAX', (b, o) => b.metricCpuUtilization(o)), cpu,
        `CPU of node ${n} (${broker.brokerName}) above ${cpu}%: the other nodes could not absorb its load if it failed.`);
      this.alarm(`Node${n}Heap`, this.perNode(broker, 'MAX', (b, o) => b.metricHeapUsage(o)), heap,
        `Heap of node ${n} (${broker.brokerName}) above ${heap}% of ActiveMQ's memory limit: producers are about to be throttled.`);
      this.alarm(`Node${n}Store`, this.perNode(broker, 'MAX', (b, o) => b.metricStorePercentUsage(o)), store,
        `Message store of node ${n} (${broker.brokerName}) above ${store}%: at 100% the broker refuses messages.`);
    }
    if (p.dashboard ?? true) {
      this.dashboard = this.createDashboard();
    }
  }

  /** Creates the bridge alarm of every node that now expects a bridge and has none yet. */
  public watchBridges(): void {
    for (const broker of this.ctx.brokers) {
      const n = broker.nodeIndex;
      if (this.bridgeAlarms.has(n) || this.expected(n) === 0) {
        continue;
      }
      const expected = Lazy.number({ produce: () => this.expected(n) });
      const alarm = this.alarm(`Node${n}Bridges`,
        this.perNode(broker, 'MAX', (b, o) => b.metricNetworkConnectorConnectionCount(o)), expected,
        Lazy.string({
          produce: () => `Node ${n} (${broker.brokerName}) has fewer than ${this.expected(n)} network bridges `
          + '(NetworkConnectorConnectionCount): a bridge is down, and messages no longer cross it. No data counts as down.',
        }),
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, cloudwatch.TreatMissingData.BREACHING);
      this.bridgeAlarms.set(n, alarm);
    }
  }

  private expected(node: number): number {
    return expectedBridges(this.ctx.plan, node, this.ctx.externalPeersOf(node), this.ctx.props.bridgesCountedAtBothEnds ?? false);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData = cloudwatch.TreatMissingData.NOT_BREACHING): cloudwatch.Alarm {
    const evaluationPeriods = this.ctx.props.evaluationPeriods ?? MONITORING_DEFAULTS.evaluationPeriods;
    const alarm = new cloudwatch.Alarm(this, id, {
      metric, threshold, comparisonOperator, treatMissingData, evaluationPeriods, alarmDescription: description,
    });
    const topic = this.ctx.props.alarmTopic;
    if (topic !== undefined) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * One series for a node: the metric itself for a single instance; for an active/standby pair, `MAX` or `SUM` of its
   * two instances (`<broker>-1`, `<broker>-2`), optionally each taken through `RATE` first.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
   */
  private perNode(broker: MeshBroker, combine: 'MAX' | 'SUM', metric: BrokerMetric, options: SeriesOptions = {}): cloudwatch.IMetric {
    const { rate = false, label, key = 'm' } = options;
    const n = broker.nodeIndex;
    const series = Array.from({ length: broker.instanceCount }, (_, i) => {
      const m = metric(broker, { instance: i + 1, period: this.period });
      const id = `${key}${n}r${i}`;
      return rate ? new cloudwatch.MathExpression({ expression: `RATE(${id})`, usingMetrics: { [id]: m }, period: this.period }) : m;
    });
    if (series.length === 1) {
      return label === undefined ? series[0] : withLabel(series[0], label);
    }
    const ids = series.map((_, i) => `${key}${n}i${i}`);
    return new cloudwatch.MathExpression({
      expression: `${combine}([${ids.join(',')}])`,
      usingMetrics: Object.fromEntries(ids.map((id, i) => [id, series[i]])),
      label: label ?? `node ${n} (${combine === 'MAX' ? 'active instance' : 'both instances'})`,
      period: this.period,
    });
  }

  private createDashboard(): cloudwatch.Dashboard {
    const brokers = this.ctx.brokers;
    const graph = (title: string, combine: 'MAX' | 'SUM', metric: BrokerMetric) => new cloudwatch.GraphWidget({
      title,
      width: 12,
      left: brokers.map(b => this.perNode(b, combine, metric, { label: `node ${b.nodeIndex}` })),
    });
    const amazonMq = (name: string): BrokerMetric => (b, o) => b.metric(name, { statistic: cloudwatch.Stats.MAXIMUM, ...o });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    // The mesh's tags would reach the dashboard as `Tags`, a property the CloudFormation reference added recently
    // (aws-cdk-lib 2.257's spec) but cfn-lint 1.51's registry schemas and older Regions refuse (E3002): leave it out.
    (dashboard.node.defaultChild as cloudwatch.CfnDashboard).addPropertyDeletionOverride('Tags');
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        width: 24,
        height: 2,
        markdown: `# ActiveMQ mesh ${this.node.scope!.node.path}\n${brokers.length} nodes: `
          + brokers.map(b => `node ${b.nodeIndex} = ${b.brokerName}`).join(', ')
          + '. Bridges below what a node expects mean messages no longer cross between nodes.',
      }),
      // The widget renders at synth time from this array, so bridge alarms added later for external peers show too.
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Bridges (NetworkConnectorConnectionCount, minimum)',
        width: 12,
        left: brokers.map(b => this.perNode(b, 'MAX', (x, o) => x.metricNetworkConnectorConnectionCount(o),
          { label: Lazy.string({ produce: () => `node ${b.nodeIndex} (expects ${this.expected(b.nodeIndex)})` }) })),
      }),
      graph('Client connections (CurrentConnectionsCount)', 'SUM', (b, o) => b.metricCurrentConnectionsCount(o)),
    );
    dashboard.addWidgets(
      graph('Queue depth (TotalMessageCount: messages stored)', 'SUM', amazonMq('TotalMessageCount')),
      new cloudwatch.GraphWidget({
        title: 'Enqueued / dequeued per second (RATE of TotalEnqueueCount / TotalDequeueCount)',
        width: 12,
        left: brokers.map(b => this.perNode(b, 'SUM', amazonMq('TotalEnqueueCount'), { rate: true, key: 'enq', label: `node ${b.nodeIndex} enqueued/s` })),
        right: brokers.map(b => this.perNode(b, 'SUM', amazonMq('TotalDequeueCount'), { rate: true, key: 'deq', label: `node ${b.nodeIndex} dequeued/s` })),
      }),
    );
    dashboard.addWidgets(
      graph('CPU utilization (%)', 'MAX', (b, o) => b.metricCpuUtilization(o)),
      graph('Heap usage (%)', 'MAX', (b, o) => b.metricHeapUsage(o)),
    );
    dashboard.addWidgets(graph('Store usage (%)', 'MAX', (b, o) => b.metricStorePercentUsage(o)));
    return dashboard;
  }
}

function withLabel(metric: cloudwatch.IMetric, label: string): cloudwatch.IMetric {
  return metric instanceof cloudwatch.Metric || metric instanceof cloudwatch.MathExpression ? metric.with({ label }) : metric;
}
