import { describe, expect, it } from 'vitest';
import { addressParts, editDistance, nearestKeys, roomKey } from './addressKey';

describe('addressParts', () => {
  it('gives one key for every way of writing the same building', () => {
    const key = addressParts('东街街道五四路12号3座').building;
    for (const written of [
      '东街街道五四路12号3号楼',
      '东街街道五四路12号3栋',
      '东街街道 五四路 １２号 ３幢',
      '福建省福州市鼓楼区东街街道五四路12号三栋',
      '东街街道五四路12号3#',
    ]) {
      expect(addressParts(written).building).toBe(key);
    }
  });

  it('takes the 单元 out of the building key, with Chinese numerals read', () => {
    expect(addressParts('五四路12号3栋二单元')).toEqual({
      building: '五四路12号3栋',
      buildingWithoutStreet: '五四路12号3栋',
      entrance: 2,
    });
  });

  it('drops the sub-district for files that leave it out', () => {
    expect(addressParts('东街街道五四路12号3座').buildingWithoutStreet).toBe(
      addressParts('五四路12号3号楼').building,
    );
  });
});

describe('roomKey', () => {
  it('reads the usual ways of writing a room', () => {
    for (const room of ['1203', '1203室', '１２０３', '12-03', '12层03', '12楼3号', ' 1203 ']) {
      expect(roomKey(room)).toBe('1203');
    }
    expect(roomKey('0502')).toBe('502');
    expect(roomKey('502')).toBe('502');
  });

  it('refuses what is not a room', () => {
    expect(roomKey('底商')).toBeNull();
    expect(roomKey('12')).toBeNull();
  });
});

describe('near misses', () => {
  it('counts edits and stops past the limit', () => {
    expect(editDistance('五四路12号', '五四路13号', 2)).toBe(1);
    expect(editDistance('abc', 'xyzabc', 2)).toBe(3);
  });

  it('suggests the closest keys first', () => {
    expect(
      nearestKeys('五四路12号3栋', ['五四路12号3栋', '五四路12号8栋', '湖东路1号'], 2),
    ).toEqual(['五四路12号3栋', '五四路12号8栋']);
  });
});
