/**
 * The after-action report as a printable page: the same report object the XLSX is made from,
 * laid out on white paper in the screen's language (print CSS hides the wall around it).
 * Messages per household show the masked phone and no name; people are counts per zone.
 */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { responseLevelName } from '../../../domain/emergency/command/responseLevel';
import type { CommandReport } from '../../../shared/emergencyCommand';
import { useI18n } from '../../shell/i18n';
import { PanelStatus } from '../../widgets/PanelStatus';
import { useApiResource } from '../../widgets/useApiResource';
import { useCommandStore } from './commandStore';

function Table({
  head,
  rows,
  testId,
}: {
  head: string[];
  rows: Array<Array<string | number>>;
  testId: string;
}) {
  return (
    <table className="command-report-table" data-testid={testId}>
      <thead>
        <tr>
          {head.map((title) => (
            <th key={title}>{title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) => (
              <td key={column}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReportBody({ report }: { report: CommandReport }) {
  const { t, language, formatTime, formatDate } = useI18n();
  const stamp = (ms: number | null) =>
    ms === null ? '' : `${formatDate(new Date(ms))} ${formatTime(new Date(ms))}`;
  const { event } = report;
  const tags = [...new Set(report.zones.flatMap((zone) => Object.keys(zone.byTag)))].sort();
  return (
    <article className="command-report" data-testid="command-report">
      <h1>{t('command.reportTitle', { id: event.id, title: event.title })}</h1>
      <p>
        {event.incidentType} · {responseLevelName(event.level)[language]} ·{' '}
        {t(event.status === 'active' ? 'command.statusActive' : 'command.statusTerminated')}
      </p>
      <p>
        {t('command.openedAt', { time: stamp(event.openedAtMs), by: event.openedBy })}
        {event.terminatedAtMs !== null &&
          ` · ${t('command.terminatedAt', { time: stamp(event.terminatedAtMs), by: event.terminatedBy ?? '' })}`}
      </p>
      {event.summary !== null && <p>{t('command.summaryIs', { summary: event.summary })}</p>}
      <h2>{t('command.timeline')}</h2>
      <Table
        testId="report-timeline"
        head={[t('command.col.time'), t('command.col.actor'), t('command.col.entry')]}
        rows={report.timeline.map((entry) => [
          stamp(entry.atMs),
          entry.actor,
          entry.text[language],
        ])}
      />
      <h2>{t('command.col.zones')}</h2>
      <Table
        testId="report-zones"
        head={[
          t('command.zone'),
          t('command.col.buildings'),
          t('command.col.residents'),
          ...tags.map((tag) => t(`tag.${tag}` as Parameters<typeof t>[0])),
        ]}
        rows={report.zones.map((zone) => [
          zone.tier,
          zone.buildings,
          zone.residents,
          ...tags.map((tag) => zone.byTag[tag] ?? 0),
        ])}
      />
      <h2>{t('command.plan')}</h2>
      {report.checklists.map(({ planSeq, steps }) => (
        <Table
          key={planSeq}
          testId="report-checklist"
          head={[
            t('command.col.step'),
            t('command.col.doneAt'),
            t('command.col.doneBy'),
            t('command.note'),
          ]}
          rows={steps.map((step) => [
            `${step.index + 1}. ${step.text}`,
            stamp(step.doneAtMs),
            step.doneBy ?? '',
            step.note ?? '',
          ])}
        />
      ))}
      <h2>{t('command.notify')}</h2>
      <Table
        testId="report-counts"
        head={[
          t('command.zone'),
          ...(['households', 'outbox', 'sent', 'delivered', 'acknowledged', 'failed'] as const).map(
            (column) => t(`command.count.${column}`),
          ),
        ]}
        rows={report.notificationCounts.map((zone) => [
          zone.tier,
          zone.households,
          zone.outbox,
          zone.sent,
          zone.delivered,
          zone.acknowledged,
          zone.failed,
        ])}
      />
      <Table
        testId="report-notices"
        head={[
          t('command.zone'),
          t('command.col.building'),
          t('command.col.room'),
          t('command.col.phone'),
          t('command.channel'),
          t('command.col.state'),
          t('command.col.ackBy'),
        ]}
        rows={report.notifications.map((notice) => [
          notice.tier,
          notice.buildingName,
          notice.roomLabel,
          notice.phoneMasked,
          t(`command.channel.${notice.channel}`),
          t(`command.state.${notice.state}`),
          notice.acknowledgedBy ?? '',
        ])}
      />
      <h2>{t('command.col.records')}</h2>
      <Table
        testId="report-records"
        head={[t('command.col.name'), t('command.col.kind'), t('command.col.role')]}
        rows={report.records.map((record) => [
          record.name,
          record.kind,
          t(record.role === 'activated_plan' ? 'command.role.plan' : 'command.role.district'),
        ])}
      />
      <h2>{t('command.col.doorKnock')}</h2>
      <Table
        testId="report-door-knock"
        head={[t('command.col.incident'), t('command.col.households'), t('command.col.state')]}
        rows={report.doorKnockTasks.map((task) => [
          task.incidentId,
          task.households,
          task.state === null ? '' : t(`incident.state.${task.state}`),
        ])}
      />
      <p className="command-report-footer">
        {t('command.generatedAt', { time: stamp(report.generatedAtMs) })}
      </p>
    </article>
  );
}

export function CommandReportPage({ eventId }: { eventId: number }) {
  const { t } = useI18n();
  const [report, setReport] = useState<CommandReport | null>(null);
  const resource = useApiResource(
    `report:${eventId}`,
    (api, signal) => api.commandReport(eventId, signal),
    setReport,
  );
  return createPortal(
    <div className="command-report-root" role="dialog" aria-label={t('command.printable')}>
      <div className="command-report-actions">
        <button
          type="button"
          className="button"
          onClick={() => window.print()}
          disabled={report === null}
        >
          {t('command.print')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => useCommandStore.getState().showReport(null)}
        >
          {t('common.close')}
        </button>
      </div>
      <PanelStatus resource={resource} hasData={report !== null} />
      {report !== null && <ReportBody report={report} />}
    </div>,
    document.body,
  );
}
