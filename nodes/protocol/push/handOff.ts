/**
 * Which customer-service messages the trigger hands to human service itself (Customer Service Messages =
 * Hand Off to Human Service): a text message containing one of the builder's words, or, with no words
 * given, every user's message. Only a user's message can be transferred (reply.ts), never an event.
 */
import { categorise, textField } from './events';
import type { PushMessage } from './envelope';

/** The words of "Hand Off Messages Containing": split on commas (ASCII or Chinese) and new lines, trimmed, lower-cased. */
export function parseHandOffKeywords(text: string): string[] {
	return text
		.split(/[,,、\n]/)
		.map((word) => word.trim().toLowerCase())
		.filter((word) => word !== '');
}

/** Whether the push is a user's message to customer service: text, image or mini program card. */
export function isUserMessage(message: PushMessage): boolean {
	return categorise(message) === 'customer_service_message';
}

/**
 * Whether the trigger should hand this push off: a user's message, and either no words were given or it is a
 * text containing one of them (case-insensitive). Images and cards have no text, so words never select them.
 */
export function wantsHandOff(message: PushMessage, keywords: readonly string[]): boolean {
	if (!isUserMessage(message)) return false;
	if (keywords.length === 0) return true;
	const content = (textField(message, 'Content') ?? '').toLowerCase();
	return content !== '' && keywords.some((word) => content.includes(word));
}
