/**
 * Services in other stacks and other apps: the README's patterns (let a service in, let it read its user's secret,
 * hand it the failover URI) across two stacks of one app without dependency cycles, and a mesh of another app
 * imported through the SSM parameters it publishes.
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, MeshUser } from '../../src';
import { resourcesOfType } from '../helpers/template';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ENV = { account: '111111111111', region: 'us-east-1' };

/** An app with a mesh stack and, optionally, a service stack whose Lambda function uses the mesh. */
function twoStacks(options: { consumer?: boolean; meshProps?: Partial<ActiveMqBrokerMeshProps> } = {}) {
  const app = new App();
  const meshStack = new Stack(app, 'Messaging', { env: ENV });
  const vpc = new ec2.Vpc(meshStack, 'Vpc', { availabilityZones: AZS, natGateways: 1 });
  const mesh = new ActiveMqBrokerMesh(meshStack, 'Mesh', {
    vpc, users: [{ username: 'orders' }, { username: 'billing' }], ...options.meshProps,
  });
  const serviceStack = new Stack(app, 'Orders', { env: ENV });
  let fn: lambda.Function | undefined;
  if (options.consumer ?? true) {
    const sg = new ec2.SecurityGroup(serviceStack, 'ServiceSg', { vpc, allowAllOutbound: false });
    fn = new lambda.Function(serviceStack, 'Service', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      vpc,
      securityGroups: [sg],
      environment: { BROKER_URI: mesh.openWireFailoverUri, BROKER_SECRET_ARN: mesh.users[0].secret.secretArn },
    });
    mesh.connections.allowDefaultPortFrom(fn, 'orders service');
    mesh.users[0].grantRead(fn);
  }
  return { app, meshStack, serviceStack, mesh, fn };
}

function statementsOf(template: any): any[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('a service in another stack of the same app', () => {
  test('synthesizes without a dependency cycle, and only the service stack depends on the mesh stack', () => {
    const { app } = twoStacks();
    const assembly = app.synth();
    const stackDependencies = (name: string) => assembly.getStackByName(name).dependencies.map(d => d.id).filter(id => !id.endsWith('.assets'));
    expect(stackDependencies('Orders')).toEqual(['Messaging']);
    expect(stackDependencies('Messaging')).toEqual([]);
  });

  test('the mesh stack\'s resources are exactly those of a mesh without the consumer: nothing in it names the service', () => {
    const without = Template.fromStack(twoStacks({ consumer: false }).meshStack).toJSON();
    const withConsumer = Template.fromStack(twoStacks().meshStack).toJSON();
    expect(withConsumer.Resources).toEqual(without.Resources);
  });

  test('allowDefaultPortFrom: ingress on the mesh security group and the service\'s egress both live in the service stack', () => {
    const { serviceStack, meshStack } = twoStacks();
    const service = Template.fromStack(serviceStack).toJSON();
    const ingress = Object.values(resourcesOfType(service, 'AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 61617, ToPort: 61617, Description: 'orders service' });
    expect(JSON.stringify(ingress[0].Properties.GroupId)).toMatch(/Fn::ImportValue.*MeshSecurityGroup/);
    expect(ingress[0].Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/^ServiceSg/);
    const egress = Object.values(resourcesOfType(service, 'AWS::EC2::SecurityGroupEgress'));
    expect(egress).toHaveLength(1);
    expect(egress[0].Properties).toMatchObject({ FromPort: 61617, ToPort: 61617 });
    const mesh = Template.fromStack(meshStack).toJSON();
    expect(Object.values(resourcesOfType(mesh, 'AWS::EC2::SecurityGroupIngress')).every((r: any) => r.Properties.FromPort === 61617
      && r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0].startsWith('MeshSecurityGroup'))).toBe(true);
  });

  test('a service whose security group allows all outbound traffic gets no egress rule and no warning', () => {
    const { app, mesh } = twoStacks({ consumer: false });
    const service = new Stack(app, 'Other', { env: ENV });
    const sg = new ec2.SecurityGroup(service, 'Sg', { vpc: ec2.Vpc.fromVpcAttributes(service, 'V', { vpcId: 'vpc-1', availabilityZones: AZS }) });
    mesh.connections.allowDefaultPortFrom(sg);
    const t = Template.fromStack(service);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    expect(Annotations.fromStack(service).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a client in the mesh\'s own stack still gets its ingress rule in that stack', () => {
    const { meshStack, mesh } = twoStacks({ consumer: false });
    const sg = new ec2.SecurityGroup(meshStack, 'LocalClient', { vpc: ec2.Vpc.fromVpcAttributes(meshStack, 'V', { vpcId: 'vpc-1', availabilityZones: AZS }) });
    mesh.connections.allowFrom(sg, ec2.Port.tcp(5671), 'AMQP clients');
    const t = Template.fromStack(meshStack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5671, ToPort: 5671, Description: 'AMQP clients' });
  });

  test('allowDefaultPortTo a service in another stack puts both rules in the service stack too', () => {
    const { app, mesh, serviceStack } = twoStacks();
    const target = new ec2.SecurityGroup(serviceStack, 'Sink', { vpc: ec2.Vpc.fromVpcAttributes(serviceStack, 'V', { vpcId: 'vpc-1', availabilityZones: AZS }) });
    mesh.connections.allowTo(target, ec2.Port.tcp(8443), 'webhook');
    app.synth();
    Template.fromStack(serviceStack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8443, Description: 'webhook' });
  });

  test('grantRead: the service may read only its own user\'s secret, and decrypt only through Secrets Manager for that secret', () => {
    const { serviceStack, meshStack } = twoStacks();
    const service = Template.fromStack(serviceStack).toJSON();
    const statements = statementsOf(service).filter(s => !JSON.stringify(s.Action).includes('ec2:'));
    expect(statements).toHaveLength(2);
    const [read, decrypt] = statements;
    expect(read.Action).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    const ordersSecretId = JSON.stringify(read.Resource);
    expect(ordersSecretId).toMatch(/Fn::ImportValue.*MeshUser0Secret/);
    expect(ordersSecretId).not.toMatch(/User1/);
    expect(decrypt.Action).toBe('kms:Decrypt');
    expect(JSON.stringify(decrypt.Resource)).toMatch(/Fn::ImportValue.*MeshKey/);
    expect(decrypt.Condition.StringEquals['kms:ViaService']).toBe('secretsmanager.us-east-1.amazonaws.com');
    expect(decrypt.Condition.StringLike['kms:EncryptionContext:SecretARN']).toEqual(read.Resource);
    // The key policy is the one the mesh had before the grant, and it lets IAM policies of the account decrypt via
    // Secrets Manager (which is what makes the identity-only grant work).
    const keyPolicy = (t: any) => Object.values(resourcesOfType(t, 'AWS::KMS::Key')).map((k: any) => k.Properties.KeyPolicy);
    const before = keyPolicy(Template.fromStack(twoStacks({ consumer: false }).meshStack).toJSON());
    const after = keyPolicy(Template.fromStack(meshStack).toJSON());
    expect(after).toEqual(before);
    expect(after[0].Statement.some((s: any) => JSON.stringify(s.Principal).includes(':root') && [s.Action].flat().some((a: string) => a === 'kms:*' || a === 'kms:Decrypt'))).toBe(true);
  });

  test('grantRead without a customer-managed key grants no KMS permission at all', () => {
    const { serviceStack } = twoStacks({ meshProps: { useAwsOwnedKey: true } });
    const statements = statementsOf(Template.fromStack(serviceStack).toJSON()).filter(s => !JSON.stringify(s.Action).includes('ec2:'));
    expect(statements.map(s => s.Action)).toEqual([['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']]);
  });

  test('grantRead to a principal without an identity policy falls back to the key and secret resource policies', () => {
    const { mesh, meshStack } = twoStacks({ consumer: false });
    const grant = mesh.users[0].grantRead(new iam.AccountPrincipal('222222222222'));
    expect(grant.success).toBe(true);
    const t = Template.fromStack(meshStack).toJSON();
    const key = Object.values(resourcesOfType(t, 'AWS::KMS::Key'))[0] as any;
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('222222222222');
    expect(Object.keys(resourcesOfType(t, 'AWS::SecretsManager::ResourcePolicy'))).toHaveLength(1);
  });
});

describe('outputs', () => {
  test('have stable, documented ids: <mesh path>OpenWireFailoverUri, …, and the security group', () => {
    const { meshStack } = twoStacks({ consumer: false });
    const outputs = Template.fromStack(meshStack).toJSON().Outputs;
    expect(Object.keys(outputs).filter(k => k.startsWith('Mesh')).sort()).toEqual([
      'MeshAmqpFailoverUri', 'MeshMqttEndpoints', 'MeshOpenWireFailoverUri', 'MeshSecurityGroupId', 'MeshStompEndpoints', 'MeshWssEndpoints',
    ]);
    expect(outputs.MeshSecurityGroupId.Value['Fn::GetAtt'][0]).toMatch(/^MeshSecurityGroup/);
  });

  test('two meshes in one stack get distinct ids from their construct paths', () => {
    const stack = new Stack(new App(), 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS });
    new ActiveMqBrokerMesh(stack, 'Orders', { vpc });
    const group = new Construct(stack, 'Billing');
    new ActiveMqBrokerMesh(group, 'Mesh', { vpc });
    const ids = Object.keys(Template.fromStack(stack).toJSON().Outputs);
    expect(ids).toEqual(expect.arrayContaining(['OrdersOpenWireFailoverUri', 'BillingMeshOpenWireFailoverUri']));
  });

  test('fails if two meshes would share an output id, naming both and the fix', () => {
    const stack = new Stack(new App(), 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS });
    new ActiveMqBrokerMesh(stack, 'AMesh', { vpc });
    const group = new Construct(stack, 'A');
    expect(() => new ActiveMqBrokerMesh(group, 'Mesh', { vpc }))
      .toThrow("The CloudFormation output id 'AMeshOpenWireFailoverUri' of S/A/Mesh is already used by S/AMesh/OpenWireFailoverUri: output ids are the mesh's construct path without separators plus the value name; give one of the meshes (or its parent) another construct ID.");
  });

  test('a user\'s own CfnOutput with another id does not clash', () => {
    const { meshStack } = twoStacks({ consumer: false });
    new CfnOutput(meshStack, 'OpenWireFailoverUri', { value: 'x' });
    expect(Object.keys(Template.fromStack(meshStack).toJSON().Outputs)).toContain('MeshOpenWireFailoverUri');
  });
});

describe('a service in another app, through SSM parameters', () => {
  function published() {
    const { meshStack } = twoStacks({ consumer: false, meshProps: { ssmParameterPrefix: '/orders/mq' } });
    const t = Template.fromStack(meshStack).toJSON();
    return Object.values(resourcesOfType(t, 'AWS::SSM::Parameter')).map((p: any) => p.Properties.Name as string).sort();
  }

  test('the mesh publishes the URIs, its security group and each application user\'s secret ARN, never a password', () => {
    expect(published()).toEqual([
      '/orders/mq/amqp-failover-uri', '/orders/mq/mqtt-endpoints', '/orders/mq/openwire-failover-uri',
      '/orders/mq/security-group-id', '/orders/mq/stomp-endpoints', '/orders/mq/users/billing/secret-arn',
      '/orders/mq/users/orders/secret-arn', '/orders/mq/wss-endpoints',
    ]);
    const { meshStack } = twoStacks({ consumer: false, meshProps: { ssmParameterPrefix: '/orders/mq' } });
    const values = Object.values(resourcesOfType(Template.fromStack(meshStack).toJSON(), 'AWS::SSM::Parameter')).map((p: any) => JSON.stringify(p.Properties.Value));
    for (const v of values) {
      expect(v).not.toMatch(/resolve:secretsmanager|password/i);
    }
  });

  test('fromSsmParameters reads exactly the parameters the mesh publishes, and its patterns work in the consumer app', () => {
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: ENV });
    const mesh = ActiveMqBrokerMesh.fromSsmParameters(stack, 'Mesh', '/orders/mq', ['orders', 'billing']);
    const role = new iam.Role(stack, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const sg = new ec2.SecurityGroup(stack, 'Client', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'vpc-1', availabilityZones: AZS }) });
    mesh.connections.allowDefaultPortFrom(sg);
    mesh.users[0].grantRead(role);
    new CfnOutput(stack, 'Uri', { value: mesh.openWireFailoverUri });
    new CfnOutput(stack, 'Amqp', { value: mesh.amqpFailoverUri });
    new CfnOutput(stack, 'Stomp', { value: [mesh.stompEndpoints, mesh.mqttEndpoints, mesh.wssEndpoints].join(';') });
    app.synth();
    const t = Template.fromStack(stack).toJSON();

    const parameters = Object.values(t.Parameters).filter((p: any) => p.Type === 'AWS::SSM::Parameter::Value<String>').map((p: any) => p.Default)
      .filter((name: string) => name.startsWith('/orders/')).sort();
    expect(parameters).toEqual(published());
    const ingress = Object.values(resourcesOfType(t, 'AWS::EC2::SecurityGroupIngress'))[0] as any;
    expect(ingress.Properties.FromPort).toBe(61617);
    expect(t.Parameters[ingress.Properties.GroupId.Ref].Default).toBe('/orders/mq/security-group-id');
    expect(mesh.users.map(u => u.username)).toEqual(['orders', 'billing']);

    const [read, decrypt] = statementsOf(t);
    expect(t.Parameters[read.Resource.Ref].Default).toBe('/orders/mq/users/orders/secret-arn');
    // The key is not known in this app: any key of the account, but only through Secrets Manager and only for this secret.
    expect(JSON.stringify(decrypt.Resource)).toMatch(/:kms:.*:key\/\*/);
    expect(decrypt.Condition.StringLike['kms:EncryptionContext:SecretARN']).toEqual(read.Resource);
    expect(decrypt.Condition.StringEquals['kms:ViaService']).toBe('secretsmanager.us-east-1.amazonaws.com');
  });

  test('fromSsmParameters adds a template parameter only for what the consumer reads (no unused parameters for cfn-lint)', () => {
    const stack = new Stack(new App(), 'Consumer');
    const mesh = ActiveMqBrokerMesh.fromSsmParameters(stack, 'Mesh', '/orders/mq');
    new CfnOutput(stack, 'Uri', { value: mesh.openWireFailoverUri });
    const names = Object.values(Template.fromStack(stack).toJSON().Parameters).map((p: any) => p.Default).filter((n: string) => n.startsWith('/orders/'));
    expect(names.sort()).toEqual(['/orders/mq/openwire-failover-uri', '/orders/mq/security-group-id']);
  });

  test('MeshUser.fromSecret with the key known grants decrypt on that key only', () => {
    const stack = new Stack(new App(), 'Consumer', { env: ENV });
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'S', { secretPartialArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-mq', encryptionKey: key });
    const role = new iam.Role(stack, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    MeshUser.fromSecret(stack, 'Orders', 'orders', secret).grantRead(role);
    const [read, decrypt] = statementsOf(Template.fromStack(stack).toJSON());
    expect(read.Resource).toBe('arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-mq-??????');
    expect(decrypt.Resource).toBe('arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(decrypt.Condition.StringLike['kms:EncryptionContext:SecretARN']).toBe('arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-mq-??????');
  });

  test('fails if the prefix or a username cannot be an SSM parameter name', () => {
    const stack = new Stack(new App(), 'Consumer');
    expect(() => ActiveMqBrokerMesh.fromSsmParameters(stack, 'A', 'orders/mq/'))
      .toThrow("ActiveMqBrokerMesh.fromSsmParameters(): parameterPrefix must start with '/' and not end with '/', using A-Z a-z 0-9 _ . - /, got 'orders/mq/': use for example '/orders/mq'.");
    expect(() => ActiveMqBrokerMesh.fromSsmParameters(stack, 'B', '/orders/mq', ['a~b']))
      .toThrow("ActiveMqBrokerMesh.fromSsmParameters(): usernames[0] must not contain '~' (SSM parameter names do not allow it), got 'a~b': pass the usernames of the mesh's application users.");
    expect(() => ActiveMqBrokerMesh.fromSsmParameters(stack, 'C', '/orders/mq', ['x']))
      .toThrow(/usernames\[0\] must be 2 to 100 characters/);
  });

  test('fails if an application user cannot be published under ssmParameterPrefix', () => {
    expect(() => twoStacks({ consumer: false, meshProps: { ssmParameterPrefix: '/orders/mq', users: [{ username: 'or~ders' }] } }))
      .toThrow("users[0].username must not contain '~' (SSM parameter names do not allow it), got 'or~ders', but with ssmParameterPrefix every application user is published as /orders/mq/users/<username>/secret-arn: choose a username without '~', or remove ssmParameterPrefix.");
  });
});
