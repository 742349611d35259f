import { chooseQueuePrefix, forwards, matchesDestination } from '../../src/drill/destinations';

describe('ActiveMQ destination wildcards', () => {
  // the expectations for '>' are what ActiveMQ 5.17's own DestinationFilter.parseFilter(queue).matches(queue) answers
  test.each([
    ['orders.>', 'orders.eu.new', true],
    ['orders.>', 'orders', true],
    ['orders.eu.>', 'orders', false],
    ['orders.*.>', 'orders', false],
    ['orders.*.>', 'orders.eu', true],
    ['orders.>.new', 'orders.eu.new', false],
    ['orders.*', 'orders.eu', true],
    ['orders.*', 'orders.eu.new', false],
    ['*.new', 'orders.new', true],
    ['orders', 'orders', true],
    ['orders', 'orders.eu', false],
    ['>', 'anything.at.all', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchesDestination(pattern, name)).toBe(expected);
  });

  test('a connector forwards what it includes (everything when it includes nothing) and not what it excludes', () => {
    expect(forwards({ label: 'c', included: [], excluded: [] }, 'drill.x')).toBe(true);
    expect(forwards({ label: 'c', included: ['orders.>'], excluded: [] }, 'drill.x')).toBe(false);
    expect(forwards({ label: 'c', included: [], excluded: ['drill.>'] }, 'drill.x')).toBe(false);
  });
});

describe('chooseQueuePrefix', () => {
  test('drill when every connector forwards every queue', () => {
    expect(chooseQueuePrefix([{ label: 'a', included: [], excluded: ['ActiveMQ.>'] }])).toEqual({ prefix: 'drill' });
  });

  test('a prefix under the included wildcard that every connector forwards', () => {
    expect(chooseQueuePrefix([
      { label: 'a', included: ['orders.>'], excluded: [] },
      { label: 'b', included: ['payments.>', 'orders.*.>'], excluded: [] },
      { label: 'c', included: [], excluded: [] },
    ])).toEqual({ prefix: 'orders.drill' });
  });

  test('none: the problem names the connectors and the fix', () => {
    const r = chooseQueuePrefix([
      { label: 'connector a', included: ['orders.>'], excluded: [] },
      { label: 'connector b', included: ['payments'], excluded: [] },
    ]);
    expect('problem' in r && r.problem).toMatch(/^no queue name is forwarded by every connector \(connector a forwards only queue orders\.>; connector b forwards only queue payments\).*include a wildcard queue pattern/);
  });
});
