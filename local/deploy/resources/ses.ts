import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Provisioner } from '../types';
import { str } from './util';

/**
 * `AWS::SES::EmailIdentity` becomes a verified identity of the local SES
 * (an email address or a domain; local identities are verified on creation,
 * without DNS records). `Ref` is the identity; the DKIM token attributes
 * read as local placeholders, since nothing is signed locally.
 */
export const provisionEmailIdentity: Provisioner = async (request, ctx) => {
  const identity = str(request.properties, 'EmailIdentity');
  if (!identity) throw new Error('EmailIdentity is required');
  const ses = new SESv2Client({
    endpoint: ctx.target.endpointUrl,
    region: ctx.target.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: identity }));
  } finally {
    ses.destroy();
  }
  const dkim: Record<string, string> = {};
  for (const n of [1, 2, 3]) {
    dkim[`DkimDNSTokenName${n}`] = `local${n}._domainkey.${identity.split('@').at(-1)}`;
    dkim[`DkimDNSTokenValue${n}`] = `local${n}.dkim.amazonses.com`;
  }
  return { ref: identity, attributes: dkim };
};
