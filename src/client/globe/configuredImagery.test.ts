import { describe, expect, it } from 'vitest';
import { imageryPlan } from './configuredImagery';

describe('imageryPlan', () => {
  it('keeps the bundled imagery alone by default', () => {
    expect(imageryPlan({ type: 'bundled' })).toBeNull();
  });

  it('reads an offline package through the server, within its levels', () => {
    expect(
      imageryPlan({ type: 'package', format: 'png', minimumLevel: 0, maximumLevel: 16 }),
    ).toEqual({
      kind: 'template',
      url: '/api/imagery/{z}/{x}/{y}',
      minimumLevel: 0,
      maximumLevel: 16,
    });
  });

  it('asks an XYZ service (Tianditu-like, with subdomains) directly', () => {
    const url = 'https://t{s}.tianditu.gov.cn/DataServer?T=img_w&x={x}&y={y}&l={z}&tk=KEY';
    expect(imageryPlan({ type: 'xyz', url, subdomains: ['0', '1'], maximumLevel: 18 })).toEqual({
      kind: 'template',
      url,
      subdomains: ['0', '1'],
      maximumLevel: 18,
    });
  });

  it('builds a WMTS layer with defaults for style and format, and refuses one without a layer', () => {
    expect(
      imageryPlan({
        type: 'wmts',
        url: 'https://wmts.example/wmts',
        layer: 'img',
        tileMatrixSetId: 'w',
        style: '',
      }),
    ).toEqual({
      kind: 'wmts',
      url: 'https://wmts.example/wmts',
      layer: 'img',
      style: '',
      tileMatrixSetID: 'w',
      format: 'image/jpeg',
    });
    expect(
      imageryPlan({ type: 'wmts', url: 'https://wmts.example/wmts', tileMatrixSetId: 'w' }),
    ).toBeNull();
  });
});
