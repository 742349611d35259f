import { CfnOutput, Names, Stack, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { usernameProblem } from '../../private/amazon-mq';
import { IActiveMqBrokerMesh } from '../mesh-contract';
import { IMeshUser } from '../mesh-user';

/**
 * The names under which a mesh publishes what its clients need: the CloudFormation output id (after the mesh's
 * output prefix) and the SSM parameter name (after `ssmParameterPrefix`). One table, read by the mesh that
 * publishes and by `ActiveMqBrokerMesh.fromSsmParameters()` that reads, so the two cannot drift apart.
 */
export const CLIENT_VALUES = {
  openWireFailoverUri: { output: 'OpenWireFailoverUri', parameter: 'openwire-failover-uri', description: 'OpenWire failover URI listing every broker of the mesh' },
  amqpFailoverUri: { output: 'AmqpFailoverUri', parameter: 'amqp-failover-uri', description: 'AMQP (Qpid JMS) failover URI listing every broker of the mesh' },
  stompEndpoints: { output: 'StompEndpoints', parameter: 'stomp-endpoints', description: 'STOMP endpoints of every broker of the mesh' },
  mqttEndpoints: { output: 'MqttEndpoints', parameter: 'mqtt-endpoints', description: 'MQTT endpoints of every broker of the mesh' },
  wssEndpoints: { output: 'WssEndpoints', parameter: 'wss-endpoints', description: 'WebSocket (WSS) endpoints of every broker of the mesh' },
  securityGroupId: { output: 'SecurityGroupId', parameter: 'security-group-id', description: 'The mesh security group, attached to every broker: let clients in through it' },
} as const;

/** The SSM parameter of one application user's secret ARN: `<prefix>/users/<username>/secret-arn`. */
export function userSecretParameterName(prefix: string, username: string): string {
  return `${prefix}/users/${username}/secret-arn`;
}

/**
 * The prefix of a mesh's CloudFormation output ids: its construct path below its stack, letters and digits only
 * (`Mesh` for a mesh with ID `Mesh` directly in a stack, so the OpenWire URI is the output `MeshOpenWireFailoverUri`).
 * Stable across synths and unique per mesh in a stack (construct paths are unique).
 */
export function outputPrefix(mesh: IConstruct): string {
  const stack = Stack.of(mesh);
  const below = mesh.node.scopes.slice(stack.node.scopes.length).map(s => s.node.id).join('');
  const prefix = below.replace(/[^A-Za-z0-9]/g, '');
  return prefix.length > 0 ? prefix : Names.uniqueId(mesh);
}

/** A CfnOutput whose logical id is exactly `logicalId`; refuses an id another output of the stack already has. */
export function stableOutput(scope: Construct, id: string, logicalId: string, value: string, description: string): CfnOutput {
  const stack = Stack.of(scope);
  const taken = stack.node.findAll().find(c => c instanceof CfnOutput && stack.resolve(c.logicalId) === logicalId);
  if (taken !== undefined) {
    throw new Error(`The CloudFormation output id '${logicalId}' of ${scope.node.path} is already used by ${taken.node.path}: `
      + 'output ids are the mesh\'s construct path without separators plus the value name; give one of the meshes (or its '
      + 'parent) another construct ID.');
  }
  const output = new CfnOutput(scope, id, { value, description });
  output.overrideLogicalId(logicalId);
  return output;
}

/**
 * Emits the mesh's client URIs and its security group as CloudFormation outputs with stable ids
 * (`<outputPrefix>OpenWireFailoverUri`, …) and/or SSM String parameters under `ssmPrefix`.
 */
export function emitClientEndpoints(scope: Construct, mesh: IActiveMqBrokerMesh, outputs: boolean, ssmPrefix?: string): void {
  const values: Record<keyof typeof CLIENT_VALUES, string> = {
    openWireFailoverUri: mesh.openWireFailoverUri,
    amqpFailoverUri: mesh.amqpFailoverUri,
    stompEndpoints: mesh.stompEndpoints,
    mqttEndpoints: mesh.mqttEndpoints,
    wssEndpoints: mesh.wssEndpoints,
    securityGroupId: mesh.connections.securityGroups[0].securityGroupId,
  };
  const prefix = outputPrefix(scope);
  for (const [key, { output, parameter, description }] of Object.entries(CLIENT_VALUES)) {
    const value = values[key as keyof typeof CLIENT_VALUES];
    if (outputs) {
      stableOutput(scope, output, `${prefix}${output}`, value, description);
    }
    if (ssmPrefix !== undefined) {
      new ssm.StringParameter(scope, `${output}Parameter`, {
        parameterName: `${ssmPrefix}/${parameter}`,
        simpleName: false,
        stringValue: value,
        description,
      });
    }
  }
}

/**
 * Publishes an application user's secret ARN (never the secret's value) as `<ssmPrefix>/users/<username>/secret-arn`,
 * for consumers in other apps (`ActiveMqBrokerMesh.fromSsmParameters()`).
 */
export function publishUserSecret(scope: Construct, user: IMeshUser, ssmPrefix: string, prop: string): void {
  const problem = ssmUsernameProblem(user.username);
  if (problem !== undefined) {
    throw new Error(`${prop}.username ${problem}, but with ssmParameterPrefix every application user is published as `
      + `${userSecretParameterName(ssmPrefix, '<username>')}: choose a username without '~', or remove ssmParameterPrefix.`);
  }
  new ssm.StringParameter(scope, 'SecretArnParameter', {
    parameterName: userSecretParameterName(ssmPrefix, user.username),
    simpleName: false,
    stringValue: user.secret.secretArn,
    description: `ARN of the secret of the broker user '${user.username}' (the secret holds username and password)`,
  });
}

/**
 * What keeps a username from being part of an SSM parameter name (`A-Z a-z 0-9 _ . -`, so no '~'), or undefined.
 * Tokens are not checked.
 */
export function ssmUsernameProblem(username: string): string | undefined {
  if (Token.isUnresolved(username)) {
    return undefined;
  }
  return usernameProblem(username) ?? (username.includes('~') ? `must not contain '~' (SSM parameter names do not allow it), got '${username}'` : undefined);
}
