import {
  Base64Text, CfnEvaluationError, Concat, describeText, evaluateTemplate, ImportedValue, ImpossibleWorld, JoinedList, ListElement,
  Opaque, ParameterValue, parseTemplate, PseudoParameter, ResourceAttribute, ResourceRef, SplitList, TemplateEvaluation, TooManyWorlds, ZoneList,
} from '../../src/cfn';

function one(body: object, extra: { region?: string } = {}): TemplateEvaluation {
  const worlds = evaluateTemplate({ id: 'T', body: body as any, ...extra });
  expect(worlds).toHaveLength(1);
  return worlds[0];
}

function prop(value: unknown, body: object = {}): unknown {
  return one({ ...body, Resources: { ...(body as any).Resources, R: { Type: 'X', Properties: { P: value } } } }).properties('R').P;
}

const PEER = { Peer: { Type: 'AWS::AmazonMQ::Broker', Properties: {} } };

describe('evaluateTemplate: intrinsic functions as CloudFormation deploys them', () => {
  test('Ref and GetAtt name the resource; broker endpoints are lists', () => {
    expect(prop({ Ref: 'Peer' }, { Resources: PEER })).toEqual(new ResourceRef('T', 'Peer'));
    const att = prop({ 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }, { Resources: PEER }) as ResourceAttribute;
    expect(att).toEqual(new ResourceAttribute('T', 'Peer', 'OpenWireEndpoints', true));
    expect((prop({ 'Fn::GetAtt': 'Peer.Arn' }, { Resources: PEER }) as ResourceAttribute).isList).toBe(false);
  });

  test('Fn::Join of literals is a literal; with a list attribute it keeps the list', () => {
    expect(prop({ 'Fn::Join': ['-', ['a', 1, true]] })).toBe('a-1-true');
    const joined = prop({ 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] }, { Resources: PEER });
    expect(joined).toBeInstanceOf(JoinedList);
    const mixed = prop({ 'Fn::Join': ['', ['static:(', { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] }, ')']] }, { Resources: PEER });
    expect(mixed).toBeInstanceOf(Concat);
    expect(describeText(mixed as Concat)).toBe('static:(${Peer.OpenWireEndpoints joined with \',\'})');
  });

  test('Fn::Split then Fn::Select picks the element, not the unsplit input', () => {
    expect(prop({ 'Fn::Select': [1, { 'Fn::Split': [',', 'tcp://self:1,tcp://peer:2'] }] })).toBe('tcp://peer:2');
    expect(prop({ 'Fn::Select': ['0', { 'Fn::Split': ['|', { 'Fn::Sub': 'a|${Peer}|b' }] }] }, { Resources: PEER })).toBe('a');
    expect(prop({ 'Fn::Select': [1, { 'Fn::Split': ['|', { 'Fn::Sub': 'a|${Peer}|b' }] }] }, { Resources: PEER })).toEqual(new ResourceRef('T', 'Peer'));
    const list = { 'Fn::Split': [',', { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] }] };
    expect(prop({ 'Fn::Select': [0, list] }, { Resources: PEER })).toEqual(new ListElement(new ResourceAttribute('T', 'Peer', 'OpenWireEndpoints', true), 0));
  });

  test('Fn::Split of a value whose separators are only known at deploy time stays a split, not a guess', () => {
    const body = { Parameters: { P: { Type: 'String' } } };
    const v = prop({ 'Fn::Select': [1, { 'Fn::Split': [',', { 'Fn::Sub': '${P},tcp://peer:1' }] }] }, body) as ListElement;
    expect(v).toBeInstanceOf(ListElement);
    expect(v.list).toBeInstanceOf(SplitList);
    expect(v.describe()).toBe("${parameter P},tcp://peer:1 split at ','[1]");
  });

  test('Fn::Sub: logical ids, attributes, parameters, pseudo parameters, variables and ${!literal}', () => {
    const body = { Resources: PEER, Parameters: { User: { Type: 'String' } } };
    const v = prop({ 'Fn::Sub': ['${Peer}/${Peer.Arn}/${User}/${AWS::Region}/${V}/${!Literal}', { V: 'var' }] }, body) as Concat;
    expect(v.parts).toEqual([
      new ResourceRef('T', 'Peer'), '/', new ResourceAttribute('T', 'Peer', 'Arn', false), '/',
      new ParameterValue('T', { name: 'User', type: 'String', noEcho: false, defaultValue: undefined, allowedValues: undefined }), '/',
      new PseudoParameter('T', 'AWS::Region'), '/var/${Literal}',
    ]);
  });

  test('known region and account fill pseudo parameters', () => {
    const t = one({ Resources: { R: { Type: 'X', Properties: { P: { 'Fn::Sub': '${AWS::Region}:${AWS::AccountId}:${AWS::Partition}:${AWS::URLSuffix}' } } } } },
      { region: 'cn-north-1', account: '1' } as any);
    expect(t.properties('R').P).toBe('cn-north-1:1:aws-cn:amazonaws.com.cn');
  });

  test('Fn::Base64 encodes a literal; a value with deploy-time parts keeps its text', () => {
    expect(Buffer.from(prop({ 'Fn::Base64': '<broker/>' }) as string, 'base64').toString()).toBe('<broker/>');
    const b = prop({ 'Fn::Base64': { 'Fn::Sub': '<x a="${Peer}"/>' } }, { Resources: PEER }) as Base64Text;
    expect(b).toBeInstanceOf(Base64Text);
    expect(b.text.parts).toEqual(['<x a="', new ResourceRef('T', 'Peer'), '"/>']);
  });

  test('AWS::NoValue removes a property or a list entry; Fn::If chooses by a known condition', () => {
    const body = { Conditions: { Yes: { 'Fn::Equals': ['a', 'a'] }, No: { 'Fn::Not': [{ Condition: 'Yes' }] } } };
    expect(prop([1, { Ref: 'AWS::NoValue' }, 2], body)).toEqual([1, 2]);
    expect(prop({ a: { 'Fn::If': ['No', 1, { Ref: 'AWS::NoValue' }] }, b: { 'Fn::If': ['Yes', 'y', 'n'] } }, body)).toEqual({ b: 'y' });
  });

  test('Fn::ImportValue keeps the export name; Fn::GetAZs and Fn::Select make a zone', () => {
    expect(prop({ 'Fn::ImportValue': { 'Fn::Sub': 'Shared-${AWS::Region}' } }, {})).toBeInstanceOf(ImportedValue);
    const z = prop({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }) as ListElement;
    expect(z.list).toBeInstanceOf(ZoneList);
  });

  test('Fn::FindInMap with literal keys, and its AWS::LanguageExtensions default', () => {
    const body = { Mappings: { M: { a: { k: 'v' } } } };
    expect(prop({ 'Fn::FindInMap': ['M', 'a', 'k'] }, body)).toBe('v');
    expect(prop({ 'Fn::FindInMap': ['M', 'b', 'k', { DefaultValue: 'd' }] }, body)).toBe('d');
    expect(() => prop({ 'Fn::FindInMap': ['M', 'b', 'k'] }, body)).toThrow(/no entry b\/k/);
  });

  test('Fn::Length, Fn::ToJsonString, Fn::Cidr and Fn::Transform', () => {
    expect(prop({ 'Fn::Length': [1, 2, 3] })).toBe(3);
    expect(prop({ 'Fn::ToJsonString': { a: [1] } })).toBe('{"a":[1]}');
    expect(prop({ 'Fn::ToJsonString': { a: { Ref: 'Peer' } } }, { Resources: PEER })).toBeInstanceOf(Opaque);
    expect(prop({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] })).toBeInstanceOf(Opaque);
    expect(prop({ 'Fn::Transform': { Name: 'AWS::Include' } })).toBeInstanceOf(Opaque);
  });

  test.each([
    ['an unknown Ref', { Ref: 'Nope' }, /Ref 'Nope' names no parameter/],
    ['an unknown function', { 'Fn::Eval': 'x' }, /Fn::Eval is not a CloudFormation intrinsic/],
    ['a GetAtt of no resource', { 'Fn::GetAtt': ['Nope', 'Arn'] }, /'Nope', which is not a resource/],
    ['an index past the end', { 'Fn::Select': [2, ['a']] }, /index 2 is past the end/],
    ['an intrinsic with a sibling key', { Ref: 'AWS::Region', Other: 1 }, /must be the only key/],
    ['a join of an object', { 'Fn::Join': [',', [{ a: 1 }]] }, /joins an object at \[0\]/],
    ['an undeclared condition', { 'Fn::If': ['Nope', 1, 2] }, /condition 'Nope' is not declared/],
    ['a wrong arity', { 'Fn::If': ['C', 1] }, /takes a list of 3 arguments/],
    ['a fake pseudo parameter', { Ref: 'AWS::Bogus' }, /not a CloudFormation pseudo parameter/],
  ])('refuses %s, naming where', (_name, value, message) => {
    expect(() => prop(value)).toThrow(CfnEvaluationError);
    expect(() => prop(value)).toThrow(message);
    expect(() => prop(value)).toThrow(/^Resources\.R\.Properties\.P/);
  });

  test('a condition that depends on itself is refused', () => {
    const body = { Conditions: { A: { Condition: 'B' }, B: { 'Fn::Not': [{ Condition: 'A' }] } } };
    expect(() => evaluateTemplate({ id: 'T', body })).toThrow(/depends on itself \(A -> B -> A\)/);
  });
});

describe('evaluateTemplate: conditions on deploy-time values give one world per branch', () => {
  const template = () => parseTemplate([
    'Parameters:',
    '  Env: { Type: String }',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Peer:',
    '    Type: AWS::AmazonMQ::Broker',
    '    Condition: IsProd',
    '  Uri:',
    '    Type: X',
    '    Properties:',
    '      V: !If [IsProd, !Ref Peer, none]',
  ].join('\n'), 't.yaml');

  test('an unknown parameter compared with a literal: the literal, and every other value', () => {
    const worlds = evaluateTemplate({ id: 'T', body: template() });
    expect(worlds.map((w) => w.world.choices)).toEqual([["parameter Env = 'prod'"], ['parameter Env is none of the values the template compares it with']]);
    expect(worlds.map((w) => w.resourceList().map((r) => r.logicalId))).toEqual([['Peer', 'Uri'], ['Uri']]);
    expect(worlds.map((w) => w.properties('Uri').V)).toEqual([new ResourceRef('T', 'Peer'), 'none']);
  });

  test('AllowedValues bound the branches: one allowed value is one world', () => {
    const body = template();
    (body.Parameters as any).Env.AllowedValues = ['dev'];
    const worlds = evaluateTemplate({ id: 'T', body });
    expect(worlds).toHaveLength(1);
    expect(worlds[0].exists('Peer')).toBe(false);
  });

  test('a value given from outside (a nested stack parameter) decides without branching', () => {
    const worlds = evaluateTemplate({ id: 'T', body: template(), parameterValues: new Map([['Env', 'prod']]) });
    expect(worlds).toHaveLength(1);
    expect(worlds[0].exists('Peer')).toBe(true);
  });

  test('an Fn::Equals of two deploy-time values is true in one world and false in the other', () => {
    const body = { Resources: PEER, Conditions: { Same: { 'Fn::Equals': [{ Ref: 'Peer' }, { 'Fn::ImportValue': 'X' }] } }, Outputs: { O: { Condition: 'Same', Value: 1 } } };
    const worlds = evaluateTemplate({ id: 'T', body });
    expect(worlds.map((w) => w.outputList().length).sort()).toEqual([0, 1]);
  });

  test('Fn::And / Fn::Or combine, NoEcho values are never printed in the choices', () => {
    const body = {
      Parameters: { Secret: { Type: 'String', NoEcho: true }, Region: { Type: 'String' } },
      Conditions: {
        C: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'Secret' }, 'hunter2-sentinel'] }, { 'Fn::Or': [{ 'Fn::Equals': ['eu', { Ref: 'Region' }] }, false] }] },
      },
    };
    const worlds = evaluateTemplate({ id: 'T', body });
    expect(worlds).toHaveLength(4);
    expect(worlds.filter((w) => w.condition('C', 'test')).length).toBe(1);
    expect(JSON.stringify(worlds.map((w) => w.world.choices))).not.toContain('hunter2-sentinel');
  });

  test('a map keyed by an unknown region: one world per key; a key outside the map cannot deploy', () => {
    const body = {
      Mappings: { M: { 'us-east-1': { Public: 'false' }, 'eu-west-1': { Public: 'true' } } },
      Resources: { R: { Type: 'X', Properties: { P: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Public'] } } } },
    };
    const worlds = evaluateTemplate({ id: 'T', body });
    expect(worlds).toHaveLength(3);
    expect(worlds.slice(0, 2).map((w) => w.properties('R').P)).toEqual(['false', 'true']);
    expect(() => worlds[2].properties('R')).toThrow(ImpossibleWorld);
    expect(evaluateTemplate({ id: 'T', body, region: 'eu-west-1' }).map((w) => w.properties('R').P)).toEqual(['true']);
  });

  test('too many combinations are refused (fail closed), naming the values', () => {
    const params: any = {};
    const conditions: any = {};
    for (let i = 0; i < 7; i++) {
      params[`P${i}`] = { Type: 'String' };
      conditions[`C${i}`] = { 'Fn::Equals': [{ Ref: `P${i}` }, 'x'] };
    }
    expect(() => evaluateTemplate({ id: 'T', body: { Parameters: params, Conditions: conditions } })).toThrow(TooManyWorlds);
    expect(() => evaluateTemplate({ id: 'T', body: { Parameters: params, Conditions: conditions } })).toThrow(/128 cases, more than the 64/);
    expect(evaluateTemplate({ id: 'T', body: { Parameters: params, Conditions: conditions } }, { maxWorlds: 128 })).toHaveLength(128);
  });

  test('outputs, export names and metadata are evaluated in the world', () => {
    const body = {
      Resources: { R: { Type: 'X', Metadata: { 'aws:cdk:path': 'S/R', 'M': { 'Fn::Join': ['', ['a', 'b']] } } } },
      Outputs: { O: { Value: { Ref: 'R' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-O' } } }, Plain: { Value: 'v' } },
    };
    const t = one(body);
    expect(t.metadata('R')).toEqual({ 'aws:cdk:path': 'S/R', 'M': 'ab' });
    expect(t.metadata('Nope')).toBeUndefined();
    expect(t.outputList().map((o) => [o.name, o.exportName === undefined ? undefined : describeText(o.exportName)]))
      .toEqual([['O', '${AWS::StackName}-O'], ['Plain', undefined]]);
    expect(t.outputValue('O')).toEqual(new ResourceRef('T', 'R'));
    expect(t.parameter('Nope')).toBeUndefined();
  });
});
