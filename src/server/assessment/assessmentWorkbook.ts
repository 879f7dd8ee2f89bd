/**
 * The assessment report as an XLSX workbook: one sheet per ranking (streets, communities, grids,
 * departments, workers), a deductions sheet naming the incidents behind every deduction, and a
 * sheet saying which period, scheme and data it was made from. Headers in Chinese and English.
 */
import type { AssessmentReport, DeductionKind, SubjectLevel } from '../../shared/assessment';
import ExcelJS from '../imports/excel';

const LEVEL_SHEETS: Record<SubjectLevel, string> = {
  street: '街道 Streets',
  community: '社区 Communities',
  grid: '网格 Grids',
  department: '部门 Departments',
  worker: '网格员 Workers',
};
const LEVEL_NAMES: Record<SubjectLevel, string> = {
  street: '街道 Street',
  community: '社区 Community',
  grid: '网格 Grid',
  department: '部门 Department',
  worker: '网格员 Worker',
};
const DEDUCTION_NAMES: Record<DeductionKind, string> = {
  overdue: '超期 Overdue',
  rework: '返工 Rework',
  unresolved_escalation: '升级未办结 Unresolved escalation',
  low_satisfaction: '不满意 Low satisfaction',
};
const RANKING_HEADER = [
  '排名 Rank',
  '编码 Code',
  '名称 Name',
  '得分 Score',
  '基础分 Base score',
  '扣分 Points off',
  '按时办结率 On-time rate',
  '超期数 Overdue',
  '返工率 Rework rate',
  '满意度(1-5) Satisfaction',
  '网格员发现数 Found by workers',
  '巡查覆盖率 Patrol coverage',
  '平均响应(分钟) Mean response (min)',
  '响应及时率 Response on time',
];
const DEDUCTION_HEADER = [
  '层级 Level',
  '编码 Code',
  '名称 Name',
  '扣分项 Deduction',
  '次数 Count',
  '扣分 Points',
  '事件编号 Incidents',
];
const MINUTE_MS = 60_000;
const PERCENT_FORMAT = '0.0%';
const SCORE_FORMAT = '0.00';
const PERCENT_COLUMNS = [7, 9, 12, 14];
const COLUMN_WIDTH = 16;
const INCIDENTS_COLUMN_WIDTH = 80;

const blankIfNull = (value: number | null) => value ?? '';

export async function writeAssessmentWorkbook(report: AssessmentReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = `考核 Assessment ${report.period.label}`;
  const about = workbook.addWorksheet('说明 About');
  about.addRows([
    ['期间 Period', `${report.period.firstDay} – ${report.period.lastDay}`],
    ['考核方案 Scheme', `v${report.scheme.version} (${report.scheme.effectiveFrom})`],
    ['数据截至 Data as of', new Date(report.asOfMs).toISOString()],
    ['期间已结束 Period complete', report.complete ? '是 yes' : '否 no (figures as of now)'],
    ['巡查轨迹起始 Patrol fixes from', new Date(report.patrolFixesFromMs).toISOString()],
  ]);
  about.getColumn(1).width = 32;
  about.getColumn(2).width = 40;

  for (const [level, sheetName] of Object.entries(LEVEL_SHEETS) as Array<[SubjectLevel, string]>) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(RANKING_HEADER).font = { bold: true };
    for (const entry of report.rankings[level]) {
      const { indicators } = entry;
      sheet.addRow([
        blankIfNull(entry.rank),
        entry.key,
        entry.name,
        blankIfNull(entry.score),
        blankIfNull(entry.baseScore),
        entry.deductionPoints,
        blankIfNull(indicators.onTimeRate),
        indicators.overdueCount,
        blankIfNull(indicators.reworkRate),
        blankIfNull(indicators.satisfaction),
        indicators.foundByWorkers,
        blankIfNull(indicators.patrolCoverage),
        indicators.responseMeanMs === null ? '' : indicators.responseMeanMs / MINUTE_MS,
        blankIfNull(indicators.responseOnTimeShare),
      ]);
    }
    sheet.columns.forEach((column) => (column.width = COLUMN_WIDTH));
    for (const index of PERCENT_COLUMNS) sheet.getColumn(index).numFmt = PERCENT_FORMAT;
    for (const index of [4, 5, 10, 13]) sheet.getColumn(index).numFmt = SCORE_FORMAT;
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }

  const deductions = workbook.addWorksheet('扣分明细 Deductions');
  deductions.addRow(DEDUCTION_HEADER).font = { bold: true };
  for (const [level, entries] of Object.entries(report.rankings) as Array<
    [SubjectLevel, AssessmentReport['rankings'][SubjectLevel]]
  >) {
    for (const entry of entries) {
      for (const deduction of entry.deductions) {
        deductions.addRow([
          LEVEL_NAMES[level],
          entry.key,
          entry.name,
          DEDUCTION_NAMES[deduction.kind],
          deduction.count,
          deduction.points,
          deduction.incidentIds.join(', '),
        ]);
      }
    }
  }
  deductions.columns.forEach((column) => (column.width = COLUMN_WIDTH));
  deductions.getColumn(DEDUCTION_HEADER.length).width = INCIDENTS_COLUMN_WIDTH;
  deductions.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
