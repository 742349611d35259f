/**
 * Package test of the rolling-reboot handler bundle: the file `npx projen bundle` (part of the build's
 * pre-compile step) writes to assets/, which the generated RebootBrokerFunction deploys. It must exist, stay
 * small, load on its own, and behave like the source; the synthesized app must ship exactly this file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeBrokerCommand, MqClient, RebootBrokerCommand } from '@aws-sdk/client-mq';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { mockClient } from 'aws-sdk-client-mock';
import { RollingReboot } from '../../src/lifecycle';

const BUNDLE_DIR = path.join(__dirname, '..', '..', 'assets', 'lifecycle', 'reboot-broker.lambda');
const BUNDLE = path.join(BUNDLE_DIR, 'index.js');

describe('reboot-broker handler bundle', () => {
  test('exists (run `npx projen bundle` first) and is small', () => {
    expect(fs.existsSync(BUNDLE)).toBe(true);
    const size = fs.statSync(BUNDLE).size;
    // Measured 11,321 bytes with the AWS SDK external (the Node.js 22 Lambda runtime provides it).
    expect(size).toBeLessThan(32 * 1024);
    expect(fs.readdirSync(BUNDLE_DIR)).toEqual(['index.js']);
  });

  test('leaves the AWS SDK to the Lambda runtime and carries no aws-cdk-lib or test code', () => {
    const code = fs.readFileSync(BUNDLE, 'utf8');
    expect(code).toContain('require("@aws-sdk/client-mq")');
    expect(code).not.toMatch(/aws-cdk-lib|aws-sdk-client-mock|jest/);
  });

  test('loads and exports the Lambda entry point', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built JavaScript file by path
    const mod = require(BUNDLE);
    expect(typeof mod.handler).toBe('function');
    expect(typeof mod.onEvent).toBe('function');
    expect(typeof mod.isComplete).toBe('function');
  });

  test('the bundled handler reboots a RUNNING broker and treats Delete as a no-op', async () => {
    const mq = mockClient(MqClient);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      mq.on(DescribeBrokerCommand).resolvesOnce({ BrokerState: 'RUNNING' }).resolves({ BrokerState: 'REBOOT_IN_PROGRESS' });
      mq.on(RebootBrokerCommand).resolves({});
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built JavaScript file by path
      const { handler } = require(BUNDLE);
      process.env.REBOOT_BROKER_PHASE = 'onEvent';
      process.env.AWS_REGION = 'us-east-1';
      await expect(handler({ RequestType: 'Delete', PhysicalResourceId: 'b-1', ResourceProperties: { BrokerId: 'b-1' } }))
        .resolves.toMatchObject({ PhysicalResourceId: 'b-1', Data: { Action: 'NONE' } });
      expect(mq.calls()).toHaveLength(0);
      jest.useFakeTimers();
      const pending = handler({ RequestType: 'Create', ResourceProperties: { BrokerId: 'b-1', ConfigurationRevision: '1', UsersHash: 'h' } });
      await jest.runAllTimersAsync();
      await expect(pending).resolves.toMatchObject({ PhysicalResourceId: 'b-1', Data: { Action: 'REBOOT', RebootObserved: 'true' } });
      expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    } finally {
      jest.useRealTimers();
      delete process.env.REBOOT_BROKER_PHASE;
      log.mockRestore();
      mq.restore();
    }
  });

  test('the bundle also works with an older Lambda-runtime SDK that calls the client MQClient', async () => {
    const actual = jest.requireActual('@aws-sdk/client-mq');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const sent: string[] = [];
    class MQClient {
      constructor(public readonly config: Record<string, unknown>) {}
      async send(command: { constructor: { name: string } }) {
        sent.push(command.constructor.name);
        return { BrokerState: 'RUNNING' };
      }
    }
    try {
      let bundled: any;
      jest.isolateModules(() => {
        jest.doMock('@aws-sdk/client-mq', () => ({ ...actual, MqClient: undefined, MQClient }));
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built JavaScript file by path
        bundled = require(BUNDLE);
      });
      const client = bundled.createMqClient({ region: 'us-east-1' });
      expect(client).toBeInstanceOf(MQClient);
      expect(client.config).toMatchObject({ retryMode: 'standard', maxAttempts: 3, region: 'us-east-1' });
      process.env.REBOOT_BROKER_PHASE = 'isComplete';
      await expect(bundled.handler({ RequestType: 'Create', ResourceProperties: { BrokerId: 'b-1' }, Data: { Action: 'REBOOT', StartedAt: new Date().toISOString() } }))
        .resolves.toMatchObject({ IsComplete: true });
      expect(sent).toEqual(['DescribeBrokerCommand']);
    } finally {
      jest.dontMock('@aws-sdk/client-mq');
      delete process.env.REBOOT_BROKER_PHASE;
      log.mockRestore();
    }
  });

  test('the synthesized app ships exactly this bundle as the handler code', () => {
    const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'S');
    const broker = new CfnBroker(stack, 'B', {
      brokerName: 'b', engineType: 'ACTIVEMQ', deploymentMode: 'SINGLE_INSTANCE', hostInstanceType: 'mq.m5.large', publiclyAccessible: false,
    });
    new RollingReboot(stack, 'RR', { nodes: [{ id: 'Node0', broker, configurationRevision: '1', usersHash: 'h' }] });
    const assembly = app.synth();
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    expect(Object.keys(functions)).toHaveLength(2);
    const assetPaths = new Set(Object.values(functions).map((f: any) => f.Metadata['aws:asset:path']));
    expect(assetPaths.size).toBe(1);
    const staged = path.join(assembly.directory, [...assetPaths][0]);
    expect(fs.readFileSync(path.join(staged, 'index.js'))).toEqual(fs.readFileSync(BUNDLE));
  });
});
