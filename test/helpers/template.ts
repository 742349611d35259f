/**
 * Reading the synthesized CloudFormation the way CloudFormation would: Fn::Base64 decoded, Fn::Join joined,
 * GetAtt/Select of broker endpoints replaced by readable placeholders that name the broker's logical ID.
 */

type Json = any;

/** The placeholder standing for `Fn::Select [i, Fn::GetAtt [logicalId, attr]]`. */
export function endpointPlaceholder(logicalId: string, attribute: string, index: number): string {
  const scheme = { OpenWireEndpoints: 'ssl', AmqpEndpoints: 'amqp+ssl', StompEndpoints: 'stomp+ssl', MqttEndpoints: 'mqtt+ssl', WssEndpoints: 'wss' }[attribute] ?? 'x';
  const port = { OpenWireEndpoints: 61617, AmqpEndpoints: 5671, StompEndpoints: 61614, MqttEndpoints: 8883, WssEndpoints: 61619 }[attribute] ?? 0;
  return `${scheme}://b-${logicalId.toLowerCase()}-${index + 1}.mq.us-east-1.amazonaws.com:${port}`;
}

/** Resolves Fn::Join / Fn::Select(GetAtt) / Fn::Base64 into a plain string; throws on anything else. */
export function flatten(value: Json): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    if ('Fn::Join' in value) {
      const [sep, parts] = value['Fn::Join'];
      return (parts as Json[]).map(flatten).join(sep);
    }
    if ('Fn::Select' in value) {
      const [index, list] = value['Fn::Select'];
      if (list && list['Fn::GetAtt']) {
        const [logicalId, attribute] = list['Fn::GetAtt'];
        return endpointPlaceholder(logicalId, attribute, Number(index));
      }
    }
    if ('Fn::Base64' in value) {
      return flatten(value['Fn::Base64']);
    }
    if ('Ref' in value) return `{Ref:${value.Ref}}`;
    if ('Fn::GetAtt' in value) return `{GetAtt:${value['Fn::GetAtt'].join('.')}}`;
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

/** The XML of an AWS::AmazonMQ::Configuration resource's Data. */
export function configurationXml(resource: Json): string {
  const data = resource.Properties.Data;
  if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
  return flatten(data);
}

/** Resources of one type, by logical ID. */
export function resourcesOfType(template: Json, type: string): Record<string, Json> {
  return Object.fromEntries(Object.entries(template.Resources as Record<string, Json>).filter(([, r]) => r.Type === type));
}

/** Logical IDs whose resource JSON differs between two templates (present in both); see deploy-plan.ts for outcomes. */
export function changedResources(before: Json, after: Json): string[] {
  return Object.keys(before.Resources).filter(id => id in after.Resources
    && JSON.stringify(before.Resources[id]) !== JSON.stringify(after.Resources[id]));
}

/**
 * The users of a broker as a template declares them: its own `Users`, plus the users of every mesh users custom
 * resource that lists it (`Custom::ActiveMqMeshUsers`, /work/plan/CONTRACT-users.md), as `{ Username, Groups }`.
 */
export function usersOf(template: Json, brokerLogicalId: string): Array<{ Username: string; Groups?: string[] }> {
  const own = template.Resources[brokerLogicalId].Properties.Users ?? [];
  const managed = Object.values(resourcesOfType(template, 'Custom::ActiveMqMeshUsers'))
    .filter(r => JSON.stringify(r.Properties.BrokerIds).includes(JSON.stringify({ Ref: brokerLogicalId })))
    .flatMap(r => r.Properties.Users);
  return [...own, ...managed].map((u: Json) => ({ Username: u.Username, Groups: u.Groups }));
}
