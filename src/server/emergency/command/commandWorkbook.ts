/**
 * The after-action report as XLSX: one sheet each for the timeline, the zones, the people by zone
 * and vulnerability (counts), the plan checklists, the messages per household (masked phone, no
 * name), the records involved and the door-knocking tasks. Headers in Chinese and English.
 */
import { responseLevelName } from '../../../domain/emergency/command/responseLevel';
import type { CommandReport } from '../../../shared/emergencyCommand';
import ExcelJS from '../../imports/excel';

export const REPORT_SHEETS = {
  about: '概况 Event',
  timeline: '时间线 Timeline',
  zones: '区域 Zones',
  people: '人员 People',
  checklist: '预案步骤 Checklist',
  notifications: '通知 Notifications',
  records: '资源 Records',
  doorKnock: '敲门任务 Door-knocking',
} as const;

const STATE_NAMES: Record<string, string> = {
  outbox: '已写入待发箱（未发送） Written to outbox (not sent)',
  sent: '网关已接收 Accepted by gateway',
  delivered: '已送达 Delivered',
  acknowledged: '已确认 Acknowledged',
  failed: '失败 Failed',
};
const COLUMN_WIDTH = 18;
const TEXT_COLUMN_WIDTH = 70;

const time = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

export async function writeCommandWorkbook(report: CommandReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const { event } = report;
  workbook.title = `应急事件 Emergency event #${event.id}`;
  const addSheet = (name: string, header: string[], rows: Array<Array<string | number>>) => {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(header).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
    sheet.columns.forEach((column) => (column.width = COLUMN_WIDTH));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return sheet;
  };
  const level = responseLevelName(event.level);
  addSheet(
    REPORT_SHEETS.about,
    ['项目 Item', '值 Value'],
    [
      ['事件 Event', `#${event.id} ${event.title}`],
      ['事件类型 Incident type', event.incidentType],
      ['响应级别 Response level', `${level.zh} ${level.en}`],
      ['状态 Status', event.status === 'active' ? '进行中 active' : '已终止 terminated'],
      ['预案 Plan', event.planName ?? ''],
      ['责任单位 Responsible units', event.planUnits.join('、')],
      ['开始 Opened', `${time(event.openedAtMs)} ${event.openedBy}`],
      ['终止 Terminated', `${time(event.terminatedAtMs)} ${event.terminatedBy ?? ''}`],
      ['总结 Summary', event.summary ?? ''],
      ['生成时间 Generated', time(report.generatedAtMs)],
    ],
  ).getColumn(2).width = TEXT_COLUMN_WIDTH;

  addSheet(
    REPORT_SHEETS.timeline,
    ['时间 Time', '操作人 Actor', '类型 Kind', '内容 Entry', 'Entry (English)'],
    report.timeline.map((entry) => [
      time(entry.atMs),
      entry.actor,
      entry.kind,
      entry.text.zh,
      entry.text.en,
    ]),
  );
  addSheet(
    REPORT_SHEETS.zones,
    ['区域 Zone', '楼栋数 Buildings', '居民数 Residents'],
    report.zones.map((zone) => [zone.tier, zone.buildings, zone.residents]),
  );
  const tags = [...new Set(report.zones.flatMap((zone) => Object.keys(zone.byTag)))].sort();
  addSheet(
    REPORT_SHEETS.people,
    ['区域 Zone', '居民数 Residents', ...tags],
    report.zones.map((zone) => [
      zone.tier,
      zone.residents,
      ...tags.map((tag) => zone.byTag[tag] ?? 0),
    ]),
  );
  addSheet(
    REPORT_SHEETS.checklist,
    [
      '预案序次 Plan no.',
      '步骤 Step',
      '内容 Text',
      '完成时间 Done at',
      '完成人 Done by',
      '备注 Note',
    ],
    report.checklists.flatMap(({ planSeq, steps }) =>
      steps.map((step) => [
        planSeq,
        step.index + 1,
        step.text,
        time(step.doneAtMs),
        step.doneBy ?? '',
        step.note ?? '',
      ]),
    ),
  );
  addSheet(
    REPORT_SHEETS.notifications,
    [
      '通知编号 Notice',
      '住户编号 Household',
      '网格 Grid',
      '楼栋 Building',
      '房间 Room',
      '区域 Zone',
      '方式 Channel',
      '电话 Phone',
      '状态 State',
      '次数 Attempts',
      '更新 Updated',
      '确认登记人 Acknowledged by',
      '备注 Note',
    ],
    report.notifications.map((notice) => [
      notice.id,
      notice.householdId,
      notice.gridCode,
      notice.buildingName,
      notice.roomLabel,
      notice.tier,
      notice.channel === 'sms' ? '短信 SMS' : '语音 Voice',
      notice.phoneMasked,
      STATE_NAMES[notice.state] ?? notice.state,
      notice.attempts,
      time(notice.updatedAtMs),
      notice.acknowledgedBy ?? '',
      notice.note ?? '',
    ]),
  );
  addSheet(
    REPORT_SHEETS.records,
    ['编号 Id', '类别 Kind', '名称 Name', '网格 Grid', '关联 Role'],
    report.records.map((record) => [
      record.id,
      record.kind,
      record.name,
      record.gridCode ?? '',
      record.role === 'activated_plan' ? '已启动预案 Activated plan' : '辖区资源 District record',
    ]),
  );
  addSheet(
    REPORT_SHEETS.doorKnock,
    [
      '事件编号 Incident',
      '楼栋编号 Building',
      '户数 Households',
      '派单时已指派 Dispatched',
      '当前状态 State now',
    ],
    report.doorKnockTasks.map((task) => [
      task.incidentId,
      task.buildingId,
      task.households,
      task.dispatchedAtAssignment ? '是 yes' : '否 no',
      task.state ?? '',
    ]),
  );
  workbook.getWorksheet(REPORT_SHEETS.timeline)!.getColumn(4).width = TEXT_COLUMN_WIDTH;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
