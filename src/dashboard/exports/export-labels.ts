// Chinese labels for the values the exports print (the sheets are for county offices). Pure.
import { CertificationStatus } from '../../care/audits/certification.js';
import { shanghaiDateTime } from '../../common/clock/shanghai.js';
import type { WelfareEventKind, WelfareEventStatus } from '../../care/events/event.enums.js';
import type { Amenity, HostVenue, StationKind, StationStatus } from '../../care/stations/station.enums.js';
import type { IssueAction, IssueStatus } from '../../governance/issues/issue-workflow.js';

export const STATION_KIND_LABELS: Readonly<Record<StationKind, string>> = {
  OUTDOOR_WORKER_STATION: '户外劳动者服务站', WORKERS_HOME: '职工之家', COURIER_STATION: '小哥驿站', CARE_STATION: '爱心驿站', TRUCKER_HOME: '货车司机之家',
};

export const HOST_VENUE_LABELS: Readonly<Record<HostVenue, string>> = {
  PARTY_SERVICE_CENTER: '党群服务中心', GAS_STATION: '加油站', LIBRARY: '图书馆', BANK: '银行网点', SHOP: '商户', GOVERNMENT_OFFICE: '机关单位', OTHER: '其他',
};

export const STATION_STATUS_LABELS: Readonly<Record<StationStatus, string>> = { PLANNED: '筹建', OPEN: '运营', SUSPENDED: '暂停', CLOSED: '关闭' };

export const AMENITY_LABELS: Readonly<Record<Amenity, string>> = {
  DRINKING_WATER: '饮水机', MICROWAVE: '微波炉', WIFI: '无线网络', BOOKS: '报刊书籍', FIRST_AID: '应急医药箱', RESTROOM: '卫生间', CHARGING: '充电',
  HEATING_COOLING: '冷暖空调', REST_SEATS: '休息座椅', FRIDGE: '冰箱',
};

export const CERTIFICATION_LABELS: Readonly<Record<CertificationStatus, string>> = {
  [CertificationStatus.CERTIFIED]: '已达标', [CertificationStatus.NOT_AUDITED]: '未评估', [CertificationStatus.EXPIRED]: '已过期',
  [CertificationStatus.RECTIFYING]: '整改中', [CertificationStatus.RECTIFICATION_OVERDUE]: '整改逾期',
};

export const EVENT_KIND_LABELS: Readonly<Record<WelfareEventKind, string>> = {
  FREE_MEAL: '爱心早餐', COOLING: '共享清凉', HEALTH_CHECK: '义诊义检', LEGAL_AID: '法律解读', CONSULTATION: '咨询受理', OTHER: '其他',
};

export const EVENT_STATUS_LABELS: Readonly<Record<WelfareEventStatus, string>> = { DRAFT: '草稿', PUBLISHED: '已发布', CANCELLED: '已取消', COMPLETED: '已结束' };

export const ISSUE_STATUS_LABELS: Readonly<Record<IssueStatus, string>> = {
  REPORTED: '已上报', ACCEPTED: '已受理', DISPATCHED: '已派单', IN_PROGRESS: '办理中', RESOLVED: '已办结', CLOSED: '已关闭', REJECTED: '不予受理',
  DUPLICATE: '重复件已合并', RETURNED: '部门回退',
};

/** Timeline actions: REPORT, an IssueAction, or MARK_OVERDUE (督办). */
export const ISSUE_ACTION_LABELS: Readonly<Record<IssueAction | 'REPORT' | 'MARK_OVERDUE', string>> = {
  REPORT: '上报', MARK_OVERDUE: '超期督办', ACCEPT: '受理', REJECT: '不予受理', MARK_DUPLICATE: '合并为重复件', DISPATCH: '派单', START: '开始办理', RETURN: '回退', RESOLVE: '办结',
  RATE: '回访评价', AUTO_CLOSE: '自动关闭', REQUEST_EXTENSION: '申请延期', APPROVE_EXTENSION: '批准延期', DENY_EXTENSION: '驳回延期',
};

/** Who took a timeline step, by role only: the reporter is never named (上报人 stands for any worker). */
const ROLE_LABELS: Readonly<Record<string, string>> = {
  ADMIN: '管理员', ORG_OFFICER: '两新工委', DEPARTMENT_OFFICER: '主管部门', TOWNSHIP_OFFICER: '乡镇（街道）', STATION_MANAGER: '驿站负责人',
  GRID_WORKER: '网格员', INSTRUCTOR: '党建指导员', AUDITOR: '评估员',
};

/** The labels ISSUE_EXPORT_SQL prints timeline steps with (a JSON parameter): actor by kind or staff role, action, status. */
export const TIMELINE_LABELS = {
  WORKER: '上报人', SYSTEM: '系统', STAFF: '工作人员', roles: ROLE_LABELS, actions: ISSUE_ACTION_LABELS, statuses: ISSUE_STATUS_LABELS,
};

/** `YYYY-MM-DD HH:mm` in China Standard Time, or '' for none. */
export function shanghaiMinute(at: Date | string | null): string {
  if (at === null) return '';
  return shanghaiDateTime(at);
}

/** A label from a map, or the raw value when the map has none (a value added later). */
export function labelOf<K extends string>(labels: Readonly<Record<K, string>>, value: K | string | null): string {
  if (value === null) return '';
  return (labels as Record<string, string>)[value] ?? value;
}
