/**
 * The daily reminder as example 3 was before the subscription ledger: Schedule → a Code node making 200
 * users (every tenth a NOSUB OpenID, never subscribed) → Send with Continue on error → a Code report. The
 * nodes and secrets suites keep it as their bulk-send workload (200 sends in one execution, 20 answered
 * 43101, one token call); example 3 itself now reads its recipients from the ledger (lifecycle.e2e).
 */
import { CREDENTIAL, PACKAGE } from '../../../scripts/build-examples';
import { SANDBOX_TEMPLATE_IDS } from '../../../sandbox/seed';

export const BULK_REMINDER_ID = 'e2eBulkReminder1';
export const BULK_REMINDER_TRIGGER = 'Every Morning';

const REMINDER_USERS_CODE = `// One item per user to remind; the sandbox treats OpenIDs containing NOSUB as users who never accepted the template.
const count = $('Every Morning').first().json.userCount ?? 200;
return Array.from({ length: count }, (_, i) => ({
  json: {
    openid: i % 10 === 9 ? 'oNOSUB' + String(i).padStart(22, '0') : 'oSandboxUser' + String(i).padStart(16, '0'),
    plate: '粤A' + String(10000 + i).slice(-5),
    parkedSince: '08:' + String(i % 60).padStart(2, '0'),
    fee: '¥' + (5 + (i % 20)) + '.00',
  },
}));`;

const REMINDER_REPORT_CODE = `const results = $input.all().map((item) => item.json);
return [{
  json: {
    sent: results.filter((r) => r.success === true).length,
    notSubscribed: results.filter((r) => r.reason === 'not_subscribed').length,
    failed: results.filter((r) => r.success === false && r.reason !== 'not_subscribed').length,
    notSubscribedOpenids: results.filter((r) => r.reason === 'not_subscribed').map((r) => r.touser),
  },
}];`;

const labels: Record<string, string> = { car_number1: '车牌号', time2: '入场时间', amount3: '停车费用', thing4: '停车场' };
const values: Record<string, string> = {
	car_number1: '={{ $json.plate }}',
	time2: '={{ $json.parkedSince }}',
	amount3: '={{ $json.fee }}',
	thing4: '科技园地下停车场',
};

export const BULK_REMINDER_WORKFLOW = {
	id: BULK_REMINDER_ID,
	name: 'E2E: bulk reminder (200 users from a Code node)',
	active: false,
	nodes: [
		{
			id: 'e2e-bulk-reminder-1',
			name: BULK_REMINDER_TRIGGER,
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			position: [0, 0],
			parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 9 }] } },
		},
		{ id: 'e2e-bulk-reminder-2', name: 'Users To Remind', type: 'n8n-nodes-base.code', typeVersion: 2, position: [240, 0], parameters: { jsCode: REMINDER_USERS_CODE } },
		{
			id: 'e2e-bulk-reminder-3',
			name: 'Send Parking Reminder',
			type: `${PACKAGE}.weChatMiniProgram`,
			typeVersion: 1,
			position: [480, 0],
			credentials: { weChatMiniProgramApi: CREDENTIAL },
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'subscriptionMessage',
				operation: 'send',
				touser: '={{ $json.openid }}',
				templateId: { __rl: true, mode: 'list', value: SANDBOX_TEMPLATE_IDS.parkingFee, cachedResultName: '停车缴费提醒' },
				dataMode: 'mapped',
				templateData: {
					mappingMode: 'defineBelow',
					value: values,
					matchingColumns: [],
					schema: Object.keys(values).map((id) => ({ id, displayName: `${labels[id]} (${id})`, required: true, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false })),
					attemptToConvertTypes: false,
					convertFieldsToString: true,
				},
				page: 'pages/parking/index',
				miniprogramState: 'formal',
				lang: 'zh_CN',
				options: { concurrency: 16 },
			},
		},
		{ id: 'e2e-bulk-reminder-4', name: 'Report', type: 'n8n-nodes-base.code', typeVersion: 2, position: [720, 0], parameters: { jsCode: REMINDER_REPORT_CODE } },
	],
	connections: {
		[BULK_REMINDER_TRIGGER]: { main: [[{ node: 'Users To Remind', type: 'main', index: 0 }]] },
		'Users To Remind': { main: [[{ node: 'Send Parking Reminder', type: 'main', index: 0 }]] },
		'Send Parking Reminder': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};
