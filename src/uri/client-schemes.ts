import { Fn, Token } from 'aws-cdk-lib';
import { ClientProtocol } from './client-protocol';
import { ENDPOINT_SCHEMES } from '../private/amazon-mq';

/** The scheme a broker's endpoint attribute uses, and the one the protocol's usual clients read. */
interface ClientScheme {
  /** As Amazon MQ writes it in the broker's `*Endpoints` attribute. */
  readonly amazonMq: string;
  /** As the protocol's usual clients take it. */
  readonly client: string;
}

/**
 * How each protocol's usual clients spell the endpoints Amazon MQ publishes:
 * - OpenWire: ActiveMQ's client takes `ssl://host:61617` as Amazon MQ writes it (Amazon MQ's Java example).
 * - AMQP: Qpid JMS knows the schemes `amqp`, `amqps`, `amqpws` and `amqpwss` only (apache/qpid-jms
 *   qpid-jms-docs/Configuration.md, "Connection URI"); Amazon MQ's `amqp+ssl://` must become `amqps://`.
 * - STOMP: kept as `stomp+ssl://`, the URL form of the Ruby stomp gem (`Stomp::Client.new("stomp+ssl://…")`,
 *   stompgem/stomp README) and of ActiveMQ; clients that take a host and port (stomp.py, Spring) read them from it.
 * - MQTT: Eclipse Paho's Java client takes `tcp://` and `ssl://` server URIs ("Two types of connection are
 *   supported tcp:// … and ssl://", MqttConnectOptions.setServerURIs, Amazon MQ's own MQTT example uses Paho with
 *   `ssl://`), and MQTT.js maps `ssl`, `tls` and `mqtts` to TLS (mqttjs/MQTT.js src/lib/connect/index.ts); neither
 *   knows `mqtt+ssl://`, so it becomes `ssl://`.
 * - WSS: `wss://host:61619` is the WebSocket URL browsers, STOMP.js and Paho's WebSocket transports take.
 */
export const CLIENT_SCHEMES: { readonly [protocol in ClientProtocol]: ClientScheme } = {
  [ClientProtocol.OPENWIRE]: { amazonMq: ENDPOINT_SCHEMES.openWire, client: 'ssl' },
  [ClientProtocol.AMQP]: { amazonMq: ENDPOINT_SCHEMES.amqp, client: 'amqps' },
  [ClientProtocol.STOMP]: { amazonMq: ENDPOINT_SCHEMES.stomp, client: 'stomp+ssl' },
  [ClientProtocol.MQTT]: { amazonMq: ENDPOINT_SCHEMES.mqtt, client: 'ssl' },
  [ClientProtocol.WSS]: { amazonMq: ENDPOINT_SCHEMES.wss, client: 'wss' },
};

/**
 * Rewrites Amazon MQ's scheme to the clients' one in an endpoint list (`a,b,…`). A list that holds tokens (the
 * brokers' endpoint attributes) is rewritten by CloudFormation itself: `Fn::Join [client://, Fn::Split [amazonMq://,
 * list]]`, which leaves endpoints that already use another scheme unchanged.
 *
 * @param protocol the client protocol
 * @param endpoints the comma-separated endpoints
 */
export function withClientScheme(protocol: ClientProtocol, endpoints: string): string {
  const { amazonMq, client } = CLIENT_SCHEMES[protocol];
  if (amazonMq === client) {
    return endpoints;
  }
  const from = `${amazonMq}://`;
  const to = `${client}://`;
  return Token.isUnresolved(endpoints) ? Fn.join(to, Fn.split(from, endpoints)) : endpoints.split(from).join(to);
}
