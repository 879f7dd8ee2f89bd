/**
 * Photos for a report: taken with the camera or chosen from the phone, made small on the phone
 * (photoResize: at most 1280 px, JPEG, which also drops the camera's metadata; the server strips
 * it again), shown as thumbnails that a tap removes. They are sent after the report is created.
 */
import { useEffect, useMemo, useState } from 'react';
import { resizePhoto } from '../shared/photoResize';
import { RESIDENT_MAX_PHOTOS } from './residentApi';
import type { ResidentText } from './residentLocales';

function Thumbnail({ photo, label, onRemove }: { photo: Blob; label: string; onRemove(): void }) {
  const url = useMemo(() => URL.createObjectURL(photo), [photo]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <button type="button" className="resident-thumb" aria-label={label} onClick={onRemove}>
      <img src={url} alt="" />
    </button>
  );
}

export function ReportPhotos({
  t,
  photos,
  onChange,
  resize = resizePhoto,
}: {
  t: ResidentText;
  photos: readonly Blob[];
  onChange(photos: Blob[]): void;
  resize?: (file: Blob) => Promise<Blob>;
}) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const room = RESIDENT_MAX_PHOTOS - photos.length;
  return (
    <div className="resident-field">
      <span>{t('photos.label', { count: photos.length, max: RESIDENT_MAX_PHOTOS })}</span>
      {photos.length > 0 && (
        <div className="resident-thumbs" data-testid="resident-photos">
          {photos.map((photo, index) => (
            <Thumbnail
              key={index}
              photo={photo}
              label={t('photos.remove')}
              onRemove={() => onChange(photos.filter((_, kept) => kept !== index))}
            />
          ))}
        </div>
      )}
      {room > 0 && (
        <label className="resident-button resident-file">
          {busy ? t('photos.preparing') : t('photos.add')}
          <input
            type="file"
            accept="image/*"
            multiple
            disabled={busy}
            data-testid="resident-photo-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])].slice(0, room);
              event.target.value = '';
              if (files.length === 0) return;
              setBusy(true);
              setFailed(false);
              Promise.all(files.map(resize))
                .then((resized) => onChange([...photos, ...resized].slice(0, RESIDENT_MAX_PHOTOS)))
                .catch(() => setFailed(true))
                .finally(() => setBusy(false));
            }}
          />
        </label>
      )}
      {failed && <p className="resident-error">{t('photos.failed')}</p>}
      <p className="resident-dim">{t('photos.privacy')}</p>
    </div>
  );
}
