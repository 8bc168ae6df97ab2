import { describe, expect, it } from 'vitest';
import { emptyLinkage, linkageCode } from './linkage';

describe('the linkage code', () => {
  it('combines the four answers into one code, the same however they are typed', () => {
    expect(
      linkageCode({ motherInitial: 'k', birthDay: '7', birthplaceInitial: ' ø ', olderSiblings: '2' }).code,
    ).toBe('K07Ø2');
    expect(
      linkageCode({ motherInitial: 'K', birthDay: '07', birthplaceInitial: 'Ø', olderSiblings: '2' }).code,
    ).toBe('K07Ø2');
  });

  it('makes no code, and finds no problem, when the step is skipped', () => {
    expect(linkageCode(emptyLinkage())).toEqual({ code: null, problems: {} });
  });

  it('asks for all four once one is given, and checks each', () => {
    expect(linkageCode({ ...emptyLinkage(), motherInitial: 'A' }).problems).toEqual({
      birthDay: 'missing',
      birthplaceInitial: 'missing',
      olderSiblings: 'missing',
    });
    expect(
      linkageCode({ motherInitial: 'AB', birthDay: '32', birthplaceInitial: '3', olderSiblings: '-1' })
        .problems,
    ).toEqual({
      motherInitial: 'letter',
      birthDay: 'day',
      birthplaceInitial: 'letter',
      olderSiblings: 'siblings',
    });
  });
});
