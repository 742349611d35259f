#!/usr/bin/env python3
"""Writes test/fixtures/cloudformation/resource-schemas.json: the parts of the CloudFormation registry schemas
(createOnlyProperties, readOnlyProperties, primaryIdentifier) that decide whether a change updates or replaces a
resource, for every resource type the library's templates contain. Source: the registry schemas that AWS's cfn-lint
ships (aws-cloudformation/cfn-lint, src/cfnlint/data/schemas/providers/us_east_1), read from the installed cfn-lint.

Usage: python3 scripts/cfn-resource-schemas.py [--check]   (--check: exit 1 if the fixture differs)
"""
import json
import os
import sys

from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER
from cfnlint.version import __version__ as CFN_LINT_VERSION

TYPES = [
    'AWS::AmazonMQ::Broker', 'AWS::AmazonMQ::Configuration', 'AWS::AmazonMQ::ConfigurationAssociation',
    'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard',
    'AWS::EC2::EIP', 'AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::Route', 'AWS::EC2::RouteTable',
    'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::Subnet',
    'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::VPC', 'AWS::EC2::VPCGatewayAttachment',
    'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::KMS::Alias', 'AWS::KMS::Key',
    'AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Logs::LogGroup', 'AWS::Logs::ResourcePolicy',
    'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::SSM::Parameter', 'AWS::SecretsManager::RotationSchedule', 'AWS::SecretsManager::Secret',
    'AWS::StepFunctions::StateMachine',
]
FIXTURE = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'cloudformation', 'resource-schemas.json')


def build():
    types = {}
    for name in TYPES:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema('us-east-1', name).schema
        types[name] = {key: sorted(schema.get(key, [])) for key in ('createOnlyProperties', 'readOnlyProperties')}
        types[name]['primaryIdentifier'] = schema.get('primaryIdentifier', [])
    return {
        'source': 'CloudFormation registry schemas (us-east-1) shipped with cfn-lint %s (aws-cloudformation/cfn-lint, '
                  'src/cfnlint/data/schemas/providers/us_east_1); written by scripts/cfn-resource-schemas.py' % CFN_LINT_VERSION,
        'types': types,
    }


def main():
    text = json.dumps(build(), indent=1, sort_keys=True) + '\n'
    if '--check' in sys.argv:
        with open(FIXTURE, encoding='utf8') as f:
            current = json.load(f)
        fresh = json.loads(text)
        if current['types'] != fresh['types']:
            print('test/fixtures/cloudformation/resource-schemas.json differs from the installed cfn-lint: run python3 scripts/cfn-resource-schemas.py')
            sys.exit(1)
        return
    with open(FIXTURE, 'w', encoding='utf8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
