/**
 * The tours kept in the repository (`tours/<id>.json`), bundled with the app and validated when
 * one is chosen: a broken file is refused with its problems, never half played.
 */
import { parseTour, TourFormatError, type Tour } from './tourSchema';

const TOUR_FILES = import.meta.glob<unknown>('../../../tours/*.json', {
  eager: true,
  import: 'default',
});

/** The tour a kiosk plays when its URL names none (`?tour=<id>` names one). */
export const DEFAULT_TOUR_ID = 'demo';

export function tourIds(): string[] {
  return Object.keys(TOUR_FILES)
    .map((path) => path.replace(/^.*\/([^/]+)\.json$/, '$1'))
    .sort();
}

/** The tour of that id, validated; TourFormatError when it is missing or malformed. */
export function loadTour(id: string): Tour {
  const source = `tours/${id}.json`;
  const raw = TOUR_FILES[`../../../${source}`];
  if (raw === undefined) {
    throw new TourFormatError(source, [`no such tour (there are: ${tourIds().join(', ')})`]);
  }
  const tour = parseTour(raw, source);
  if (tour.id !== id) {
    throw new TourFormatError(source, [`/id: "${tour.id}" must match the file name "${id}"`]);
  }
  return tour;
}
