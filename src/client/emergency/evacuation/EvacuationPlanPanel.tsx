/**
 * 疏散与就地避险: per threat zone whether to evacuate or shelter in place (the domain's rule,
 * summed over the zone's buildings of the user's scope), the shelters with their fill, the
 * buildings no shelter could take, the routes' walking times and the resources' driving times.
 * Buildings, places and counts only: nobody is named. While the time slider replays an earlier
 * step, that step's plan is loaded and shown.
 */
import { adviseZones } from '../../../domain/emergency/evacuation/evacuationAdvice';
import type { EvacuationPlan } from '../../../domain/emergency/evacuation/evacuationPlan';
import { useI18n } from '../../shell/i18n';
import { PanelStatus } from '../../widgets/PanelStatus';
import { useApiResource } from '../../widgets/useApiResource';
import { useEmergencyStore } from '../emergencyStore';
import { displayedEvacuationOf, useEvacuationStore } from './evacuationStore';

const SECONDS_PER_MINUTE = 60;
const MPS_TO_KMH = 3.6;

const minutesOf = (seconds: number) => Math.ceil(seconds / SECONDS_PER_MINUTE);

/** Loads the replayed step's plan (the current step's comes with the scenario). */
function useReplayedPlan() {
  const scenario = useEmergencyStore((state) => state.scenario);
  const replayStep = useEmergencyStore((state) => state.replayStep);
  const replayed = useEvacuationStore((state) => state.replayed);
  const wanted =
    scenario !== null &&
    scenario.evacuation !== undefined &&
    replayStep !== null &&
    replayStep !== scenario.history.length - 1 &&
    !(replayed?.scenarioId === scenario.id && replayed.step === replayStep);
  return useApiResource(
    wanted ? `${scenario.id}:${String(replayStep)}` : null,
    (client, signal) => client.evacuationStep(replayStep!, signal),
    (loaded) =>
      useEvacuationStore
        .getState()
        .setReplayed({ scenarioId: scenario!.id, step: loaded.step, plan: loaded.evacuation }),
  );
}

function PlanDetails({ plan }: { plan: EvacuationPlan }) {
  const { t, language, formatNumber } = useI18n();
  const zones = useEmergencyStore((state) => state.scenario?.assessment.zones ?? []);
  const advice = adviseZones(
    zones.map((zone) => zone.tier),
    plan.buildings,
  ).reverse();
  const routed = plan.buildings.filter((building) => building.route !== null);
  const unplaced = plan.buildings.filter((building) => building.unplaced !== null);
  const longestWalkS = Math.max(0, ...routed.map((building) => building.route!.walkS));
  return (
    <>
      <ol className="emergency-zones">
        {advice.map((zone) => (
          <li
            key={zone.tier}
            data-testid="evacuation-advice"
            data-tier={zone.tier}
            data-action={zone.action}
            data-evacuate-persons={zone.evacuatePersons}
          >
            <strong className="mono">{zone.tier}</strong>{' '}
            <strong>{t(`emergency.evacuation.action.${zone.action}`)}</strong>
            <div className="emergency-muted">
              {t('emergency.evacuation.zoneCounts', { ...zone })}
            </div>
          </li>
        ))}
      </ol>
      <p data-testid="evacuation-routes" data-routes={routed.length}>
        {t('emergency.evacuation.routes', {
          count: routed.length,
          minutes: minutesOf(longestWalkS),
        })}
      </p>
      <h4>{t('emergency.evacuation.shelters')}</h4>
      <ul className="evacuation-list">
        {plan.shelters.map((shelter) => (
          <li
            key={shelter.id}
            data-testid="evacuation-shelter"
            data-state={shelter.state}
            data-assigned={shelter.assignedPersons}
            data-capacity={shelter.capacityPersons}
          >
            {shelter.name} · {formatNumber(shelter.assignedPersons)}/
            {formatNumber(shelter.capacityPersons)}
            {shelter.state !== 'open' && (
              <span className="emergency-muted">
                {' '}
                · {t(`emergency.evacuation.shelterState.${shelter.state}`)}
              </span>
            )}
          </li>
        ))}
      </ul>
      {unplaced.length > 0 && (
        <>
          <h4>{t('emergency.evacuation.unplaced')}</h4>
          <ul className="evacuation-list" data-testid="evacuation-unplaced">
            {unplaced.map((building) => (
              <li key={building.buildingId}>
                {language === 'zh' ? building.name : building.nameEn} ·{' '}
                {t('emergency.evacuation.persons', { count: building.persons })} ·{' '}
                {t(`emergency.evacuation.unplaced.${building.unplaced!}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.resources.length > 0 && (
        <>
          <h4>
            {t('emergency.evacuation.resources', {
              speed: formatNumber(plan.drivingSpeedMps * MPS_TO_KMH),
            })}
          </h4>
          <ul className="evacuation-list">
            {plan.resources.map((resource) => (
              <li
                key={resource.id}
                data-testid="evacuation-resource"
                data-eta-s={resource.etaS ?? ''}
              >
                {resource.name} ·{' '}
                {resource.etaS === null
                  ? t('emergency.evacuation.noEta')
                  : t('emergency.evacuation.eta', { minutes: minutesOf(resource.etaS) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function EvacuationPlanPanel() {
  const { t, formatNumber } = useI18n();
  const scenario = useEmergencyStore((state) => state.scenario);
  const replayStep = useEmergencyStore((state) => state.replayStep);
  const replayed = useEvacuationStore((state) => state.replayed);
  const resource = useReplayedPlan();
  if (scenario === null || scenario.evacuation === undefined) return null;
  const plan = displayedEvacuationOf({ scenario, replayStep }, { replayed });
  return (
    <section className="emergency-evacuation" data-testid="evacuation-plan">
      <h3>{t('emergency.evacuation.title')}</h3>
      <p className="emergency-muted">
        {t('emergency.evacuation.rule', {
          prepMin: minutesOf(scenario.evacuation.preparationS),
          speed: formatNumber(scenario.evacuation.walkingSpeedMps, 1),
        })}
      </p>
      {plan === null ? (
        <PanelStatus resource={resource} hasData={false} />
      ) : (
        <PlanDetails plan={plan} />
      )}
    </section>
  );
}
