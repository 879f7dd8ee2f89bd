/**
 * 应急推演 (toxic release assessment): where it leaks (a click on the globe), what and how (a
 * built-in substance, a continuous rate or an instantaneous mass, the height), the weather (wind
 * speed and where it comes from, the Pasquill–Gifford class or the cloud cover for Turner's key,
 * urban or open terrain) and the AEGL exposure time. Every change re-assesses; the answer lists
 * per threat zone its reach, when the gas front gets there, and the residents of the user's scope
 * living inside: counts by vulnerability and age, never a person. The zones lie on the globe.
 */
import {
  AEGL_DURATIONS_MIN,
  CHEMICALS,
  type AeglDurationMin,
} from '../../domain/emergency/chemicals';
import { TERRAINS, type Terrain } from '../../domain/emergency/dispersionCoefficients';
import { VULNERABILITY_TAGS } from '../../domain/emergency/residentsAtRisk';
import type { PlumeAssessmentResponse, ZoneAssessment } from '../../shared/emergency';
import { useI18n } from '../shell/i18n';
import { PLUME_ZONE_CSS } from '../theme/globePalette';
import { describeError } from '../widgets/errorMessage';
import {
  STABILITY_CHOICES,
  useEmergencyStore,
  type PlumeDraft,
  type StabilityChoice,
} from './emergencyStore';
import { blankNumberFields, usePlumeAssessment } from './usePlumeAssessment';
import { ScenarioBar } from './ScenarioBar';
import { DoorKnockList } from './DoorKnockList';
import { EvacuationPlanPanel } from './evacuation/EvacuationPlanPanel';
import { useCommandStore } from './command/commandStore';
import './emergency.css';

const COORDINATE_DECIMALS = 5;
const SECONDS_PER_MINUTE = 60;
/** Wind directions offered as one click; any other degree can be typed. */
const COMPASS = [
  ['N', 0],
  ['NE', 45],
  ['E', 90],
  ['SE', 135],
  ['S', 180],
  ['SW', 225],
  ['W', 270],
  ['NW', 315],
] as const;

type NumberField =
  'rateGPerS' | 'massKg' | 'releaseHeightM' | 'windMs' | 'windFromDeg' | 'cloudCoverTenths';

function NumberInput({
  field,
  label,
  unit,
  step,
}: {
  field: NumberField;
  label: string;
  unit: string;
  step: number;
}) {
  const value = useEmergencyStore((state) => state.draft[field]);
  return (
    <label className="emergency-field">
      <span>{label}</span>
      <span className="emergency-input">
        <input
          type="number"
          inputMode="decimal"
          step={step}
          value={Number.isFinite(value) ? value : ''}
          data-testid={`plume-${field}`}
          aria-invalid={!Number.isFinite(value)}
          onChange={(event) =>
            useEmergencyStore.getState().setDraft({
              [field]: event.target.value === '' ? Number.NaN : Number(event.target.value),
            })
          }
        />
        <span className="emergency-unit">{unit}</span>
      </span>
    </label>
  );
}

function ReleaseForm({ draft }: { draft: PlumeDraft }) {
  const { t, language } = useI18n();
  const setDraft = useEmergencyStore.getState().setDraft;
  return (
    <fieldset className="emergency-fieldset">
      <legend>{t('emergency.release')}</legend>
      <label className="emergency-field emergency-wide">
        <span>{t('emergency.substance')}</span>
        <select
          value={draft.substance}
          data-testid="plume-substance"
          onChange={(event) => setDraft({ substance: event.target.value })}
        >
          {CHEMICALS.map((chemical) => (
            <option key={chemical.id} value={chemical.id}>
              {language === 'zh' ? chemical.nameZh : chemical.nameEn} · CAS {chemical.casNumber}
            </option>
          ))}
        </select>
      </label>
      <div
        className="segmented emergency-wide"
        role="radiogroup"
        aria-label={t('emergency.releaseKind')}
      >
        {(['continuous', 'instantaneous'] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={draft.releaseKind === kind}
            className={`segmented-option${draft.releaseKind === kind ? ' is-active' : ''}`}
            data-testid={`plume-kind-${kind}`}
            onClick={() => setDraft({ releaseKind: kind })}
          >
            {t(`emergency.kind.${kind}`)}
          </button>
        ))}
      </div>
      {draft.releaseKind === 'continuous' ? (
        <NumberInput field="rateGPerS" label={t('emergency.rate')} unit="g/s" step={50} />
      ) : (
        <NumberInput field="massKg" label={t('emergency.mass')} unit="kg" step={10} />
      )}
      <NumberInput field="releaseHeightM" label={t('emergency.height')} unit="m" step={1} />
    </fieldset>
  );
}

function WeatherForm({ draft }: { draft: PlumeDraft }) {
  const { t } = useI18n();
  const setDraft = useEmergencyStore.getState().setDraft;
  return (
    <fieldset className="emergency-fieldset">
      <legend>{t('emergency.weather')}</legend>
      <NumberInput field="windMs" label={t('emergency.windSpeed')} unit="m/s" step={0.5} />
      <NumberInput field="windFromDeg" label={t('emergency.windFrom')} unit="°" step={15} />
      <div className="emergency-compass emergency-wide" aria-label={t('emergency.windFrom')}>
        {COMPASS.map(([name, degrees]) => (
          <button
            key={name}
            type="button"
            className={`chip${draft.windFromDeg === degrees ? ' is-active' : ''}`}
            data-testid={`plume-wind-${name}`}
            onClick={() => setDraft({ windFromDeg: degrees })}
          >
            {t(`emergency.compass.${name}`)}
          </button>
        ))}
      </div>
      <label className="emergency-field">
        <span>{t('emergency.stability')}</span>
        <select
          value={draft.stability}
          data-testid="plume-stability"
          onChange={(event) => setDraft({ stability: event.target.value as StabilityChoice })}
        >
          {STABILITY_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 'auto' ? t('emergency.stabilityAuto') : choice}
            </option>
          ))}
        </select>
      </label>
      {draft.stability === 'auto' && (
        <NumberInput
          field="cloudCoverTenths"
          label={t('emergency.cloudCover')}
          unit="/10"
          step={1}
        />
      )}
      <label className="emergency-field">
        <span>{t('emergency.terrain')}</span>
        <select
          value={draft.terrain}
          data-testid="plume-terrain"
          onChange={(event) => setDraft({ terrain: event.target.value as Terrain })}
        >
          {TERRAINS.map((terrain) => (
            <option key={terrain} value={terrain}>
              {t(`emergency.terrain.${terrain}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="emergency-field">
        <span>{t('emergency.exposure')}</span>
        <select
          value={draft.exposureMin}
          data-testid="plume-exposure"
          onChange={(event) =>
            setDraft({ exposureMin: Number(event.target.value) as AeglDurationMin })
          }
        >
          {AEGL_DURATIONS_MIN.map((minutes) => (
            <option key={minutes} value={minutes}>
              {t('emergency.minutes', { minutes })}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

function ZoneRow({ zone }: { zone: ZoneAssessment }) {
  const { t, formatNumber } = useI18n();
  const arrivalMin =
    zone.arrivalAtMaxDistanceS === null ? null : zone.arrivalAtMaxDistanceS / SECONDS_PER_MINUTE;
  return (
    <li
      className="emergency-zone"
      data-testid="plume-zone"
      data-tier={zone.tier}
      data-residents={zone.residents}
    >
      <div className="emergency-zone-head">
        <span className="emergency-swatch" style={{ background: PLUME_ZONE_CSS[zone.tier] }} />
        <strong>{zone.tier}</strong>
        <span className="mono">
          {zone.ppm === null
            ? t('emergency.noValue')
            : t('emergency.ppm', { ppm: formatNumber(zone.ppm, 2) })}
        </span>
      </div>
      {zone.maxDistanceM === null ? (
        <p className="emergency-muted">{t('emergency.zoneNone')}</p>
      ) : (
        <>
          <p className="emergency-zone-reach mono">
            {t('emergency.reach', {
              distance: formatNumber(zone.maxDistanceM),
              width: formatNumber((zone.maxHalfWidthM ?? 0) * 2),
            })}
            {arrivalMin !== null &&
              ` · ${t('emergency.arrival', { minutes: formatNumber(arrivalMin, 1) })}`}
            {zone.truncated && ` · ${t('emergency.truncated')}`}
          </p>
          <p className="emergency-zone-people">
            <span className="emergency-figure" data-testid="plume-zone-residents">
              {formatNumber(zone.residents)}
            </span>
            {t('emergency.residentsIn', { buildings: formatNumber(zone.buildings) })}
          </p>
          <ul className="emergency-tags">
            {VULNERABILITY_TAGS.map((tag) => (
              <li key={tag} className={zone.byTag[tag] > 0 ? 'is-present' : ''}>
                {t(`tag.${tag}`)} <span className="mono">{formatNumber(zone.byTag[tag])}</span>
              </li>
            ))}
            <li className={zone.byAgeBand['80+'] > 0 ? 'is-present' : ''}>
              {t('emergency.age80')}{' '}
              <span className="mono">{formatNumber(zone.byAgeBand['80+'])}</span>
            </li>
            <li className={zone.byAgeBand['0-6'] > 0 ? 'is-present' : ''}>
              {t('emergency.age0to6')}{' '}
              <span className="mono">{formatNumber(zone.byAgeBand['0-6'])}</span>
            </li>
          </ul>
        </>
      )}
    </li>
  );
}

function AssessmentResult({ assessment }: { assessment: PlumeAssessmentResponse }) {
  const { t, language, formatNumber } = useI18n();
  const elapsedMs = useEmergencyStore((state) => state.elapsedMs);
  // The most dangerous zone first: that is where the door-knocking starts.
  const zones = [...assessment.zones].reverse();
  return (
    <div className="emergency-result" data-testid="plume-result">
      <p className="emergency-muted">
        {language === 'zh' ? assessment.substance.nameZh : assessment.substance.nameEn} ·{' '}
        {t(
          assessment.stabilitySource === 'turner'
            ? 'emergency.stabilityDerived'
            : 'emergency.stabilityEntered',
          { stability: assessment.stability },
        )}{' '}
        · {t('emergency.minutes', { minutes: assessment.exposureMin })}
        {elapsedMs !== null && ` · ${t('emergency.elapsed', { ms: formatNumber(elapsedMs) })}`}
      </p>
      <ol className="emergency-zones">
        {zones.map((zone) => (
          <ZoneRow key={zone.tier} zone={zone} />
        ))}
      </ol>
      <p className="emergency-muted">{t('emergency.disclaimer')}</p>
    </div>
  );
}

export function EmergencyPanel() {
  const { t, formatNumber } = useI18n();
  usePlumeAssessment();
  const open = useEmergencyStore((state) => state.open);
  const draft = useEmergencyStore((state) => state.draft);
  const source = useEmergencyStore((state) => state.source);
  const placing = useEmergencyStore((state) => state.placingSource);
  const status = useEmergencyStore((state) => state.status);
  const assessment = useEmergencyStore((state) => state.assessment);
  const error = useEmergencyStore((state) => state.error);
  const scenario = useEmergencyStore((state) => state.scenario);
  const store = useEmergencyStore.getState();
  if (!open) return null;
  const blank = blankNumberFields(draft);
  const message = status === 'error' ? describeError(error) : null;

  return (
    <section className="emergency-panel" data-testid="emergency-panel" data-status={status}>
      <header className="emergency-header">
        <h2>{t('emergency.title')}</h2>
        <button type="button" className="link-button" onClick={() => store.setOpen(false)}>
          {t('common.close')}
        </button>
      </header>
      <div className="emergency-body">
        <div className={`emergency-source${placing ? ' is-picking' : ''}`}>
          <span data-testid="plume-source">
            {source === null
              ? t('emergency.noSource')
              : `${formatNumber(source.lon, COORDINATE_DECIMALS)}, ${formatNumber(source.lat, COORDINATE_DECIMALS)}`}
          </span>
          <button
            type="button"
            className={`chip${placing ? ' is-active' : ''}`}
            data-testid="plume-place"
            onClick={() => store.setPlacingSource(!placing)}
          >
            {placing
              ? t('emergency.placing')
              : t(source === null ? 'emergency.place' : 'emergency.placeAgain')}
          </button>
        </div>
        <ReleaseForm draft={draft} />
        <WeatherForm draft={draft} />
        <div className="emergency-status" role="status">
          {blank.length > 0 && t('emergency.blank')}
          {blank.length === 0 && status === 'loading' && t('emergency.computing')}
          {message && (
            <span className="emergency-error">{t(message.messageKey, message.params)}</span>
          )}
        </div>
        <ScenarioBar />
        {assessment !== null && <AssessmentResult assessment={assessment} />}
        <DoorKnockList />
        <EvacuationPlanPanel />
        {source !== null && scenario === null && (
          <button type="button" className="button" data-testid="plume-clear" onClick={store.clear}>
            {t('emergency.clear')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The left column's way in: one line with a button, so the panel costs no room until asked. */
/**
 * The desk's emergency entry in the left column: the toxic release panel and the command panel,
 * one section (two sections of one button each pushed the column past 1080 px).
 */
export function EmergencyLauncher() {
  const { t } = useI18n();
  const open = useEmergencyStore((state) => state.open);
  const commandOpen = useCommandStore((state) => state.open);
  return (
    <section className="panel-section emergency-launcher">
      <h2 className="section-title">
        <span>{t('command.launcherTitle')}</span>
        <span className="emergency-launcher-buttons">
          <button
            type="button"
            className={`button${open ? ' is-active' : ''}`}
            aria-pressed={open}
            data-testid="emergency-open"
            onClick={() => useEmergencyStore.getState().setOpen(!open)}
          >
            {t('emergency.open')}
          </button>
          <button
            type="button"
            className={`button${commandOpen ? ' is-active' : ''}`}
            aria-pressed={commandOpen}
            data-testid="command-open"
            onClick={() => useCommandStore.getState().setOpen(!commandOpen)}
          >
            {t('command.openPanel')}
          </button>
        </span>
      </h2>
    </section>
  );
}
