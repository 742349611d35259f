import * as path from 'path';
import { Aspects, Aws, Fn, IAspect, Lazy, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnFunction, CfnPermission, Runtime } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CfnQueue, CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, IConstruct } from 'constructs';
import { handlerCodeAsset } from './private/code-asset';
import { acknowledgeLifecycleFindings } from './private/nag-acknowledgements';
import { MAX_DYNAMIC_REFERENCES_PER_TEMPLATE } from '../private/cloudformation';
import { FUNCTION_ARN_VARIABLE, lifecycleDefinition } from './private/state-machine';

/** What one mesh needs the lifecycle function to be allowed to do. */
export interface LifecycleGrants {
  /** The mesh's broker ARNs (reboot, describe, users). */
  readonly brokerArns: string[];
  /** The secrets of the users the function creates on the brokers (produced at synth time). */
  readonly userSecrets: () => secretsmanager.ISecret[];
  /** Rotated secrets (written by the rotation), each with the SSM parameter holding the mesh's coordinates (at synth time). */
  readonly rotations: () => Array<{ readonly secret: secretsmanager.ISecret; readonly parameterArn: string }>;
  /** The configuration ARNs, when the mesh rotates its inter-broker user (connector switch). */
  readonly configurationArns: string[];
  /** Whether the mesh acknowledges the cdk-nag findings of the shared lifecycle resources. */
  readonly acknowledgeNagFindings: boolean;
}

/** The construct id of the singleton at the stack root. */
const ID = 'ActiveMqMeshLifecycle';
/** Retention of the handler and workflow logs (one year, as audit trails are usually kept). */
export const LIFECYCLE_LOG_RETENTION_DAYS = 365;
/** The bundled handler. */
const CODE_DIRECTORY = path.join(__dirname, '..', '..', 'assets', 'lifecycle', 'handler', 'lifecycle.lambda');

/**
 * The newest Node.js runtime this aws-cdk-lib knows (what cdk-nag's `L1` rule asks for). The handler is bundled for
 * Node.js 22 and runs on any later one.
 */
export function latestNodeRuntime(): string {
  const versions = Runtime.ALL.map((r) => r.name).filter((n) => /^nodejs\d+\.x$/.test(n));
  return versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))[versions.length - 1];
}

/**
 * The lifecycle machinery of every mesh in a stack, created once per stack (L1 resources only, so a mesh adds
 * little to synth time): one function for the custom resources, the workflow steps and their wait loop's state
 * machine, a rotation function when a secret is rotated, their roles with customer-managed least-privilege policies,
 * log groups with retention, and a dead-letter queue for CloudFormation's asynchronous invocations.
 */
export class MeshLifecycle extends Construct {
  /** The stack's lifecycle machinery, created on first use. */
  public static of(scope: IConstruct): MeshLifecycle {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as MeshLifecycle | undefined) ?? new MeshLifecycle(stack, ID);
  }

  /** The service token of the lifecycle custom resources (the function's ARN). */
  public readonly serviceToken: string;
  /** The state machine's ARN. */
  public readonly stateMachineArn: string;

  private readonly grants: LifecycleGrants[] = [];
  private readonly dynamicReferences: Array<{ readonly path: string; readonly count: number; readonly detail: string }> = [];
  private readonly logGroup: CfnLogGroup;
  private readonly deadLetterQueue: CfnQueue;
  private readonly functionRole: CfnRole;
  private readonly code: CfnFunction.CodeProperty;
  private rotationFunction?: CfnFunction;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    this.stateMachineArn = Fn.join('', ['arn:', Aws.PARTITION, ':states:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':stateMachine:', stateMachineName]);

    this.logGroup = new CfnLogGroup(this, 'Logs', { retentionInDays: LIFECYCLE_LOG_RETENTION_DAYS });
    this.logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.deadLetterQueue = new CfnQueue(this, 'DeadLetterQueue', { sqsManagedSseEnabled: true, messageRetentionPeriod: 1209600 });
    new CfnQueuePolicy(this, 'DeadLetterQueuePolicy', {
      queues: [this.deadLetterQueue.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Resource: this.deadLetterQueue.attrArn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }],
      },
    });

    this.code = handlerCodeAsset(this, CODE_DIRECTORY);

    this.functionRole = this.role('FunctionRole', 'lambda.amazonaws.com', 'Lifecycle of the Amazon MQ meshes of this stack: reboots, users, rotations',
      () => this.functionStatements());
    const fn = this.lambda('Function', this.functionRole, 'cdk-activemq-mesh lifecycle: rolling reboots, broker users, rotation workflow steps', 'lifecycle');
    this.serviceToken = fn.attrArn;

    const machineRole = this.role('StateMachineRole', 'states.amazonaws.com', 'Runs the lifecycle workflow of the Amazon MQ meshes of this stack', () => [
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn.attrArn },
      // Vended log delivery and X-Ray do not support resource-level permissions (Step Functions developer guide).
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        Resource: '*',
      },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], Resource: '*' },
    ]);
    const machine = new CfnStateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: 'STANDARD',
      roleArn: machineRole.attrArn,
      definition: lifecycleDefinition(),
      definitionSubstitutions: { [FUNCTION_ARN_VARIABLE]: fn.attrArn },
      loggingConfiguration: {
        level: 'ALL',
        includeExecutionData: false,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: this.logGroup.attrArn } }],
      },
      tracingConfiguration: { enabled: true },
    });
    machine.addDependency(machineRole);

    const aspect: IAspect = {
      visit: (node: IConstruct) => {
        if (node === this && this.grants.length > 0 && this.grants.every((g) => g.acknowledgeNagFindings)) {
          acknowledgeLifecycleFindings(this);
        }
      },
    };
    Aspects.of(this).add(aspect);
  }

  /** Lets the lifecycle function act on a mesh's brokers, users and rotations. */
  public register(grants: LifecycleGrants): void {
    this.grants.push(grants);
  }

  /**
   * Counts a mesh's `{{resolve:…}}` references towards the stack template's quota, and throws, naming every mesh
   * of the stack, the numbers and the way out, when the stack would exceed it.
   *
   * @param meshPath the mesh's construct path
   * @param count the dynamic references the mesh puts into the template
   * @param detail how they come about, e.g. `21 brokers × 1 template user`
   */
  public addDynamicReferences(meshPath: string, count: number, detail: string): void {
    this.dynamicReferences.push({ path: meshPath, count, detail });
    const total = this.dynamicReferences.reduce((sum, r) => sum + r.count, 0);
    if (total > MAX_DYNAMIC_REFERENCES_PER_TEMPLATE) {
      const meshes = this.dynamicReferences.map((r) => `${r.path}: ${r.count} (${r.detail})`).join('; ');
      const alone = this.dynamicReferences.length === 1;
      throw new Error(`The meshes of stack ${Stack.of(this).stackName} put ${total} dynamic references ({{resolve:secretsmanager:…}}, `
        + `one per broker for its admin user) into its template [${meshes}], but CloudFormation allows `
        + `${MAX_DYNAMIC_REFERENCES_PER_TEMPLATE} per template. Application and inter-broker users cost none (they are managed by `
        + `the mesh's users resource), so the way out is fewer brokers per template: ${alone
          ? `lower brokerCount to at most ${MAX_DYNAMIC_REFERENCES_PER_TEMPLATE}`
          : 'put the meshes in separate stacks, or lower their brokerCount'}.`);
    }
  }

  /** The ARN of the stack's rotation function (Secrets Manager's `RotationLambdaARN`), created on first use. */
  public rotationFunctionArn(): string {
    if (!this.rotationFunction) {
      const role = this.role('RotationRole', 'lambda.amazonaws.com', 'Starts the rotation workflow of the Amazon MQ meshes of this stack', () => [
        ...this.loggingStatements(),
        { Effect: 'Allow', Action: 'states:StartExecution', Resource: this.stateMachineArn },
      ]);
      this.rotationFunction = this.lambda('RotationFunction', role, 'cdk-activemq-mesh rotation: starts the rotation workflow of a broker user secret', 'rotation');
      this.rotationFunction.addMetadata('cdk-activemq-mesh:lifecycle', 'rotation');
      new CfnPermission(this, 'RotationPermission', {
        action: 'lambda:InvokeFunction',
        functionName: this.rotationFunction.attrArn,
        principal: 'secretsmanager.amazonaws.com',
        sourceAccount: Aws.ACCOUNT_ID,
      });
    }
    return this.rotationFunction.attrArn;
  }

  private lambda(id: string, role: CfnRole, description: string, lifecycleRole: string): CfnFunction {
    const fn = new CfnFunction(this, id, {
      description,
      runtime: latestNodeRuntime(),
      architectures: ['arm64'],
      handler: 'index.handler',
      code: this.code,
      role: role.attrArn,
      memorySize: 256,
      timeout: 900,
      deadLetterConfig: { targetArn: this.deadLetterQueue.attrArn },
      loggingConfig: { logGroup: this.logGroup.ref, logFormat: 'JSON' },
      environment: { variables: { LIFECYCLE_STATE_MACHINE_ARN: this.stateMachineArn, LIFECYCLE_ROLE: lifecycleRole, NODE_OPTIONS: '--enable-source-maps' } },
    });
    fn.addDependency(role);
    fn.addMetadata('cdk-activemq-mesh:lifecycle', lifecycleRole);
    return fn;
  }

  private role(id: string, service: string, description: string, statements: () => Array<Record<string, unknown>>): CfnRole {
    const policy = new CfnManagedPolicy(this, `${id}Policy`, {
      description,
      policyDocument: Lazy.any({ produce: () => ({ Version: '2012-10-17', Statement: statements() }) }),
    });
    const role = new CfnRole(this, id, {
      description,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }],
      },
      managedPolicyArns: [policy.ref],
    });
    return role;
  }

  private loggingStatements(): Array<Record<string, unknown>> {
    return [
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: this.logGroup.attrArn },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: this.deadLetterQueue.attrArn },
    ];
  }

  private functionStatements(): Array<Record<string, unknown>> {
    const brokers = this.grants.flatMap((g) => g.brokerArns);
    const secrets = this.grants.flatMap((g) => g.userSecrets());
    const rotations = this.grants.flatMap((g) => g.rotations());
    const configurations = this.grants.flatMap((g) => g.configurationArns);
    const statements: Array<Record<string, unknown>> = [
      ...this.loggingStatements(),
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: this.stateMachineArn },
      { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: Aws.STACK_ID },
    ];
    if (brokers.length > 0) {
      statements.push({
        Effect: 'Allow',
        Action: ['mq:DescribeBroker', 'mq:RebootBroker', 'mq:ListUsers', 'mq:DescribeUser', 'mq:CreateUser', 'mq:UpdateUser', 'mq:DeleteUser',
          ...(rotations.length > 0 ? ['mq:UpdateBroker'] : [])],
        Resource: brokers,
      });
    }
    if (configurations.length > 0) {
      statements.push({ Effect: 'Allow', Action: ['mq:DescribeConfigurationRevision', 'mq:UpdateConfiguration'], Resource: configurations });
    }
    if (secrets.length > 0) {
      statements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: unique(secrets.map((s) => s.secretArn)) });
    }
    if (rotations.length > 0) {
      statements.push({
        Effect: 'Allow',
        Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: unique(rotations.map((r) => r.secret.secretArn)),
      });
      statements.push({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: unique(rotations.map((r) => r.parameterArn)) });
    }
    const keys = unique([...secrets, ...rotations.map((r) => r.secret)].flatMap((s) => keyArnOf(s)));
    if (keys.length > 0) {
      statements.push({
        Effect: 'Allow',
        Action: ['kms:Decrypt', ...(rotations.length > 0 ? ['kms:GenerateDataKey'] : [])],
        Resource: keys,
        Condition: { StringEquals: { 'kms:ViaService': Fn.join('', ['secretsmanager.', Aws.REGION, '.amazonaws.com']) } },
      });
    }
    return statements;
  }
}

function keyArnOf(secret: secretsmanager.ISecret): string[] {
  const key = secret.encryptionKey as kms.IKey | undefined;
  return key ? [key.keyArn] : [];
}

/** Distinct values (the same token always stringifies the same). */
function unique(values: string[]): string[] {
  return [...new Set(values)];
}
