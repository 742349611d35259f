import { validateXML } from 'xmllint-wasm';
import { BrokerXml, ActiveMqDestination } from '../../src/config';
import { activeMqBrokerSchema, describeWithActiveMq } from '../helpers/activemq';

/**
 * Cross-check against Apache ActiveMQ's own broker schema (activemq.xsd inside Debian's
 * activemq-spring.jar, ActiveMQ 5.17.2), which the broker itself validates configurations with.
 * The Amazon MQ schemas are a subset written by AWS; this proves the attribute names we render
 * (networkTTL, messageTTL, consumerTTL, …) are the ones ActiveMQ's XBean mapping knows.
 * Runs only where the Debian `activemq` package is installed (see test/helpers/activemq.ts).
 */

describeWithActiveMq('rendered broker XML against ActiveMQ 5.17.2 activemq.xsd', () => {
  let schema: string;
  beforeAll(() => {
    schema = activeMqBrokerSchema();
  });

  async function validate(xml: string) {
    const result = await validateXML({ xml: [{ fileName: 'broker.xml', contents: xml }], schema: [schema] });
    return { valid: result.valid, errors: result.errors.map((e) => e.message) };
  }

  test('every connector option and destination list is accepted by ActiveMQ itself', async () => {
    const xml = BrokerXml.render({
      networkConnectors: [{
        name: 'connector_1_to_0',
        uri: 'static:(failover:(ssl://a-1:61617,ssl://a-2:61617)?randomize=false&maxReconnectAttempts=0)',
        userName: 'mesh-bridge',
        duplex: true,
        networkTtl: 2,
        conduitSubscriptions: false,
        consumerTtl: 1,
        messageTtl: -1,
        decreaseNetworkConsumerPriority: true,
        dynamicOnly: true,
        suppressDuplicateQueueSubscriptions: true,
        suppressDuplicateTopicSubscriptions: false,
        prefetchSize: 100,
        excludedDestinations: [ActiveMqDestination.queue('internal.>')],
        dynamicallyIncludedDestinations: [ActiveMqDestination.topic('prices.>')],
        staticallyIncludedDestinations: [ActiveMqDestination.queue('audit')],
      }],
    });
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
  });

  test('ActiveMQ\'s schema rejects a misspelt attribute (the check can fail)', async () => {
    const xml = BrokerXml.render({ networkConnectors: [{ name: 'c', uri: 'static:(ssl://a:61617)', userName: 'mesh-bridge', networkTtl: 2 }] })
      .replace('networkTTL=', 'networkTtl=');
    const result = await validate(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/attribute 'networkTtl': The attribute 'networkTtl' is not allowed/);
  });
});
