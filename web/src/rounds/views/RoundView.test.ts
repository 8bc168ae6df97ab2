import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import type { RespondentRole } from '@verdi/schema/generated';
import { invitations } from '../../invitees/test/invitationsApi';
import { roundsApi, fakeRound, type RoundsApiState } from '../test/roundsApi';

const recovery = project({ name: 'Recoveryteamet' });
const researcher = user({
  name: 'Testbruker Forsker',
  isAdmin: false,
  memberships: [membership(recovery, 'RESEARCHER')],
});
const manager = user({
  name: 'Testbruker Leder',
  isAdmin: false,
  memberships: [membership(recovery, 'MANAGER')],
});

async function openRound(state: Partial<RoundsApiState> = {}) {
  const api: RoundsApiState = { projects: [recovery], viewer: researcher, rounds: [fakeRound()], ...state };
  const { client, operations } = createMockClient(roundsApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(`/projects/${recovery.id}/rounds/w1`);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await settle();
  return { ...mounted, operations, api };
}

function button(wrapper: Awaited<ReturnType<typeof openRound>>['wrapper'], name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('RoundView', () => {
  beforeEach(() => {
    localStorage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows a researcher the round, its full links per role and its counts', async () => {
    const { wrapper } = await openRound();

    expect(wrapper.get('h1').text()).toBe('Oppstart 2026');
    expect(wrapper.get('#round-status-heading').text()).toContain('Åpen');
    const links = wrapper
      .findAll('.round-links input')
      .map((input) => (input.element as HTMLInputElement).value);
    expect(links).toEqual([
      `${window.location.origin}/s/link-service_user`,
      `${window.location.origin}/s/link-professional`,
      `${window.location.origin}/s/link-consultant`,
    ]);
    expect(wrapper.get('label[for="round-link-CONSULTANT"]').text()).toBe('Lenke for Erfaringskonsulenter');
    const consultants = wrapper
      .get('tr[data-role="CONSULTANT"]')
      .findAll('td')
      .map((cell) => cell.text());
    expect(consultants).toEqual(['1', '2', '0', '0']);
    expect(document.title).toBe('Oppstart 2026 – Verdi');
    const missingness = wrapper.findAll('a').find((a) => a.text() === 'Frafall og svarprosent per spørsmål');
    expect(missingness?.attributes('href')).toBe(`/projects/${recovery.id}/rounds/w1/missingness`);
  });

  it('shows a researcher who was helped to answer and the wording used, hidden numbers in words', async () => {
    const { wrapper } = await openRound();
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="round-assistance"] table').exists()).toBe(true),
    );
    const section = wrapper.get('[data-testid="round-assistance"]');
    const row = (table: string, key: string) =>
      section.get(`[data-table="${table}"] [data-row="${key}"] td`).text();
    expect(section.text()).toContain('Blant 21 innsendte svar');
    expect(row('assisted', 'YES')).toBe('10');
    expect(row('assisted', 'NOT_STATED')).toBe('Skjult: færre enn 5');
    expect(row('assisted', 'NO')).toBe('Skjult så en mindre gruppe ikke kan regnes ut');
    expect(row('kinds', 'READ_ALOUD')).toBe('5');
    expect(row('wording', 'EASY_READ')).not.toMatch(/\d/);
  });

  it('shows a manager the round and its status, and never asks for links, codes or counts', async () => {
    const { wrapper, operations } = await openRound({ viewer: manager });

    expect(wrapper.get('h1').text()).toBe('Oppstart 2026');
    expect(wrapper.get('#round-status-heading').text()).toContain('Åpen');
    expect(wrapper.find('.round-links').exists()).toBe(false);
    expect(wrapper.find('#round-codes-heading').exists()).toBe(false);
    expect(wrapper.find('#round-counts-heading').exists()).toBe(false);
    expect(wrapper.findAll('a').some((a) => a.text() === 'Frafall og svarprosent per spørsmål')).toBe(false);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Steng runden')).toBe(false);
    const roundQueries = operations.filter((o) => operationName(o) === 'Round');
    expect(roundQueries.map((o) => o.variables)).toEqual([{ id: 'w1', researcher: false }]);
    expect(operations.some((o) => operationName(o) === 'RoundCounts')).toBe(false);
    expect(operations.some((o) => operationName(o) === 'RoundAssistance')).toBe(false);
    expect(wrapper.find('[data-testid="round-assistance"]').exists()).toBe(false);
    expect(operations.some((o) => operationName(o) === 'FreeTextAnswers')).toBe(false);
    expect(wrapper.find('[data-testid="round-free-text"]').exists()).toBe(false);
    expect(operations.some((o) => operationName(o) === 'RoundInvitations')).toBe(false);
    expect(wrapper.find('[data-testid="invitations"]').exists()).toBe(false);
  });

  it("shows a researcher the round's invitations by e-mail as a section of its own", async () => {
    const { wrapper, operations } = await openRound({
      invitations: invitations({ counts: { ...invitations().counts, answered: 2, responseRate: 2 / 3 } }),
    });
    const section = wrapper.get('[data-testid="invitations"]');
    expect(section.get('h2').text()).toBe('Invitasjoner på e-post');
    expect(section.attributes('aria-labelledby')).toBe('invitations-heading');
    expect(section.get('[data-count="answered"] dd').text()).toBe('2');
    expect(section.text()).toContain('Svarene telles i grupper på minst 5');
    expect(
      operations.filter((o) => operationName(o) === 'RoundInvitations').map((o) => o.variables),
    ).toContainEqual({ roundId: 'w1' });
  });

  it("lets a researcher read the round's free text under each question's text, shown as text", async () => {
    const text = (nb: string) => ({ __typename: 'LocalizedText' as const, nb, en: null, nn: null });
    const answer = (responseId: string, role: RespondentRole, body: string, below = false) => ({
      __typename: 'FreeTextAnswer' as const,
      responseId,
      item: 'value_text',
      role,
      text: body,
      tags: [],
      belowReportingThreshold: below,
    });
    const { wrapper, operations } = await openRound({
      freeText: {
        freeTextQuestions: [
          {
            item: 'value_text',
            position: 8,
            section: text('Verdi'),
            prompt: text('Hva er verdien for deg?'),
            promptByRole: [{ role: 'CONSULTANT', text: text('Hva gir du brukerne?') }],
            roles: ['SERVICE_USER', 'CONSULTANT'],
          },
        ],
        freeTextAnswers: [
          answer('r1', 'SERVICE_USER', 'Noen å snakke med\nsom forstår'),
          answer('r2', 'CONSULTANT', '<b>Håp</b> =1+1', true),
        ],
      },
    });
    await vi.waitFor(() => expect(wrapper.findAll('.round-free-text .free-text__answer')).toHaveLength(2));
    const section = wrapper.get('[data-testid="round-free-text"]');
    expect(section.get('h3 .free-text__question-text').text()).toBe('Hva er verdien for deg?');
    expect(section.get('h3 .free-text__key').text()).toBe('Variabel value_text');
    expect(section.findAll('h4').map((h) => h.text())).toEqual([
      'Tjenestebrukere (1)',
      'Erfaringskonsulenter (1)',
    ]);
    expect(section.get('.free-text__wording').text()).toBe(
      'Erfaringskonsulenter ble spurt: «Hva gir du brukerne?»',
    );
    expect(section.findAll('.free-text__text').map((q) => q.element.textContent)).toEqual([
      'Noen å snakke med\nsom forstår',
      '<b>Håp</b> =1+1',
    ]);
    expect(section.find('.free-text__text b').exists()).toBe(false);
    const more = section.get('details.free-text__more');
    expect((more.element as HTMLDetailsElement).open).toBe(false);
    expect(more.get('summary').text()).toBe('Vis svarene (2 svar)');
    expect(section.findAll('.free-text__warning')).toHaveLength(1);
    const link = section.get('a');
    expect(link.attributes('href')).toBe(`/dashboard/free-text?project=${recovery.id}&round=w1`);
    expect(operations.filter((o) => operationName(o) === 'FreeTextAnswers').map((o) => o.variables)).toEqual([
      { roundId: 'w1' },
    ]);
  });

  it('asks for no free text while the round is a draft', async () => {
    const { wrapper, operations } = await openRound({ rounds: [fakeRound({ status: 'DRAFT' })] });
    expect(wrapper.find('[data-testid="round-free-text"]').exists()).toBe(false);
    expect(operations.some((o) => operationName(o) === 'FreeTextAnswers')).toBe(false);
  });

  it("says whether managers see the round's results yet, and to researchers what is held back", async () => {
    const unreleased = await openRound();
    expect(unreleased.wrapper.get('.round-release').text()).toContain('Ikke frigitt ennå');
    unreleased.wrapper.unmount();
    document.body.innerHTML = '';

    const release = {
      __typename: 'RoundRelease' as const,
      version: 2,
      releasedAt: '2026-03-14T16:00:00.000Z',
      held: { __typename: 'HeldChangesType' as const, since: '2026-03-20', added: 0, removed: 1 },
    };
    const closed = fakeRound({ status: 'CLOSED', release });
    const asResearcher = await openRound({ rounds: [closed] });
    const text = asResearcher.wrapper.get('.round-release').text();
    expect(text).toContain('versjon 2');
    expect(text).toContain('0 svart og 1 trukket');
    expect(text).toContain('minst 5');
    asResearcher.wrapper.unmount();
    document.body.innerHTML = '';

    const asManager = await openRound({ viewer: manager, rounds: [closed] });
    expect(asManager.wrapper.get('.round-release').text()).toContain('versjon 2');
    expect(asManager.wrapper.get('.round-release').text()).not.toContain('trukket');
  });

  it('makes codes for a role and shows them once, with a CSV download and printing', async () => {
    const { wrapper, operations } = await openRound();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});

    await wrapper.get('#codes-role').setValue('SERVICE_USER');
    await wrapper.get('#codes-count').setValue('3');
    await wrapper.get('#codes-batch').setValue('Papir, dagsenteret');
    await button(wrapper, 'Lag koder').trigger('click');
    await settle();

    const created = operations.find((o) => operationName(o) === 'CreateInvitationCodes');
    expect(created?.variables).toEqual({
      input: { roundId: 'w1', role: 'SERVICE_USER', count: 3, batch: 'Papir, dagsenteret' },
    });
    const panel = wrapper.get('.code-batch');
    expect(panel.get('h2').text()).toBe('3 nye koder for Tjenestebrukere');
    expect(document.activeElement).toBe(panel.get('h2').element);
    expect(panel.text()).toContain('Kodene vises bare nå.');
    expect(panel.findAll('.code-batch__code').map((code) => code.text())).toEqual([
      'K7M3Q-X9P00',
      'K7M3Q-X9P01',
      'K7M3Q-X9P02',
    ]);
    const download = panel.get('a[download]');
    expect(download.text()).toBe('Last ned CSV');
    expect(download.attributes('download')).toBe('verdi-koder-oppstart-2026-service_user.csv');
    const csv = decodeURIComponent(download.attributes('href')!.replace('data:text/csv;charset=utf-8,', ''));
    expect(csv).toBe(
      '\uFEFFround,role,code\nOppstart 2026,SERVICE_USER,K7M3Q-X9P00\nOppstart 2026,SERVICE_USER,K7M3Q-X9P01\nOppstart 2026,SERVICE_USER,K7M3Q-X9P02',
    );
    // The printed slips say where to type the code in.
    expect(panel.get('.code-batch__slip').text()).toContain(`Gå til ${window.location.origin}/kode`);

    await button(wrapper, 'Skriv ut').trigger('click');
    expect(print).toHaveBeenCalledOnce();

    await button(wrapper, 'Jeg har tatt vare på kodene').trigger('click');
    await settle();
    expect(wrapper.find('.code-batch').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('#round-codes-heading').element);
  });

  it('checks the number of codes before asking for them', async () => {
    const { wrapper, operations } = await openRound();
    await wrapper.get('#codes-role').setValue('PROFESSIONAL');
    await wrapper.get('#codes-count').setValue('5000');
    await button(wrapper, 'Lag koder').trigger('click');
    await settle();

    expect(wrapper.get('#codes-count-error').text()).toBe('Skriv et heltall fra 1 til 1000.');
    expect(operations.some((o) => operationName(o) === 'CreateInvitationCodes')).toBe(false);
  });

  it('closes the round after confirmation, and reopens it with a new closing time', async () => {
    const { wrapper, operations } = await openRound();

    await button(wrapper, 'Steng runden').trigger('click');
    await settle();
    const dialog = wrapper.get('dialog[open]');
    expect(dialog.text()).toContain('Stenge runden?');
    await dialog
      .findAll('button')
      .find((b) => b.text() === 'Steng runden')!
      .trigger('click');
    await settle();

    expect(operations.some((o) => operationName(o) === 'CloseRound')).toBe(true);
    expect(wrapper.get('#round-status-heading').text()).toContain('Stengt');
    expect(wrapper.text()).toContain('Runden er stengt.');

    await wrapper.get('#round-reopen-closes').setValue('2026-12-01T12:00');
    await button(wrapper, 'Åpne runden igjen').trigger('click');
    await settle();

    const reopen = operations.find((o) => operationName(o) === 'ReopenRound');
    expect(reopen?.variables).toEqual({ id: 'w1', closesAt: new Date('2026-12-01T12:00').toISOString() });
    expect(wrapper.get('#round-status-heading').text()).toContain('Åpen');
  });

  it('asks for fresh counts every 15 seconds while the page is visible', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { wrapper, operations, api } = await openRound();
    const polls = () => operations.filter((o) => operationName(o) === 'RoundCounts').length;
    expect(polls()).toBe(0);

    api.rounds[0]!.counts![2]!.submitted = 5;
    await vi.advanceTimersByTimeAsync(15_000);
    await settle();

    expect(polls()).toBe(1);
    expect(wrapper.get('tr[data-role="CONSULTANT"]').findAll('td')[1]?.text()).toBe('5');

    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls()).toBe(1);

    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(polls()).toBe(2);
  });
});
