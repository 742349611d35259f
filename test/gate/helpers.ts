import { Finding, GateOptions, GateResult, runGate, TemplateSource } from '../../src/gate';

export const NS = 'http://activemq.apache.org/schema/core';
export const SECRET = '{{resolve:secretsmanager:mesh/bridge:SecretString:password::}}';

/** A broker that passes every per-broker rule; `extra` replaces properties. */
export function brokerJson(name: string, extra: object = {}, resource: object = {}): object {
  return {
    Type: 'AWS::AmazonMQ::Broker',
    ...resource,
    Properties: {
      BrokerName: name,
      EngineType: 'ACTIVEMQ',
      EngineVersion: '5.19',
      DeploymentMode: 'SINGLE_INSTANCE',
      HostInstanceType: 'mq.m5.large',
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      Logs: { Audit: true, General: true },
      EncryptionOptions: { UseAwsOwnedKey: false, KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1' },
      Users: [{ Username: 'bridge', Password: SECRET }],
      Tags: [{ Key: 'owner', Value: 'team-a' }],
      ...extra,
    },
  };
}

/** A broker configuration whose XML is `Fn::Sub` of the given connectors (`${Peer.OpenWireEndpoints}` style references work). */
export function configJson(connectors: string, extra: object = {}, resource: object = {}): object {
  return {
    Type: 'AWS::AmazonMQ::Configuration',
    ...resource,
    Properties: {
      Name: 'c',
      EngineType: 'ACTIVEMQ',
      EngineVersion: '5.19',
      Data: { 'Fn::Base64': { 'Fn::Sub': xml(connectors) } },
      ...extra,
    },
  };
}

/** A broker document around `<networkConnectors>` content. */
export function xml(connectors: string, wrapper = `<networkConnectors>${connectors}</networkConnectors>`): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><broker xmlns="${NS}">${connectors === '' ? '' : wrapper}</broker>`;
}

/** A connector to the joined OpenWire endpoints of a broker of the template. */
export function connectorTo(peer: string, attrs = 'name="c" userName="bridge" duplex="true"'): string {
  return `<networkConnector ${attrs} uri="static:(failover:(\${${peer}Endpoints})?randomize=false)"/>`;
}

/** Configuration properties referencing the joined endpoints of the peers (Fn::Sub variables). */
export function configTo(peers: string[], attrs?: string, resource: object = {}): object {
  const cfg: any = configJson(peers.map((p) => connectorTo(p, attrs)).join(''), {}, resource);
  const vars = Object.fromEntries(peers.map((p) => [`${p}Endpoints`, { 'Fn::Join': [',', { 'Fn::GetAtt': [p, 'OpenWireEndpoints'] }] }]));
  cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [cfg.Properties.Data['Fn::Base64']['Fn::Sub'], vars] } };
  return cfg;
}

/** Judges templates given as bodies (one per stack). */
export function judge(templates: { [stack: string]: object } | object, options: GateOptions = {}): GateResult {
  const bodies: { [stack: string]: object } = 'Resources' in templates ? { Stack: templates } : templates as { [stack: string]: object };
  const sources: TemplateSource[] = Object.entries(bodies).map(([id, body]) => ({ id, displayName: id, body: body as any }));
  return runGate(sources, options);
}

/** `Rule subject` for every finding, sorted. */
export function findings(r: GateResult, level?: string): string[] {
  return r.findings.filter((f) => level === undefined || f.level === level).map((f) => `${f.rule} ${f.subjectPath}`).sort();
}

/** The findings of a rule. */
export function of(r: GateResult, rule: string): Finding[] {
  return r.findings.filter((f) => f.rule === rule);
}

/** The subjects of a rule's findings. */
export function subjects(r: GateResult, rule: string): string[] {
  return of(r, rule).map((f) => f.subjectPath).sort();
}

/** A CloudWatch Logs resource policy for Amazon MQ, so tests are not about LogsResourcePolicyMissing. */
export const LOGS_POLICY = {
  Type: 'AWS::Logs::ResourcePolicy',
  Properties: {
    PolicyName: 'mq',
    PolicyDocument: JSON.stringify({
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'mq.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:*:*:log-group:/aws/amazonmq/*',
      }],
    }),
  },
};
