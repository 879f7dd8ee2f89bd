/**
 * 入户敲门名单: the households of the user's scope inside a threat zone of the hall's scenario,
 * in the order they must be knocked on (worst zone, then bedridden, disabled, elderly living
 * alone, children, then the highest floor), heads of household masked as the user's role
 * requires. Those who run the loop tick households and send them to the nearest available
 * workers; each household then shows its task's state, read from the live incident feed (the
 * task is an ordinary incident), so it moves on as the worker does.
 */
import { useState } from 'react';
import { AEGL_TIERS, type AeglTier } from '../../domain/emergency/chemicals';
import { DOOR_KNOCK_NEEDS } from '../../domain/emergency/doorKnockOrder';
import type { DoorKnockHousehold, DoorKnockListResponse } from '../../shared/emergencyScenario';
import { useIncidentStore } from '../incidents/incidentStore';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { describeError } from '../widgets/errorMessage';
import { PanelStatus } from '../widgets/PanelStatus';
import { useApiResource } from '../widgets/useApiResource';
import { useEmergencyStore } from './emergencyStore';

const MOST_SEVERE_TIER: AeglTier = AEGL_TIERS[AEGL_TIERS.length - 1]!;

function HouseholdRow({
  household,
  checked,
  onToggle,
  selectable,
}: {
  household: DoorKnockHousehold;
  checked: boolean;
  onToggle: () => void;
  selectable: boolean;
}) {
  const { t, language } = useI18n();
  const liveState = useIncidentStore((state) =>
    household.task === null ? null : (state.incidents[household.task.incidentId]?.state ?? null),
  );
  const taskState = household.task === null ? null : (liveState ?? household.task.state);
  const needs = DOOR_KNOCK_NEEDS.filter((need) => household.needs[need] > 0);
  return (
    <li
      className="door-knock-row"
      data-testid="door-knock-row"
      data-household-id={household.householdId}
      data-task-state={taskState ?? ''}
    >
      <label>
        {selectable && (
          <input
            type="checkbox"
            checked={checked}
            disabled={household.task !== null}
            data-testid="door-knock-select"
            onChange={onToggle}
          />
        )}
        <span className="mono">{household.tier}</span>{' '}
        {language === 'zh' ? household.buildingName : household.buildingNameEn} ·{' '}
        {t('emergency.doorKnock.floor', { floor: household.floor })} {household.roomLabel} ·{' '}
        {household.headName} · {t('emergency.doorKnock.residents', { count: household.residents })}
      </label>
      {needs.length > 0 && (
        <span className="emergency-tags">
          {needs.map((need) => (
            <span key={need} className="is-present">
              {t(`emergency.need.${need}`)} {household.needs[need]}
            </span>
          ))}
        </span>
      )}
      {household.task !== null && (
        <span className="door-knock-task" data-testid="door-knock-task">
          {t(`incident.state.${taskState!}`)}
          {household.task.assigneeDisplayName !== null &&
            ` · ${household.task.assigneeDisplayName}`}
        </span>
      )}
    </li>
  );
}

export function DoorKnockList() {
  const { t } = useI18n();
  const api = useApi();
  const scenario = useEmergencyStore((state) => state.scenario);
  const commands = useAppStore(
    (state) => state.session?.permissions.includes('incidents.dispatch') ?? false,
  );
  const [tier, setTier] = useState<AeglTier>(MOST_SEVERE_TIER);
  const [list, setList] = useState<DoorKnockListResponse | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [reloads, setReloads] = useState(0);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const key =
    scenario === null ? null : `${scenario.id}:${scenario.version}:${tier}:${String(reloads)}`;
  const resource = useApiResource(
    key,
    (client, signal) => client.doorKnockList(tier, signal),
    (loaded) => setList(loaded),
  );
  if (scenario === null) return null;
  const households = list?.households ?? [];

  const toggle = (householdId: number) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(householdId)) next.delete(householdId);
      else next.add(householdId);
      return next;
    });
  const assign = () => {
    setSending(true);
    api.assignDoorKnocking([...selected]).then(
      ({ assignments }) => {
        const waiting = assignments.some((assignment) => assignment.workerId === null);
        setOutcome(
          t('emergency.doorKnock.assigned', { tasks: assignments.length }) +
            (waiting ? ` · ${t('emergency.doorKnock.noWorker')}` : ''),
        );
        setSelected(new Set());
        setSending(false);
        setReloads((count) => count + 1);
      },
      (failure: unknown) => {
        const message = describeError(failure);
        setOutcome(t(message.messageKey, message.params));
        setSending(false);
      },
    );
  };

  return (
    <section
      className="emergency-door-knock"
      data-testid="door-knock"
      data-count={households.length}
    >
      <h3>{t('emergency.doorKnock.title')}</h3>
      <label className="emergency-field">
        <span>{t('emergency.doorKnock.zone')}</span>
        <select
          value={tier}
          data-testid="door-knock-tier"
          onChange={(event) => setTier(event.target.value as AeglTier)}
        >
          {[...AEGL_TIERS].reverse().map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      <PanelStatus resource={resource} hasData={list !== null} />
      {list !== null && households.length === 0 && (
        <p className="emergency-muted">{t('emergency.doorKnock.empty')}</p>
      )}
      <ol className="door-knock-list">
        {households.map((household) => (
          <HouseholdRow
            key={household.householdId}
            household={household}
            checked={selected.has(household.householdId)}
            onToggle={() => toggle(household.householdId)}
            selectable={commands}
          />
        ))}
      </ol>
      {commands && (
        <button
          type="button"
          className="button"
          data-testid="door-knock-assign"
          disabled={selected.size === 0 || sending}
          onClick={assign}
        >
          {t('emergency.doorKnock.assign', { count: selected.size })}
        </button>
      )}
      {outcome !== null && (
        <p className="emergency-muted" role="status" data-testid="door-knock-outcome">
          {outcome}
        </p>
      )}
    </section>
  );
}
