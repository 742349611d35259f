import { App, CfnResource, Fn, PolicyValidationPluginReport, PolicyViolation, SecretValue, Stack } from 'aws-cdk-lib';
import { CfnBroker, CfnBrokerProps, CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ActiveMqMeshChecks, ActiveMqMeshChecksProps } from '../../src/nag';

/** The inter-broker password every test broker uses: a dynamic reference, never a literal. */
export const BRIDGE_PASSWORD = SecretValue.secretsManager('mesh/bridge', { jsonField: 'password' }).unsafeUnwrap();

/** A new app with one stack. */
export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id);
}

/**
 * An ActiveMQ broker that passes every per-broker rule (logs, upgrades, key, tags, users); give `overrides` to
 * break one thing. It is standalone unless a configuration is attached.
 */
export function broker(scope: Construct, id: string, overrides: Partial<CfnBrokerProps> = {}): CfnBroker {
  mqLogsPolicy(Stack.of(scope));
  return new CfnBroker(scope, id, {
    brokerName: id,
    engineType: 'ACTIVEMQ',
    engineVersion: '5.19',
    deploymentMode: 'SINGLE_INSTANCE',
    hostInstanceType: 'mq.m5.large',
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    logs: { audit: true, general: true },
    encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1234' },
    users: [{ username: 'bridge', password: BRIDGE_PASSWORD }],
    tags: [{ key: 'owner', value: 'team-a' }],
    ...overrides,
  });
}

/** A CloudWatch Logs resource policy letting Amazon MQ write broker logs (once per stack), as a real app has. */
export function mqLogsPolicy(stack: Stack): void {
  if (stack.node.tryFindChild('MqLogsPolicy') !== undefined) return;
  new CfnResourcePolicy(stack, 'MqLogsPolicy', {
    policyName: 'mq-logs',
    policyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'mq.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:*:*:log-group:/aws/amazonmq/*',
      }],
    }),
  });
}

/** Connector XML pointing at each target broker's OpenWire endpoints (as the mesh construct renders it). */
export function connectorXml(targets: CfnBroker[], attrs = 'userName="bridge" duplex="true"'): string {
  const connectors = targets.map((t, i) =>
    `<networkConnector name="c${i}" ${attrs} uri="static:(failover:(${Fn.join(',', t.attrOpenWireEndpoints)})?randomize=false&amp;maxReconnectAttempts=0)"/>`);
  return brokerXml(connectors.join(''));
}

/** A broker document with the given inner XML for `<networkConnectors>`. */
export function brokerXml(networkConnectors: string): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<broker xmlns="http://activemq.apache.org/schema/core">'
    + (networkConnectors ? `<networkConnectors>${networkConnectors}</networkConnectors>` : '')
    + '<transportConnectors><transportConnector name="openwire"/></transportConnectors></broker>';
}

/** A configuration holding `xml` (wrapped in Fn::Base64). */
export function configuration(scope: Construct, id: string, xml: string): CfnConfiguration {
  return new CfnConfiguration(scope, id, { name: id, engineType: 'ACTIVEMQ', engineVersion: '5.19', data: Fn.base64(xml) });
}

/** Attaches a configuration to a broker through its `Configuration` property. */
export function attach(b: CfnBroker, cfg: CfnConfiguration): void {
  b.configuration = { id: cfg.ref, revision: 1 };
}

/** Attaches a configuration to a broker through an `AWS::AmazonMQ::ConfigurationAssociation`. */
export function associate(scope: Construct, id: string, b: CfnBroker, cfg: CfnConfiguration): CfnConfigurationAssociation {
  return new CfnConfigurationAssociation(scope, id, { broker: b.ref, configuration: { id: cfg.ref, revision: cfg.attrRevision as any } });
}

/** Makes `from` connect to each of `targets` with its own configuration. */
export function connect(from: CfnBroker, targets: CfnBroker[], attrs?: string): CfnConfiguration {
  const cfg = configuration(from.stack, `${from.node.id}Config`, connectorXml(targets, attrs));
  attach(from, cfg);
  return cfg;
}

/** Validates with the pack. */
export function validate(scope: Construct, props?: ActiveMqMeshChecksProps): PolicyValidationPluginReport {
  return new ActiveMqMeshChecks(props).validateScope(scope);
}

/** The violations reported under one rule (`StandaloneBroker` or the full ID `ActiveMqMesh-StandaloneBroker`). */
function violationsOf(report: PolicyValidationPluginReport, rule: string): PolicyViolation[] {
  const id = rule.startsWith('ActiveMqMesh-') ? rule : `ActiveMqMesh-${rule}`;
  return report.violations.filter((v) => v.ruleName.startsWith(`${id}[`));
}

/** The construct paths of the subjects reported under one rule (`StandaloneBroker` or the full ID). */
export function pathsFor(report: PolicyValidationPluginReport, rule: string): string[] {
  return violationsOf(report, rule).map((v) => v.violatingResources[0]?.constructPath ?? '');
}

/** The descriptions reported under one rule (`StandaloneBroker` or the full ID). */
export function descriptionsFor(report: PolicyValidationPluginReport, rule: string): string[] {
  return violationsOf(report, rule).map((v) => v.description ?? '');
}

/** `rule path` for every finding (the rule ID and the subject's path), for whole-report assertions; the summary violation is left out. */
export function allFindings(report: PolicyValidationPluginReport): string[] {
  return report.violations.filter((v) => v.severity !== 'fatal')
    .map((v) => `${v.ruleName.replace(/\[.*$/, '')} ${v.violatingResources[0]?.constructPath}`).sort();
}

/** The path of a resource. */
export function pathOf(r: CfnResource): string {
  return r.node.path;
}
