import { broker, connect, newStack, pathsFor, validate } from '../helpers';

describe('MicroInstanceInMesh: brokers of a network are not micro instances', () => {
  test('Noncompliance 1: an mq.t3.micro in a network', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink', { hostInstanceType: 'mq.t3.micro' });
    connect(broker(stack, 'Source'), [sink]);
    expect(pathsFor(validate(stack), 'MicroInstanceInMesh')).toEqual([sink.node.path]);
  });

  test('Noncompliance 2: an mq.t2.micro that only declares the connector', () => {
    const stack = newStack();
    const source = broker(stack, 'Source', { hostInstanceType: 'mq.t2.micro' });
    connect(source, [broker(stack, 'Sink')]);
    expect(pathsFor(validate(stack), 'MicroInstanceInMesh')).toEqual([source.node.path]);
  });

  test('Compliance: mq.m5.large in a network; a micro broker on its own is not this rule', () => {
    const stack = newStack();
    connect(broker(stack, 'Source'), [broker(stack, 'Sink')]);
    broker(stack, 'Alone', { hostInstanceType: 'mq.t3.micro' });
    expect(pathsFor(validate(stack), 'MicroInstanceInMesh')).toEqual([]);
  });
});
