import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName, type Responder } from '../../test/urql';
import { surveyApi, surveyApiState, surveyData, unavailable } from '../test/surveyApi';

async function open(path: string, respond: Responder, locale?: 'nb' | 'en') {
  // As chosen on an earlier visit: the survey opens in the round's default language otherwise.
  if (locale) localStorage.setItem('verdi.locale', locale);
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body, locale });
  await settle();
  return { ...mounted, operations };
}

const invited = (invitation: { linked: boolean; addressesDeletedBy: string | null } | null) =>
  surveyApi(
    surveyApiState(
      surveyData({ kind: 'EMAIL' }, {
        invitation: invitation && { __typename: 'SurveyInvitation', ...invitation },
      } as never),
    ),
  );

const note = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
  vi.waitFor(() => wrapper.get('[data-testid="invitation-note"]').text());

describe('a personal e-mail link (/i/:token)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    localStorage.clear();
    document.body.innerHTML = '';
  });

  it('opens the survey with the ticket as its token and says what an anonymous round records', async () => {
    const { wrapper, operations } = await open(
      '/i/inv.ticket1',
      invited({ linked: false, addressesDeletedBy: '2026-05-30' }),
    );

    expect(operations.map((o) => [operationName(o), o.variables?.['token']])).toEqual([
      ['Survey', 'inv.ticket1'],
    ]);
    expect(wrapper.get('h1').text()).toBe('Erfaringsskolen i Eksempelby');
    expect(await note(wrapper)).toBe(
      'Du er invitert på e-post. Verdi registrerer at du har svart, slik at du ikke får flere påminnelser, ' +
        'men ikke hvilket svar som er ditt.',
    );
    // In the list of what the participant should know, beside the anonymity sentence.
    expect(wrapper.get('.survey-facts').text()).toContain('Svarene er anonyme');
    expect(wrapper.get('.survey-facts').text()).toContain('Du er invitert på e-post.');
  });

  it('tells a confidential round’s invitee that the answers are linked until the addresses are deleted, in English too', async () => {
    const api = invited({ linked: true, addressesDeletedBy: '2026-05-30' });
    const nb = await open('/i/inv.ticket2', api);
    expect(await note(nb.wrapper)).toBe(
      'Du er invitert på e-post. Runden er konfidensiell: svaret ditt kan knyttes til invitasjonen din ' +
        'fram til e-postadressene slettes 30. mai 2026.',
    );
    nb.wrapper.unmount();

    const en = await open('/i/inv.ticket2', api, 'en');
    await vi.waitFor(() => expect(en.wrapper.text()).toContain('You were invited by e-mail.'));
    expect(en.wrapper.get('[data-testid="invitation-note"]').text()).toBe(
      'You were invited by e-mail. The round is confidential: your answers can be tied to your invitation ' +
        'until the e-mail addresses are deleted on 30 May 2026.',
    );
  });

  it('says nothing of invitations on an open link’s first page', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState()));
    await settle();
    expect(wrapper.find('[data-testid="invitation-note"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('invitert på e-post');
  });

  it('shows "already answered" for a ticket that was used', async () => {
    const { wrapper } = await open('/i/inv.used', (operation) =>
      unavailable(operation, 'ALREADY_SUBMITTED', 'These answers have already been submitted'),
    );
    expect(wrapper.get('h1').text()).toBe('Svarene er allerede sendt inn');
    expect(await note(wrapper)).toBe(
      'Du har allerede svart på denne invitasjonen. Takk! Den personlige lenken kan bare brukes én gang, ' +
        'og du får ingen flere påminnelser.',
    );
  });
});
