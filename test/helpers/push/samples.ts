/**
 * Push bodies as WeChat sends them. The first three are WeChat's own example pushes named in
 * docs/wechat-protocol.md §10 (popup XML, popup JSON, sent JSON); the rest follow the official field
 * lists for each message type, in both formats.
 */

import { randomBytes } from 'node:crypto';

import { encryptPushMessage } from '../../../sandbox/push';

/**
 * Encrypts a message as WeChat does, with the sandbox's implementation: the sandbox is the one
 * stand-in for WeChat, and the nodes themselves only decrypt.
 */
export function encryptAsWeChat(message: string, encodingAESKey: string, appId: string, random16: Buffer = randomBytes(16)): string {
	return encryptPushMessage(encodingAESKey, appId, message, random16);
}

export const POPUP_XML = `<xml>
    <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
    <FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>
    <CreateTime>1610969440</CreateTime>
    <MsgType><![CDATA[event]]></MsgType>
    <Event><![CDATA[subscribe_msg_popup_event]]></Event>
    <SubscribeMsgPopupEvent>
        <List>
            <TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>
            <SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>
            <PopupScene>2</PopupScene>
        </List>
        <List>
            <TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId>
            <SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString>
            <PopupScene>2</PopupScene>
        </List>
    </SubscribeMsgPopupEvent>
</xml>`;

export const POPUP_JSON = `{
  "ToUserName": "gh_123456789abc",
  "FromUserName": "o7esq5OI1Uej6Xixw1lA2H7XDVbc",
  "CreateTime": "1620973045",
  "MsgType": "event",
  "Event": "subscribe_msg_popup_event",
  "List": [ {
      "TemplateId": "hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vBgHsG-j2E",
      "SubscribeStatusString": "accept",
      "PopupScene": "0"
    } ]
}`;

export const SENT_JSON = `{
  "ToUserName": "gh_123456789abc",
  "FromUserName": "o7esq5PHRGBQYmeNyfG064wEFVpQ",
  "CreateTime": "1620963428",
  "MsgType": "event",
  "Event": "subscribe_msg_sent_event",
  "List": {
      "TemplateId": "BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUb-G1LdxY",
      "MsgID": "1864323726461255680",
      "ErrorCode": "0",
      "ErrorStatus": "success"
    }
}`;

/** The same delivery result with the 64-bit id and the numbers bare, as some pushes carry them. */
export const SENT_JSON_BARE_NUMBERS = `{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5PHRGBQYmeNyfG064wEFVpQ","CreateTime":1620963428,"MsgType":"event","Event":"subscribe_msg_sent_event","List":[{"TemplateId":"BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUb-G1LdxY","MsgID":1864323726461255680,"ErrorCode":0,"ErrorStatus":"success"},{"TemplateId":"VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc","MsgID":1864323726461255681,"ErrorCode":43101,"ErrorStatus":"failed:user refuse to accept the msg"}]}`;

export const CHANGE_XML = `<xml>
    <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
    <FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>
    <CreateTime>1610969468</CreateTime>
    <MsgType><![CDATA[event]]></MsgType>
    <Event><![CDATA[subscribe_msg_change_event]]></Event>
    <SubscribeMsgChangeEvent>
        <List>
            <TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>
            <SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString>
        </List>
    </SubscribeMsgChangeEvent>
</xml>`;

/** The older JSON shape: the wrapper itself is the array of entries. */
export const CHANGE_JSON_OLD_WRAPPER = `{"ToUserName":"gh_123456789abc","FromUserName":"otFpruAK8D-E6EfStSYonYSBZ8_4","CreateTime":1610969468,"MsgType":"event","Event":"subscribe_msg_change_event","SubscribeMsgChangeEvent":[{"TemplateId":"VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc","SubscribeStatusString":"reject"}]}`;

export const SENT_XML = `<xml>
    <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
    <FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>
    <CreateTime>1610969468</CreateTime>
    <MsgType><![CDATA[event]]></MsgType>
    <Event><![CDATA[subscribe_msg_sent_event]]></Event>
    <SubscribeMsgSentEvent>
        <List>
            <TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>
            <MsgID>1700827132819554304</MsgID>
            <ErrorCode>0</ErrorCode>
            <ErrorStatus><![CDATA[success]]></ErrorStatus>
        </List>
    </SubscribeMsgSentEvent>
</xml>`;

export const TEXT_XML = `<xml>
  <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
  <FromUserName><![CDATA[oUser123]]></FromUserName>
  <CreateTime>1482048670</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[this is a test & <more>]]></Content>
  <MsgId>6197906553041859764</MsgId>
</xml>`;

export const TEXT_JSON = `{"ToUserName":"gh_123456789abc","FromUserName":"oUser123","CreateTime":1482048670,"MsgType":"text","Content":"this is a test & <more>","MsgId":6197906553041859764}`;

export const IMAGE_XML = `<xml>
  <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
  <FromUserName><![CDATA[oUser123]]></FromUserName>
  <CreateTime>1482048670</CreateTime>
  <MsgType><![CDATA[image]]></MsgType>
  <PicUrl><![CDATA[https://mmbiz.qpic.cn/example.jpg]]></PicUrl>
  <MediaId><![CDATA[media_id_1]]></MediaId>
  <MsgId>6197906553041859765</MsgId>
</xml>`;

export const MINIPROGRAMPAGE_XML = `<xml>
  <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
  <FromUserName><![CDATA[oUser123]]></FromUserName>
  <CreateTime>1482048670</CreateTime>
  <MsgType><![CDATA[miniprogrampage]]></MsgType>
  <MsgId>6197906553041859766</MsgId>
  <Title><![CDATA[Order &amp; detail]]></Title>
  <AppId><![CDATA[wxba5fad812f8e6fb9]]></AppId>
  <PagePath><![CDATA[pages/order/detail?id=1&from=card]]></PagePath>
  <ThumbUrl><![CDATA[https://mmbiz.qpic.cn/thumb.jpg]]></ThumbUrl>
  <ThumbMediaId><![CDATA[thumb_media_1]]></ThumbMediaId>
</xml>`;

export const ENTER_SESSION_XML = `<xml>
  <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
  <FromUserName><![CDATA[oUser123]]></FromUserName>
  <CreateTime>1482048670</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[user_enter_tempsession]]></Event>
  <SessionFrom><![CDATA[order-page]]></SessionFrom>
</xml>`;

export const MEDIA_CHECK_XML = `<xml>
  <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
  <FromUserName><![CDATA[oUser123]]></FromUserName>
  <CreateTime>1482048670</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[wxa_media_check]]></Event>
  <isrisky>0</isrisky>
  <extra_info_json><![CDATA[]]></extra_info_json>
  <appid><![CDATA[wxba5fad812f8e6fb9]]></appid>
  <trace_id><![CDATA[967e945cd8a3e458f3c74dcb886068e9]]></trace_id>
  <status_code>0</status_code>
</xml>`;

/** EasyWeChat's V5 message, decrypted. */
export const V5_INNER_XML =
	'<xml><URL><![CDATA[http://wechat.laravel.so/server]]></URL><ToUserName><![CDATA[asdasdasd]]></ToUserName><FromUserName><![CDATA[asdasdasdsadasd]]></FromUserName><CreateTime>1234567898</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>12345</MsgId></xml>';

/** Every XML sample, for tests that must hold on all of them. */
export const XML_SAMPLES: Record<string, string> = {
	popup: POPUP_XML,
	change: CHANGE_XML,
	sent: SENT_XML,
	text: TEXT_XML,
	image: IMAGE_XML,
	miniprogrampage: MINIPROGRAMPAGE_XML,
	enterSession: ENTER_SESSION_XML,
	mediaCheck: MEDIA_CHECK_XML,
	v5: V5_INNER_XML,
};
