import { account } from './account/Account.resource';
import { contentSecurity } from './contentSecurity/ContentSecurity.resource';
import { customerServiceMessage } from './customerServiceMessage/CustomerServiceMessage.resource';
import { miniProgramCode } from './miniProgramCode/MiniProgramCode.resource';
import { miniProgramLink } from './miniProgramLink/MiniProgramLink.resource';
import { orderShipping } from './orderShipping/OrderShipping.resource';
import { subscriptionLedger } from './subscriptionLedger/SubscriptionLedger.resource';
import { subscriptionMessage } from './subscriptionMessage/SubscriptionMessage.resource';

/**
 * The WeChat Mini Program node's resources, in the order its Resource selector lists them. The sends
 * and the ledger's operations run as batches (they see every item at once), the others per item
 * (shared/operations.ts).
 */
export const RESOURCES = [account, contentSecurity, customerServiceMessage, miniProgramCode, miniProgramLink, orderShipping, subscriptionMessage, subscriptionLedger];
