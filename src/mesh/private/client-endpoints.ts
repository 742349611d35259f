import { CfnOutput } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { IActiveMqBrokerMesh } from '../mesh-contract';

/** One client-facing value of a mesh: its output id, SSM parameter suffix, description and value. */
interface ClientValue {
  readonly id: string;
  readonly suffix: string;
  readonly description: string;
  readonly value: string;
}

function clientValues(mesh: IActiveMqBrokerMesh): ClientValue[] {
  return [
    { id: 'OpenWireFailoverUri', suffix: 'openwire-failover-uri', description: 'OpenWire failover URI listing every broker of the mesh', value: mesh.openWireFailoverUri },
    { id: 'AmqpFailoverUri', suffix: 'amqp-failover-uri', description: 'AMQP (Qpid JMS) failover URI listing every broker of the mesh', value: mesh.amqpFailoverUri },
    { id: 'StompEndpoints', suffix: 'stomp-endpoints', description: 'STOMP endpoints of every broker of the mesh', value: mesh.stompEndpoints },
    { id: 'MqttEndpoints', suffix: 'mqtt-endpoints', description: 'MQTT endpoints of every broker of the mesh', value: mesh.mqttEndpoints },
    { id: 'WssEndpoints', suffix: 'wss-endpoints', description: 'WebSocket (WSS) endpoints of every broker of the mesh', value: mesh.wssEndpoints },
  ];
}

/** Emits the mesh's client URIs as CloudFormation outputs and/or SSM String parameters under `ssmPrefix`. */
export function emitClientEndpoints(scope: Construct, mesh: IActiveMqBrokerMesh, outputs: boolean, ssmPrefix?: string): void {
  for (const { id, suffix, description, value } of clientValues(mesh)) {
    if (outputs) {
      new CfnOutput(scope, id, { value, description });
    }
    if (ssmPrefix !== undefined) {
      new ssm.StringParameter(scope, `${id}Parameter`, {
        parameterName: `${ssmPrefix}/${suffix}`,
        simpleName: false,
        stringValue: value,
        description,
      });
    }
  }
}
