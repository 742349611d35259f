import { Token } from 'aws-cdk-lib';
import { DestinationKind, ActiveMqDestination } from '../../src/config';

describe('ActiveMqDestination', () => {
  test('queue() makes a queue', () => {
    const d = ActiveMqDestination.queue('orders');
    expect(d).toBeInstanceOf(ActiveMqDestination);
    expect(d._kind).toBe(DestinationKind.QUEUE);
    expect(d.physicalName).toBe('orders');
  });

  test('topic() makes a topic', () => {
    const d = ActiveMqDestination.topic('prices');
    expect(d._kind).toBe(DestinationKind.TOPIC);
    expect(d.physicalName).toBe('prices');
  });

  test.each(['orders.>', 'prices.*.eur', 'ActiveMQ.Advisory.>', 'a,b', 'x&y<z>'])('accepts the name %j', (name) => {
    expect(ActiveMqDestination.queue(name).physicalName).toBe(name);
    expect(ActiveMqDestination.topic(name).physicalName).toBe(name);
  });

  test('accepts a token name unchecked', () => {
    const token = Token.asString({ resolve: () => '' });
    expect(ActiveMqDestination.queue(token).physicalName).toBe(token);
  });

  test.each<[string, unknown, string]>([
    ['the name is empty', '', 'physicalName must be a non-empty destination name, got "": ActiveMQ cannot match an empty name; give a queue or topic name such as \'orders\' or a wildcard such as \'orders.>\'.'],
    ['the name is blank', '   ', 'physicalName must be a non-empty destination name, got "   "'],
    ['the name is not a string', undefined, 'physicalName must be a non-empty destination name, got undefined'],
    ['the name has surrounding spaces', ' orders', 'physicalName must not start or end with whitespace, got " orders": ActiveMQ would treat the spaces as part of the name; remove the surrounding spaces.'],
    ['the name has a line break', 'a\nb', 'physicalName must not contain control characters, got "a\\nb": remove line breaks, tabs and other control characters from the destination name.'],
  ])('fails if %s', (_, name, message) => {
    expect(() => ActiveMqDestination.queue(name as string)).toThrow(message);
    expect(() => ActiveMqDestination.topic(name as string)).toThrow(message);
  });
});
