/** The text length the node allows a customer-service reply: 2048 bytes of UTF-8, checked before any reply goes out. */
import { CUSTOMER_SERVICE_TEXT_MAX_BYTES, prepareCustomerServiceMessage } from '../../../nodes/protocol/customerService';
import { ERRCODES, InvalidInputError } from '../../../nodes/protocol/errors';
import { thrownBy } from '../../helpers/thrown';

const OPENID = 'oUser00000000000000000000001';

describe('customer-service text: at most 2048 bytes of UTF-8', () => {
	it('2048 bytes pass, 2049 are refused (ASCII)', () => {
		expect(CUSTOMER_SERVICE_TEXT_MAX_BYTES).toBe(2048);
		expect(prepareCustomerServiceMessage(OPENID, { msgtype: 'text', content: 'a'.repeat(2048) })).toBeDefined();
		const error = thrownBy(InvalidInputError, () => prepareCustomerServiceMessage(OPENID, { msgtype: 'text', content: 'a'.repeat(2049) }));
		expect(error.message).toBe(
			'Text has 2049 bytes of UTF-8; the limit is 2048 (a Chinese character takes 3 bytes): WeChat refuses longer text with errcode 45002 (content size out of limit). Shorten it, or split it into several replies.',
		);
		expect(error.fix).toContain('nothing was sent');
	});

	it('counts bytes, not characters: 682 Chinese characters (2046 bytes) pass, 683 (2049) are refused', () => {
		expect(prepareCustomerServiceMessage(OPENID, { msgtype: 'text', content: '告'.repeat(682) })).toBeDefined();
		expect(thrownBy(InvalidInputError, () => prepareCustomerServiceMessage(OPENID, { msgtype: 'text', content: '告'.repeat(683) })).message).toContain('2049 bytes');
	});

	it('lists it with the other problems of the item', () => {
		const error = thrownBy(InvalidInputError, () => prepareCustomerServiceMessage('', { msgtype: 'text', content: 'é'.repeat(1025) }));
		expect(error.problems).toEqual([expect.stringContaining('Recipient OpenID is empty'), expect.stringContaining('Text has 2050 bytes')]);
	});

	it('45002 is described as WeChat words it', () => {
		expect(ERRCODES[45002].meaning).toContain('content size out of limit');
	});
});
