export { domainOf, isVerified, mailboxAddress } from './addresses';
export { SesErrors } from './errors';
export { SesService } from './SesService';
export type {
  EmailIdentity,
  SentEmail,
  SentEmailDestination,
  SentEmailFilter,
  SesServiceOptions,
} from './types';
