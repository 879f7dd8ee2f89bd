/** The GeoReport v2 discovery document: where the endpoint is, its formats, whom to ask. */
import { OPEN311_MEDIA_TYPES } from './open311Format';

export const GEOREPORT_V2_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this service's Open311 surface last changed (discovery's changeset). */
export const OPEN311_CHANGESET = '2026-12-05T00:00:00+08:00';
const CONTACT = '区网格化服务管理指挥中心 / District grid command center: 12345';
const KEY_SERVICE =
  '合作平台（如12345热线）的 api_key 由区指挥中心签发；市民上报无需密钥。 ' +
  'Partner platforms (e.g. the 12345 hotline) get an api_key from the district command center; ' +
  'citizens need none.';

export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: Array<{
    specification: string;
    url: string;
    changeset: string;
    type: 'production';
    formats: string[];
  }>;
}

/** `endpointUrl`: the absolute URL of /open311/v2 as the caller reached it. */
export function open311Discovery(endpointUrl: string): Open311Discovery {
  return {
    changeset: OPEN311_CHANGESET,
    contact: CONTACT,
    key_service: KEY_SERVICE,
    endpoints: [
      {
        specification: GEOREPORT_V2_SPECIFICATION,
        url: endpointUrl,
        changeset: OPEN311_CHANGESET,
        type: 'production',
        formats: [...OPEN311_MEDIA_TYPES],
      },
    ],
  };
}
