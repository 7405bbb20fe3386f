/** The credential type every WeChat node uses; the credential class, the nodes and the tests read it here. */
export const CREDENTIAL_NAME = 'weChatMiniProgramApi';
