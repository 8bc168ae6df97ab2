import { describe, expect, it } from 'vitest';
import { nbTexts, round } from '../test/fixtures';
import { describeSources, type RoundSource } from './sources';

function source(...args: Parameters<typeof round>): RoundSource {
  const r = round(...args);
  return { ...r, label: r.roundLabel };
}

const manager = () => false;
const researcher = () => true;

describe('describeSources', () => {
  it('tells a manager that the numbers are the release made when the round closed, and that medians are not shown', () => {
    expect(describeSources([source('Eksempelskolen')], manager, nbTexts)).toEqual([
      {
        text: 'Tallene ble frigitt for ledere etter at runden ble stengt (versjon 2, 14. mars 2025). Senere endringer vises først når de ikke kan avsløre enkeltpersoner.',
        items: [],
      },
      {
        text: 'Grupper med færre enn 5 svar vises ikke. Spredning og konfidensintervall vises fra 10 svar. Median og kvartiler vises ikke: sammen med gjennomsnittet og svarfordelingene kan de avsløre enkeltsvar.',
        items: [],
      },
    ]);
  });

  it('lists the rounds where their releases differ, and a round not released yet', () => {
    const notes = describeSources(
      [
        source('Eksempelskolen', 'Oppstart', 'p1', { releaseVersion: 1, releasedAt: '2025-02-01T12:00:00Z' }),
        source('Eksempelskolen', 'Etter 12 måneder', 'p1', { releaseVersion: null }),
      ],
      manager,
      nbTexts,
    );
    expect(notes[0]).toEqual({
      text: 'Tallene for hver runde ble frigitt for ledere etter at runden ble stengt. Senere endringer vises først når de ikke kan avsløre enkeltpersoner.',
      items: [
        'Eksempelskolen, Oppstart: versjon 1, 1. februar 2025',
        'Eksempelskolen, Etter 12 måneder: ikke frigitt ennå, vises når runden er stengt',
      ],
    });
  });

  it('tells a researcher that they see live numbers and that managers see the release', () => {
    const live = source('Eksempelskolen', 'Oppstart', 'p1', { releaseVersion: null });
    const [note] = describeSources([live], researcher, nbTexts);
    expect(note!.text).toContain('Du ser tallene slik de er nå');
    expect(note!.text).toContain('Ledere ser tallene som ble frigitt for dem etter at hver runde ble stengt');
  });

  it('names the projects a researcher sees live when they manage others', () => {
    const notes = describeSources(
      [source('Forskningsprosjektet', 'Oppstart', 'r1', { releaseVersion: null }), source('Eksempelskolen')],
      (id) => id === 'r1',
      nbTexts,
    );
    expect(notes[0]!.text).toMatch(/^I Forskningsprosjektet ser du tallene slik de er nå/);
    expect(notes[1]!.text).toMatch(/^Tallene ble frigitt for ledere etter at runden ble stengt \(versjon 2/);
  });

  it('gives each round’s limits where rounds have different k', () => {
    const notes = describeSources(
      [
        source('Eksempelskolen', 'Oppstart', 'p1', { k: 5 }),
        source('Eksempelskolen', 'Senere', 'p1', { k: 8 }),
      ],
      manager,
      nbTexts,
    );
    expect(notes.at(-1)!.items).toEqual([
      'Eksempelskolen, Oppstart: grupper fra 5 svar, spredning fra 10',
      'Eksempelskolen, Senere: grupper fra 8 svar, spredning fra 16',
    ]);
  });
});
