import { App, CfnResource, Fn, PolicyValidationPluginReport, PolicyViolation, SecretValue, Stack } from 'aws-cdk-lib';
import { CfnBroker, CfnBrokerProps, CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
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
  return report.violations.filter((v) => v.ruleName === id);
}

/** The construct paths reported under one rule (`StandaloneBroker` or the full ID). */
export function pathsFor(report: PolicyValidationPluginReport, rule: string): string[] {
  return violationsOf(report, rule).flatMap((v) => v.violatingResources.map((r) => r.constructPath ?? ''));
}

/** The descriptions reported under one rule (`StandaloneBroker` or the full ID). */
export function descriptionsFor(report: PolicyValidationPluginReport, rule: string): string[] {
  return violationsOf(report, rule).map((v) => v.description ?? '');
}

/** `rule ➜ path` for every finding, for whole-report assertions. */
export function allFindings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)).sort();
}

/** The path of a resource. */
export function pathOf(r: CfnResource): string {
  return r.node.path;
}
