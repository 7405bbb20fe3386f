/**
 * The world the sandbox starts in (and returns to on reset): one mini program, its account templates,
 * the categories and public template library (docs/wechat-protocol.md §5), the pages of its released
 * version and a few users.
 * Everything here is fake; printing the secret is fine.
 */

export const SANDBOX_APP_ID = 'wxfdae81166329a09f';
export const SANDBOX_APP_SECRET = '47b92e12cf09465c9375403baf780850';
/** The key of the one WeCom group robot the sandbox knows (the `key` of its webhook URL). */
export const SANDBOX_ROBOT_KEY = '693a91f6-7a0c-4bc4-97a0-0ec2a1fa5aaa';
/** The mini program's original id (`gh_…`), the `ToUserName` of its pushes. */
export const SANDBOX_ORIGINAL_ID = 'gh_fdae81166329';

/** The original id the sandbox gives an app: `gh_` and 12 characters of its AppID (SANDBOX_ORIGINAL_ID for the seeded one). */
export function originalIdOf(appId: string): string {
	return `gh_${appId.slice(2, 14)}`;
}

/** OpenIDs of this mini program. Any 28-character `o…` id is a user; ids containing `NOSUB` never subscribed. */
export const SANDBOX_OPENIDS = {
	alice: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
	bob: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
	carol: 'o7esq5OI1Uej6Xixw1lA2H7XDVbc',
	noSubscription: 'oNOSUBsandboxUser0000000000A',
} as const;

/** A distinct valid OpenID per number, for benchmarks that need many users. */
export function sandboxOpenId(n: number): string {
	return `oSandboxUser${String(Math.trunc(Math.abs(n))).padStart(16, '0').slice(-16)}`;
}

/** Pages of the released version; `page` of a send must be one of them (a query string is allowed). */
export const SANDBOX_PAGES: readonly string[] = [
	'pages/index/index',
	'pages/order/detail',
	'pages/order/list',
	'pages/logistics/index',
	'pages/appointment/detail',
	'pages/parking/index',
	'pages/exam/result',
	// Where a user with no send left is asked to subscribe again (the No Send Left example's links open it).
	'pages/subscribe/index',
];

export interface PublicKeyword {
	kid: number;
	name: string;
	example: string;
	/** The keyword type, e.g. `thing`; the key of an added template is rule + kid (`thing1`). */
	rule: string;
	enumValues?: readonly string[];
}

export interface PublicTemplateTitle {
	tid: number;
	title: string;
	/** 2 = one-time subscription, 3 = long-term. */
	type: 2 | 3;
	categoryId: number;
	keywords: readonly PublicKeyword[];
}

export interface TemplateCategory {
	id: number;
	name: string;
}

export const SANDBOX_CATEGORIES: readonly TemplateCategory[] = [
	{ id: 612, name: '电商平台' },
	{ id: 307, name: '快递、物流' },
	{ id: 616, name: '公交' },
	{ id: 666, name: '在线教育' },
	{ id: 735, name: '生活服务' },
];

/** The category holding more titles than one page of 30, for pagination tests. */
export const SANDBOX_LARGE_CATEGORY_ID = 612;

function kw(kid: number, name: string, rule: string, example: string, enumValues?: readonly string[]): PublicKeyword {
	return enumValues ? { kid, name, example, rule, enumValues } : { kid, name, example, rule };
}

/** Hand-written titles: the account templates are built from these. */
const CORE_TITLES: readonly PublicTemplateTitle[] = [
	{
		tid: 1001,
		title: '订单发货通知',
		type: 2,
		categoryId: 307,
		keywords: [
			kw(1, '商品名称', 'thing', 'iPhone 15 Pro 256G'),
			kw(2, '订单编号', 'character_string', 'TS20240501123456'),
			kw(3, '发货时间', 'time', '2024-05-01 15:01'),
			kw(4, '快递公司', 'thing', '顺丰速运'),
			kw(5, '快递单号', 'character_string', 'SF1234567890123'),
			kw(6, '收货人', 'name', '张三'),
			kw(7, '联系电话', 'phone_number', '+86-0766-66888866'),
			kw(8, '物流状态', 'phrase', '已发货'),
		],
	},
	{
		tid: 1002,
		title: '支付成功通知',
		type: 2,
		categoryId: 612,
		keywords: [
			kw(1, '订单金额', 'amount', '¥128.00'),
			kw(2, '支付时间', 'date', '2024年5月1日 15:01'),
			kw(3, '订单号', 'character_string', 'TS20240501123456'),
			kw(4, '商品数量', 'number', '2'),
			kw(5, '客服电话', 'phone_number', '400-888-8888'),
			kw(6, '商品名称', 'thing', '精选咖啡豆 500g'),
			kw(7, '支付方式', 'phrase', '微信支付'),
		],
	},
	{
		tid: 1003,
		title: '预约状态提醒',
		type: 2,
		categoryId: 735,
		keywords: [
			kw(1, '预约项目', 'thing', '口腔检查'),
			kw(2, '预约状态', 'enum_string', '预约成功', ['预约成功', '预约取消', '预约失败']),
			kw(3, '预约人', 'name', '李四'),
			kw(4, '预约时间', 'time', '2024-05-03 09:30~10:00'),
			kw(5, '温馨提示', 'phrase', '请准时到'),
			kw(6, '门店电话', 'phone_number', '0755-86013388'),
		],
	},
	{
		tid: 1004,
		title: '停车缴费提醒',
		type: 3,
		categoryId: 616,
		keywords: [
			kw(1, '车牌号', 'car_number', '粤A8Z888挂'),
			kw(2, '入场时间', 'time', '2024-05-01 08:30'),
			kw(3, '停车费用', 'amount', '¥15.00'),
			kw(4, '停车场', 'thing', '科技园地下停车场'),
			kw(5, '停车时长', 'character_string', '2h30min'),
		],
	},
	{
		tid: 1005,
		title: '考试成绩通知',
		type: 3,
		categoryId: 666,
		keywords: [
			kw(1, '考试科目', 'thing', '高等数学（上）'),
			kw(2, '成绩等级', 'letter', 'A'),
			kw(3, '等级标识', 'symbol', '★★★'),
			kw(4, '考试日期', 'date', '2024-06-20'),
			kw(5, '学生姓名', 'name', '王小明'),
			kw(6, '考试成绩', 'number', '92.5'),
		],
	},
];

/** Keywords the generated titles draw from, in rotation. */
const KEYWORD_POOL: readonly Omit<PublicKeyword, 'kid'>[] = [
	{ name: '商品名称', rule: 'thing', example: '无线蓝牙耳机' },
	{ name: '订单编号', rule: 'character_string', example: 'TS20240501123456' },
	{ name: '订单金额', rule: 'amount', example: '¥299.00' },
	{ name: '下单时间', rule: 'time', example: '2024-05-01 15:01:30' },
	{ name: '活动日期', rule: 'date', example: '2024年5月1日' },
	{ name: '联系电话', rule: 'phone_number', example: '400-888-8888' },
	{ name: '用户昵称', rule: 'name', example: '张三' },
	{ name: '当前状态', rule: 'phrase', example: '处理中' },
	{ name: '数量', rule: 'number', example: '3' },
	{ name: '温馨提示', rule: 'thing', example: '如有疑问请联系客服' },
	{ name: '会员等级', rule: 'letter', example: 'VIP' },
	{ name: '备注', rule: 'thing', example: '请尽快处理' },
];

function generatedTitles(firstTid: number, categoryId: number, type: 2 | 3, titles: readonly string[]): PublicTemplateTitle[] {
	return titles.map((title, index) => ({
		tid: firstTid + index,
		title,
		type,
		categoryId,
		keywords: Array.from({ length: 6 }, (_, j) => {
			const pooled = KEYWORD_POOL[(index + j) % KEYWORD_POOL.length];
			return { kid: j + 1, ...pooled };
		}),
	}));
}

const ECOMMERCE_TITLES = [
	'订单支付失败提醒', '退款成功通知', '退款申请通知', '订单取消通知', '订单完成通知', '订单待付款提醒',
	'拼团成功通知', '拼团失败通知', '砍价成功通知', '优惠券到账提醒', '优惠券过期提醒', '积分变动提醒',
	'会员升级通知', '会员到期提醒', '商品降价提醒', '商品到货提醒', '商品上新通知', '库存不足提醒',
	'评价提醒', '售后处理结果通知', '换货申请通知', '退货审核通知', '退货成功通知', '发票开具通知',
	'余额变动提醒', '充值成功通知', '提现成功通知', '提现失败通知', '佣金到账通知', '分销订单通知',
	'秒杀开始提醒', '抽奖结果通知', '中奖结果通知', '活动报名成功通知', '活动开始提醒', '预售尾款支付提醒',
	'定金支付成功通知', '自动确认收货提醒', '购物车商品降价提醒', '收藏商品降价提醒', '签到提醒', '礼品卡到账通知',
	'账户安全提醒', '地址变更通知', '订单修改通知', '订单改价通知', '新订单提醒',
];

/** The public template library (公共模板库). */
export const SANDBOX_PUBLIC_TITLES: readonly PublicTemplateTitle[] = [
	...CORE_TITLES,
	...generatedTitles(2001, 612, 2, ECOMMERCE_TITLES),
	...generatedTitles(3001, 307, 2, ['快递揽收通知', '派送提醒', '签收成功通知', '物流异常提醒', '快递到站提醒']),
	...generatedTitles(4001, 616, 3, ['乘车成功通知', '公交到站提醒']),
	...generatedTitles(5001, 666, 3, ['上课提醒', '作业批改通知']),
	...generatedTitles(6001, 735, 2, ['服务完成通知', '预约成功通知', '排队叫号提醒']),
];

/** Fixed priTmplIds of the seeded account templates, so fixtures can name them. */
export const SANDBOX_TEMPLATE_IDS = {
	/** 订单发货通知, one-time: thing1, character_string2, time3, thing4, character_string5. */
	orderShipped: '_oN_DAJRafnih7LkqOD1Ulz5a1RZ8u480jHtcFDpvF8',
	/** 支付成功通知, one-time: amount1, date2, character_string3, number4, phone_number5. */
	paymentSucceeded: 'DopCUw9fQuOH8YsBVm5hu--L50l5KIC-ztjkRkbvruU',
	/** 预约状态提醒, one-time, with an enum: thing1, enum_string2, name3, time4, phrase5. */
	appointmentStatus: '5EYVs-4DhFq-U-u2r5r7NZIXJ0Rn1rbgk0h4UyUgq0c',
	/** 停车缴费提醒, long-term: car_number1, time2, amount3, thing4. */
	parkingFee: 'oXthkiwQJUPzOuXWM7RZP9oKkoNL0Ffs_TQWKspHRn4',
	/** 考试成绩通知, long-term: thing1, letter2, symbol3, date4, name5. */
	examResult: '8736JqS0y4ScArUqCO71h2f_nmmdKiMbz1GIJHDKCUs',
} as const;

export interface SeedAccountTemplate {
	priTmplId: string;
	tid: number;
	kidList: readonly number[];
	sceneDesc: string;
}

export const SANDBOX_ACCOUNT_TEMPLATES: readonly SeedAccountTemplate[] = [
	{ priTmplId: SANDBOX_TEMPLATE_IDS.orderShipped, tid: 1001, kidList: [1, 2, 3, 4, 5], sceneDesc: '订单发货后通知用户' },
	{ priTmplId: SANDBOX_TEMPLATE_IDS.paymentSucceeded, tid: 1002, kidList: [1, 2, 3, 4, 5], sceneDesc: '用户支付成功后' },
	{ priTmplId: SANDBOX_TEMPLATE_IDS.appointmentStatus, tid: 1003, kidList: [1, 2, 3, 4, 5], sceneDesc: '预约状态变化时' },
	{ priTmplId: SANDBOX_TEMPLATE_IDS.parkingFee, tid: 1004, kidList: [1, 2, 3, 4], sceneDesc: '车辆出场缴费' },
	{ priTmplId: SANDBOX_TEMPLATE_IDS.examResult, tid: 1005, kidList: [1, 2, 3, 4, 5], sceneDesc: '考试成绩发布' },
];

/** Most private templates an account may hold (200012 beyond). */
export const MAX_ACCOUNT_TEMPLATES = 50;
