// The default ActiveMqBrokerMesh checked by cdk-nag's own packs, as a team that runs them would: AwsSolutions,
// NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1. `cdk synth` must exit 0 with no unacknowledged finding on the
// mesh's resources. Context: `-c rotation=true` turns rotation on; `-c acknowledge=false` sets acknowledgeNagFindings
// to false (every finding shows). The VPC is this example's own, not the library's: its findings are acknowledged here.
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ActiveMqBrokerMesh } from '../../src';

const app = new App();
const rotation = app.node.tryGetContext('rotation') === 'true';
const acknowledge = app.node.tryGetContext('acknowledge') !== 'false';
const stack = new Stack(app, 'NagPacks', { env: { account: '111111111111', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
const VPC_FINDINGS = [
  'AwsSolutions-VPC7', 'NIST.800.53.R5-VPCFlowLogsEnabled', 'HIPAA.Security-VPCFlowLogsEnabled', 'PCI.DSS.321-VPCFlowLogsEnabled',
  'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', 'HIPAA.Security-VPCDefaultSecurityGroupClosed', 'PCI.DSS.321-VPCDefaultSecurityGroupClosed',
  'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
  'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled', 'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled', 'PCI.DSS.321-VPCSubnetAutoAssignPublicIpDisabled',
];
for (const id of VPC_FINDINGS) Validations.of(vpc).acknowledge({ id, reason: 'The example application\'s own VPC, not a resource of the library under test.' });

const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', {
  vpc,
  acknowledgeNagFindings: acknowledge,
  ...(rotation ? {
    interBrokerUser: { rotationSchedule: Duration.days(30) },
    adminUser: { username: 'admin', consoleAccess: true, rotationSchedule: Duration.days(30) },
  } : {}),
});
mesh.addUser('Orders', { username: 'orders', ...(rotation ? { rotationSchedule: Duration.days(7) } : {}) });
Validations.of(app).addPlugins(new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks());
app.synth();
