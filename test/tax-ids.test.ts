import { describe, expect, it } from 'vitest';
import { isIranEconomicCode, isIranLegalId, isIranNationalCode } from '../src/i18n/tax-ids.ts';

describe('Iranian identity numbers', () => {
  it('[KN-04] a national code is checked by its mod-11 check digit', () => {
    for (const valid of ['0012345679', '1234567891', '4499876540', '5062056292', '6385136329'])
      expect(isIranNationalCode(valid), valid).toBe(true);
    for (const invalid of ['1234567890', '1111111111', '0000000000', '123456789', '12345678901', '12345a7891'])
      expect(isIranNationalCode(invalid), invalid).toBe(false);
  });

  it('[KN-04] a legal entity national ID and an economic code are checked', () => {
    for (const valid of ['14001234562', '10860584008']) expect(isIranLegalId(valid), valid).toBe(true);
    for (const invalid of ['14001234563', '10100000006', '1400123456']) expect(isIranLegalId(invalid)).toBe(false);
    expect(isIranEconomicCode('10860584008')).toBe(true);
    expect(isIranEconomicCode('10860584009')).toBe(false);
    expect(isIranEconomicCode('411111111111')).toBe(true);
    expect(isIranEconomicCode('41111111111111')).toBe(true);
    expect(isIranEconomicCode('4111111')).toBe(false);
  });
});
