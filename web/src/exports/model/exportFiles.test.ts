import { describe, expect, it } from 'vitest';
import { exportUrl, filenameFromDisposition } from './exportFiles';

describe('exportUrl', () => {
  const all = ['w1', 'w2', 'w3'];

  it('leaves the rounds out when every round is chosen', () => {
    expect(exportUrl('p1', 'data-wide.csv', ['w3', 'w1', 'w2'], all)).toBe('/exports/p1/data-wide.csv');
  });

  it('names the chosen rounds, in the order given', () => {
    expect(exportUrl('p1', 'read-data.R', ['w2', 'w3'], all)).toBe('/exports/p1/read-data.R?rounds=w2,w3');
    expect(exportUrl('p1', 'data.xlsx', ['w1'], all)).toBe('/exports/p1/data.xlsx?rounds=w1');
  });

  it('adds the roles only when some are left out, and the days when given', () => {
    const filter = { roles: ['CONSULTANT', 'SERVICE_USER'] as const, from: '2026-01-01', to: '' };
    expect(exportUrl('p1', 'scores.csv', all, all, filter)).toBe(
      '/exports/p1/scores.csv?roles=SERVICE_USER,CONSULTANT&from=2026-01-01',
    );
    expect(
      exportUrl('p1', 'data.sav', ['w1'], all, {
        roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
        to: '2026-06-30',
      }),
    ).toBe('/exports/p1/data.sav?rounds=w1&to=2026-06-30');
  });

  it('escapes the project and round ids', () => {
    expect(exportUrl('a/b', 'codebook.json', ['x y'], ['x y', 'z'])).toBe(
      '/exports/a%2Fb/codebook.json?rounds=x%20y',
    );
  });
});

describe('filenameFromDisposition', () => {
  it('reads the quoted filename the API sends', () => {
    expect(
      filenameFromDisposition('attachment; filename="verdi_bergen_alle-runder_2026-11-23_data-wide.csv"'),
    ).toBe('verdi_bergen_alle-runder_2026-11-23_data-wide.csv');
  });

  it('prefers the UTF-8 filename* to the plain one', () => {
    expect(
      filenameFromDisposition(
        `attachment; filename="verdi_trondelag_data.xlsx"; filename*=UTF-8''verdi_tr%C3%B8ndelag_data.xlsx`,
      ),
    ).toBe('verdi_trøndelag_data.xlsx');
  });

  it('reads filename* alone, in any case, and an ISO-8859-1 one', () => {
    expect(filenameFromDisposition(`attachment; FILENAME*=utf-8'nb'%C3%A6%C3%B8%C3%A5.csv`)).toBe('æøå.csv');
    expect(filenameFromDisposition(`attachment; filename*=iso-8859-1''%E6%F8%E5.csv`)).toBe('æøå.csv');
  });

  it('falls back to the plain filename when filename* is malformed', () => {
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E6%ZZ.csv; filename="plain.csv"`)).toBe(
      'plain.csv',
    );
  });

  it('reads an unquoted filename and unescapes a quoted one', () => {
    expect(filenameFromDisposition('attachment; filename=data.csv')).toBe('data.csv');
    expect(filenameFromDisposition('attachment; filename="say \\"hi\\".csv"')).toBe('say "hi".csv');
  });

  it('drops folders from the name and gives null when there is none', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
