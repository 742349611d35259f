import { parseTemplate, TemplateSyntaxError, firstDuplicateKey } from '../../src/cfn';

describe('parseTemplate', () => {
  test('YAML short forms read as the JSON long forms CloudFormation uses', () => {
    const yaml = [
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  NotProd: !Not [!Condition IsProd]',
      'Resources:',
      '  B:',
      '    Type: AWS::AmazonMQ::Broker',
      '    Properties:',
      '      A: !GetAtt Peer.OpenWireEndpoints',
      '      B: !GetAtt [Peer, Arn]',
      '      C: !Sub "${Peer}-x"',
      '      D: !Sub',
      '        - "${V}"',
      '        - V: !Ref Env',
      '      E: !If [IsProd, !Base64 "x", !Ref AWS::NoValue]',
      '      F: !Join [",", !GetAtt Peer.OpenWireEndpoints]',
      '      G: !Select [0, !Split [",", "a,b"]]',
      '      H: !ImportValue Shared-Endpoints',
      '      I: !FindInMap [M, !Ref AWS::Region, K]',
      '      J: !Base64',
      '        Fn::Join: ["", [a, b]]',
      '      K: !GetAZs ""',
      '      N: yes',
      '      O: n',
    ].join('\n');
    expect(parseTemplate(yaml, 't.yaml')).toEqual({
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      },
      Resources: {
        B: {
          Type: 'AWS::AmazonMQ::Broker',
          Properties: {
            A: { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] },
            B: { 'Fn::GetAtt': ['Peer', 'Arn'] },
            C: { 'Fn::Sub': '${Peer}-x' },
            D: { 'Fn::Sub': ['${V}', { V: { Ref: 'Env' } }] },
            E: { 'Fn::If': ['IsProd', { 'Fn::Base64': 'x' }, { Ref: 'AWS::NoValue' }] },
            F: { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] },
            G: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
            H: { 'Fn::ImportValue': 'Shared-Endpoints' },
            I: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'K'] },
            J: { 'Fn::Base64': { 'Fn::Join': ['', ['a', 'b']] } },
            K: { 'Fn::GetAZs': '' },
            N: true,
            O: 'n',
          },
        },
      },
    });
  });

  test('keys stay strings even where YAML 1.1 would read a boolean', () => {
    expect(parseTemplate('Resources:\n  N: {Type: X}\n  on: {Type: Y}\n', 't.yaml')).toEqual({ Resources: { N: { Type: 'X' }, on: { Type: 'Y' } } });
  });

  test('JSON is read as JSON', () => {
    expect(parseTemplate('\uFEFF {"Resources": {"A": {"Type": "T"}}}', 't.json')).toEqual({ Resources: { A: { Type: 'T' } } });
  });

  test.each([
    ['a duplicate JSON key', '{"Resources": {"B": {"Properties": {"PubliclyAccessible": true, "PubliclyAccessible": false}}}}', /'PubliclyAccessible' appears twice/],
    ['a duplicate YAML key', 'Resources:\n  B:\n    Type: X\n    Type: Y\n', /unique|twice/],
    ['an unknown tag', 'Resources:\n  B: !Bogus x\n', /Unresolved tag: !Bogus/],
    ['broken JSON', '{"Resources": ', /not valid JSON/],
    ['a list at the top', '- a\n- b\n', /not an object/],
    ['a !Ref on a list', 'A: !Ref [a, b]\n', /!Ref takes a name/],
  ])('refuses %s, naming the file', (_name, text, message) => {
    expect(() => parseTemplate(text, 'file.template')).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate(text, 'file.template')).toThrow(message);
    expect(() => parseTemplate(text, 'file.template')).toThrow(/^file\.template: /);
  });

  test('duplicate keys are found at any depth, escaped quotes included, and not across sibling objects', () => {
    expect(firstDuplicateKey('{"a": {"x\\"": 1}, "b": [{"a": 1}, {"a": 2}], "c": "{\\"a\\": 1, \\"a\\": 2}"}')).toBeUndefined();
    expect(firstDuplicateKey('{"a": [{"k": 1, "k": 2}]}')).toEqual({ key: 'k', offset: 16 });
  });
});
