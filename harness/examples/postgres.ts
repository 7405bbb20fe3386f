/**
 * The subscription lifecycle on PostgreSQL (examples 9–12; docs/subscription-lifecycle.md): the same three
 * workflows as examples 3, 6 and 7, on n8n's Postgres node, for who outgrows Data Tables or already runs
 * n8n in queue mode on PostgreSQL. A database does atomically what Data Tables cannot, so the design is
 * simpler: each push or send result is applied to its (user, template) row in the statement that records
 * it (INSERT … ON CONFLICT, under the row's lock), its dedupeKey a unique key, so a retried push changes
 * nothing and simultaneous accepts both count. wechat_subscription_events is only the log of keys seen,
 * kept one day.
 *
 * Every write is one statement per node run: the items are gathered by n8n's Aggregate node and passed as
 * one JSON parameter ($1), read back with jsonb_to_recordset: no expression per column or per item.
 */
import { dailyTrigger, link, manualTrigger, node, stickyNote, templateLookupNode, type NodeExtras, type Position } from '../workflowBuilders';
import { prepareRows, pushTrigger, reminderSend, reportingSettings, type LedgerExampleContext } from './ledgerNodes';

export const POSTGRES_CREDENTIAL = { id: 'wechatLedgerPg01', name: 'Ledger database (PostgreSQL)' };
/** Example 11's schedule trigger, as example 3's. */
export const POSTGRES_REMINDER_TRIGGER = 'Every Morning';
export const POSTGRES_REPORT_TRIGGER = 'Open The Report';
export const POSTGRES_SETUP_TRIGGER = 'Create The Tables';
/** How long wechat_subscription_events keeps a key: WeChat's retries of a push come within seconds. */
export const DEDUPE_KEY_DAYS = 1;
/** How long messages and delivery results are kept for the report. */
export const HISTORY_DAYS = 30;

/** The tables (example 9 creates them; `IF NOT EXISTS`, so running it again is harmless). */
export const POSTGRES_SCHEMA = `CREATE TABLE IF NOT EXISTS wechat_subscription_events (
  id bigserial PRIMARY KEY,
  openid text NOT NULL,
  template_id text NOT NULL,
  source text NOT NULL,
  quota_delta integer NOT NULL DEFAULT 0,
  on_at bigint NOT NULL DEFAULT 0,
  off_at bigint NOT NULL DEFAULT 0,
  create_time bigint NOT NULL DEFAULT 0,
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS wechat_subscription_events_created_at ON wechat_subscription_events (created_at);
CREATE TABLE IF NOT EXISTS wechat_subscriptions (
  openid text NOT NULL,
  template_id text NOT NULL,
  remaining integer NOT NULL DEFAULT 0,
  on_at bigint NOT NULL DEFAULT 0,
  off_at bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (openid, template_id)
);
CREATE TABLE IF NOT EXISTS wechat_messages (
  id bigserial PRIMARY KEY,
  msgid text UNIQUE,
  openid text NOT NULL,
  template_id text NOT NULL,
  outcome text NOT NULL,
  errcode integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS wechat_messages_created_at ON wechat_messages (created_at);
CREATE TABLE IF NOT EXISTS wechat_delivery_results (
  msgid text PRIMARY KEY,
  openid text NOT NULL,
  template_id text NOT NULL,
  status text NOT NULL,
  error_code integer,
  error_status text,
  create_time bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS wechat_delivery_results_created_at ON wechat_delivery_results (created_at);`;

/**
 * Applies ledger rows (Prepare Rows → Ledger Events, gathered into `rows`): each row whose dedupeKey is new
 * is logged, and changes its (user, template): a popup accept adds a send, a send uses one (never below 0:
 * the ledger's count must not exceed WeChat's; a send for a pair the ledger does not know changes nothing),
 * a 43101 correction sets it to 0; the latest switch on or off (WeChat's CreateTime) decides whether it is
 * on. Every sub-statement of one WITH sees the same snapshot, so each pair goes to exactly one of them.
 */
export const APPLY_LEDGER_ROWS = `WITH incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(openid text, "templateId" text, source text, "quotaDelta" integer, "onAt" bigint, "offAt" bigint, "createTime" bigint, "dedupeKey" text)
), logged AS (
  INSERT INTO wechat_subscription_events (openid, template_id, source, quota_delta, on_at, off_at, create_time, dedupe_key)
  SELECT openid, "templateId", source, "quotaDelta", "onAt", "offAt", "createTime", "dedupeKey" FROM incoming
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING openid, template_id, source, quota_delta, on_at, off_at
), per_pair AS (
  SELECT openid, template_id, bool_or(source = 'correction') AS reset, sum(quota_delta) AS delta, max(on_at) AS on_at, max(off_at) AS off_at
  FROM logged GROUP BY openid, template_id
), reset AS (
  UPDATE wechat_subscriptions s SET remaining = 0, off_at = GREATEST(s.off_at, p.off_at), updated_at = now()
  FROM per_pair p WHERE p.reset AND s.openid = p.openid AND s.template_id = p.template_id
  RETURNING s.openid
), used AS (
  UPDATE wechat_subscriptions s SET remaining = GREATEST(0, s.remaining + p.delta), on_at = GREATEST(s.on_at, p.on_at), off_at = GREATEST(s.off_at, p.off_at), updated_at = now()
  FROM per_pair p WHERE NOT p.reset AND p.delta < 0 AND s.openid = p.openid AND s.template_id = p.template_id
  RETURNING s.openid
), added AS (
  INSERT INTO wechat_subscriptions AS s (openid, template_id, remaining, on_at, off_at)
  SELECT openid, template_id, delta, on_at, off_at FROM per_pair WHERE NOT reset AND delta >= 0
  ON CONFLICT (openid, template_id) DO UPDATE SET
    remaining = s.remaining + EXCLUDED.remaining,
    on_at = GREATEST(s.on_at, EXCLUDED.on_at),
    off_at = GREATEST(s.off_at, EXCLUDED.off_at),
    updated_at = now()
  RETURNING s.openid
)
SELECT (SELECT count(*) FROM incoming)::int AS received, (SELECT count(*) FROM logged)::int AS applied`;

const RECORD_MESSAGES = `INSERT INTO wechat_messages (msgid, openid, template_id, outcome, errcode)
SELECT msgid, openid, "templateId", outcome, errcode
FROM jsonb_to_recordset($1::jsonb) AS r(msgid text, openid text, "templateId" text, outcome text, errcode integer)
ON CONFLICT (msgid) DO NOTHING`;

const RECORD_DELIVERY_RESULTS = `INSERT INTO wechat_delivery_results (msgid, openid, template_id, status, error_code, error_status, create_time)
SELECT msgid, openid, "templateId", status, "errorCode", "errorStatus", "createTime"
FROM jsonb_to_recordset($1::jsonb) AS r(msgid text, openid text, "templateId" text, status text, "errorCode" integer, "errorStatus" text, "createTime" bigint)
ON CONFLICT (msgid) DO NOTHING`;

/** Who can be sent the template $1: switched on, and a send left or ($2) the template is long-term. */
const WHO_CAN_BE_SENT = `SELECT openid, template_id AS "templateId", remaining
FROM wechat_subscriptions
WHERE template_id = $1 AND on_at > off_at AND (remaining > 0 OR $2::boolean)`;

const REPORT = `SELECT
  count(*) FILTER (WHERE m.outcome = 'sent')::int AS sent,
  count(*) FILTER (WHERE m.outcome = 'sent' AND r.status = 'delivered')::int AS delivered,
  count(*) FILTER (WHERE m.outcome = 'sent' AND r.status = 'failed')::int AS failed,
  count(*) FILTER (WHERE m.outcome = 'not_subscribed')::int AS "notSubscribed",
  count(*) FILTER (WHERE m.outcome = 'refused')::int AS refused,
  count(*) FILTER (WHERE m.outcome = 'sent' AND r.msgid IS NULL)::int AS "awaitingResult"
FROM wechat_messages m LEFT JOIN wechat_delivery_results r ON r.msgid = m.msgid`;

interface PostgresContext extends LedgerExampleContext {
	workflowIds: { setup: string; subscriptionLedger: string; dailyReminder: string; deliveryTracking: string; alertOnFailure: string };
	webhookIds: { subscriptionLedger: string; deliveryTracking: string };
}

const pgCredentials = { postgres: POSTGRES_CREDENTIAL };

function postgresQuery(id: string, name: string, position: Position, query: string, parameters?: string, extras: NodeExtras = {}) {
	return node('n8n-nodes-base.postgres', 2.6, id, name, position, { operation: 'executeQuery', query, options: parameters === undefined ? {} : { queryReplacement: parameters } }, {
		credentials: pgCredentials,
		...extras,
	});
}

/** The node's items as one item `{rows: [...]}`: the next statement takes them all as one parameter. */
function gather(id: string, name: string, position: Position) {
	return node('n8n-nodes-base.aggregate', 1, id, name, position, { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', options: {} });
}

/** $1 of a statement after gather(): every gathered row, as JSON. */
const GATHERED_ROWS = '={{ [JSON.stringify($json.rows)] }}';

/** Example 9: run once to create the tables in the database of the Postgres credential. */
function setup(ctx: PostgresContext) {
	return {
		id: ctx.workflowIds.setup,
		name: 'WeChat (PostgreSQL): create the ledger tables',
		active: false,
		nodes: [
			manualTrigger('a9000000-0000-4000-8000-000000000001', POSTGRES_SETUP_TRIGGER),
			postgresQuery('a9000000-0000-4000-8000-000000000002', 'Ledger Tables', [240, 0], POSTGRES_SCHEMA),
		],
		connections: { [POSTGRES_SETUP_TRIGGER]: { main: [[link('Ledger Tables')]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Example 10: each popup answer and settings change applied to the ledger in one statement. */
function subscriptionLedger(ctx: PostgresContext) {
	return {
		id: ctx.workflowIds.subscriptionLedger,
		name: 'WeChat (PostgreSQL): subscription ledger',
		active: false,
		nodes: [
			pushTrigger(ctx, 'aa000000-0000-4000-8000-000000000001', 'Popup And Settings Events', ctx.webhookIds.subscriptionLedger, ['subscribe_msg_popup_event', 'subscribe_msg_change_event']),
			prepareRows(ctx, 'aa000000-0000-4000-8000-000000000002', 'Ledger Rows', [240, 0], 'subscriptionEvents'),
			gather('aa000000-0000-4000-8000-000000000003', 'As One Statement', [480, 0]),
			postgresQuery('aa000000-0000-4000-8000-000000000004', 'Apply To The Ledger', [720, 0], APPLY_LEDGER_ROWS, GATHERED_ROWS),
			stickyNote(
				'aa000000-0000-4000-8000-000000000005',
				'How The Ledger Works',
				[160, 200],
				[560, 220],
				'## One statement per push\nEach template entry is logged by its `dedupeKey` (a unique key: a push WeChat delivers again changes nothing) and, in the same statement, added to its row of `wechat_subscriptions` under that row\'s lock, so two accepts at the same moment both count.',
			),
		],
		connections: {
			'Popup And Settings Events': { main: [[link('Ledger Rows')]] },
			'Ledger Rows': { main: [[link('As One Statement')]] },
			'As One Statement': { main: [[link('Apply To The Ledger')]] },
		},
		settings: reportingSettings(ctx),
	};
}

/** Who can be sent the template its Send node uses (read from that node), long-term or not per the account. */
function whoCanBeSent(id: string, name: string, position: Position, sendNode: string) {
	const template = `$('${sendNode}').params.templateId.value`;
	const longTerm = `$('Account Templates').all().some((t) => t.json.templateId === ${template} && t.json.typeCode === 3)`;
	return postgresQuery(id, name, position, WHO_CAN_BE_SENT, `={{ [${template}, ${longTerm}] }}`, { executeOnce: true, alwaysOutputData: false });
}

/** Example 11: the reminder; each Send node's results booked in two statements. */
function dailyReminder(ctx: PostgresContext) {
	const { appointment, parking } = ctx.reminders;
	return {
		id: ctx.workflowIds.dailyReminder,
		name: 'WeChat (PostgreSQL): daily reminder',
		active: false,
		nodes: [
			dailyTrigger('ab000000-0000-4000-8000-000000000001', POSTGRES_REMINDER_TRIGGER, [0, 0], 9),
			templateLookupNode('ab000000-0000-4000-8000-000000000002', 'Account Templates', [220, 0], ctx.credential, { resource: 'accountTemplate', operation: 'getAll', filters: {} }),
			whoCanBeSent('ab000000-0000-4000-8000-000000000003', 'Who Gets The Appointment Reminder', [460, -120], 'Send Appointment Reminder'),
			reminderSend(ctx, 'ab000000-0000-4000-8000-000000000004', 'Send Appointment Reminder', [700, -120], appointment),
			whoCanBeSent('ab000000-0000-4000-8000-000000000005', 'Who Gets The Parking Reminder', [460, 120], 'Send Parking Reminder'),
			reminderSend(ctx, 'ab000000-0000-4000-8000-000000000006', 'Send Parking Reminder', [700, 120], parking),
			prepareRows(ctx, 'ab000000-0000-4000-8000-000000000007', 'Ledger Rows For The Sends', [940, -120], 'subscriptionEvents'),
			gather('ab000000-0000-4000-8000-000000000008', 'Sends As One Statement', [1180, -120]),
			postgresQuery('ab000000-0000-4000-8000-000000000009', 'Book In The Ledger', [1420, -120], APPLY_LEDGER_ROWS, GATHERED_ROWS),
			prepareRows(ctx, 'ab000000-0000-4000-8000-000000000010', 'Message Rows', [940, 120], 'messages'),
			gather('ab000000-0000-4000-8000-000000000011', 'Messages As One Statement', [1180, 120]),
			postgresQuery('ab000000-0000-4000-8000-000000000012', 'Record The Messages', [1420, 120], RECORD_MESSAGES, GATHERED_ROWS),
			postgresQuery(
				'ab000000-0000-4000-8000-000000000013',
				'Forget Old Keys',
				[460, 340],
				`DELETE FROM wechat_subscription_events WHERE created_at < now() - interval '${DEDUPE_KEY_DAYS} day'`,
				undefined,
				{ executeOnce: true },
			),
			stickyNote(
				'ab000000-0000-4000-8000-000000000014',
				'Your Own Templates',
				[400, -420],
				[620, 220],
				'## One query per Send node\n**Who Gets …** selects the users who can receive the template its **Send** node uses (it reads the template from that node, and from **Account Templates** whether it is long-term). Pick your templates in the Send nodes; for a third, copy a pair and point the copy at its own Send node.\n\n**Forget Old Keys** keeps one day of dedupe keys: the tables grow with your users, not with the days.',
			),
		],
		connections: {
			[POSTGRES_REMINDER_TRIGGER]: { main: [[link('Account Templates')]] },
			'Account Templates': { main: [[link('Who Gets The Appointment Reminder'), link('Who Gets The Parking Reminder'), link('Forget Old Keys')]] },
			'Who Gets The Appointment Reminder': { main: [[link('Send Appointment Reminder')]] },
			'Who Gets The Parking Reminder': { main: [[link('Send Parking Reminder')]] },
			'Send Appointment Reminder': { main: [[link('Ledger Rows For The Sends'), link('Message Rows')]] },
			'Send Parking Reminder': { main: [[link('Ledger Rows For The Sends'), link('Message Rows')]] },
			'Ledger Rows For The Sends': { main: [[link('Sends As One Statement')]] },
			'Sends As One Statement': { main: [[link('Book In The Ledger')]] },
			'Message Rows': { main: [[link('Messages As One Statement')]] },
			'Messages As One Statement': { main: [[link('Record The Messages')]] },
		},
		settings: reportingSettings(ctx),
	};
}

/** Example 12: delivery results, the report, and the nightly forgetting of what is over 30 days old. */
function deliveryTracking(ctx: PostgresContext) {
	const forget = (table: string) => `DELETE FROM ${table} WHERE created_at < now() - interval '${HISTORY_DAYS} days'`;
	return {
		id: ctx.workflowIds.deliveryTracking,
		name: 'WeChat (PostgreSQL): delivery tracking',
		active: false,
		nodes: [
			pushTrigger(ctx, 'ac000000-0000-4000-8000-000000000001', 'Delivery Results', ctx.webhookIds.deliveryTracking, ['subscribe_msg_sent_event']),
			prepareRows(ctx, 'ac000000-0000-4000-8000-000000000002', 'Result Rows', [240, 0], 'deliveryResults'),
			gather('ac000000-0000-4000-8000-000000000003', 'As One Statement', [480, 0]),
			postgresQuery('ac000000-0000-4000-8000-000000000004', 'Record The Result', [720, 0], RECORD_DELIVERY_RESULTS, GATHERED_ROWS),
			manualTrigger('ac000000-0000-4000-8000-000000000005', POSTGRES_REPORT_TRIGGER, [0, 260]),
			postgresQuery('ac000000-0000-4000-8000-000000000006', 'Report', [240, 260], REPORT),
			dailyTrigger('ac000000-0000-4000-8000-000000000007', 'Every Night', [0, 520], 3),
			postgresQuery('ac000000-0000-4000-8000-000000000008', `Forget After ${HISTORY_DAYS} Days`, [240, 520], `${forget('wechat_messages')};\n${forget('wechat_delivery_results')}`),
		],
		connections: {
			'Delivery Results': { main: [[link('Result Rows')]] },
			'Result Rows': { main: [[link('As One Statement')]] },
			'As One Statement': { main: [[link('Record The Result')]] },
			[POSTGRES_REPORT_TRIGGER]: { main: [[link('Report')]] },
			'Every Night': { main: [[link(`Forget After ${HISTORY_DAYS} Days`)]] },
		},
		settings: reportingSettings(ctx),
	};
}

export function postgresExamples(ctx: PostgresContext) {
	return {
		postgresSetup: setup(ctx),
		postgresSubscriptionLedger: subscriptionLedger(ctx),
		postgresDailyReminder: dailyReminder(ctx),
		postgresDeliveryTracking: deliveryTracking(ctx),
	};
}
