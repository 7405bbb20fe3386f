import type { ApiRoute } from './api';
import {
	addTemplate,
	deleteTemplate,
	getCategory,
	getPubTemplateKeywords,
	getPubTemplateTitles,
	getTemplateList,
} from './newtmplApi';
import { createChatCompletion, listModels } from './chatCompletionsApi';
import { checkTextContent } from './contentSecurityApi';
import { sendCustomMessage, setTyping, uploadTempMedia } from './customerServiceApi';
import { generateShortLink, generateUrlLink, generateUrlScheme } from './linksApi';
import { getApiQuota } from './quota';
import { sendSubscribeMessage } from './sendApi';
import { getDeliveryList, getOrder, isTradeManaged, uploadShippingInfo } from './shippingApi';
import { getAccessToken, getStableAccessToken } from './tokenApi';
import { sendRobotMessage } from './weComRobotApi';
import { getUnlimitedCode } from './wxaCodeApi';

/** Every WeChat API path the sandbox answers, with the method WeChat requires. */
export const WECHAT_ROUTES: Readonly<Record<string, ApiRoute>> = {
	'/cgi-bin/token': { method: 'GET', handler: getAccessToken },
	'/cgi-bin/stable_token': { method: 'POST', handler: getStableAccessToken },
	'/cgi-bin/message/subscribe/send': { method: 'POST', handler: sendSubscribeMessage },
	'/wxaapi/newtmpl/gettemplate': { method: 'GET', handler: getTemplateList },
	'/wxaapi/newtmpl/getcategory': { method: 'GET', handler: getCategory },
	'/wxaapi/newtmpl/getpubtemplatetitles': { method: 'GET', handler: getPubTemplateTitles },
	'/wxaapi/newtmpl/getpubtemplatekeywords': { method: 'GET', handler: getPubTemplateKeywords },
	'/wxaapi/newtmpl/addtemplate': { method: 'POST', handler: addTemplate },
	'/wxaapi/newtmpl/deltemplate': { method: 'POST', handler: deleteTemplate },
	'/cgi-bin/message/custom/send': { method: 'POST', handler: sendCustomMessage },
	'/cgi-bin/message/custom/typing': { method: 'POST', handler: setTyping },
	'/cgi-bin/media/upload': { method: 'POST', handler: uploadTempMedia },
	'/cgi-bin/openapi/quota/get': { method: 'POST', handler: getApiQuota },
	'/wxa/generate_urllink': { method: 'POST', handler: generateUrlLink },
	'/wxa/generatescheme': { method: 'POST', handler: generateUrlScheme },
	'/wxa/genwxashortlink': { method: 'POST', handler: generateShortLink },
	'/wxa/getwxacodeunlimit': { method: 'POST', handler: getUnlimitedCode },
	'/wxa/sec/order/upload_shipping_info': { method: 'POST', handler: uploadShippingInfo },
	'/wxa/sec/order/get_order': { method: 'POST', handler: getOrder },
	'/wxa/sec/order/is_trade_managed': { method: 'POST', handler: isTradeManaged },
	'/cgi-bin/express/delivery/open_msg/get_delivery_list': { method: 'POST', handler: getDeliveryList },
	'/wxa/msg_sec_check': { method: 'POST', handler: checkTextContent },
	// Not the mini program's: the WeCom group robot example 8 alerts through (qyapi.weixin.qq.com).
	'/cgi-bin/webhook/send': { method: 'POST', handler: sendRobotMessage },
	// Not WeChat's either: an OpenAI-compatible chat model for the AI-agent demo (credential Base URL `<sandbox>/v1`).
	'/v1/chat/completions': { method: 'POST', handler: createChatCompletion },
	'/v1/models': { method: 'GET', handler: listModels },
};
