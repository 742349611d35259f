/**
 * Turns a generated app description into a real CDK app (L1 CfnResources with raw CloudFormation JSON, overrides,
 * conditions, exports between stacks), as a team that writes CloudFormation by hand in CDK would.
 */
import { App, CfnCondition, CfnOutput, CfnParameter, CfnResource, Fn, Stack, Validations } from 'aws-cdk-lib';
import { GenApp, GenBroker, GenLink } from './generator';
import { LOGS_POLICY } from '../helpers';

export const SENTINEL = 'Model-S3ntinel-Pw-4d1e';
const NS = 'http://activemq.apache.org/schema/core';
/** The pattern declaring the external peers the generator uses (`externalDeclared` links). */
export const EXTERNAL_PEER = { endpoint: 'b-ext*-1.mq.eu-west-1.amazonaws.com', reason: 'the DR mesh of app orders-dr' };

const BRIDGE = [
  '{{resolve:secretsmanager:mesh/bridge:SecretString:password}}',
  '{{resolve:secretsmanager:mesh/bridge:SecretString:password::}}',
  '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:mesh/bridge-AbC123:SecretString:password::}}',
];

/** Builds the app; `outdir` receives the cloud assembly when it is synthesized. */
export function buildApp(gen: GenApp, outdir: string): App {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stacks = Array.from({ length: gen.stacks }, (_, i) => stackOf(app, i));
  for (const b of gen.brokers) buildBroker(gen, stacks[b.stack], b);
  return app;
}

interface StackParts {
  readonly stack: Stack;
  readonly prod: CfnCondition;
}

function stackOf(app: App, i: number): StackParts {
  const stack = new Stack(app, `S${i}`);
  const env = new CfnParameter(stack, 'Env', { type: 'String' });
  new CfnParameter(stack, 'AdminPw', { type: 'String', noEcho: true });
  new CfnParameter(stack, 'AdminPwDefault', { type: 'String', noEcho: true, default: SENTINEL });
  const prod = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
  raw(stack, 'Bridge', 'AWS::SecretsManager::Secret', { Name: 'mesh/bridge' });
  raw(stack, 'AdminSecret', 'AWS::SecretsManager::Secret', { Name: 'mesh/admin' });
  raw(stack, 'MqLogs', LOGS_POLICY.Type, { ...LOGS_POLICY.Properties, PolicyName: `mq-${i}` });
  return { stack, prod };
}

function raw(stack: Stack, id: string, type: string, properties: object): CfnResource {
  const r = new CfnResource(stack, id, { type, properties });
  r.overrideLogicalId(id);
  return r;
}

function buildBroker(gen: GenApp, parts: StackParts, b: GenBroker): void {
  const { stack, prod } = parts;
  const id = `B${b.index}`;
  const hasConfig = b.attach !== 'none';
  const configId = { Ref: `${id}Cfg` };
  const emptyId = { Ref: `${id}Empty` };
  const brokerConfig = b.attach === 'configuration' ? configId : b.attach === 'assocOverEmpty' ? emptyId : b.attach === 'emptyAssocOverConfig' ? configId : undefined;
  const assocConfig = b.attach === 'association' || b.attach === 'assocOverEmpty' ? configId : b.attach === 'emptyAssocOverConfig' ? emptyId : undefined;
  const broker = raw(stack, id, 'AWS::AmazonMQ::Broker', {
    BrokerName: `broker-${b.index}`,
    EngineType: b.engine,
    EngineVersion: b.engine === 'RABBITMQ' ? '3.13' : '5.19',
    DeploymentMode: b.engine === 'RABBITMQ' ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE',
    HostInstanceType: 'mq.m5.large',
    PubliclyAccessible: b.publicL1,
    AutoMinorVersionUpgrade: true,
    Logs: { Audit: true, General: true },
    EncryptionOptions: { UseAwsOwnedKey: false, KmsKeyId: 'alias/mq' },
    Users: [{ Username: 'bridge', Password: bridgePassword(b) }, { Username: 'admin', Password: adminPassword(b) }],
    Tags: [{ Key: 'owner', Value: 'team' }],
    MaintenanceWindowStartTime: { DayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'][b.index % 7], TimeOfDay: `0${b.index % 10}:00`, TimeZone: 'UTC' },
    ...(brokerConfig === undefined ? {} : { Configuration: { Id: brokerConfig, Revision: 1 } }),
  });
  if (b.publicOverride === 'delete') broker.addDeletionOverride('Properties.PubliclyAccessible');
  else if (b.publicOverride !== undefined) broker.addPropertyOverride('PubliclyAccessible', b.publicOverride);
  if (b.conditional) broker.cfnOptions.condition = prod;
  if (b.acknowledged) Validations.of(broker).acknowledge({ id: 'ActiveMqMesh-StandaloneBroker', reason: 'model: acknowledged on purpose' });
  if (hasConfig) {
    const cfg = raw(stack, `${id}Cfg`, 'AWS::AmazonMQ::Configuration', { Name: `cfg-${b.index}`, EngineType: 'ACTIVEMQ', EngineVersion: '5.19', Data: data(gen, b) });
    if (b.conditional) cfg.cfnOptions.condition = prod;
  }
  if (b.attach === 'assocOverEmpty' || b.attach === 'emptyAssocOverConfig') {
    const empty = raw(stack, `${id}Empty`, 'AWS::AmazonMQ::Configuration', {
      Name: `empty-${b.index}`, EngineType: 'ACTIVEMQ', EngineVersion: '5.19', Data: Buffer.from(`<broker xmlns="${NS}"/>`).toString('base64'),
    });
    if (b.conditional) empty.cfnOptions.condition = prod;
  }
  if (assocConfig !== undefined) {
    const assoc = raw(stack, `${id}Assoc`, 'AWS::AmazonMQ::ConfigurationAssociation', { Broker: { Ref: id }, Configuration: { Id: assocConfig, Revision: 1 } });
    if (b.conditional || b.associationConditional) assoc.cfnOptions.condition = prod;
  }
  if (gen.brokers.some((o) => o.links.some((l) => l.kind === 'import' && l.target === b.index))) {
    new CfnOutput(stack, `${id}Endpoints`, { value: Fn.join(',', Fn.getAtt(id, 'OpenWireEndpoints') as any), exportName: `S${b.stack}-${id}-Endpoints` });
  }
}

function bridgePassword(b: GenBroker): unknown {
  if (b.bridgeSecret === 1) return '{{resolve:secretsmanager:mesh/other:SecretString:password}}';
  if (b.bridgeEncoding < BRIDGE.length) return BRIDGE[b.bridgeEncoding];
  return { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Bridge' }, ':SecretString:password::}}']] };
}

function adminPassword(b: GenBroker): unknown {
  switch (b.adminPassword) {
    case 'secretName': return '{{resolve:secretsmanager:mesh/admin:SecretString:password}}';
    case 'secretArn': return '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:mesh/admin-Zz9Yy8:SecretString:password::}}';
    case 'secretRef': return { 'Fn::Sub': '{{resolve:secretsmanager:${AdminSecret}:SecretString:password}}' };
    case 'ssmSecure': return '{{resolve:ssm-secure:/mq/admin:1}}';
    case 'noEchoParam': return { Ref: 'AdminPw' };
    case 'literal': return SENTINEL;
    case 'ssm': return '{{resolve:ssm:/mq/admin}}';
    case 'noEchoDefault': return { Ref: 'AdminPwDefault' };
    case 'ifLiteral': return { 'Fn::If': ['IsProd', '{{resolve:secretsmanager:mesh/admin:SecretString:password}}', SENTINEL] };
    case 'refWithSuffix': return `{{resolve:secretsmanager:mesh/admin}}${SENTINEL}`;
  }
}

/** The configuration Data: the connectors of the broker's links, encoded as the generator chose. */
function data(gen: GenApp, b: GenBroker): unknown {
  const vars: { [name: string]: unknown } = {};
  const amq: string[] = [];
  const foreign: string[] = [];
  b.links.forEach((l, k) => {
    const v = `V${k}`;
    const c = connector(gen, b, l, k, v, vars);
    (l.kind === 'foreignNs' ? foreign : amq).push(c);
  });
  const body = (amq.length > 0 ? `<networkConnectors>${amq.join('')}</networkConnectors>` : '')
    + (foreign.length > 0 ? `<networkConnectors xmlns="urn:other">${foreign.join('')}</networkConnectors>` : '');
  const xml = `<broker xmlns="${NS}">${body}</broker>`;
  const needsRegion = xml.includes('${AWS::Region}');
  if (b.data === 'literal' && Object.keys(vars).length === 0 && !needsRegion) return Buffer.from(xml).toString('base64');
  if (b.data === 'join') {
    const parts: unknown[] = xml.split(/(\$\{[A-Za-z0-9:]+\})/).filter((p) => p !== '').map((p) => {
      const m = /^\$\{([A-Za-z0-9:]+)\}$/.exec(p);
      if (m === null) return p;
      return m[1] === 'AWS::Region' ? { Ref: 'AWS::Region' } : vars[m[1]];
    });
    return { 'Fn::Base64': { 'Fn::Join': ['', parts] } };
  }
  return { 'Fn::Base64': Object.keys(vars).length === 0 ? { 'Fn::Sub': xml } : { 'Fn::Sub': [xml, vars] } };
}

function connector(gen: GenApp, b: GenBroker, l: GenLink, k: number, v: string, vars: { [name: string]: unknown }): string {
  const target = l.target === undefined ? undefined : `B${l.target}`;
  const joined = (t: string) => ({ 'Fn::Join': [',', { 'Fn::GetAtt': [t, 'OpenWireEndpoints'] }] });
  const attrs = [`name="c${k}"`, 'userName="bridge"', 'duplex="true"'];
  let uri: string | undefined;
  let inner = '';
  switch (l.kind) {
    case 'joined': case 'excludeAll': case 'ttl0': case 'foreignNs':
      vars[v] = joined(target!);
      uri = `static:(failover:(\${${v}})?randomize=false)`;
      if (l.kind === 'excludeAll') inner = '<excludedDestinations><queue physicalName="&gt;"/><topic physicalName="&gt;"/></excludedDestinations>';
      if (l.kind === 'ttl0') attrs.push('networkTTL="0"');
      break;
    case 'element': vars[v] = { 'Fn::Select': [0, { 'Fn::GetAtt': [target!, 'OpenWireEndpoints'] }] }; uri = `static:(\${${v}})`; break;
    case 'hostRef': vars[v] = { Ref: target! }; uri = `static:(ssl://b-\${${v}}-1.mq.\${AWS::Region}.amazonaws.com:61617)`; break;
    case 'import': vars[v] = { 'Fn::ImportValue': `S${gen.brokers[l.target!].stack}-${target}-Endpoints` }; uri = `static:(failover:(\${${v}}))`; break;
    case 'externalDeclared': uri = `static:(ssl://b-ext${b.index}-1.mq.eu-west-1.amazonaws.com:61617)`; break;
    case 'self': vars[v] = joined(`B${b.index}`); uri = `static:(failover:(\${${v}}))`; break;
    case 'loopback': uri = 'static:(tcp://127.0.0.1:61616)'; break;
    case 'emptyUri': uri = ''; break;
    case 'staticEmpty': uri = 'static:()'; break;
    case 'noUri': uri = undefined; break;
    case 'undeclared': uri = 'static:(ssl://b-undeclared-1.mq.eu-west-1.amazonaws.com:61617)'; break;
    case 'prefixedUri':
      vars[v] = joined(target!);
      attrs.push('xmlns:x="urn:x"', `x:uri="static:(failover:(\${${v}}))"`);
      uri = 'static:(tcp://127.0.0.1:61616)';
      break;
    case 'amqp': vars[v] = { 'Fn::Select': [0, { 'Fn::GetAtt': [target!, 'AmqpEndpoints'] }] }; uri = `static:(\${${v}})`; break;
  }
  if (l.password === 'attribute' || (l.password === 'userinfo' && (uri === undefined || !uri.startsWith('static:(') || uri === 'static:()'))) {
    attrs.push(`password="${SENTINEL}"`);
  } else if (l.password === 'userinfo') {
    uri = uri!.replace(/^static:\(/, `static:(ssl://bridge:${SENTINEL}@b-pw-1.mq.eu-west-1.amazonaws.com:61617,`);
  }
  if (uri !== undefined) attrs.push(`uri="${uri}"`);
  return `<networkConnector ${attrs.join(' ')}>${inner}</networkConnector>`;
}
