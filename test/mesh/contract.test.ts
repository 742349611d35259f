import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ActiveMqBrokerMesh, IActiveMqBrokerMesh, MeshUser } from '../../src';
import { resourcesOfType } from '../helpers/template';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

function meshIn(removalPolicy?: RemovalPolicy) {
  const stack = new Stack(new App(), 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS, natGateways: 1 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, removalPolicy, users: [{ username: 'orders' }] });
  return { stack, vpc, mesh };
}

/** DeletionPolicy/UpdateReplacePolicy of every resource of the given types. */
function policies(stack: Stack, ...types: string[]): Array<[string, string, string]> {
  const t = Template.fromStack(stack).toJSON();
  return types.flatMap((type) => Object.values(resourcesOfType(t, type))
    .map((r: any) => [type, r.DeletionPolicy, r.UpdateReplacePolicy] as [string, string, string]));
}

const RETAINED = ['AWS::AmazonMQ::Broker', 'AWS::AmazonMQ::Configuration', 'AWS::AmazonMQ::ConfigurationAssociation',
  'AWS::SecretsManager::Secret', 'AWS::KMS::Key'];

describe('the resource contract', () => {
  test('by default the brokers (with the configurations holding their connectors), the user secrets and the mesh key are retained, because brokers hold messages', () => {
    const { stack } = meshIn();
    const found = policies(stack, ...RETAINED);
    expect(found).toHaveLength(3 + 3 + 3 + 3 + 1);
    for (const [, deletion, replace] of found) {
      expect([deletion, replace]).toEqual(['Retain', 'Retain']);
    }
  });

  test('removalPolicy DESTROY deletes all of them with the stack', () => {
    const { stack } = meshIn(RemovalPolicy.DESTROY);
    const found = policies(stack, ...RETAINED);
    expect(found.map(([, d, r]) => [d, r])).toEqual(Array(13).fill(['Delete', 'Delete']));
  });

  test('applyRemovalPolicy after construction reaches every broker with its configuration, every secret, the key, and users added later', () => {
    const { stack, mesh } = meshIn();
    mesh.applyRemovalPolicy(RemovalPolicy.DESTROY);
    mesh.addUser('Later', { username: 'later' });
    const found = policies(stack, ...RETAINED);
    expect(found).toHaveLength(3 + 3 + 3 + 4 + 1);
    expect(new Set(found.map(([, d]) => d))).toEqual(new Set(['Delete']));
  });

  test('RemovalPolicy.SNAPSHOT is refused: CloudFormation snapshots no broker, secret or key', () => {
    expect(() => meshIn(RemovalPolicy.SNAPSHOT)).toThrow(/^removalPolicy is RemovalPolicy.SNAPSHOT, .*use RemovalPolicy.RETAIN \(the default\) or RemovalPolicy.DESTROY\.$/);
  });

  test('every node exposes its configuration and association from construction on (no undefined getter)', () => {
    const { mesh } = meshIn();
    for (const b of mesh.brokers) {
      expect(b.configuration.cfnResourceType).toBe('AWS::AmazonMQ::Configuration');
      expect(b.configurationAssociation.cfnResourceType).toBe('AWS::AmazonMQ::ConfigurationAssociation');
      expect(b.stack).toBe(mesh.stack);
    }
  });

  test('fromMeshAttributes gives consumers the URIs, users and connections of a mesh defined elsewhere', () => {
    const stack = new Stack(new App(), 'Consumer');
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'MeshSg', 'sg-0123456789abcdef0');
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'OrdersSecret', 'orders-mq-user');
    const mesh: IActiveMqBrokerMesh = ActiveMqBrokerMesh.fromMeshAttributes(stack, 'Mesh', {
      openWireFailoverUri: 'failover:(ssl://b-1-1.mq.us-east-1.amazonaws.com:61617,ssl://b-2-1.mq.us-east-1.amazonaws.com:61617)',
      securityGroups: [sg],
      users: [MeshUser.fromSecret(stack, 'Orders', 'orders', secret)],
    });
    expect(mesh.openWireFailoverUri).toMatch(/^failover:\(ssl:/);
    expect(mesh.users.map((u) => u.username)).toEqual(['orders']);
    expect(() => mesh.amqpFailoverUri).toThrow(/amqpFailoverUri of the imported mesh Consumer\/Mesh is not known: pass amqpFailoverUri to ActiveMqBrokerMesh.fromMeshAttributes\(\)/);
    expect(() => mesh.stompEndpoints).toThrow(/stompEndpoints/);

    const role = new iam.Role(stack, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS }) });
    mesh.connections.allowDefaultPortFrom(client);
    mesh.users[0].grantRead(role);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 61617, ToPort: 61617 });
    const statements = Object.values(resourcesOfType(t.toJSON(), 'AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    // The secret's key is not known here: decrypting is allowed only through Secrets Manager and only for this secret.
    expect(statements).toEqual([
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: expect.objectContaining({ StringLike: { 'kms:EncryptionContext:SecretARN': statements[0].Resource } }) }),
    ]);
  });
});
