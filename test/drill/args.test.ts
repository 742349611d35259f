import { Duration } from 'aws-cdk-lib';
import { DEFAULT_DRILL_OPTIONS, HELP, parseDrillArgs, UsageError } from '../../src/drill/args';
import { drillFailoverUri, failoverOptionsFor } from '../../src/drill/failover-spec';
import { FailoverUri } from '../../src/uri';

function options(...argv: string[]) {
  const parsed = parseDrillArgs(argv);
  if (parsed.help) {
    throw new Error('unexpected help');
  }
  return parsed.options;
}

describe('parseDrillArgs', () => {
  test('defaults', () => {
    expect(options()).toEqual({
      ...DEFAULT_DRILL_OPTIONS,
      networkTtl: undefined,
      negative: undefined,
      workDir: undefined,
      jsonFile: undefined,
      from: undefined,
      caseNumber: undefined,
    });
  });

  test('every option', () => {
    expect(options('--brokers', '4', '--topology', 'hub-and-spoke', '--hub', '2', '--duration', '12', '--kill', '3',
      '--network-ttl', '3', '--failover', 'activemq', '--base-port', '62000', '--work-dir', 'w', '--json', 'r.json', '--rate', '100',
      '--consumer-delay', '4')).toEqual({
      brokers: 4,
      topology: 'hub-and-spoke',
      hub: 2,
      durationSeconds: 12,
      kill: 3,
      networkTtl: 3,
      negative: undefined,
      failover: 'activemq',
      basePort: 62000,
      workDir: 'w',
      jsonFile: 'r.json',
      rate: 100,
      consumerDelaySeconds: 4,
      from: undefined,
      caseNumber: undefined,
    });
  });

  test('--rotate and --negative naive-rotation: the rotation replaces the kill', () => {
    expect(options('--rotate', '--brokers', '3', '--topology', 'hub-and-spoke').rotate).toBe(true);
    expect(options('--negative', 'naive-rotation').negative).toBe('naive-rotation');
    for (const [flag, value] of [['--kill', '1'], ['--duration', '10'], ['--consumer-delay', '1'], ['--from', 'cdk.out']]) {
      expect(() => options('--rotate', flag, value)).toThrow(`${flag} cannot be combined with --rotate: the rotation replaces the kill and lasts as long as its reboots; drop ${flag}.`);
    }
    expect(() => options('--negative', 'naive-rotation', '--no-kill')).toThrow('--no-kill cannot be combined with --negative naive-rotation');
    expect(() => options('--rotate', '--negative', 'bridge-password')).toThrow('--rotate cannot be combined with --negative bridge-password: pass one of them');
    expect(() => options('--negative', 'x')).toThrow("--negative must be bridge-password, hub-ttl-1 or naive-rotation, got 'x'.");
  });

  test('--from and --case: the app decides the brokers, so the mesh options are refused with the fix', () => {
    const o = options('--from', 'cdk.out', '--case', '2', '--kill', '15', '--base-port', '65000');
    expect([o.from, o.caseNumber, o.kill, o.basePort]).toEqual(['cdk.out', 2, 15, 65000]);
    for (const [flag, value] of [['--brokers', '4'], ['--topology', 'full-mesh'], ['--network-ttl', '2'], ['--negative', 'bridge-password']]) {
      expect(() => options('--from', 'cdk.out', flag, value)).toThrow(`${flag} cannot be combined with --from: the app's templates decide the brokers and their connectors; drop ${flag}.`);
    }
    expect(() => options('--case', '1')).toThrow('--case 1 applies only with --from <cdk.out>: add --from or drop --case.');
    expect(() => options('--from', ' ')).toThrow('--from needs a path');
    expect(() => options('--from', 'cdk.out', '--case', '0')).toThrow("--case must be a whole number from 1 to 10000, got '0'.");
    expect(() => options('--from', 'cdk.out', '--kill', '20')).toThrow("--kill must be a node index from 0 to 19 or 'all', got '20'.");
    expect(HELP).toContain('--from <path>');
  });

  test('--no-kill, --negative and its implied topology', () => {
    expect(options('--no-kill').kill).toBe('none');
    expect(options('--kill', 'all').kill).toBe('all');
    expect(options('--negative', 'hub-ttl-1')).toMatchObject({ negative: 'hub-ttl-1', topology: 'hub-and-spoke' });
    expect(options('--negative', 'bridge-password')).toMatchObject({ negative: 'bridge-password', topology: 'full-mesh' });
    expect(options('--failover', 'randomize=false&initialReconnectDelay=50').failover).toBe('randomize=false&initialReconnectDelay=50');
  });

  test('--help and -h', () => {
    expect(parseDrillArgs(['--help'])).toEqual({ help: true });
    expect(parseDrillArgs(['-h'])).toEqual({ help: true });
    for (const flag of ['--brokers', '--topology', '--hub', '--duration', '--kill', '--no-kill', '--network-ttl', '--negative',
      '--failover', '--base-port', '--work-dir', '--json', '--rate', '--consumer-delay', '--help']) {
      expect(HELP).toContain(flag);
    }
    expect(HELP).toContain('apt-get install -y activemq');
  });

  test.each([
    [['--bogus'], /Unknown option '--bogus'.*--help/],
    [['deploy'], /^unexpected argument 'deploy': drill takes only options\. Run `cdk-activemq-mesh drill --help` for them\.$/],
    [['--brokers', '3', 'drill'], /^unexpected argument 'drill': drill takes only options/],
    [['--brokers', '1'], /--brokers must be a whole number from 2 to 10, got '1'/],
    [['--brokers', 'three'], /--brokers must be a whole number from 2 to 10, got 'three'/],
    [['--duration', '2'], /--duration must be a whole number from 5 to 3600, got '2'/],
    [['--rate', '0'], /--rate must be a whole number from 1 to 2000, got '0'/],
    [['--duration', '10', '--consumer-delay', '10'], /--consumer-delay must be a whole number from 0 to 9, got '10'/],
    [['--kill', '3'], /--kill must be a node index from 0 to 2 or 'all', got '3'/],
    [['--kill', 'any'], /--kill must be a node index from 0 to 2 or 'all', got 'any'/],
    [['--kill', '1', '--no-kill'], /--kill and --no-kill contradict each other/],
    [['--topology', 'ring'], /--topology must be full-mesh, hub-and-spoke or concentrator, got 'ring'/],
    [['--hub', '1'], /--hub applies only to --topology hub-and-spoke/],
    [['--topology', 'hub-and-spoke', '--hub', '5'], /--hub must be a whole number from 0 to 2, got '5'/],
    [['--negative', 'dns'], /--negative must be bridge-password, hub-ttl-1 or naive-rotation, got 'dns'/],
    [['--negative', 'hub-ttl-1', '--topology', 'full-mesh'], /--negative hub-ttl-1 needs --topology hub-and-spoke/],
    [['--negative', 'bridge-password', '--network-ttl', '2'], /--network-ttl cannot be combined with --negative/],
    [['--network-ttl', '0'], /--network-ttl must be a whole number from 1 to 10, got '0'/],
    [['--failover', 'fast'], /--failover must be library, activemq or a query string/],
    [['--base-port', '80'], /--base-port must be a whole number from 1024 to 65515, got '80'/],
    [['--brokers'], /--brokers.*argument missing|Option '--brokers <value>' argument missing/],
  ])('fails on %j', (argv, message) => {
    expect(() => parseDrillArgs(argv)).toThrow(UsageError);
    expect(() => parseDrillArgs(argv)).toThrow(message);
  });
});

describe('--failover', () => {
  const eps = ['tcp://127.0.0.1:1', 'tcp://127.0.0.1:2'];

  test('library uses FailoverUri.LIBRARY_DEFAULTS through FailoverUri.openWire', () => {
    expect(failoverOptionsFor('library')).toEqual({});
    expect(drillFailoverUri(eps, 'library')).toBe(FailoverUri.openWire(eps, FailoverUri.LIBRARY_DEFAULTS));
  });

  test('activemq uses FailoverUri.ACTIVEMQ_DEFAULTS', () => {
    expect(failoverOptionsFor('activemq')).toBe(FailoverUri.ACTIVEMQ_DEFAULTS);
    expect(drillFailoverUri(eps, 'activemq')).toContain('initialReconnectDelay=10&');
    expect(drillFailoverUri(eps, 'activemq')).toContain('maxReconnectDelay=30000');
  });

  test('a query string maps known keys to typed options and the rest to extraOptions', () => {
    const o = failoverOptionsFor('randomize=false&initialReconnectDelay=50&maxReconnectDelay=2000&useExponentialBackOff=true'
      + '&reconnectDelayExponent=1.5&maxReconnectAttempts=-1&startupMaxReconnectAttempts=3&timeout=4000&priorityBackup=true');
    expect(o.randomize).toBe(false);
    expect(o.initialReconnectDelay!.toMilliseconds()).toBe(50);
    expect(o.maxReconnectDelay!.toMilliseconds()).toBe(Duration.seconds(2).toMilliseconds());
    expect(o.timeout!.toMilliseconds()).toBe(4000);
    expect(o).toMatchObject({ useExponentialBackOff: true, backOffMultiplier: 1.5, maxReconnectAttempts: -1, startupMaxReconnectAttempts: 3, extraOptions: { priorityBackup: 'true' } });
    const uri = drillFailoverUri(eps, 'randomize=false&initialReconnectDelay=50');
    expect(FailoverUri.parse(uri).options).toMatchObject({ randomize: 'false', initialReconnectDelay: '50', maxReconnectDelay: '5000' });
  });

  test.each([
    ['randomize=maybe', /--failover randomize must be true or false, got 'maybe'/],
    ['initialReconnectDelay=soon', /--failover initialReconnectDelay must be a number of milliseconds, got 'soon'/],
    ['reconnectDelayExponent=', /--failover reconnectDelayExponent must be a number, got ''/],
    ['maxReconnectAttempts=-5', /--failover 'maxReconnectAttempts=-5' is not valid: .*maxReconnectAttempts/],
  ])('fails on %s', (spec, message) => {
    expect(() => drillFailoverUri(eps, spec)).toThrow(UsageError);
    expect(() => drillFailoverUri(eps, spec)).toThrow(message);
  });
});
