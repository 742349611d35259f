/**
 * The wire protocols an Amazon MQ for ActiveMQ broker accepts from clients.
 *
 * Each protocol has its own endpoint list on the broker (`OpenWireEndpoints`, `AmqpEndpoints`, ...) and its
 * own port: OpenWire 61617, AMQP 5671, STOMP 61614, MQTT 8883, WSS 61619.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/connecting-to-amazon-mq.html
 */
export enum ClientProtocol {
  /** ActiveMQ's native protocol (`ssl://...:61617`); clients fail over with `failover:(...)`. */
  OPENWIRE = 'OPENWIRE',
  /**
   * AMQP 1.0 (Amazon MQ publishes `amqp+ssl://...:5671`); Qpid JMS clients fail over with
   * `failover:(amqps://...)?failover.*`, the scheme the mesh's URIs use.
   */
  AMQP = 'AMQP',
  /** STOMP (`stomp+ssl://...:61614`); no failover URI syntax, give clients the endpoint list. */
  STOMP = 'STOMP',
  /**
   * MQTT (Amazon MQ publishes `mqtt+ssl://...:8883`); the mesh's endpoint list uses `ssl://...:8883`, which Paho
   * clients take as server URIs.
   */
  MQTT = 'MQTT',
  /** WebSocket over TLS (`wss://...:61619`); give clients the endpoint list. */
  WSS = 'WSS',
}
