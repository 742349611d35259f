/**
 * Evaluates CloudFormation intrinsic functions the way CloudFormation does at deploy time, in a made-up but
 * Amazon-MQ-shaped world: each broker gets an ID like `b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9` and the endpoint
 * attributes Amazon MQ publishes (`ssl://b-…-1.mq.us-east-1.amazonaws.com:61617`, `amqp+ssl://…:5671`,
 * `stomp+ssl://…:61614`, `mqtt+ssl://…:8883`, `wss://…:61619`, one entry per instance; Amazon MQ developer guide,
 * "Amazon MQ for ActiveMQ brokers").
 *
 * Only the functions the library's templates use are known (Ref, Fn::GetAtt, Fn::Join, Fn::Split, Fn::Select,
 * Fn::Base64, Fn::Sub without a variable map); anything else throws, so a new intrinsic is noticed, not guessed.
 */
import { createHash } from 'crypto';
import { ENDPOINT_SCHEMES, PORTS } from '../../src/private/amazon-mq';

type Json = any;

/** Values of references in the world being evaluated. */
export interface CfnWorld {
  ref(logicalId: string): Json;
  getAtt(logicalId: string, attribute: string): Json;
}

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

const PSEUDO: Record<string, string> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Stack',
};

/** Evaluates `value` (a template fragment) in `world`. */
export function evaluate(value: Json, world: CfnWorld): Json {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(v => evaluate(v, world));
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    const [fn] = keys;
    const arg = value[fn];
    switch (fn) {
      case 'Ref':
        return PSEUDO[arg] ?? world.ref(arg);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return world.getAtt(id, attribute);
      }
      case 'Fn::Join': {
        const [separator, list] = arg;
        return asList(evaluate(list, world), fn).map(String).join(separator);
      }
      case 'Fn::Split': {
        const [separator, text] = arg;
        return String(evaluate(text, world)).split(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg;
        const items = asList(evaluate(list, world), fn);
        const i = Number(evaluate(index, world));
        if (!(i >= 0 && i < items.length)) {
          throw new Error(`Fn::Select index ${i} is out of range for a list of ${items.length}`);
        }
        return items[i];
      }
      case 'Fn::Base64':
        return Buffer.from(String(evaluate(arg, world)), 'utf8').toString('base64');
      case 'Fn::Sub':
        if (typeof arg !== 'string') {
          throw new Error('Fn::Sub with a variable map is not supported by this evaluator');
        }
        return arg.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
          const [id, attribute] = name.split('.');
          return String(attribute === undefined ? (PSEUDO[id] ?? world.ref(id)) : world.getAtt(id, attribute));
        });
      default:
        throw new Error(`${fn} is not supported by this evaluator`);
    }
  }
  return Object.fromEntries(keys.map(k => [k, evaluate(value[k], world)]));
}

function asList(value: Json, fn: string): Json[] {
  if (!Array.isArray(value)) {
    throw new Error(`${fn} needs a list, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A broker ID shaped like Amazon MQ's, derived from the logical ID so that it is stable. */
export function brokerId(logicalId: string): string {
  const h = createHash('sha256').update(logicalId).digest('hex');
  return `b-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const ENDPOINT_ATTRIBUTES: Record<string, [string, number]> = {
  OpenWireEndpoints: [ENDPOINT_SCHEMES.openWire, PORTS.openWire],
  AmqpEndpoints: [ENDPOINT_SCHEMES.amqp, PORTS.amqp],
  StompEndpoints: [ENDPOINT_SCHEMES.stomp, PORTS.stomp],
  MqttEndpoints: [ENDPOINT_SCHEMES.mqtt, PORTS.mqtt],
  WssEndpoints: [ENDPOINT_SCHEMES.wss, PORTS.wss],
};

/**
 * The world of a synthesized template once deployed: brokers get Amazon-MQ-shaped IDs, ARNs and endpoint lists
 * (two instances for ACTIVE_STANDBY_MULTI_AZ), configurations revision 1, other resources `<logicalId>-id`.
 */
export function deployedWorld(template: Json): CfnWorld {
  const resources: Record<string, Json> = template.Resources ?? {};
  const world: CfnWorld = {
    ref(id) {
      const r = resources[id];
      if (r === undefined) {
        throw new Error(`Ref to ${id}, which is not in the template`);
      }
      return r.Type === 'AWS::AmazonMQ::Broker' ? brokerId(id) : `${id}-id`;
    },
    getAtt(id, attribute) {
      const r = resources[id];
      if (r === undefined) {
        throw new Error(`GetAtt of ${id}, which is not in the template`);
      }
      if (r.Type === 'AWS::AmazonMQ::Broker') {
        const instances = r.Properties.DeploymentMode === 'ACTIVE_STANDBY_MULTI_AZ' ? 2 : 1;
        if (attribute in ENDPOINT_ATTRIBUTES) {
          const [scheme, port] = ENDPOINT_ATTRIBUTES[attribute];
          return Array.from({ length: instances }, (_, i) => `${scheme}://${brokerId(id)}-${i + 1}.mq.${REGION}.amazonaws.com:${port}`);
        }
        if (attribute === 'Arn') {
          return `arn:aws:mq:${REGION}:${ACCOUNT}:broker:${evaluate(r.Properties.BrokerName, world)}:${brokerId(id)}`;
        }
        if (attribute === 'Id') {
          return brokerId(id);
        }
      }
      if (r.Type === 'AWS::AmazonMQ::Configuration' && attribute === 'Revision') {
        return 1;
      }
      return `${id}.${attribute}`;
    },
  };
  return world;
}

/** The value of every output of a template once deployed, by output logical ID. */
export function deployedOutputs(template: Json): Record<string, string> {
  const world = deployedWorld(template);
  return Object.fromEntries(Object.entries(template.Outputs ?? {}).map(([id, o]: [string, Json]) => [id, evaluate(o.Value, world)]));
}
