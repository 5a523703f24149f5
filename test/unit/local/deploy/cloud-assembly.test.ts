import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Template } from '../../../../local/deploy/cloud-assembly';
import {
  CloudAssemblyError,
  orderResources,
  readCloudAssembly,
} from '../../../../local/deploy/cloud-assembly';

function writeAssembly(artifacts: Record<string, unknown>, templates: Record<string, Template>) {
  const dir = mkdtempSync(join(tmpdir(), 'eventline-cdkout-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
  for (const [file, template] of Object.entries(templates)) {
    writeFileSync(join(dir, file), JSON.stringify(template));
  }
  return dir;
}

const empty: Template = { Resources: {} };

describe('Function: readCloudAssembly', () => {
  it('orders stacks after the stacks they depend on, ignoring asset manifests', () => {
    // Prepare
    const dir = writeAssembly(
      {
        Api: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'Api.template.json', stackName: 'eventline-api' },
          dependencies: ['Core', 'Api.assets'],
        },
        'Api.assets': { type: 'cdk:asset-manifest', properties: { file: 'Api.assets.json' } },
        Core: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'Core.template.json' },
        },
        Tree: { type: 'cdk:tree' },
      },
      { 'Api.template.json': empty, 'Core.template.json': empty },
    );

    // Act
    const assembly = readCloudAssembly(dir);

    // Assess
    expect(assembly.stacks.map((s) => s.id)).toEqual(['Core', 'Api']);
    expect(assembly.stacks[1]?.stackName).toBe('eventline-api');
    expect(assembly.stacks[1]?.dependencies).toEqual(['Core']);
  });

  it('fails with a hint when there is no manifest', () => {
    expect(() => readCloudAssembly(mkdtempSync(join(tmpdir(), 'none-')))).toThrow(
      /run `npm run synth` first/,
    );
  });

  it('fails on a dependency cycle, naming it', () => {
    const dir = writeAssembly(
      {
        A: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'a.json' },
          dependencies: ['B'],
        },
        B: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'b.json' },
          dependencies: ['A'],
        },
      },
      { 'a.json': empty, 'b.json': empty },
    );
    expect(() => readCloudAssembly(dir)).toThrow(CloudAssemblyError);
    expect(() => readCloudAssembly(dir)).toThrow(/A -> B -> A/);
  });
});

describe('Function: orderResources', () => {
  it('places every resource after what it references through Ref, GetAtt, Sub and DependsOn', () => {
    const template: Template = {
      Resources: {
        Mapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: 'Fn' },
            EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
          },
        },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Role: { 'Fn::Sub': '${Role.Arn}' } },
          DependsOn: ['Policy'],
        },
        Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }] } },
        Role: { Type: 'AWS::IAM::Role' },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'AWS::StackName' } } },
      },
    };
    const order = orderResources(template);
    const precedes = (a: string, b: string) => order.indexOf(a) < order.indexOf(b);
    expect(order).toHaveLength(5);
    expect(precedes('Role', 'Policy')).toBe(true);
    expect(precedes('Policy', 'Fn')).toBe(true);
    expect(precedes('Role', 'Fn')).toBe(true);
    expect(precedes('Fn', 'Mapping')).toBe(true);
    expect(precedes('Queue', 'Mapping')).toBe(true);
  });
});
