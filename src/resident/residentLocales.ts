/** The resident page's words: Chinese first, English on the switch. */
import { interpolate } from '../shared/interpolate';
export type ResidentLanguage = 'zh' | 'en';

const zh = {
  'app.title': '居民随手拍',
  'app.subtitle': '发现问题，随手上报，网格员处理',
  'app.switch': 'English',
  'app.insecure': '请通过 HTTPS 地址打开本页面，否则浏览器不允许定位和提交校验。',
  'report.title': '我要上报',
  'report.category': '问题类别',
  'report.description': '问题描述',
  'report.descriptionHint': '请说明发生了什么、具体位置（如几号楼几单元）',
  'report.position': '问题位置',
  'report.locate': '使用我的当前位置',
  'report.locating': '正在定位…',
  'report.located': '已定位 · 精度约 {accuracy} 米',
  'report.locateFailed': '无法获取定位，请在浏览器设置中允许定位后重试',
  'report.contact': '联系电话（选填，仅工作人员可见）',
  'report.photoMissing': '暂不支持上传照片，请在描述中说明。',
  'report.send': '提交上报',
  'report.proving': '正在校验，请稍候…',
  'report.sending': '正在提交…',
  'report.refused': '未能提交：{message}',
  'receipt.title': '上报成功',
  'receipt.number': '受理编号',
  'receipt.keep': '请记下编号，可随时查询处理进度。本机已自动保存。',
  'receipt.again': '再报一个问题',
  'status.title': '查询处理进度',
  'status.number': '受理编号',
  'status.lookup': '查询',
  'status.notFound': '未找到编号为 {id} 的上报',
  'status.failed': '查询失败：{message}',
  'status.open': '处理中',
  'status.closed': '已办结',
  'status.updated': '更新于 {time}',
  'mine.title': '我的上报',
  'mine.none': '本机还没有上报记录',
  'mine.refresh': '刷新进度',
  'rating.ask': '问题已办结，您对处理结果满意吗？',
  'rating.given': '您的评价：{rating}',
  'rating.failed': '评价未能提交：{message}',
  'footer.privacy': '本页面不会显示任何他人的个人信息。',
} as const;

export type ResidentMessageKey = keyof typeof zh;

const en: Record<ResidentMessageKey, string> = {
  'app.title': 'Report a problem',
  'app.subtitle': 'Tell us what is wrong; the grid worker handles it',
  'app.switch': '中文',
  'app.insecure':
    'Open this page over HTTPS: otherwise the browser allows neither location nor the check a report needs.',
  'report.title': 'New report',
  'report.category': 'Category',
  'report.description': 'Description',
  'report.descriptionHint': 'What happened, and where exactly (building, entrance)',
  'report.position': 'Position',
  'report.locate': 'Use my current position',
  'report.locating': 'Locating…',
  'report.located': 'Located · about {accuracy} m',
  'report.locateFailed': 'No position: allow location in the browser settings and try again',
  'report.contact': 'Phone (optional, seen by staff only)',
  'report.photoMissing': 'Photos cannot be attached yet; please describe what you see.',
  'report.send': 'Send report',
  'report.proving': 'Checking, one moment…',
  'report.sending': 'Sending…',
  'report.refused': 'Not sent: {message}',
  'receipt.title': 'Report received',
  'receipt.number': 'Report number',
  'receipt.keep': 'Keep this number to follow your report. This phone has saved it.',
  'receipt.again': 'Report another problem',
  'status.title': 'Follow a report',
  'status.number': 'Report number',
  'status.lookup': 'Look up',
  'status.notFound': 'No report numbered {id}',
  'status.failed': 'Look-up failed: {message}',
  'status.open': 'In progress',
  'status.closed': 'Closed',
  'status.updated': 'Updated {time}',
  'mine.title': 'My reports',
  'mine.none': 'No reports from this phone yet',
  'mine.refresh': 'Refresh',
  'rating.ask': 'Your report is closed. Are you satisfied with the outcome?',
  'rating.given': 'Your rating: {rating}',
  'rating.failed': 'The rating was not sent: {message}',
  'footer.privacy': 'This page never shows anybody’s personal details.',
};

const DICTIONARIES: Record<ResidentLanguage, Record<ResidentMessageKey, string>> = { zh, en };

export type ResidentText = (
  key: ResidentMessageKey,
  params?: Record<string, string | number>,
) => string;

export function residentText(language: ResidentLanguage): ResidentText {
  return (key, params) => interpolate(DICTIONARIES[language][key], params);
}
