import type { Operation } from '@urql/vue';
import type { ProjectRetentionFieldsFragment } from '@verdi/schema/generated';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { Locale } from '../../i18n';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, errorResult, operationName } from '../../test/urql';
import { useRetentionMessages } from '../i18n';
import ProjectRetentionForm from './ProjectRetentionForm.vue';

const NOW = new Date('2026-12-01T10:00:00Z');

function retention(fields: Partial<ProjectRetentionFieldsFragment> = {}) {
  return {
    __typename: 'ProjectRetention' as const,
    endsOn: '2027-12-31',
    action: 'DELETE' as const,
    reference: 'REK 2025/12345',
    daysLeft: 30,
    state: 'WARNED' as const,
    warningsSent: [30],
    doneAt: null,
    ...fields,
  };
}

const Host = defineComponent({
  props: { researcher: { type: Boolean, required: true } },
  setup(props) {
    useRetentionMessages();
    return () => h(ProjectRetentionForm, { projectId: 'p1', researcher: props.researcher, now: () => NOW });
  },
});

/** The form over a fake API holding one project's retention; SetProjectRetention answers as the API would. */
async function mountForm(
  options: {
    current?: ReturnType<typeof retention> | null;
    researcher?: boolean;
    locale?: Locale;
    setReply?: (operation: Operation) => ReturnType<typeof dataResult>;
  } = {},
) {
  let current = options.current === undefined ? retention() : options.current;
  const { client, operations } = createMockClient((operation) => {
    const name = operationName(operation);
    if (name === 'ProjectRetention')
      return dataResult(operation, { project: { __typename: 'Project', id: 'p1', retention: current } });
    if (name === 'SetProjectRetention') {
      if (options.setReply) return options.setReply(operation);
      const input = (
        operation.variables as { input: { endsOn: string; action: 'DELETE'; reference: string } }
      ).input;
      current = retention({ ...input, daysLeft: 395, state: 'SCHEDULED', warningsSent: [] });
      return dataResult(operation, {
        setProjectRetention: { __typename: 'Project', id: 'p1', retention: current },
      });
    }
    throw new Error(`unexpected ${name}`);
  });
  const mounted = mountWithApp(Host, {
    client,
    locale: options.locale,
    attachTo: document.body,
    props: { researcher: options.researcher ?? true },
  });
  await settle();
  return { ...mounted, operations };
}

describe('ProjectRetentionForm', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('tells every member the end date, the approval and the days left, in bokmål and English', async () => {
    const nb = await mountForm({ researcher: false });
    expect(nb.wrapper.get('.retention-banner').text()).toBe(
      'Data slettes 31.12.2027 (REK 2025/12345): 30 dager igjen',
    );
    expect(nb.wrapper.find('form').exists()).toBe(false);
    nb.wrapper.unmount();

    const en = await mountForm({
      researcher: false,
      locale: 'en',
      current: retention({ action: 'ANONYMISE', daysLeft: 1 }),
    });
    expect(en.wrapper.get('.retention-banner').text()).toBe(
      'Data will be anonymised on 31/12/2027 (REK 2025/12345): 1 day left',
    );
  });

  it('lets a researcher set the date, action and approval, starting from what is set', async () => {
    const { wrapper, operations } = await mountForm();
    expect((wrapper.get('#retention-ends-on').element as HTMLInputElement).value).toBe('2027-12-31');
    expect((wrapper.get('#retention-reference').element as HTMLInputElement).value).toBe('REK 2025/12345');

    await wrapper.get('#retention-ends-on').setValue('2028-06-30');
    await wrapper.get('#retention-action').setValue('ANONYMISE');
    await wrapper.get('#retention-reference').setValue('  REK 2025/999 ');
    await wrapper.get('form').trigger('submit');
    await settle();

    const sent = operations.filter((o) => operationName(o) === 'SetProjectRetention').map((o) => o.variables);
    expect(sent).toEqual([
      { projectId: 'p1', input: { endsOn: '2028-06-30', action: 'ANONYMISE', reference: 'REK 2025/999' } },
    ]);
    expect(wrapper.text()).toContain('Sluttdatoen er lagret.');
    expect(wrapper.get('.retention-banner').text()).toContain('Data anonymiseres 30.06.2028 (REK 2025/999)');
  });

  it('checks the date and the reference before sending, and shows the API’s message for a field', async () => {
    const { wrapper, operations } = await mountForm({
      current: null,
      setReply: (operation) =>
        errorResult(operation, [
          {
            message: 'Invalid input: endsOn must be tomorrow or later; today is 2026-12-02 in Norway',
            extensions: {
              code: 'BAD_USER_INPUT',
              fields: { endsOn: 'must be tomorrow or later; today is 2026-12-02 in Norway' },
            },
          },
        ]),
    });
    expect(wrapper.find('.retention-banner').exists()).toBe(false);
    await wrapper.get('#retention-ends-on').setValue('2026-12-01');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#retention-ends-on-error').text()).toBe('Må være i morgen eller senere.');
    expect(wrapper.get('#retention-reference-error').text()).toBe('Må fylles ut.');
    expect(operations.filter((o) => operationName(o) === 'SetProjectRetention')).toHaveLength(0);

    await wrapper.get('#retention-ends-on').setValue('2026-12-02');
    await wrapper.get('#retention-reference').setValue('REK 1');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#retention-ends-on-error').text()).toBe(
      'must be tomorrow or later; today is 2026-12-02 in Norway',
    );
  });

  it('folds the form away once a date is set, leaving the banner; open while none is set', async () => {
    const set = await mountForm();
    const details = set.wrapper.get('[data-testid="retention-details"]');
    expect(details.element.tagName).toBe('DETAILS');
    expect((details.element as HTMLDetailsElement).open).toBe(false);
    expect(details.get('summary h2').text()).toBe('Oppbevaring av data');
    expect(set.wrapper.get('.retention-banner').isVisible()).toBe(true);
    set.wrapper.unmount();

    const none = await mountForm({ current: null });
    expect((none.wrapper.get('[data-testid="retention-details"]').element as HTMLDetailsElement).open).toBe(
      true,
    );
    // Saving a date does not fold the form over its own confirmation.
    await none.wrapper.get('#retention-ends-on').setValue('2028-06-30');
    await none.wrapper.get('#retention-reference').setValue('REK 2025/999');
    await none.wrapper.get('form').trigger('submit');
    await settle();
    expect(none.wrapper.text()).toContain('Sluttdatoen er lagret.');
    expect((none.wrapper.get('[data-testid="retention-details"]').element as HTMLDetailsElement).open).toBe(
      true,
    );
  });

  it('after the run: no form, and a link to the receipt for researchers only', async () => {
    const done = retention({ state: 'DONE', daysLeft: -2, doneAt: '2027-12-31T02:00:00.000Z' });
    const researcher = await mountForm({ current: done });
    expect(researcher.wrapper.find('form').exists()).toBe(false);
    expect(researcher.wrapper.get('.retention-banner').text()).toBe(
      'Dataene ble slettet 31.12.2027 (REK 2025/12345). Se kvitteringen',
    );
    expect(researcher.wrapper.get('.retention-banner a').attributes('href')).toBe(
      '/projects/p1/retention/receipt',
    );
    researcher.wrapper.unmount();

    const manager = await mountForm({ current: done, researcher: false });
    expect(manager.wrapper.find('.retention-banner a').exists()).toBe(false);
  });
});
