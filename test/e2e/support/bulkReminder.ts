/**
 * The daily reminder as example 3 was before the subscription ledger: Schedule → a Code node making 200
 * users (every tenth a NOSUB OpenID, never subscribed) → Send with Continue on error → a Code report. The
 * nodes and secrets suites keep it as their bulk-send workload (200 sends in one execution, 20 answered
 * 43101, one token call); example 3 itself now reads its recipients from the ledger (lifecycle.e2e).
 */
import { actionNode, chain, codeNode, dailyTrigger, keywordMapping, subscriptionSendParameters, templateLocator, workflow } from '../../../harness';
import { CREDENTIAL } from '../../../harness/examples';
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

export const BULK_REMINDER_WORKFLOW = workflow(
	BULK_REMINDER_ID,
	'E2E: bulk reminder (200 users from a Code node)',
	[
		dailyTrigger('e2e-bulk-reminder-1', BULK_REMINDER_TRIGGER, [0, 0], 9),
		codeNode('e2e-bulk-reminder-2', 'Users To Remind', [240, 0], REMINDER_USERS_CODE),
		actionNode(
			'e2e-bulk-reminder-3',
			'Send Parking Reminder',
			[480, 0],
			CREDENTIAL,
			subscriptionSendParameters({
				touser: '={{ $json.openid }}',
				templateId: templateLocator(SANDBOX_TEMPLATE_IDS.parkingFee, '停车缴费提醒'),
				keywords: { dataMode: 'mapped', templateData: keywordMapping(values, labels) },
				page: 'pages/parking/index',
				options: { concurrency: 16 },
			}),
			{ onError: 'continueRegularOutput' },
		),
		codeNode('e2e-bulk-reminder-4', 'Report', [720, 0], REMINDER_REPORT_CODE),
	],
	chain(BULK_REMINDER_TRIGGER, 'Users To Remind', 'Send Parking Reminder', 'Report'),
);
