/**
 * What a citizen's Open311 report looks like (demo data): the problem in a resident's own voice
 * (an opening and a closing around the scene's description, picked by the incident's key so a
 * run is repeatable) and the address a resident would type: a building's registered address or
 * the road's name. Where a resident would give none (a park, the riverside), the server names
 * the place from the register.
 */
import { hashString32 } from '../../../src/domain/seededRandom';
import type { IncidentPlace } from './incidentPlaces';

const OPENINGS = [
  '',
  '市民反映：',
  '我是附近居民，',
  '路过时发现',
  '你好，',
  '家里老人反映',
] as const;
const CLOSINGS = [
  '，希望尽快处理。',
  '，已经好几天了，没人管。',
  '，请相关部门处理，谢谢！',
  '，存在安全隐患，麻烦尽快派人看看。',
  '。',
] as const;

export interface CitizenReportText {
  description: string;
  /** '' when a resident would type none. */
  address: string;
}

export function citizenReportText(
  key: string,
  place: Pick<IncidentPlace, 'address'>,
  sceneDescription: string,
): CitizenReportText {
  const hash = hashString32(key);
  const opening = OPENINGS[hash % OPENINGS.length] ?? '';
  const closing = CLOSINGS[Math.floor(hash / OPENINGS.length) % CLOSINGS.length] ?? '。';
  return { description: `${opening}${sceneDescription}${closing}`, address: place.address ?? '' };
}
