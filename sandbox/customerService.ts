/**
 * What the sandbox remembers of customer service: when each user last wrote (opening the 48-hour reply
 * window), how many replies that message has had (5 at most), the replies accepted, the sessions
 * transferred to web customer service, and the temporary media uploaded (kept 3 days of sandbox clock,
 * bytes kept so tests compare them byte for byte).
 * Facts: docs/wechat-protocol.md §12.
 */
import { createHash, randomBytes } from 'node:crypto';

export const REPLY_WINDOW_MS = 48 * 60 * 60 * 1000;
export const REPLIES_PER_USER_MESSAGE = 5;
export const MEDIA_LIFETIME_MS = 3 * 24 * 60 * 60 * 1000;
export const MEDIA_MAX_BYTES = 2 * 1024 * 1024;
/**
 * Longest text reply in UTF-8 bytes (45002 "content size out of limit" beyond). WeChat gives no figure for
 * mini-program customer service; 2048 is WeCom's documented text limit, the one the node enforces too.
 */
export const TEXT_MAX_BYTES = 2048;

export interface UserSession {
	openid: string;
	/** Sandbox clock of the user's last message, unix ms. */
	lastMessageAt: number;
	/** Replies accepted since that message. */
	replies: number;
}

export interface StoredMedia {
	mediaId: string;
	appId: string;
	type: 'image';
	fileName: string;
	contentType: string;
	data: Buffer;
	/** Sandbox clock, unix ms. */
	createdAt: number;
}

export interface RecordedReply {
	appId: string;
	openid: string;
	msgtype: string;
	/** The message part of the body (text / image / link / miniprogrampage object). */
	message: Record<string, unknown>;
	/** Sandbox clock, unix ms. */
	time: number;
}

export type ReplyCheck = { ok: true } | { ok: false; errcode: 45015 | 45047 };

/** A user's message handed to WeChat's web customer service by a transfer_customer_service reply. */
export interface RecordedTransfer {
	openid: string;
	/** The mini program's original id (gh_…), the reply's FromUserName. */
	originalId: string;
	/** The reply's CreateTime, unix seconds. */
	createTime: number;
	format: 'xml' | 'json';
	encrypted: boolean;
	/** Sandbox clock, unix ms. */
	time: number;
}

export class CustomerServiceState {
	private sessions = new Map<string, UserSession>();
	private media = new Map<string, StoredMedia>();
	replies: RecordedReply[] = [];
	transfers: RecordedTransfer[] = [];

	clear(): void {
		this.sessions = new Map();
		this.media = new Map();
		this.replies = [];
		this.transfers = [];
	}

	/** The session was handed to customer service (WeChat's routing of the user's next messages is not modelled). */
	recordTransfer(transfer: RecordedTransfer): void {
		this.transfers.push(transfer);
	}

	/** The user wrote at `now`: a fresh 48-hour window and 5 replies. */
	userWrote(openid: string, now: number): UserSession {
		const session = { openid, lastMessageAt: now, replies: 0 };
		this.sessions.set(openid, session);
		return { ...session };
	}

	session(openid: string): UserSession | undefined {
		const session = this.sessions.get(openid);
		return session ? { ...session } : undefined;
	}

	/** Whether the 48-hour window is open (a user who never wrote has none). */
	windowOpen(openid: string, now: number): boolean {
		const session = this.sessions.get(openid);
		return session !== undefined && now - session.lastMessageAt <= REPLY_WINDOW_MS;
	}

	/** May a reply go to this user now? 45015 outside the window, 45047 after 5 replies to one message. */
	checkReply(openid: string, now: number): ReplyCheck {
		if (!this.windowOpen(openid, now)) return { ok: false, errcode: 45015 };
		if ((this.sessions.get(openid)?.replies ?? 0) >= REPLIES_PER_USER_MESSAGE) return { ok: false, errcode: 45047 };
		return { ok: true };
	}

	recordReply(reply: RecordedReply): void {
		const session = this.sessions.get(reply.openid);
		if (session) session.replies += 1;
		this.replies.push(reply);
	}

	storeMedia(media: Omit<StoredMedia, 'mediaId'>): StoredMedia {
		// 64 characters like WeChat's media ids.
		const stored = { ...media, mediaId: randomBytes(48).toString('base64url') };
		this.media.set(stored.mediaId, stored);
		return stored;
	}

	/** A media of this app that has not expired, or undefined (WeChat: 40007). */
	usableMedia(mediaId: unknown, appId: string, now: number): StoredMedia | undefined {
		if (typeof mediaId !== 'string') return undefined;
		const media = this.media.get(mediaId);
		if (!media || media.appId !== appId || now - media.createdAt >= MEDIA_LIFETIME_MS) return undefined;
		return media;
	}

	/** A stored upload (expired ones too), for tests. */
	findMedia(mediaId: string): StoredMedia | undefined {
		return this.media.get(mediaId);
	}
}

/** A stored upload as the control API shows it: bytes as base64 plus their SHA-256. */
export function describeMedia(media: StoredMedia): Record<string, unknown> {
	return {
		mediaId: media.mediaId,
		appId: media.appId,
		type: media.type,
		fileName: media.fileName,
		contentType: media.contentType,
		size: media.data.length,
		createdAt: media.createdAt,
		expiresAt: media.createdAt + MEDIA_LIFETIME_MS,
		sha256: createHash('sha256').update(media.data).digest('hex'),
		base64: media.data.toString('base64'),
	};
}
