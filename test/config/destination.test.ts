import { Token } from 'aws-cdk-lib';
import { DestinationKind, NetworkDestination } from '../../src/config';

describe('NetworkDestination', () => {
  test('queue() makes a queue', () => {
    const d = NetworkDestination.queue('orders');
    expect(d).toBeInstanceOf(NetworkDestination);
    expect(d.kind).toBe(DestinationKind.QUEUE);
    expect(d.physicalName).toBe('orders');
  });

  test('topic() makes a topic', () => {
    const d = NetworkDestination.topic('prices');
    expect(d.kind).toBe(DestinationKind.TOPIC);
    expect(d.physicalName).toBe('prices');
  });

  test.each(['orders.>', 'prices.*.eur', 'ActiveMQ.Advisory.>', 'a,b', 'x&y<z>'])('accepts the name %j', (name) => {
    expect(NetworkDestination.queue(name).physicalName).toBe(name);
    expect(NetworkDestination.topic(name).physicalName).toBe(name);
  });

  test('accepts a token name unchecked', () => {
    const token = Token.asString({ resolve: () => '' });
    expect(NetworkDestination.queue(token).physicalName).toBe(token);
  });

  test.each<[string, unknown, string]>([
    ['the name is empty', '', 'physicalName must be a non-empty destination name, got "": ActiveMQ cannot match an empty name; give a queue or topic name such as \'orders\' or a wildcard such as \'orders.>\'.'],
    ['the name is blank', '   ', 'physicalName must be a non-empty destination name, got "   "'],
    ['the name is not a string', undefined, 'physicalName must be a non-empty destination name, got undefined'],
    ['the name has surrounding spaces', ' orders', 'physicalName must not start or end with whitespace, got " orders": ActiveMQ would treat the spaces as part of the name; remove the surrounding spaces.'],
    ['the name has a line break', 'a\nb', 'physicalName must not contain control characters, got "a\\nb": remove line breaks, tabs and other control characters from the destination name.'],
  ])('fails if %s', (_, name, message) => {
    expect(() => NetworkDestination.queue(name as string)).toThrow(message);
    expect(() => NetworkDestination.topic(name as string)).toThrow(message);
  });
});
