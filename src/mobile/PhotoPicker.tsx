/**
 * Photos taken with the camera (or chosen), resized on the phone before they are kept
 * (src/shared/photoResize.ts: 1280 px JPEG, no EXIF): for a feedback and for a new report alike.
 */
import { useState } from 'react';
import { resizePhoto } from '../shared/photoResize';
import { usePhoneText } from './usePhoneText';

/** Photos one feedback or report carries (the server takes no more). */
export const MAX_PHOTOS = 4;

export function PhotoPicker({
  photos,
  onChange,
  testId,
}: {
  photos: readonly Blob[];
  onChange(photos: Blob[]): void;
  testId: string;
}) {
  const t = usePhoneText();
  const [failed, setFailed] = useState(false);
  return (
    <>
      <label className="phone-button phone-photo-pick">
        <span>{t('tasks.photo', { count: photos.length, max: MAX_PHOTOS })}</span>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          data-testid={testId}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])].slice(0, MAX_PHOTOS - photos.length);
            event.target.value = '';
            setFailed(false);
            void Promise.all(files.map(resizePhoto)).then(
              (resized) => onChange([...photos, ...resized].slice(0, MAX_PHOTOS)),
              () => setFailed(true),
            );
          }}
        />
      </label>
      {failed && <p className="phone-error">{t('tasks.photoFailed')}</p>}
    </>
  );
}
