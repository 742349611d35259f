import { BrokerXml } from '../../src/config';
import { amazonMqXsd, AmazonMqXsdVersion, validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

describe('test/helpers/xsd', () => {
  test('reads each bundled schema once and caches it', () => {
    const first = amazonMqXsd('5.18.4');
    expect(first).toContain('targetNamespace="http://activemq.apache.org/schema/core"');
    expect(amazonMqXsd('5.18.4')).toBe(first);
    expect(amazonMqXsd('5.19.1')).toContain('maxUncommittedCount');
    expect(amazonMqXsd('5.17.6')).not.toContain('maxUncommittedCount');
  });

  test('fails for a version that is not bundled', () => {
    expect(() => amazonMqXsd('5.20.0' as AmazonMqXsdVersion)).toThrow('No bundled Amazon MQ schema for version "5.20.0"; use one of 5.17.6, 5.18.4, 5.19.1.');
  });

  test('validates nothing for an empty list', async () => {
    expect(await validateManyAgainstAmazonMqXsd([], '5.19.1')).toEqual([]);
  });

  test('keeps results apart per document in a batch (10+ documents, no name prefix mix-up)', async () => {
    const good = BrokerXml.render({});
    const bad = good.replace('name="openwire"', 'name="amqp"');
    const docs = Array.from({ length: 12 }, (_, i) => (i === 1 || i === 11 ? bad : good));
    const results = await validateManyAgainstAmazonMqXsd(docs, '5.19.1');
    expect(results.map((r) => r.valid)).toEqual(docs.map((d) => d === good));
    expect(results[11].errors.join('\n')).toMatch(/'amqp' is not an element of the set \{'openwire'\}/);
  });
});
