/**
 * 入户采集: pick a building of the worker's own grids → a unit → a household, then file a visit
 * log or a change (new phone, tags, moved out, moved in, rental registration). The change goes to
 * the outbox with the household's or person's state as shown here, and the community reviews it
 * on the wall; nothing on the register changes from the phone (docs/decisions/0025).
 */
import { useEffect, useState } from 'react';
import { PERSON_TAGS, RELATIONS, type Relation } from '../domain/registry';
import type {
  DeviceBuilding,
  DeviceUnit,
  DeviceUnitItem,
  RegisterRequestSubmission,
} from '../shared/registerRequests';
import { CachedNote } from './CachedNote';
import { deviceBuildings, deviceUnit, deviceUnits, type DeviceReader } from './deviceReads';
import { changeOf, EMPTY_DRAFT, KINDS, type Draft, type Kind } from './householdDraft';
import type { CachedAnswer } from './phoneCache';
import type { PhoneMessageKey } from './phoneLocales';
import { usePhoneText } from './usePhoneText';

export function CollectSheet({
  reader,
  onSend,
  onClose,
}: {
  reader: DeviceReader;
  onSend(submission: Omit<RegisterRequestSubmission, 'clientId' | 'observedAt'>): Promise<void>;
  onClose(): void;
}) {
  const t = usePhoneText();
  /** The last list read: from the server now, or the copy kept from an earlier visit. */
  const [lastRead, setLastRead] = useState<CachedAnswer<unknown> | null>(null);
  const [buildings, setBuildings] = useState<DeviceBuilding[] | null>(null);
  const [units, setUnits] = useState<DeviceUnitItem[]>([]);
  const [unit, setUnit] = useState<DeviceUnit | null>(null);
  const [householdIndex, setHouseholdIndex] = useState(0);
  const [error, setError] = useState('');
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const failed = (cause: unknown) =>
    setError(t('collect.loadFailed', { message: cause instanceof Error ? cause.message : '' }));
  const got = <T,>(answer: CachedAnswer<T>): T => {
    setLastRead(answer);
    setError('');
    return answer.value;
  };

  useEffect(() => {
    deviceBuildings(reader).then((answer) => setBuildings(got(answer).buildings), failed);
    // Read once when the sheet opens (the reader does not change while it is open).
  }, [reader]);

  const household = unit?.households[householdIndex];
  const members = household?.members ?? [];
  const targetsPerson =
    draft.kind === 'phone' || draft.kind === 'tags' || draft.kind === 'move_out';
  const person = members.find((member) => member.id === draft.personId) ?? members[0];
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  return (
    <form
      className="phone-card phone-report"
      data-testid="phone-collect"
      onSubmit={(event) => {
        event.preventDefault();
        if (household === undefined) return;
        const change = changeOf({ ...draft, personId: person?.id ?? 0 });
        const base =
          targetsPerson && person !== undefined
            ? household.memberStates[String(person.id)]!
            : household.state;
        void onSend({ householdId: household.id, base, change }).then(onClose);
      }}
    >
      <h2>{t('collect.title')}</h2>
      {error !== '' && <p className="phone-error">{error}</p>}
      {buildings === null && error === '' && <p className="phone-status">{t('collect.loading')}</p>}
      {lastRead !== null && <CachedNote answer={lastRead} />}
      <label>
        <span>{t('collect.building')}</span>
        <select
          data-testid="collect-building"
          defaultValue=""
          onChange={(event) => {
            setUnit(null);
            deviceUnits(reader, Number(event.target.value)).then(
              (answer) => setUnits(got(answer).units),
              failed,
            );
          }}
        >
          <option value="" disabled />
          {buildings?.map((building) => (
            <option key={building.id} value={building.id}>
              {building.name} · {building.address}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('collect.unit')}</span>
        <select
          data-testid="collect-unit"
          defaultValue=""
          onChange={(event) => {
            setHouseholdIndex(0);
            deviceUnit(reader, Number(event.target.value)).then(
              (answer) => setUnit(got(answer)),
              failed,
            );
          }}
        >
          <option value="" disabled />
          {units.map((item) => (
            <option key={item.id} value={item.id}>
              {item.roomLabel}
            </option>
          ))}
        </select>
      </label>
      {unit !== null && (
        <label>
          <span>{t('collect.household')}</span>
          <select
            data-testid="collect-household"
            value={householdIndex}
            onChange={(event) => setHouseholdIndex(Number(event.target.value))}
          >
            {unit.households.map((item, index) => (
              <option key={item.id} value={index}>
                {t('collect.householdN', {
                  index: index + 1,
                  members: item.members.map((member) => member.name).join('、'),
                })}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>{t('collect.kind')}</span>
        <select
          data-testid="collect-kind"
          value={draft.kind}
          onChange={(event) => set({ kind: event.target.value as Kind })}
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`collect.kind.${kind}` as PhoneMessageKey)}
            </option>
          ))}
        </select>
      </label>
      {targetsPerson && (
        <label>
          <span>{t('collect.person')}</span>
          <select
            data-testid="collect-person"
            value={person?.id ?? ''}
            onChange={(event) => set({ personId: Number(event.target.value) })}
          >
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name} {member.phoneMasked ?? ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.kind === 'visit' && (
        <label>
          <span>{t('collect.note')}</span>
          <textarea
            rows={4}
            required
            data-testid="collect-note"
            value={draft.note}
            onChange={(event) => set({ note: event.target.value })}
          />
        </label>
      )}
      {draft.kind === 'move_in' && (
        <>
          <label>
            <span>{t('collect.name')}</span>
            <input
              required
              data-testid="collect-name"
              value={draft.name}
              onChange={(event) => set({ name: event.target.value })}
            />
          </label>
          <label>
            <span>{t('collect.idNumber')}</span>
            <input
              required
              data-testid="collect-id-number"
              value={draft.idNumber}
              onChange={(event) => set({ idNumber: event.target.value })}
            />
          </label>
          <label>
            <span>{t('collect.relation')}</span>
            <select
              value={draft.relation}
              onChange={(event) => set({ relation: event.target.value as Relation })}
            >
              {RELATIONS.map((relation) => (
                <option key={relation} value={relation}>
                  {t(`relation.${relation}` as PhoneMessageKey)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {(draft.kind === 'phone' || draft.kind === 'move_in') && (
        <label>
          <span>{t('collect.phone')}</span>
          <input
            type="tel"
            required={draft.kind === 'phone'}
            data-testid="collect-phone"
            value={draft.phone}
            onChange={(event) => set({ phone: event.target.value })}
          />
        </label>
      )}
      {(draft.kind === 'tags' || draft.kind === 'move_in') && (
        <fieldset data-testid="collect-tags">
          <legend>{t('collect.tags')}</legend>
          {PERSON_TAGS.map((tag) => (
            <label key={tag} className="phone-check">
              <input
                type="checkbox"
                data-testid={`collect-tag-${tag}`}
                checked={draft.tags.includes(tag)}
                onChange={(event) =>
                  set({
                    tags: event.target.checked
                      ? [...draft.tags, tag]
                      : draft.tags.filter((other) => other !== tag),
                  })
                }
              />
              {t(`tag.${tag}` as PhoneMessageKey)}
            </label>
          ))}
        </fieldset>
      )}
      {draft.kind === 'rental' && (
        <>
          <label>
            <span>{t('collect.landlord')}</span>
            <input
              required
              value={draft.landlordName}
              onChange={(event) => set({ landlordName: event.target.value })}
            />
          </label>
          <label>
            <span>{t('collect.tenants')}</span>
            <input
              required
              value={draft.tenants}
              onChange={(event) => set({ tenants: event.target.value })}
            />
          </label>
          <label>
            <span>{t('collect.start')}</span>
            <input
              type="date"
              required
              value={draft.startDate}
              onChange={(event) => set({ startDate: event.target.value })}
            />
          </label>
          <label>
            <span>{t('collect.end')}</span>
            <input
              type="date"
              required
              value={draft.endDate}
              onChange={(event) => set({ endDate: event.target.value })}
            />
          </label>
        </>
      )}
      <div className="phone-row">
        <button type="button" className="phone-button" onClick={onClose}>
          {t('tasks.cancel')}
        </button>
        <button
          type="submit"
          className="phone-button primary"
          disabled={household === undefined || (targetsPerson && person === undefined)}
          data-testid="collect-send"
        >
          {t('collect.send')}
        </button>
      </div>
    </form>
  );
}
