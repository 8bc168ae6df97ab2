import type { Operation } from '@urql/vue';
import type { RespondentRole } from '@verdi/schema/generated';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, errorResult, operationName, type MockReply } from '../../test/urql';
import { useInvitationsMessages } from '../i18n';
import InviteeUpload from './InviteeUpload.vue';

const Host = defineComponent({
  props: { roles: { type: Array as () => RespondentRole[], required: true } },
  emits: ['added'],
  setup(props, { emit }) {
    useInvitationsMessages();
    return () => h(InviteeUpload, { roundId: 'w1', roles: props.roles, onAdded: () => emit('added') });
  },
});

async function mountUpload(
  reply: (operation: Operation) => MockReply,
  roles: RespondentRole[] = ['PROFESSIONAL', 'CONSULTANT'],
) {
  const { client, operations } = createMockClient((operation) => {
    if (operationName(operation) !== 'AddInvitees') throw new Error('unexpected operation');
    return reply(operation);
  });
  const mounted = mountWithApp(Host, { client, attachTo: document.body, props: { roles } });
  await settle();
  return { ...mounted, operations };
}

describe('InviteeUpload', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('sends the list with the default role and language, and lists the duplicates back', async () => {
    const { wrapper, operations } = await mountUpload((operation) =>
      dataResult(operation, {
        addInvitees: {
          __typename: 'AddedInvitees',
          added: 2,
          duplicates: [{ __typename: 'InviteeDuplicate', line: 3, email: 'a@example.org' }],
        },
      }),
    );
    const list = 'a@example.org\nb@example.org; erfaringskonsulent; en\nA@example.org';
    await wrapper.get('#invitee-text').setValue(list);
    await wrapper.get('#invitee-role').setValue('PROFESSIONAL');
    await wrapper.get('#invitee-language').setValue('nn');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.map((o) => o.variables)).toEqual([
      { roundId: 'w1', input: { text: list, defaultRole: 'PROFESSIONAL', defaultLanguage: 'nn' } },
    ]);
    const outcome = wrapper.get('[data-testid="invitee-added"]');
    expect(outcome.attributes('role')).toBe('status');
    expect(outcome.text()).toContain('2 adresser er lagt til.');
    expect(wrapper.findAll('[data-testid="invitee-duplicates"] li').map((li) => li.text())).toEqual([
      'Linje 3: a@example.org',
    ]);
    expect(document.activeElement).toBe(outcome.element);
    expect((wrapper.get('#invitee-text').element as HTMLTextAreaElement).value).toBe('');
    expect(wrapper.emitted('added')).toHaveLength(1);
  });

  it('shows each bad line the API names, in line order, and keeps the list to correct', async () => {
    const { wrapper } = await mountUpload((operation) =>
      errorResult(operation, [
        {
          message: 'Invalid input: 2 lines',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: {
              'lines.12': 'is not an e-mail address',
              'lines.4':
                'asks the role SERVICE_USER, which this round asks nothing; has a language other than nb, nn or en',
              'lines.7': 'names no role Verdi knows ("kokk")',
              'lines.15': 'is wrong in a way this page does not know',
            },
          },
        },
      ]),
    );
    await wrapper.get('#invitee-text').setValue('ikke-en-adresse\nc@example.org');
    await wrapper.get('#invitee-role').setValue('CONSULTANT');
    await wrapper.get('form').trigger('submit');
    await settle();

    const lines = wrapper.get('[data-testid="invitee-line-errors"]');
    expect(wrapper.findAll('[role="alert"]')).toHaveLength(1);
    expect(lines.attributes('role')).toBe('alert');
    expect(lines.findAll('li').map((li) => li.text())).toEqual([
      // The API's reasons in the page's language; one it does not know stays as the API wrote it.
      'Linje 4: har rollen Tjenestebruker, som runden ikke har spørsmål til; har et annet språk enn nb, nn eller en',
      'Linje 7: har en rolle Verdi ikke kjenner («kokk»)',
      'Linje 12: er ikke en e-postadresse',
      'Linje 15: is wrong in a way this page does not know',
    ]);
    expect(lines.get('p').text()).toBe('Ingen adresser ble lagt til. Rett linjene under og prøv igjen.');
    expect(document.activeElement).toBe(lines.element);
    expect((wrapper.get('#invitee-text').element as HTMLTextAreaElement).value).toBe(
      'ikke-en-adresse\nc@example.org',
    );
    expect(wrapper.find('[data-testid="invitee-added"]').exists()).toBe(false);
  });

  it('asks for the list and the role before sending anything, and takes the only role by itself', async () => {
    const two = await mountUpload(() => {
      throw new Error('nothing should be sent');
    });
    await two.wrapper.get('form').trigger('submit');
    await settle();
    expect(two.wrapper.get('#invitee-text-error').text()).toBe('Må fylles ut.');
    expect(two.wrapper.get('#invitee-role-error').text()).toBe('Må fylles ut.');
    expect(two.operations).toHaveLength(0);
    two.wrapper.unmount();

    const one = await mountUpload(() => 'pending', ['CONSULTANT']);
    expect((one.wrapper.get('#invitee-role').element as HTMLSelectElement).value).toBe('CONSULTANT');
  });

  it('reads a CSV file into the box as text, without its byte order mark', async () => {
    const { wrapper } = await mountUpload(() => 'pending');
    const file = new File(['\uFEFFe-post;rolle\nkari@example.org;fagperson\n'], 'liste.csv', {
      type: 'text/csv',
    });
    const input = wrapper.get('#invitee-file');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await settle();
    expect((wrapper.get('#invitee-text').element as HTMLTextAreaElement).value).toBe(
      'e-post;rolle\nkari@example.org;fagperson\n',
    );
    expect(wrapper.get('label[for="invitee-file"]').text()).toBe('Eller les inn en CSV-fil');
  });
});
