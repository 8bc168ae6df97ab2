import type { RespondentRole, RoundStatus } from '@verdi/schema/generated';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../i18n';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, operationName, type MockReply } from '../../test/urql';
import type { Operation } from '@urql/vue';
import {
  invitations,
  invitationsApi,
  invitee,
  refusal,
  type InvitationsApiState,
} from '../test/invitationsApi';
import InvitationsPanel from './InvitationsPanel.vue';

const roles: RespondentRole[] = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];

async function mountPanel(
  options: {
    state?: Partial<InvitationsApiState>;
    handlers?: Partial<Record<string, (operation: Operation) => MockReply>>;
    status?: RoundStatus;
    locale?: Locale;
    closesAt?: string | null;
  } = {},
) {
  const state: InvitationsApiState = {
    invitations: invitations(),
    mail: { configured: true, from: 'verdi@example.org' },
    ...options.state,
  };
  const { client, operations } = createMockClient(invitationsApi(state, options.handlers));
  const mounted = mountWithApp(InvitationsPanel, {
    client,
    locale: options.locale,
    attachTo: document.body,
    props: {
      roundId: 'w1',
      status: options.status ?? 'OPEN',
      minGroupSize: 5,
      roles,
      closesAt: options.closesAt ?? '2026-04-30T21:59:00.000Z',
      closedAt: null,
    },
  });
  await settle();
  return { ...mounted, operations, state };
}

type Mounted = Awaited<ReturnType<typeof mountPanel>>;

function button(wrapper: Mounted['wrapper'], name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

function count(wrapper: Mounted['wrapper'], key: string): string {
  return wrapper.get(`[data-count="${key}"] dd`).text();
}

describe('InvitationsPanel', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the counts and the response rate, and in an anonymous round "answered" only as a count', async () => {
    const { wrapper } = await mountPanel({
      state: {
        invitations: invitations({
          counts: { ...invitations().counts, answered: 2, responseRate: 2 / 3 },
        }),
      },
    });

    expect(wrapper.get('h2').text()).toBe('Invitasjoner på e-post');
    expect(count(wrapper, 'invited')).toBe('5');
    expect(count(wrapper, 'notSent')).toBe('2');
    expect(count(wrapper, 'sent')).toBe('3');
    expect(count(wrapper, 'optedOut')).toBe('1');
    expect(count(wrapper, 'answered')).toBe('2');
    expect(count(wrapper, 'reminders')).toBe('2');
    expect(count(wrapper, 'rate')).toBe('67\u00a0% (2 av 3 som fikk e-posten)');
    expect(wrapper.get('[data-testid="answered-explained"]').text()).toBe(
      'Runden er anonym: Verdi teller at invitasjoner er besvart, men aldri hvilken adresse som har svart. ' +
        'Svarene telles i grupper på minst 5, så tallet kan ligge etter innsendte svar.',
    );
    // Never per address: no column for it, whatever the rows hold.
    const headers = wrapper.findAll('.invitee-table thead th').map((th) => th.text());
    expect(headers).toEqual(['E-post', 'Rolle', 'Språk', 'Status', 'Påminnelser', 'Fjern']);
    const rows = wrapper
      .findAll('.invitee-table tbody tr')
      .map((row) => row.findAll('th, td').map((c) => c.text()));
    expect(rows[0]).toEqual(['a@example.org', 'Fagperson', 'Bokmål', 'Sendt 02.03.2026', '1', 'Fjern']);
    expect(rows[1]![3]).toBe('Sendt 02.03.2026 (reservert mot påminnelser)');
    expect(rows[4]).toEqual(['e@example.org', 'Tjenestebruker', 'Engelsk', 'Ikke sendt', '0', 'Fjern']);
    expect(wrapper.text()).toContain('Invitasjonene ble først sendt 02.03.2026.');
    expect(wrapper.get('[data-testid="deletion-day"]').text()).toBe(
      'E-postadressene slettes 30.05.2026 (30 dager etter at runden stenger).',
    );
    expect(wrapper.text()).toContain('E-postene sendes fra verdi@example.org.');
  });

  it('shows a confidential round per address, with its own explanation, in English too', async () => {
    const confidential = invitations({
      anonymity: 'CONFIDENTIAL',
      invitees: [
        invitee('a@example.org', 'SENT', { answered: true }),
        invitee('b@example.org', 'SENT', { answered: false }),
      ],
    });
    const nb = await mountPanel({ state: { invitations: confidential } });
    expect(nb.wrapper.findAll('.invitee-table thead th').map((th) => th.text())).toContain('Svart');
    const answered = nb.wrapper
      .findAll('.invitee-table tbody tr')
      .map((row) => [row.get('th').text(), row.findAll('td')[3]!.text()]);
    expect(answered).toEqual([
      ['a@example.org', 'Ja'],
      ['b@example.org', 'Nei'],
    ]);
    expect(nb.wrapper.get('[data-testid="answered-explained"]').text()).toBe(
      'Runden er konfidensiell: listen viser hvem som har svart, fram til adressene slettes.',
    );
    nb.wrapper.unmount();

    const en = await mountPanel({ state: { invitations: confidential }, locale: 'en' });
    expect(en.wrapper.get('h2').text()).toBe('Invitations by e-mail');
    expect(en.wrapper.findAll('.invitee-table thead th').map((th) => th.text())).toContain('Answered');
    expect(en.wrapper.get('[data-testid="answered-explained"]').text()).toContain(
      'The round is confidential',
    );
  });

  it('sends the rest and says so; the button is "Send invitations" before anything was sent', async () => {
    const fresh = invitations({
      invitationsSentOn: null,
      counts: { ...invitations().counts, notSent: 5, sent: 0, optedOut: 0, reminders: 0, responseRate: null },
      invitees: [invitee('a@example.org', 'NEW')],
    });
    const { wrapper, operations, state } = await mountPanel({
      state: { invitations: fresh },
      handlers: {
        SendInvitations: (operation) => {
          state.invitations = invitations({
            counts: { ...invitations().counts, notSent: 0, queued: 5, sent: 0 },
          });
          return dataResult(operation, { sendInvitations: state.invitations });
        },
      },
    });
    expect(count(wrapper, 'rate')).toBe('Ingen sendt ennå');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Send påminnelse nå')).toBe(false);

    await button(wrapper, 'Send invitasjoner').trigger('click');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'SendInvitations').map((o) => o.variables)).toEqual([
      { roundId: 'w1' },
    ]);
    expect(wrapper.get('[role="status"]').text()).toBe('Invitasjonene er lagt i kø og sendes nå.');
    expect(document.activeElement).toBe(wrapper.get('[role="status"]').element);
    expect(button(wrapper, 'Send resten').attributes('disabled')).toBeDefined();
    expect(wrapper.get('#invitation-send-note').text()).toBe('Alle adressene har fått invitasjonen.');
  });

  it('words MAIL_UNAVAILABLE with its reason and MAIL_NOT_CONFIGURED plainly, and shows the mail error', async () => {
    let reply: (operation: Operation) => MockReply = (operation) =>
      refusal(operation, 'MAIL_UNAVAILABLE', { reason: 'AUTH' });
    const { wrapper } = await mountPanel({
      state: { invitations: invitations({ mailError: '421 4.7.0 Try again later' }) },
      handlers: { SendInvitations: (operation) => reply(operation) },
    });
    expect(wrapper.get('[data-testid="mail-error"]').text()).toBe(
      'Siste utsending stoppet: 421 4.7.0 Try again later',
    );

    await button(wrapper, 'Send resten').trigger('click');
    await settle();
    const alert = wrapper.get('[data-testid="invitation-error"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.findAll('p').map((p) => p.text())).toEqual([
      'Invitasjonene ble ikke sendt. Får ikke kontakt med e-postserveren, så ingenting ble sendt. ' +
        'Prøv igjen senere, eller be driftsansvarlig sjekke e-postoppsettet.',
      'Årsak: e-postserveren godtok ikke brukernavnet eller passordet i SMTP_URL.',
    ]);
    expect(document.activeElement).toBe(alert.element);

    reply = (operation) => refusal(operation, 'MAIL_NOT_CONFIGURED');
    await button(wrapper, 'Send resten').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="invitation-error"]').text()).toBe(
      'Invitasjonene ble ikke sendt. Denne installasjonen av Verdi har ingen e-postserver satt opp, ' +
        'så ingen e-post kan sendes. Be driftsansvarlig sette SMTP_URL.',
    );
  });

  it('explains that the installation has no mail server and disables sending, but still lists and adds', async () => {
    const { wrapper, operations } = await mountPanel({ state: { mail: { configured: false, from: null } } });

    expect(wrapper.get('[data-testid="no-mail"]').text()).toContain(
      'Denne installasjonen av Verdi har ingen e-postserver satt opp',
    );
    expect(button(wrapper, 'Send resten').attributes('disabled')).toBeDefined();
    expect(button(wrapper, 'Send påminnelse nå').attributes('disabled')).toBeDefined();
    expect(wrapper.get('#invitation-send-note').text()).toContain('Be driftsansvarlig sette SMTP_URL.');
    expect(wrapper.find('#invitee-text').exists()).toBe(true);
    expect(wrapper.findAll('.invitee-table tbody tr')).toHaveLength(5);
    expect(operations.some((o) => operationName(o) === 'SendInvitations')).toBe(false);
  });

  it('sends a reminder now and says how many went', async () => {
    const { wrapper, operations } = await mountPanel({
      handlers: {
        SendRemindersNow: (operation) =>
          dataResult(operation, {
            sendRemindersNow: invitations({ counts: { ...invitations().counts, reminders: 4 } }),
          }),
      },
    });
    await button(wrapper, 'Send påminnelse nå').trigger('click');
    await settle();
    expect(operations.filter((o) => operationName(o) === 'SendRemindersNow').map((o) => o.variables)).toEqual(
      [{ roundId: 'w1' }],
    );
    expect(wrapper.get('[role="status"]').text()).toBe('2 påminnelser er sendt.');
  });

  it('removes an address after confirmation', async () => {
    const { wrapper, operations } = await mountPanel();
    const remove = wrapper.get('button[aria-label="Fjern d@example.org"]');
    await remove.trigger('click');
    await settle();
    const dialog = wrapper.get('dialog');
    expect(dialog.text()).toContain('d@example.org fjernes fra invitasjonslisten');
    await dialog
      .findAll('button')
      .find((b) => b.text() === 'Fjern')!
      .trigger('click');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'RemoveInvitees').map((o) => o.variables)).toEqual([
      { roundId: 'w1', ids: ['id-d@example.org'] },
    ]);
    expect(wrapper.get('[role="status"]').text()).toBe('Én adresse er fjernet.');
    expect(wrapper.findAll('.invitee-table tbody tr')).toHaveLength(4);
  });

  it('offers no sending in a draft or closed round, and says when the addresses were deleted', async () => {
    const draft = await mountPanel({ status: 'DRAFT' });
    expect(button(draft.wrapper, 'Send resten').attributes('disabled')).toBeDefined();
    expect(draft.wrapper.get('#invitation-send-note').text()).toBe(
      'Runden må åpnes før invitasjonene kan sendes.',
    );
    draft.wrapper.unmount();

    const deleted = await mountPanel({
      status: 'CLOSED',
      state: { invitations: invitations({ addressesDeletedOn: '2026-06-01', invitees: [] }) },
    });
    expect(deleted.wrapper.get('[data-testid="deletion-day"]').text()).toBe(
      'E-postadressene ble slettet 01.06.2026. Tallene over er tatt vare på.',
    );
    expect(deleted.wrapper.text()).toContain('Adressene er slettet.');
    expect(deleted.wrapper.findAll('button').some((b) => b.text() === 'Send resten')).toBe(false);
    expect(deleted.wrapper.find('#invitee-text').exists()).toBe(false);
  });

  it('keeps "Send invitations" off until addresses are added, and says so', async () => {
    const empty = invitations({
      invitationsSentOn: null,
      invitees: [],
      counts: {
        ...invitations().counts,
        invited: 0,
        notSent: 0,
        sent: 0,
        optedOut: 0,
        answered: 0,
        reminders: 0,
        responseRate: null,
      },
    });
    const { wrapper } = await mountPanel({ state: { invitations: empty } });
    expect(button(wrapper, 'Send invitasjoner').attributes('disabled')).toBeDefined();
    expect(wrapper.get('#invitation-send-note').text()).toBe('Legg til adressene under først.');
    expect(wrapper.text()).toContain('Ingen adresser ennå.');
  });
});
