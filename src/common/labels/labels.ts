// 标签 The one source of the Chinese and English label of every enum value. GraphQL enum descriptions
// (`labelledEnum` in registerEnumType), the OpenAPI enum schemas (`describeOpenApiEnums`), the .xlsx
// exports and the ledger import (`labelOf`) all read it, so a label is changed here or nowhere. Pure.

/** A value's label; `description` is the API's fuller wording where it says more than the label. */
export interface Label {
  zh: string;
  en: string;
  description?: string;
}

/** An enum's title and the label of each of its values. */
export interface EnumLabels {
  title: Label;
  values: Readonly<Record<string, Label>>;
}

/** Every enum by its GraphQL name (and IssueTimelineStep, the two timeline steps that are not an IssueAction). */
export const LABELS = {
  Role: {
    title: { zh: '角色', en: 'Role' },
    values: {
      ADMIN: { zh: '系统管理员', en: 'Administrator' },
      ORG_OFFICER: { zh: '两新工委、组织部', en: 'Organisation department officer' },
      DEPARTMENT_OFFICER: {
        zh: '行业主管部门',
        en: 'Industry department officer',
        description: '行业主管部门 / Industry department officer (enterprises it supervises)',
      },
      TOWNSHIP_OFFICER: { zh: '乡镇（街道）', en: 'Township officer' },
      STATION_MANAGER: { zh: '驿站管理员', en: 'Station manager', description: '驿站管理员 / Station manager (own stations)' },
      GRID_WORKER: { zh: '网格员', en: 'Grid worker', description: '网格员 / Grid worker (own grids)' },
      INSTRUCTOR: { zh: '党建指导员', en: 'Party-building instructor', description: '党建指导员 / Party-building instructor (assigned enterprises)' },
      AUDITOR: { zh: '驿站评估员', en: 'Station auditor' },
      WORKER: { zh: '新就业群体劳动者', en: 'Gig worker', description: '新就业群体劳动者 / Gig worker (themselves)' },
      PLATFORM: { zh: '平台企业 API 密钥', en: 'Platform API key', description: '平台企业 API 密钥 / Platform API key (own roster)' },
    },
  },
  AuditActorKind: {
    title: { zh: '操作者类型', en: 'Kind of actor' },
    values: {
      STAFF: { zh: '工作人员', en: 'Staff user' },
      WORKER: { zh: '新就业群体劳动者', en: 'Worker' },
      PLATFORM: { zh: '平台 API 密钥', en: 'Platform API key' },
      ANONYMOUS: { zh: '未登录', en: 'Not signed in' },
      SYSTEM: { zh: '系统', en: 'The system itself', description: '系统（定时任务、启动） / The system itself (jobs, start-up)' },
    },
  },
  AuditOutcome: {
    title: { zh: '结果', en: 'Outcome' },
    values: {
      SUCCESS: { zh: '成功', en: 'Succeeded' },
      FAILURE: { zh: '失败', en: 'Failed' },
    },
  },
  RegionLevel: {
    title: { zh: '行政区划级别', en: 'Region level' },
    values: {
      PROVINCE: { zh: '省', en: 'Province', description: '省 / Province (6 digits, ending 0000)' },
      CITY: { zh: '市', en: 'City', description: '市 / City (6 digits, ending 00)' },
      COUNTY: { zh: '县（区）', en: 'County', description: '县（区） / County (other 6-digit codes)' },
      TOWNSHIP: { zh: '乡镇（街道）', en: 'Township or street', description: '乡镇（街道） / Township or street (9 digits)' },
      COMMUNITY: { zh: '村（社区）', en: 'Village or community', description: '村（社区） / Village or community (12 digits)' },
    },
  },
  DepartmentKind: {
    title: { zh: '部门类别', en: 'Department kind' },
    values: {
      TWO_NEW_COMMITTEE: { zh: '两新工委', en: 'Two-new organisations working committee' },
      ORGANIZATION_DEPT: { zh: '组织部', en: 'Organisation department' },
      CYBERSPACE: { zh: '网信办', en: 'Cyberspace affairs office' },
      MARKET_REGULATION: { zh: '市场监管局', en: 'Market regulation bureau' },
      TRANSPORT: { zh: '交通运输局', en: 'Transport bureau' },
      TRADE_UNION: { zh: '总工会', en: 'Federation of trade unions' },
      POSTAL: { zh: '邮政管理', en: 'Postal administration' },
      TOWNSHIP: { zh: '乡镇/街道', en: 'Township or street office' },
      OTHER: { zh: '其他', en: 'Other' },
    },
  },
  Industry: {
    title: { zh: '行业', en: 'Industry' },
    values: {
      FOOD_DELIVERY: { zh: '外卖配送', en: 'Food delivery' },
      EXPRESS_COURIER: { zh: '快递', en: 'Express courier' },
      LOGISTICS: { zh: '物流', en: 'Logistics' },
      FREIGHT_TRUCKING: { zh: '货车运输', en: 'Freight trucking' },
      RIDE_HAILING: { zh: '网约车', en: 'Ride-hailing' },
      NEW_MEDIA: { zh: '新媒体', en: 'New media' },
      ONLINE_SHOP: { zh: '网络店主', en: 'Online shop' },
      LIVE_STREAMING: { zh: '网络直播', en: 'Live streaming' },
      DOMESTIC_SERVICE: { zh: '家政服务', en: 'Domestic service' },
      OTHER: { zh: '其他', en: 'Other' },
    },
  },
  ImportOutcome: {
    title: { zh: '导入结果', en: 'Outcome of one imported row' },
    values: {
      CREATED: { zh: '新建', en: 'Created' },
      UPDATED: { zh: '已更新名称', en: 'Name updated' },
      UNCHANGED: { zh: '无变化', en: 'Already as given' },
      REJECTED: { zh: '被拒绝', en: 'Rejected', description: '被拒绝 / Rejected (see reason)' },
    },
  },
  RevealField: {
    title: { zh: '可查看明文的个人信息字段', en: 'Personal-data field that can be revealed' },
    values: {
      NAME: { zh: '姓名', en: 'Name' },
      PHONE: { zh: '手机号', en: 'Phone' },
      ID_NUMBER: { zh: '身份证号', en: 'ID number' },
    },
  },
  StationKind: {
    title: { zh: '驿站类型', en: 'Station kind' },
    values: {
      OUTDOOR_WORKER_STATION: { zh: '户外劳动者服务站', en: 'Outdoor workers’ service station' },
      WORKERS_HOME: { zh: '职工之家', en: 'Workers’ home' },
      COURIER_STATION: { zh: '小哥驿站', en: 'Couriers’ station' },
      CARE_STATION: { zh: '爱心驿站', en: 'Care station' },
      TRUCKER_HOME: { zh: '货车司机之家', en: 'Truck drivers’ home' },
    },
  },
  HostVenue: {
    title: { zh: '依托阵地', en: 'Host venue' },
    values: {
      PARTY_SERVICE_CENTER: { zh: '社区党群服务中心', en: 'Community party-service centre' },
      GAS_STATION: { zh: '加油站', en: 'Gas station' },
      LIBRARY: { zh: '图书馆', en: 'Library' },
      BANK: { zh: '银行网点', en: 'Bank branch' },
      SHOP: { zh: '商铺', en: 'Shop' },
      GOVERNMENT_OFFICE: { zh: '机关单位', en: 'Government office' },
      OTHER: { zh: '其他', en: 'Other' },
    },
  },
  StationStatus: {
    title: { zh: '驿站状态', en: 'Station status' },
    values: {
      PLANNED: { zh: '筹建中', en: 'Planned' },
      OPEN: { zh: '运营中', en: 'Open' },
      SUSPENDED: { zh: '暂停服务', en: 'Suspended' },
      CLOSED: { zh: '已关闭', en: 'Closed' },
    },
  },
  Amenity: {
    title: { zh: '服务设施', en: 'Amenity' },
    values: {
      DRINKING_WATER: { zh: '饮水机', en: 'Drinking water' },
      MICROWAVE: { zh: '微波炉', en: 'Microwave' },
      WIFI: { zh: '无线网络', en: 'Wi-Fi' },
      BOOKS: { zh: '报刊书籍', en: 'Books and newspapers' },
      FIRST_AID: { zh: '应急医药箱', en: 'First-aid kit' },
      RESTROOM: { zh: '卫生间', en: 'Restroom' },
      CHARGING: { zh: '充电设施', en: 'Charging' },
      HEATING_COOLING: { zh: '取暖纳凉', en: 'Heating and cooling' },
      REST_SEATS: { zh: '休息座椅', en: 'Rest seats' },
      FRIDGE: { zh: '冰箱', en: 'Fridge' },
    },
  },
  Weekday: {
    title: { zh: '星期', en: 'Day of the week' },
    values: {
      MON: { zh: '星期一', en: 'Monday' },
      TUE: { zh: '星期二', en: 'Tuesday' },
      WED: { zh: '星期三', en: 'Wednesday' },
      THU: { zh: '星期四', en: 'Thursday' },
      FRI: { zh: '星期五', en: 'Friday' },
      SAT: { zh: '星期六', en: 'Saturday' },
      SUN: { zh: '星期日', en: 'Sunday' },
    },
  },
  WelfareEventKind: {
    title: { zh: '活动类型', en: 'Welfare event kind' },
    values: {
      FREE_MEAL: { zh: '爱心早餐', en: 'Free meal', description: '爱心早餐 / Free meal (breakfast)' },
      COOLING: { zh: '共享清凉', en: 'Cooling', description: '共享清凉 / Cooling (summer drinks)' },
      HEALTH_CHECK: { zh: '义诊义检', en: 'Free health check' },
      LEGAL_AID: { zh: '法律解读', en: 'Legal aid' },
      CONSULTATION: { zh: '咨询受理', en: 'Consultation' },
      OTHER: { zh: '其他', en: 'Other' },
    },
  },
  WelfareEventStatus: {
    title: { zh: '活动状态', en: 'Event status' },
    values: {
      DRAFT: { zh: '草稿', en: 'Draft' },
      PUBLISHED: { zh: '已发布', en: 'Published' },
      CANCELLED: { zh: '已取消', en: 'Cancelled' },
      COMPLETED: { zh: '已结束', en: 'Completed' },
    },
  },
  RegistrationStatus: {
    title: { zh: '报名状态', en: 'Registration status' },
    values: {
      CONFIRMED: { zh: '报名成功', en: 'Confirmed' },
      WAITLISTED: { zh: '候补', en: 'Wait-listed' },
      CANCELLED: { zh: '已取消', en: 'Cancelled' },
    },
  },
  AssistanceCategory: {
    title: { zh: '求助类别', en: 'Assistance category' },
    values: {
      WAGE_ARREARS: { zh: '工资拖欠', en: 'Wage arrears' },
      SOCIAL_INSURANCE: { zh: '社会保险', en: 'Social insurance' },
      LABOR_CONTRACT: { zh: '劳动合同', en: 'Labour contract' },
      LABOR_DISPUTE: { zh: '人事纠纷', en: 'Labour dispute' },
      LEGAL_CONSULTATION: { zh: '法律咨询', en: 'Legal consultation' },
      OTHER: { zh: '其他', en: 'Other' },
    },
  },
  AssistanceCaseStatus: {
    title: { zh: '求助件状态', en: 'Assistance case status' },
    values: {
      OPEN: { zh: '待受理', en: 'Open' },
      IN_PROGRESS: { zh: '办理中', en: 'In progress' },
      RESOLVED: { zh: '已办结', en: 'Resolved' },
      CLOSED: { zh: '已关闭', en: 'Closed' },
    },
  },
  CaseNoteKind: {
    title: { zh: '记录类型', en: 'Timeline entry kind' },
    values: {
      NOTE: { zh: '备注', en: 'Note' },
      OPENED: { zh: '提交', en: 'Opened' },
      ASSIGNED: { zh: '分派', en: 'Assigned' },
      STATUS_CHANGED: { zh: '状态变更', en: 'Status changed' },
    },
  },
  CaseAction: {
    title: { zh: '求助件操作', en: 'Case action' },
    values: {
      START: { zh: '开始办理', en: 'Start handling' },
      RESOLVE: { zh: '办结', en: 'Resolve' },
      CLOSE: { zh: '关闭', en: 'Close' },
      REOPEN: { zh: '重新打开', en: 'Reopen', description: '重新打开（劳动者，办结后 7 天内）/ Reopen (worker, within 7 days)' },
    },
  },
  CertificationStatus: {
    title: { zh: '达标认证状态', en: 'Certification against the current standard' },
    values: {
      CERTIFIED: { zh: '已达标', en: 'Certified', description: '已达标（在有效期内）/ Certified, within validity' },
      NOT_AUDITED: { zh: '未评估', en: 'Never audited under the current version' },
      EXPIRED: { zh: '已过期', en: 'Certification expired' },
      RECTIFYING: { zh: '整改中', en: 'Failed, rectifying within the deadline' },
      RECTIFICATION_OVERDUE: { zh: '整改逾期', en: 'Failed, rectification overdue' },
    },
  },
  IssueStatus: {
    title: { zh: '问题状态', en: 'Governance problem status' },
    values: {
      REPORTED: { zh: '已上报', en: 'Reported' },
      ACCEPTED: { zh: '已受理', en: 'Accepted' },
      DISPATCHED: { zh: '已派单', en: 'Dispatched to a department' },
      IN_PROGRESS: { zh: '办理中', en: 'In progress' },
      RESOLVED: { zh: '已办结', en: 'Resolved' },
      CLOSED: { zh: '已关闭', en: 'Closed', description: '已关闭（已评价或自动关闭）/ Closed (rated, or automatically)' },
      REJECTED: { zh: '不予受理', en: 'Rejected' },
      DUPLICATE: { zh: '重复件已合并', en: 'Merged as a duplicate' },
      RETURNED: { zh: '部门回退', en: 'Returned by the department' },
      REOPENED: {
        zh: '不满意重办',
        en: 'Reopened by the reporter',
        description:
          '不满意重办（上报人评 1–2 分后 7 天内重新打开，回乡镇重新派单）/ Reopened by the reporter after a rating of 1 or 2, back to the township for re-dispatch',
      },
    },
  },
  IssueAction: {
    title: { zh: '问题处置动作', en: 'Workflow action on a governance problem' },
    values: {
      ACCEPT: { zh: '受理', en: 'Accept' },
      REJECT: { zh: '不予受理', en: 'Reject', description: '不予受理（需理由）/ Reject (reason required)' },
      MARK_DUPLICATE: { zh: '合并为重复件', en: 'Merge into another problem' },
      DISPATCH: { zh: '派单至部门', en: 'Dispatch to a department', description: '派单至部门（开始计时）/ Dispatch to a department (the deadline starts)' },
      START: { zh: '开始办理', en: 'Start work' },
      RETURN: { zh: '回退给派单人', en: 'Return to the dispatcher', description: '回退给派单人（需理由）/ Return to the dispatcher (reason required)' },
      RESOLVE: { zh: '办结', en: 'Resolve', description: '办结（需说明）/ Resolve (note required)' },
      RATE: { zh: '回访评价', en: 'Reporter rates the resolution' },
      AUTO_CLOSE: { zh: '7 天未评价自动关闭', en: 'Closed automatically after 7 days' },
      REQUEST_EXTENSION: { zh: '申请延期', en: 'Request a deadline extension' },
      APPROVE_EXTENSION: { zh: '批准延期', en: 'Approve the extension' },
      DENY_EXTENSION: { zh: '驳回延期', en: 'Deny the extension' },
      REOPEN: {
        zh: '重新打开',
        en: 'Reopen',
        description: '重新打开（上报人，评 1–2 分后 7 天内，需理由）/ Reopen (the reporter, within 7 days of a rating of 1 or 2, with a reason)',
      },
    },
  },
  GridEnrolmentStatus: {
    title: { zh: '流动网格报到状态', en: 'Mobile-grid enrolment status' },
    values: {
      PENDING: { zh: '待网格员确认', en: 'Waiting for the grid worker' },
      CONFIRMED: { zh: '已确认', en: 'Confirmed' },
      ENDED: { zh: '已退出', en: 'Ended' },
    },
  },
  IssueEventActorKind: {
    title: { zh: '操作者类型', en: 'Who took a step' },
    values: {
      STAFF: { zh: '工作人员', en: 'Staff' },
      WORKER: { zh: '劳动者', en: 'A worker', description: '劳动者（不显示身份）/ A worker (never identified)' },
      SYSTEM: { zh: '系统', en: 'The system', description: '系统（超期督办、自动关闭）/ The system (overdue supervision, auto-close)' },
    },
  },
  VolunteerTeamKind: {
    title: { zh: '服务队类型', en: 'Team kind' },
    values: {
      VANGUARD: { zh: '先锋服务队', en: 'Vanguard team' },
      VOLUNTEER: { zh: '志愿服务队', en: 'Volunteer team' },
    },
  },
  TeamMemberRole: {
    title: { zh: '队内角色', en: 'Role in the team' },
    values: {
      LEADER: { zh: '队长', en: 'Leader' },
      MEMBER: { zh: '队员', en: 'Member' },
    },
  },
  VolunteerActivityKind: {
    title: { zh: '活动类型', en: 'Activity kind' },
    values: {
      CIVILIZATION: { zh: '文明创建', en: 'Civilisation campaign' },
      GOVERNANCE: { zh: '基层治理', en: 'Grassroots governance' },
      SAFETY: { zh: '平安建设', en: 'Safety' },
      ENVIRONMENT: { zh: '环境保护', en: 'Environment' },
      OTHER: { zh: '其他', en: 'Other' },
    },
  },
  VolunteerHoursStatus: {
    title: { zh: '时长状态', en: 'Hours status' },
    values: {
      APPROVED: { zh: '已计入', en: 'Counted' },
      PENDING: { zh: '待队长审核', en: 'Waiting for the leader' },
      REJECTED: { zh: '未通过', en: 'Rejected' },
    },
  },
  VolunteerHoursSource: {
    title: { zh: '时长来源', en: 'Who recorded the hours' },
    values: {
      LEADER: { zh: '队长记录', en: 'The leader' },
      STAFF: { zh: '工作人员记录', en: 'Staff' },
      SELF: { zh: '本人申报', en: 'The worker' },
    },
  },
  Membership: {
    title: { zh: '党员类别', en: 'Membership' },
    values: {
      FULL: { zh: '正式党员', en: 'Full member' },
      PROBATIONARY: { zh: '预备党员', en: 'Probationary member' },
    },
  },
  FlowStatus: {
    title: { zh: '流动状态', en: 'Flow status' },
    values: {
      LOCAL: { zh: '本地', en: 'Local' },
      INFLOW: { zh: '流入', en: 'Moved in from elsewhere' },
      OUTFLOW: { zh: '流出', en: 'Moved away' },
    },
  },
  DiscoveryChannel: {
    title: { zh: '发现渠道', en: 'How the member was found' },
    values: {
      DOOR_VISIT: { zh: '入户走访', en: 'Door visit' },
      QUESTIONNAIRE: { zh: '问卷调查', en: 'Questionnaire' },
      PHONE: { zh: '电话联系', en: 'Phone call' },
      ROSTER_MATCH: { zh: '平台名单比对', en: 'Platform roster match' },
      SELF_REPORT: { zh: '自主报到', en: 'Self-report' },
    },
  },
  Verification: {
    title: { zh: '核实状态', en: 'Verification' },
    values: {
      UNVERIFIED: { zh: '待核实', en: 'Not yet verified' },
      VERIFIED: { zh: '已核实', en: 'Verified by an officer' },
      REJECTED: { zh: '已否定', en: 'Rejected by an officer' },
    },
  },
  PartyOrganizationKind: {
    title: { zh: '党组织类别', en: 'Kind of party organisation' },
    values: {
      COMMITTEE: { zh: '党委', en: 'Party committee' },
      GENERAL_BRANCH: { zh: '党总支', en: 'General branch' },
      BRANCH: { zh: '党支部', en: 'Branch' },
    },
  },
  FormationMode: {
    title: { zh: '组建方式', en: 'How the organisation was formed' },
    values: {
      STANDALONE: {
        zh: '单独组建',
        en: 'Standalone',
        description: '单独组建：覆盖一个有 3 名以上正式党员的企业 / Standalone: one enterprise with at least three full members',
      },
      INDUSTRY_JOINT: { zh: '行业共建', en: 'Industry-joint', description: '行业共建：覆盖两个以上企业 / Industry-joint: two or more enterprises' },
      DISPATCHED: { zh: '派驻帮建', en: 'Dispatched to help enterprises that cannot form their own yet' },
    },
  },
  RosterSyncMode: {
    title: { zh: '名单同步方式', en: 'Roster sync mode' },
    values: {
      SNAPSHOT: { zh: '全量', en: 'Whole roster', description: '全量（缺席者停用）/ Whole roster: riders missing from it are deactivated' },
      DELTA: { zh: '增量', en: 'Changes only', description: '增量（逐条 upsert / deactivate）/ Changes only: each record upserts or deactivates' },
    },
  },
  RosterSyncStatus: {
    title: { zh: '名单同步状态', en: 'Roster sync status' },
    values: {
      RECEIVING: {
        zh: '接收中',
        en: 'The body is being received',
        description: '接收中（大批量名单同时开始处理）/ The body is being received (a big one is already being applied, uncommitted)',
      },
      QUEUED: { zh: '排队中', en: 'Received and waiting to be applied' },
      PROCESSING: { zh: '处理中', en: 'Being applied' },
      COMMITTED: { zh: '已完成', en: 'Done', description: '已完成：已在一个事务中写入名单 / Done: applied to the roster in one transaction' },
      DRY_RUN_COMPLETE: {
        zh: '试运行完成',
        en: 'Dry run complete',
        description: '试运行完成：报告已出，名单未写入 / Dry run complete: the report is ready, nothing was written to the roster',
      },
      FAILED: { zh: '失败', en: 'Failed', description: '失败（名单未变）/ Failed: the roster is unchanged; see failureReason' },
    },
  },
  RosterChangeKind: {
    title: { zh: '名单变更类型', en: 'What a sync did to a row' },
    values: {
      CREATED: { zh: '新增', en: 'Added', description: '新增（含重新加入）/ Added (new, or back after leaving)' },
      UPDATED: { zh: '更新', en: 'Changed' },
      DEACTIVATED: { zh: '停用', en: 'Left the roster' },
      REJECTED: { zh: '拒收', en: 'Rejected row' },
    },
  },
  IssueTimelineStep: {
    title: { zh: '问题时间线步骤', en: 'Governance problem timeline step' },
    values: {
      REPORT: { zh: '上报', en: 'Reported' },
      MARK_OVERDUE: { zh: '超期督办', en: 'Marked overdue' },
    },
  },
  DeadlineUnit: {
    title: { zh: '办理时限单位', en: "Unit of a category's deadline" },
    values: {
      HOURS: { zh: '小时', en: 'Hours from dispatch' },
      WORKING_DAYS: {
        zh: '工作日',
        en: 'Working days',
        description:
          '工作日（按国务院节假日安排，至第 N 个工作日下班）/ Working days: to the close of the Nth working day after the dispatch day, by the holiday calendar',
      },
    },
  },
} as const satisfies Readonly<Record<string, EnumLabels>>;

export type LabelledEnumName = keyof typeof LABELS;
/** The values of a labelled enum. */
export type LabelledValue<N extends LabelledEnumName> = keyof (typeof LABELS)[N]['values'] & string;

/** The API's wording of a label: its description, or `中文 / English`. */
export function describeLabel(label: Label): string {
  return label.description ?? `${label.zh} / ${label.en}`;
}

/** Every value's label of an enum, in declaration order. */
export function labels<N extends LabelledEnumName>(name: N): Readonly<Record<LabelledValue<N>, Label>> {
  return LABELS[name].values as Readonly<Record<LabelledValue<N>, Label>>;
}

/** The Chinese label of a value (for sheets), '' for none, or the value itself when it has no label (a value added later). */
export function labelOf<N extends LabelledEnumName>(name: N, value: LabelledValue<N> | string | null): string {
  if (value === null) return '';
  return (LABELS[name].values as Readonly<Record<string, Label>>)[value]?.zh ?? value;
}

/**
 * registerEnumType's options for an enum, read from its labels: name, description and each value's
 * description. Throws at start-up when the enum and its labels do not list the same values.
 */
export function labelledEnum(
  enumObject: object,
  name: LabelledEnumName,
): { name: string; description: string; valuesMap: Record<string, { description: string }> } {
  const entry: EnumLabels = LABELS[name];
  const keys = Object.keys(enumObject).filter((key) => Number.isNaN(Number(key)));
  const labelled = Object.keys(entry.values);
  if (keys.length !== labelled.length || keys.some((key) => !(key in entry.values))) {
    throw new Error(`Enum ${name} has values [${keys.join(', ')}] but labels for [${labelled.join(', ')}] (src/common/labels/labels.ts)`);
  }
  return {
    name,
    description: describeLabel(entry.title),
    valuesMap: Object.fromEntries(keys.map((key) => [key, { description: describeLabel(entry.values[key]) }])),
  };
}

/** The OpenAPI description of an enum schema: its title, then each value with its label. */
export function openApiEnumDescription(name: LabelledEnumName): string {
  const entry: EnumLabels = LABELS[name];
  return [describeLabel(entry.title), '', ...Object.entries(entry.values).map(([value, label]) => `- \`${value}\`: ${describeLabel(label)}`)].join('\n');
}

/** Gives every enum schema of an OpenAPI document that has labels the description `openApiEnumDescription` builds. */
export function describeOpenApiEnums(schemas: Record<string, object> | undefined): void {
  for (const [name, schema] of Object.entries(schemas ?? {})) {
    if ('enum' in schema && name in LABELS) (schema as { description?: string }).description = openApiEnumDescription(name as LabelledEnumName);
  }
}

/** One value of an enum with its labels, as clients read them at run time (`labels(enum:)`, GET /api/v1/labels/{enum}). */
export interface ValueLabel {
  value: string;
  zh: string;
  en: string;
}

/** One value with its labels (a `…Label` field beside an enum-typed field); the value itself when it has no label yet. */
export function valueLabel<N extends LabelledEnumName>(name: N, value: LabelledValue<N> | string): ValueLabel {
  const label = (LABELS[name].values as Readonly<Record<string, Label>>)[value];
  return { value, zh: label?.zh ?? value, en: label?.en ?? value };
}

/** The names of every labelled enum, sorted. */
export const LABELLED_ENUM_NAMES: readonly string[] = Object.keys(LABELS).sort();

/** Every value of the named enum with its labels, in declaration order; undefined for a name with no labels. */
export function valueLabels(name: string): ValueLabel[] | undefined {
  if (!Object.hasOwn(LABELS, name)) return undefined;
  const entry: EnumLabels = LABELS[name as LabelledEnumName];
  return Object.entries(entry.values).map(([value, label]) => ({ value, zh: label.zh, en: label.en }));
}
