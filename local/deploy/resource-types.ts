import {
  provisionHttpApi,
  provisionHttpIntegration,
  provisionHttpRoute,
  provisionHttpStage,
} from './resources/apigateway';
import { provisionTable } from './resources/dynamodb';
import { provisionArchive, provisionEventBus, provisionRule } from './resources/events';
import { provisionEventSourceMapping, provisionFunction } from './resources/lambda';
import { provisionEmailIdentity } from './resources/ses';
import { provisionQueue } from './resources/sqs';
import { provisionStateMachine } from './resources/stepfunctions';
import type { Provisioner } from './types';

/** Resource types the local cloud creates and runs. */
export const EMULATED: Readonly<Record<string, Provisioner>> = {
  'AWS::DynamoDB::Table': provisionTable,
  'AWS::DynamoDB::GlobalTable': provisionTable,
  'AWS::SQS::Queue': provisionQueue,
  'AWS::Events::EventBus': provisionEventBus,
  'AWS::Events::Rule': provisionRule,
  'AWS::Events::Archive': provisionArchive,
  'AWS::Lambda::Function': provisionFunction,
  'AWS::Lambda::EventSourceMapping': provisionEventSourceMapping,
  'AWS::StepFunctions::StateMachine': provisionStateMachine,
  'AWS::ApiGatewayV2::Api': provisionHttpApi,
  'AWS::ApiGatewayV2::Integration': provisionHttpIntegration,
  'AWS::ApiGatewayV2::Route': provisionHttpRoute,
  'AWS::ApiGatewayV2::Stage': provisionHttpStage,
  'AWS::SES::EmailIdentity': provisionEmailIdentity,
};

/**
 * Resource types that are accepted and listed as not emulated: they govern
 * permissions, encryption keys, monitoring or documentation in AWS and change
 * nothing about how the app behaves locally.
 */
export const ACCEPTED: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM is not enforced locally',
  'AWS::IAM::Policy': 'IAM is not enforced locally',
  'AWS::IAM::ManagedPolicy': 'IAM is not enforced locally',
  'AWS::Lambda::Permission': 'IAM is not enforced locally',
  'AWS::SQS::QueuePolicy': 'IAM is not enforced locally',
  'AWS::Events::EventBusPolicy': 'IAM is not enforced locally',
  'AWS::ApiGatewayV2::Authorizer': 'authorization is not checked locally',
  'AWS::KMS::Key': 'data is kept unencrypted in memory locally',
  'AWS::KMS::Alias': 'data is kept unencrypted in memory locally',
  'AWS::Logs::LogGroup': 'function logs go to the console',
  'AWS::Logs::MetricFilter': 'CloudWatch Logs metric filters are not emulated',
  'AWS::CloudWatch::Alarm': 'CloudWatch is not emulated',
  'AWS::CloudWatch::Dashboard': 'CloudWatch is not emulated',
  'AWS::EventSchemas::Registry':
    'the schema registry is not emulated (schemas are checked in tests)',
  'AWS::EventSchemas::Schema': 'the schema registry is not emulated (schemas are checked in tests)',
  'AWS::SES::ConfigurationSet':
    'SES configuration sets are not emulated (no event publishing; sends naming one are kept)',
  'AWS::SES::ConfigurationSetEventDestination': 'SES event publishing is not emulated',
  'AWS::CDK::Metadata': 'CDK metadata',
};
