export { domainOf, isVerified, mailboxAddress } from './addresses';
export { SesErrors } from './errors';
export { SesService } from './SesService';
export type * from './types';
