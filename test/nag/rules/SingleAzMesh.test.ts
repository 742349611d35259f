import { CfnSubnet, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { broker, connect, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

function subnet(scope: Construct, id: string, availabilityZone: string): CfnSubnet {
  return new CfnSubnet(scope, id, { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone });
}

describe('SingleAzMesh: the brokers of a network must not all sit in one Availability Zone', () => {
  test('Noncompliance 1: two connected brokers in subnets of the same literal zone', () => {
    const stack = newStack();
    const a = subnet(stack, 'A', 'us-east-1a');
    const b = subnet(stack, 'B', 'us-east-1a');
    const sink = broker(stack, 'Sink', { subnetIds: [a.ref] });
    const source = broker(stack, 'Source', { subnetIds: [b.ref] });
    connect(source, [sink]);
    const report = validate(stack);
    expect(pathsFor(report, 'SingleAzMesh').sort()).toEqual([sink.node.path, source.node.path]);
    expect(descriptionsFor(report, 'SingleAzMesh')[0]).toContain('whose subnets are known are in us-east-1a');
  });

  test('Noncompliance 2: an environment-agnostic VPC, both brokers in its first subnet', () => {
    const stack = newStack();
    const vpc = new Vpc(stack, 'Vpc', { maxAzs: 2 });
    const first = vpc.privateSubnets[0].subnetId;
    const sink = broker(stack, 'Sink', { subnetIds: [first] });
    const source = broker(stack, 'Source', { subnetIds: [first] });
    connect(source, [sink]);
    const report = validate(stack);
    expect(pathsFor(report, 'SingleAzMesh').sort()).toEqual([sink.node.path, source.node.path]);
    expect(descriptionsFor(report, 'SingleAzMesh')[0]).toContain('are in the same Availability Zone');
  });

  test('Compliance: brokers spread over the zones of a VPC; unknown subnets are skipped', () => {
    const stack = newStack();
    const vpc = new Vpc(stack, 'Vpc', { maxAzs: 2 });
    const sink = broker(stack, 'Sink', { subnetIds: [vpc.privateSubnets[0].subnetId] });
    const source = broker(stack, 'Source', { subnetIds: [vpc.privateSubnets[1].subnetId] });
    const imported = broker(stack, 'Imported', { subnetIds: ['subnet-0123456789'] });
    connect(source, [sink]);
    connect(imported, [sink]);
    expect(pathsFor(validate(stack), 'SingleAzMesh')).toEqual([]);
  });

  test('Compliance: an active/standby broker in two zones meshed with one in the first zone', () => {
    const stack = newStack();
    const a = subnet(stack, 'A', 'us-east-1a');
    const b = subnet(stack, 'B', 'us-east-1b');
    const pair = broker(stack, 'Pair', { deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ', subnetIds: [a.ref, b.ref] });
    const single = broker(stack, 'Single', { subnetIds: [a.ref] });
    connect(single, [pair]);
    expect(pathsFor(validate(stack), 'SingleAzMesh')).toEqual([]);
  });
});
