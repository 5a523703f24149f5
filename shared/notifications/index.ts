export type { Email } from './order-emails';
export { NOTIFIED_EVENTS, orderEmail } from './order-emails';
export { SesEmailSender } from './SesEmailSender';
