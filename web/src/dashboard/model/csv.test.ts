import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what needs quoting and leaves suppressed numbers empty, not zero', () => {
    expect(
      toCsv(
        ['project', 'role', 'n', 'mean', 'suppressed'],
        [
          ['Skole, Oslo', 'SERVICE_USER', 12, 4.25, null],
          ['Team "Sør"', 'CONSULTANT', null, null, 'TOO_FEW'],
        ],
      ),
    ).toBe(
      'project,role,n,mean,suppressed\r\n' +
        '"Skole, Oslo",SERVICE_USER,12,4.25,\r\n' +
        '"Team ""Sør""",CONSULTANT,,,TOO_FEW\r\n',
    );
  });
});
