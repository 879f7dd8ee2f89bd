/**
 * Taking a call (受理来电): the caller's number (masked once typed), the category, the caller's
 * words and the place from the register's addresses. Before sending, the open incidents of the
 * same category near the place show as possible duplicates, so the operator can tell the caller
 * it is already being handled. Sent, it becomes a hotline incident in the same loop.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { INCIDENT_CATEGORIES } from '../../domain/incidents/incidentCategories';
import type { HotlineCallResponse } from '../../shared/hotline';
import type { IncidentIntakeCheck } from '../../shared/incidents';
import { isAbortError } from '../feeds/apiClient';
import { categoryName, commandFailureText } from '../incidents/incidentText';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import { LabelledSelect } from '../widgets/LabelledSelect';
import { LabelledTextArea } from '../widgets/LabelledTextArea';
import { AddressSearch } from './AddressSearch';
import { CallerPhoneField } from './CallerPhoneField';
import { GridPointPicker } from './GridPointPicker';

/** Where the call is placed: a register address, or a point on the map (no address then). */
interface CallPlace {
  lon: number;
  lat: number;
  /** What the operator sees: the address, or the grid's name for a point on the map. */
  label: string;
  address: string | null;
}

const DESCRIPTION_ROWS = 4;
const COORDINATE_DECIMALS = 5;

export function TakeCallForm() {
  const { t, language, formatNumber } = useI18n();
  const api = useApi();
  const [phone, setPhone] = useState('');
  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [place, setPlace] = useState<CallPlace | null>(null);
  const [check, setCheck] = useState<IncidentIntakeCheck | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState<HotlineCallResponse | null>(null);
  // A new call starts from an empty form: the key remounts the phone field and the search.
  const [callNumber, setCallNumber] = useState(0);

  useEffect(() => {
    setCheck(null);
    if (place === null || categoryCode === '') return undefined;
    const controller = new AbortController();
    api
      .hotlineIntakeCheck({ categoryCode, lon: place.lon, lat: place.lat }, controller.signal)
      .then(setCheck, (failure: unknown) => {
        if (!isAbortError(failure)) setError(commandFailureText(failure, language, t));
      });
    return () => controller.abort();
  }, [api, place, categoryCode, language, t]);

  const missing =
    phone.trim() === ''
      ? t('hotline.call.needPhone')
      : categoryCode === ''
        ? t('hotline.call.needCategory')
        : description.trim() === ''
          ? t('hotline.call.needDescription')
          : place === null
            ? t('hotline.call.needAddress')
            : check !== null && !check.inScope
              ? t('hotline.call.outOfScope')
              : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (missing !== null || place === null) return;
    setSending(true);
    setError(null);
    try {
      const answer = await api.takeHotlineCall({
        callerPhone: phone,
        categoryCode,
        description: description.trim(),
        lon: place.lon,
        lat: place.lat,
        ...(place.address === null ? {} : { address: place.address }),
      });
      setTaken(answer);
      setPhone('');
      setDescription('');
      setPlace(null);
      setCategoryCode('');
      setCallNumber((count) => count + 1);
    } catch (failure) {
      setError(commandFailureText(failure, language, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      className="hotline-call"
      data-testid="hotline-call"
      onSubmit={(event) => void submit(event)}
    >
      <h2>{t('hotline.call.title')}</h2>
      {taken !== null && (
        <p className="hotline-taken" role="status" data-testid="hotline-taken">
          {t('hotline.call.taken', { id: taken.incidentId, phone: taken.callerPhoneMasked })}
        </p>
      )}
      <CallerPhoneField key={`phone-${callNumber}`} value={phone} onChange={setPhone} />
      <LabelledSelect
        label={t('hotline.call.category')}
        value={categoryCode}
        emptyLabel={t('hotline.call.chooseCategory')}
        testId="hotline-category"
        options={INCIDENT_CATEGORIES.map((category) => ({
          value: category.code,
          label: categoryName(category.code, language),
        }))}
        onChange={setCategoryCode}
      />
      <LabelledTextArea
        label={t('hotline.call.description')}
        value={description}
        rows={DESCRIPTION_ROWS}
        placeholder={t('hotline.call.descriptionPlaceholder')}
        testId="hotline-description"
        onChange={setDescription}
      />
      <AddressSearch
        key={`address-${callNumber}`}
        chosen={place?.label ?? null}
        onChoose={(match) =>
          setPlace(
            match === null
              ? null
              : { lon: match.lon, lat: match.lat, label: match.address, address: match.address },
          )
        }
      />
      <GridPointPicker
        picked={place}
        onPick={(point) =>
          setPlace({
            lon: point.lon,
            lat: point.lat,
            label: t('hotline.map.picked', {
              grid: point.gridName,
              lon: point.lon.toFixed(COORDINATE_DECIMALS),
              lat: point.lat.toFixed(COORDINATE_DECIMALS),
            }),
            address: null,
          })
        }
      />
      {check !== null && check.possibleDuplicates.length > 0 && (
        <div className="hotline-duplicates" data-testid="hotline-duplicates">
          <div>{t('hotline.call.duplicates')}</div>
          <ul>
            {check.possibleDuplicates.map(({ incident, distanceM }) => (
              <li key={incident.id} data-testid="hotline-duplicate">
                {t('hotline.call.duplicate', {
                  id: incident.id,
                  distance: formatNumber(distanceM),
                  state: t(`incident.state.${incident.state}`),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error !== null && <p role="alert">{error}</p>}
      {missing !== null && <p className="hotline-missing">{missing}</p>}
      <button
        type="submit"
        className="button button-primary"
        data-testid="hotline-submit"
        disabled={missing !== null || sending}
      >
        {t('hotline.call.submit')}
      </button>
    </form>
  );
}
