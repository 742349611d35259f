/**
 * Package test of the lifecycle handler bundle: the file `npx projen bundle` (run before the tests and the build)
 * writes to assets/. It must exist, carry its AWS SDK clients (it never relies on the Lambda runtime's SDK), load on
 * its own, behave like the source, and be exactly the code the synthesized app ships.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ActiveMqBrokerMesh } from '../../src';

const BUNDLE_DIR = path.join(__dirname, '..', '..', 'assets', 'lifecycle', 'handler', 'lifecycle.lambda');
const BUNDLE = path.join(BUNDLE_DIR, 'index.js');

describe('lifecycle handler bundle', () => {
  test('exists (run `npx projen bundle` first), alone in its directory, with the AWS SDK inside', () => {
    expect(fs.readdirSync(BUNDLE_DIR)).toEqual(['index.js']);
    const code = fs.readFileSync(BUNDLE, 'utf8');
    // The only AWS SDK module left outside is the optional CRT signer (SigV4a), which the SDK loads inside a try.
    expect([...new Set(code.match(/require\("@aws-sdk\/[^"]+"\)/g))]).toEqual(['require("@aws-sdk/signature-v4-crt")']);
    expect(code).not.toMatch(/aws-cdk-lib|aws-sdk-client-mock|jest/);
    // Measured 890 KB minified (five AWS SDK v3 clients); a bound that catches an accidental aws-cdk-lib or source map.
    expect(fs.statSync(BUNDLE).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  test('loads in a plain Node.js process without node_modules, and answers a Delete request to CloudFormation', () => {
    // A separate process in an empty directory: nothing but the bundle and Node.js (as in Lambda).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-bundle-'));
    fs.copyFileSync(BUNDLE, path.join(dir, 'index.js'));
    const script = `
      const http = require('http');
      const server = http.createServer((req, res) => { let b = ''; req.on('data', c => b += c); req.on('end', () => { res.end(); console.log('RESPONSE ' + b); server.close(); }); });
      server.listen(0, '127.0.0.1', async () => {
        const { handler } = require('./index.js');
        await handler({ RequestType: 'Delete', ResponseURL: 'http://127.0.0.1:' + server.address().port + '/r', StackId: 's', RequestId: 'r1',
          ResourceType: 'Custom::ActiveMqBrokerReboot', LogicalResourceId: 'L', PhysicalResourceId: 'b-1', ResourceProperties: { BrokerId: 'b-1' } });
      });`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' }, encoding: 'utf8' });
    const response = JSON.parse(out.split('\n').find((l) => l.startsWith('RESPONSE '))!.slice('RESPONSE '.length));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'b-1', RequestId: 'r1', LogicalResourceId: 'L' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the synthesized app ships exactly this bundle as the code of the lifecycle and rotation functions', () => {
    const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 0 });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, users: [{ username: 'orders', rotationSchedule: Duration.days(30) }] });
    const assembly = app.synth();
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(2);
    const keys = new Set(Object.values(functions).map((f: any) => f.Properties.Code.S3Key));
    expect(keys.size).toBe(1);
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'S.assets.json'), 'utf8'));
    const [asset] = Object.values(manifest.files).filter((f: any) => f.source.packaging === 'zip') as any[];
    expect(fs.readFileSync(path.join(assembly.directory, asset.source.path, 'index.js'))).toEqual(fs.readFileSync(BUNDLE));
  });

  test('with asset staging turned off (SAM local), the asset points at the bundle directory itself', () => {
    const app = new App({ context: { 'aws:cdk:disable-asset-staging': true } });
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 0 });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc });
    const assembly = app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'S.assets.json'), 'utf8'));
    const zips = Object.values(manifest.files).filter((f: any) => f.source.packaging === 'zip') as any[];
    expect(zips.map((f) => f.source.path)).toEqual([BUNDLE_DIR]);
  });
});
