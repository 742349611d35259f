/**
 * Monitoring on by default: per node a bridge alarm at what the topology expects (NetworkConnectorConnectionCount),
 * CPU/heap/store alarms, alarm actions through SNS, and one dashboard per mesh.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, MeshDeploymentMode, MeshTopology } from '../../src';
import { changedResources, flatten, resourcesOfType } from '../helpers/template';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];

function build(props: Partial<ActiveMqBrokerMeshProps> = {}) {
  const stack = new Stack(new App(), 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS, natGateways: 1 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props });
  return { stack, mesh, template: () => Template.fromStack(stack).toJSON() };
}

/** Alarms on one metric, by node index (the node whose broker name the Broker dimension names). */
function alarmsOn(template: any, mesh: ActiveMqBrokerMesh, metricName: string): Record<number, any> {
  const result: Record<number, any> = {};
  for (const alarm of Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')) as any[]) {
    const metrics = alarm.Properties.Metrics
      ? alarm.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric)
      : [{ MetricName: alarm.Properties.MetricName, Dimensions: alarm.Properties.Dimensions }];
    if (metrics[0].MetricName !== metricName) continue;
    const broker = metrics[0].Dimensions[0].Value.replace(/-\d$/, '');
    result[mesh.brokers.findIndex(b => b.brokerName === broker)] = alarm.Properties;
  }
  return result;
}

function thresholds(template: any, mesh: ActiveMqBrokerMesh, metricName: string): Record<number, number> {
  return Object.fromEntries(Object.entries(alarmsOn(template, mesh, metricName)).map(([node, a]) => [node, a.Threshold]));
}

describe('bridge alarms: NetworkConnectorConnectionCount below what the topology gives each node', () => {
  const cases: Array<[string, Partial<ActiveMqBrokerMeshProps>, Record<number, number>, Record<number, number>]> = [
    ['full mesh of 3', {}, { 1: 1, 2: 2 }, { 0: 2, 1: 2, 2: 2 }],
    ['full mesh of 3 with one-way connectors', { networkConnector: { duplex: false } }, { 0: 2, 1: 2, 2: 2 }, { 0: 2, 1: 2, 2: 2 }],
    ['hub and spoke of 4 (hub 0)', { brokerCount: 4, topology: MeshTopology.hubAndSpoke() }, { 1: 1, 2: 1, 3: 1 }, { 0: 3, 1: 1, 2: 1, 3: 1 }],
    ['hub and spoke of 4 (hub 2)', { brokerCount: 4, topology: MeshTopology.hubAndSpoke({ hubIndex: 2 }) }, { 0: 1, 1: 1, 3: 1 }, { 0: 1, 1: 1, 2: 3, 3: 1 }],
    ['concentrator of 5 (2 concentrators)', { brokerCount: 5, topology: MeshTopology.concentrator() }, { 1: 1, 2: 2, 3: 2, 4: 2 }, { 0: 1, 1: 1, 2: 2, 3: 2, 4: 2 }],
  ];

  test.each(cases)('%s: expected at the declaring end (the default)', (_name, props, expected) => {
    const { template, mesh } = build(props);
    expect(thresholds(template(), mesh, 'NetworkConnectorConnectionCount')).toEqual(expected);
  });

  test.each(cases)('%s: with bridgesCountedAtBothEnds, also the duplex bridges a node accepts', (_name, props, _declaring, both) => {
    const { template, mesh } = build({ ...props, monitoringOptions: { bridgesCountedAtBothEnds: true } });
    expect(thresholds(template(), mesh, 'NetworkConnectorConnectionCount')).toEqual(both);
  });

  test('alarm below the expected count on the minimum over 5 minutes, 3 periods in a row, and treat no data as down', () => {
    const { template, mesh } = build();
    const alarm = alarmsOn(template(), mesh, 'NetworkConnectorConnectionCount')[2];
    expect(alarm).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 2,
      EvaluationPeriods: 3,
      TreatMissingData: 'breaching',
      Statistic: 'Minimum',
      Period: 300,
      Namespace: 'AWS/AmazonMQ',
      Dimensions: [{ Name: 'Broker', Value: `${mesh.brokers[2].brokerName}-1` }],
    });
    expect(alarm.AlarmDescription).toContain('has fewer than 2 network bridges');
  });

  test('active/standby: the metric is per instance, so the alarm watches the higher of <broker>-1 and <broker>-2', () => {
    const { template, mesh } = build({ deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ });
    const t = template();
    expect(thresholds(t, mesh, 'NetworkConnectorConnectionCount')).toEqual({ 1: 1, 2: 2 });
    const alarm = alarmsOn(t, mesh, 'NetworkConnectorConnectionCount')[1];
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression).toMatchObject({ Expression: 'MAX([m1i0,m1i1])', ReturnData: true });
    const instances = alarm.Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => [m.Id, m.MetricStat.Metric.Dimensions[0].Value, m.MetricStat.Stat]);
    expect(instances).toEqual([
      ['m1i0', `${mesh.brokers[1].brokerName}-1`, 'Minimum'],
      ['m1i1', `${mesh.brokers[1].brokerName}-2`, 'Minimum'],
    ]);
    for (const kind of ['CpuUtilization', 'HeapUsage', 'StorePercentUsage']) {
      expect(Object.keys(alarmsOn(t, mesh, kind))).toEqual(['0', '1', '2']);
    }
  });

  test('an external peer raises the connecting nodes\' expectation, and gives a node that expected none its alarm', () => {
    const { template, mesh } = build();
    mesh.addExternalPeer('legacy', { openWireEndpoints: ['ssl://b-legacy-1.mq.us-east-1.amazonaws.com:61617'] });
    expect(thresholds(template(), mesh, 'NetworkConnectorConnectionCount')).toEqual({ 0: 1, 1: 2, 2: 3 });
  });
});

describe('CPU, heap and store alarms', () => {
  test.each([[2, 50], [3, 66], [4, 75], [6, 80]])('%d nodes: CPU alarm above %d%% (room to take over a failed node\'s load)', (brokerCount, cpu) => {
    const { template, mesh } = build({ brokerCount });
    const t = template();
    const expectAll = (value: number) => Object.fromEntries(Array.from({ length: brokerCount }, (_, i) => [i, value]));
    expect(thresholds(t, mesh, 'CpuUtilization')).toEqual(expectAll(cpu));
    expect(thresholds(t, mesh, 'HeapUsage')).toEqual(expectAll(80));
    expect(thresholds(t, mesh, 'StorePercentUsage')).toEqual(expectAll(80));
    for (const kind of ['CpuUtilization', 'HeapUsage', 'StorePercentUsage']) {
      for (const alarm of Object.values(alarmsOn(t, mesh, kind))) {
        expect(alarm).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching', EvaluationPeriods: 3 });
      }
    }
  });

  test('thresholds, period and evaluation periods can be set', () => {
    const { template, mesh } = build({
      monitoringOptions: {
        cpuUtilizationThreshold: 90, heapUsageThreshold: 60, storePercentUsageThreshold: 50, period: Duration.minutes(1), evaluationPeriods: 10,
      },
    });
    const t = template();
    expect(thresholds(t, mesh, 'CpuUtilization')).toEqual({ 0: 90, 1: 90, 2: 90 });
    expect(thresholds(t, mesh, 'HeapUsage')).toEqual({ 0: 60, 1: 60, 2: 60 });
    expect(thresholds(t, mesh, 'StorePercentUsage')).toEqual({ 0: 50, 1: 50, 2: 50 });
    for (const alarm of Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm')) as any[]) {
      expect(alarm.Properties).toMatchObject({ Period: 60, EvaluationPeriods: 10 });
    }
  });
});

describe('alarm actions, opting out, safety', () => {
  test('an SNS topic is notified on ALARM and on OK by every alarm', () => {
    const stack = new Stack(new App(), 'Stack');
    const topic = new sns.Topic(stack, 'Oncall');
    const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', {
      vpc: new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3) }), monitoringOptions: { alarmTopic: topic },
    });
    const t = Template.fromStack(stack).toJSON();
    const alarms = Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm')) as any[];
    expect(alarms).toHaveLength(2 + 3 * 3);
    expect(mesh.alarms).toHaveLength(alarms.length);
    const topicId = Object.keys(resourcesOfType(t, 'AWS::SNS::Topic'))[0];
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
  });

  test('without a topic the alarms have no actions', () => {
    const alarms = Object.values(resourcesOfType(build().template(), 'AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.every(a => a.Properties.AlarmActions === undefined && a.Properties.OKActions === undefined)).toBe(true);
  });

  test('monitoring: false creates no alarm and no dashboard', () => {
    const { template, mesh } = build({ monitoring: false });
    const t = template();
    expect(Object.keys(resourcesOfType(t, 'AWS::CloudWatch::Alarm'))).toHaveLength(0);
    expect(Object.keys(resourcesOfType(t, 'AWS::CloudWatch::Dashboard'))).toHaveLength(0);
    expect(mesh.alarms).toEqual([]);
    expect(mesh.dashboard).toBeUndefined();
  });

  test('turning monitoring on adds CloudWatch resources only: no broker, configuration or other resource changes', () => {
    const off = build({ monitoring: false }).template();
    const on = build().template();
    expect(changedResources(off, on)).toEqual([]);
    const added = Object.keys(on.Resources).filter(id => !(id in off.Resources)).map(id => on.Resources[id].Type);
    expect(new Set(added)).toEqual(new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard']));
  });

  test.each([
    [{ monitoring: false, monitoringOptions: {} }, 'monitoringOptions is set, but monitoring is false: remove monitoringOptions, or remove monitoring: false to keep the alarms and dashboard.'],
    [{ monitoringOptions: { cpuUtilizationThreshold: 100 } }, 'monitoringOptions.cpuUtilizationThreshold must be a percentage above 0 and below 100, got 100: use for example 80.'],
    [{ monitoringOptions: { heapUsageThreshold: 0 } }, 'monitoringOptions.heapUsageThreshold must be a percentage above 0 and below 100, got 0'],
    [{ monitoringOptions: { storePercentUsageThreshold: -5 } }, 'monitoringOptions.storePercentUsageThreshold must be a percentage above 0 and below 100, got -5'],
    [{ monitoringOptions: { evaluationPeriods: 0 } }, 'monitoringOptions.evaluationPeriods must be a whole number of at least 1, got 0: use for example 3.'],
    [{ monitoringOptions: { period: Duration.seconds(30) } }, 'monitoringOptions.period must be whole minutes, got 30 seconds: Amazon MQ publishes its metrics every minute; use for example Duration.minutes(5).'],
    [{ monitoringOptions: { period: Duration.hours(1), evaluationPeriods: 25 } }, "monitoringOptions.period × evaluationPeriods must be at most one day (CloudWatch's limit for an alarm), got 1 hour × 25: shorten the period or use fewer evaluation periods."],
  ] as Array<[Partial<ActiveMqBrokerMeshProps>, string]>)('fails with a clear message: %j', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});

describe('the dashboard', () => {
  function body(template: any): any {
    const dashboards = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard')) as any[];
    expect(dashboards).toHaveLength(1);
    return JSON.parse(flatten(dashboards[0].Properties.DashboardBody));
  }

  test('shows bridges, connections, queue depth, enqueue/dequeue rates, CPU, heap and store per node, and every alarm', () => {
    const { template, mesh } = build({ brokerCount: 4, topology: MeshTopology.hubAndSpoke() });
    mesh.addExternalPeer('legacy', { openWireEndpoints: ['ssl://b-legacy-1.mq.us-east-1.amazonaws.com:61617'], connectFrom: [0] });
    const b = body(template());
    const titles = b.widgets.map((w: any) => w.properties.title ?? w.properties.markdown.split('\n')[0]);
    expect(titles).toEqual([
      '# ActiveMQ mesh Stack/Mesh', 'Alarms',
      'Bridges (NetworkConnectorConnectionCount, minimum)', 'Client connections (CurrentConnectionsCount)',
      'Queue depth (TotalMessageCount: messages stored)', 'Enqueued / dequeued per second (RATE of TotalEnqueueCount / TotalDequeueCount)',
      'CPU utilization (%)', 'Heap usage (%)', 'Store usage (%)',
    ]);
    const graph = (title: string) => b.widgets.find((w: any) => w.properties.title === title).properties.metrics;
    const bridges = graph('Bridges (NetworkConnectorConnectionCount, minimum)');
    expect(bridges.map((m: any) => m[m.length - 1].label)).toEqual(['node 0 (expects 1)', 'node 1 (expects 1)', 'node 2 (expects 1)', 'node 3 (expects 1)']);
    expect(bridges.map((m: any) => m[3])).toEqual(mesh.brokers.map(x => `${x.brokerName}-1`));
    for (const [title, metric] of [['Client connections (CurrentConnectionsCount)', 'CurrentConnectionsCount'], ['Queue depth (TotalMessageCount: messages stored)', 'TotalMessageCount'], ['Store usage (%)', 'StorePercentUsage']]) {
      expect(graph(title).map((m: any) => m[1])).toEqual(Array(4).fill(metric));
    }
    const rates = graph('Enqueued / dequeued per second (RATE of TotalEnqueueCount / TotalDequeueCount)');
    const expressions = rates.filter((m: any) => m[0].expression).map((m: any) => [m[0].expression, m[0].label]);
    expect(expressions).toEqual(expect.arrayContaining([['RATE(enq0r0)', 'node 0 enqueued/s'], ['RATE(deq3r0)', 'node 3 dequeued/s']]));
    // The alarm widget lists every alarm, including the hub's bridge alarm that the external peer added later.
    const alarmWidget = b.widgets.find((w: any) => w.properties.title === 'Alarms');
    expect(alarmWidget.properties.alarms).toHaveLength(mesh.alarms.length);
    expect(mesh.alarms).toHaveLength(4 + 4 * 3);
  });

  test('can be left out', () => {
    const { template, mesh } = build({ monitoringOptions: { dashboard: false } });
    expect(Object.keys(resourcesOfType(template(), 'AWS::CloudWatch::Dashboard'))).toHaveLength(0);
    expect(mesh.dashboard).toBeUndefined();
    expect(mesh.alarms.length).toBeGreaterThan(0);
  });
});
