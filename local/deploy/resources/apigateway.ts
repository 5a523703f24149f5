import { randomBytes } from 'node:crypto';
import type { Provisioner } from '../types';
import { str } from './util';

/**
 * HTTP APIs (`AWS::ApiGatewayV2::Api`, `Integration`, `Route`, `Stage`) are
 * collected while the template deploys and served once it is done, one local
 * port per API. Authorizers are not evaluated locally.
 */
export const provisionHttpApi: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const protocol = str(p, 'ProtocolType') ?? 'HTTP';
  if (protocol !== 'HTTP') throw new Error(`protocol ${protocol} is not supported locally`);
  const apiId = randomBytes(5).toString('hex');
  ctx.runtime.apis.set(apiId, {
    apiId,
    name: str(p, 'Name') ?? request.logicalId,
    integrations: new Map(),
    routes: [],
  });
  return {
    ref: apiId,
    attributes: { ApiId: apiId, ApiEndpoint: `http://127.0.0.1/${apiId}` },
  };
};

export const provisionHttpIntegration: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const api = ctx.runtime.apis.get(str(p, 'ApiId') ?? '');
  if (!api) throw new Error(`integration belongs to an unknown API '${str(p, 'ApiId')}'`);
  const type = str(p, 'IntegrationType');
  if (type !== 'AWS_PROXY') throw new Error(`integration type ${type} is not supported locally`);
  const version = str(p, 'PayloadFormatVersion') ?? '2.0';
  if (version !== '2.0') throw new Error(`payload format ${version} is not supported locally`);
  const uri = str(p, 'IntegrationUri') ?? '';
  // The URI is a function ARN, or the apigateway invocation path that wraps one.
  const match = /function:([^:/]+)/.exec(uri);
  if (!match?.[1]) throw new Error(`integration URI '${uri}' does not name a Lambda function`);
  const id = randomBytes(4).toString('hex');
  api.integrations.set(id, match[1]);
  return { ref: id, attributes: {} };
};

export const provisionHttpRoute: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const api = ctx.runtime.apis.get(str(p, 'ApiId') ?? '');
  if (!api) throw new Error(`route belongs to an unknown API '${str(p, 'ApiId')}'`);
  const routeKey = str(p, 'RouteKey') ?? '';
  api.routes.push({ routeKey, target: str(p, 'Target') ?? '' });
  const id = randomBytes(4).toString('hex');
  return { ref: id, attributes: {} };
};

export const provisionHttpStage: Provisioner = async (request) => {
  return { ref: str(request.properties, 'StageName') ?? '$default', attributes: {} };
};
