import type { Operation } from '@urql/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, operationName, type MockReply } from '../../test/urql';
import { useInvitationsMessages } from '../i18n';
import { invitations } from '../test/invitationsApi';
import InvitationSettingsForm from './InvitationSettingsForm.vue';
import MailPreview from './MailPreview.vue';

function host(component: typeof InvitationSettingsForm | typeof MailPreview, props: Record<string, unknown>) {
  return defineComponent({
    setup() {
      useInvitationsMessages();
      return () => h(component as never, props);
    },
  });
}

async function mountWith(
  component: typeof InvitationSettingsForm | typeof MailPreview,
  props: Record<string, unknown>,
  reply: (operation: Operation) => MockReply,
) {
  const { client, operations } = createMockClient(reply);
  const mounted = mountWithApp(host(component, props), { client, attachTo: document.body });
  await settle();
  return { ...mounted, operations };
}

describe('InvitationSettingsForm', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('starts from the settings, checks the reminder and grace days, then saves them', async () => {
    const { wrapper, operations } = await mountWith(
      InvitationSettingsForm,
      { roundId: 'w1', settings: invitations().settings },
      (operation) => dataResult(operation, { updateInvitationSettings: invitations() }),
    );
    expect((wrapper.get('#invitation-reminder-days').element as HTMLInputElement).value).toBe('7, 14');
    expect((wrapper.get('#invitation-grace-days').element as HTMLInputElement).value).toBe('30');

    await wrapper.get('#invitation-reminder-days').setValue('14, 7');
    await wrapper.get('#invitation-grace-days').setValue('400');
    await wrapper.get('#invitation-message-en').setValue('Only English');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#invitation-reminder-days-error').text()).toBe(
      'Skriv opptil tre tall fra 1 til 60 i stigende rekkefølge.',
    );
    expect(wrapper.get('#invitation-grace-days-error').text()).toBe(
      'Skriv et tall fra 0 til 365, eller la feltet stå tomt.',
    );
    expect(wrapper.get('#invitation-message-nb-error').text()).toContain('bokmål først');
    expect(operations).toHaveLength(0);

    await wrapper.get('#invitation-reminder-days').setValue('5 10 20');
    await wrapper.get('#invitation-grace-days').setValue('');
    await wrapper.get('#invitation-message-nb').setValue('  Vi vil gjerne høre fra deg.  ');
    await wrapper.get('#invitation-reply-to').setValue('forsker@example.org');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(
      operations.filter((o) => operationName(o) === 'UpdateInvitationSettings').map((o) => o.variables),
    ).toEqual([
      {
        roundId: 'w1',
        input: {
          message: { nb: 'Vi vil gjerne høre fra deg.', nn: null, en: 'Only English' },
          replyTo: 'forsker@example.org',
          reminderDays: [5, 10, 20],
          graceDays: null,
        },
      },
    ]);
    expect(wrapper.get('[role="status"]').text()).toBe('Innstillingene er lagret.');
  });
});

describe('MailPreview', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for nothing until shown, then puts the HTML in a sandboxed frame and the text part beside it', async () => {
    const html =
      '<!doctype html><html lang="nb"><body><h1>Invitasjon</h1><script>alert(1)</script></body></html>';
    const { wrapper, operations } = await mountWith(MailPreview, { roundId: 'w1' }, (operation) =>
      dataResult(operation, {
        invitationPreview: {
          __typename: 'MailPreview',
          subject: 'Invitasjon: Erfaringsskolen',
          text: 'Hei!\n\nSvar på undersøkelsen: https://verdi.example.org/i/inv.eksempel',
          html,
        },
      }),
    );
    expect(operations).toHaveLength(0);

    await wrapper.get('#mail-preview-kind').setValue('REMINDER');
    await wrapper.get('#mail-preview-language').setValue('en');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Vis forhåndsvisning')!
      .trigger('click');
    await settle();

    expect(operations.map((o) => o.variables)).toEqual([{ roundId: 'w1', kind: 'REMINDER', language: 'en' }]);
    const frame = wrapper.get('iframe');
    expect(frame.attributes('sandbox')).toBe('');
    expect(frame.attributes('srcdoc')).toBe(html);
    expect(frame.attributes('title')).toBe('Forhåndsvisning av e-posten: Invitasjon: Erfaringsskolen');
    expect(wrapper.get('.mail-preview__text').text()).toContain(
      'Svar på undersøkelsen: https://verdi.example.org/i/',
    );
    expect(wrapper.text()).toContain('Emne: Invitasjon: Erfaringsskolen');
  });
});
