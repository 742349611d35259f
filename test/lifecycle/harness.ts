/**
 * Test harness for the lifecycle function: CloudFormation's side (a real local HTTP server receives the PUT to the
 * request's ResponseURL), the state machine's side (the loop the ASL definition runs: step until done, abort on a
 * step error), and request builders. The AWS APIs are aws-sdk-client-mock, set up by each test.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { StartExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { handler } from '../../src/lifecycle/handler/lifecycle.lambda';

/** What CloudFormation received. */
export interface CfnResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** A local stand-in for CloudFormation's pre-signed response URL. */
export class ResponseServer {
  public static async start(): Promise<ResponseServer> {
    const s = new ResponseServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  public readonly responses: CfnResponse[] = [];
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      this.responses.push(JSON.parse(body));
      res.writeHead(200);
      res.end();
    });
  });

  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=abc`;
  }

  public close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

process.env.LIFECYCLE_STATE_MACHINE_ARN ??= 'arn:aws:states:us-east-1:111111111111:stateMachine:lifecycle';
process.env.AWS_REGION ??= 'us-east-1';

let requestCounter = 0;

/** A CloudFormation custom resource request. */
export function cfnRequest(server: ResponseServer, resourceType: string, requestType: 'Create' | 'Update' | 'Delete',
  props: Record<string, unknown>, extra: { old?: Record<string, unknown>; physicalResourceId?: string; logicalId?: string } = {}) {
  requestCounter++;
  return {
    RequestType: requestType,
    ResponseURL: server.url,
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Mesh/0d1e2f30-aaaa-bbbb-cccc-111111111111',
    RequestId: `req-${requestCounter}`,
    ResourceType: resourceType,
    LogicalResourceId: extra.logicalId ?? 'MeshRollingRebootNode0',
    PhysicalResourceId: extra.physicalResourceId,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:lifecycle', ...props },
    OldResourceProperties: extra.old ? { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:lifecycle', ...extra.old } : undefined,
  };
}

/** The outcome of running a request through the function and the state machine loop. */
export interface JobRun {
  readonly started: boolean;
  readonly steps: number;
  readonly aborted: boolean;
  readonly finalState?: any;
}

/**
 * Invokes the function with a CloudFormation request, then, if it started the state machine, runs the loop the
 * definition describes: `step` until `done`; an error thrown by a step goes to `abort`. `beforeStep` lets a test
 * move the world on between steps (e.g. age the job to provoke a timeout).
 */
export async function runJob(sfn: AwsClientStub<SFNClient>, event: unknown,
  options: { maxSteps?: number; beforeStep?: (job: any, step: number) => any } = {}): Promise<JobRun> {
  const before = sfn.commandCalls(StartExecutionCommand).length;
  const first = await handler(event);
  const starts = sfn.commandCalls(StartExecutionCommand);
  let state: any = first;
  if (starts.length > before) {
    state = JSON.parse(starts[starts.length - 1].args[0].input.input!);
  } else if (!(first as any)?.job) {
    return { started: false, steps: 0, aborted: false };
  }
  let steps = 0;
  while (!state.done) {
    if (steps >= (options.maxSteps ?? 200)) throw new Error(`job not done after ${steps} steps`);
    steps++;
    const job = options.beforeStep ? options.beforeStep(state.job, steps) ?? state.job : state.job;
    try {
      state = await handler({ kind: 'step', job });
    } catch (err) {
      await handler({ kind: 'abort', job, error: { Error: (err as Error).name, Cause: (err as Error).message } });
      return { started: true, steps, aborted: true, finalState: { job } };
    }
  }
  return { started: true, steps, aborted: false, finalState: state };
}
