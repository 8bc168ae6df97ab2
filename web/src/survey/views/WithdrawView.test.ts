import type { Operation } from '@urql/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import {
  createMockClient,
  dataResult,
  errorResult,
  networkErrorResult,
  operationName,
  type Responder,
} from '../../test/urql';
import WithdrawView from './WithdrawView.vue';

/** The API's withdrawal: one stored submission, found by its receipt code. */
function withdrawApi(receipt = 'ABCD-EFGH-JKMN'): { respond: Responder; withdrawn: string[] } {
  const withdrawn: string[] = [];
  const respond: Responder = (operation: Operation) => {
    if (operationName(operation) !== 'WithdrawSurveyResponse') throw new Error('unexpected operation');
    const code = String(operation.variables?.['receiptCode']);
    if (code !== receipt)
      return errorResult(operation, [{ message: 'not found', extensions: { code: 'NOT_FOUND' } }]);
    withdrawn.push(code);
    return dataResult(operation, {
      withdrawSurveyResponse: { __typename: 'WithdrawalReceipt', withdrawnOn: '2026-03-05' },
    });
  };
  return { respond, withdrawn };
}

async function mountView(respond: Responder) {
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/trekk');
  const mounted = mountWithApp(WithdrawView, { client, router, attachTo: document.body });
  await settle();
  return { ...mounted, operations };
}

function button(wrapper: Awaited<ReturnType<typeof mountView>>['wrapper'], name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('WithdrawView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for confirmation, then deletes the answers and says so', async () => {
    const api = withdrawApi();
    const { wrapper, operations } = await mountView(api.respond);
    expect(wrapper.get('h1').text()).toBe('Trekk svarene dine');

    // Typed as a participant might: lower case, with spaces.
    await wrapper.get('#receipt-code').setValue(' abcd efgh jkmn ');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations).toHaveLength(0);
    const confirmHeading = wrapper.get('#withdraw-confirm-heading');
    expect(confirmHeading.text()).toBe('Slette svarene for godt?');
    expect(document.activeElement).toBe(confirmHeading.element);
    expect(wrapper.text()).toContain('ABCD-EFGH-JKMN');

    await button(wrapper, 'Ja, slett svarene').trigger('click');
    await settle();

    expect(api.withdrawn).toEqual(['ABCD-EFGH-JKMN']);
    const done = wrapper.get('#withdraw-done-heading');
    expect(done.text()).toBe('Svarene dine er slettet');
    expect(wrapper.text()).toContain('Svarene ble slettet 5. mars 2026.');
    expect(document.activeElement).toBe(done.element);
  });

  it('sends nothing when the participant cancels', async () => {
    const api = withdrawApi();
    const { wrapper, operations } = await mountView(api.respond);
    await wrapper.get('#receipt-code').setValue('ABCD-EFGH-JKMN');
    await wrapper.get('form').trigger('submit');
    await settle();

    await button(wrapper, 'Avbryt').trigger('click');
    await settle();

    expect(operations).toHaveLength(0);
    expect(document.activeElement).toBe(wrapper.get('#receipt-code').element);
    expect((wrapper.get('#receipt-code').element as HTMLInputElement).value).toBe('ABCD-EFGH-JKMN');
  });

  it('checks the code before sending', async () => {
    const { wrapper, operations } = await mountView(withdrawApi().respond);

    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#receipt-code-error').text()).toBe('Skriv inn kvitteringskoden.');

    await wrapper.get('#receipt-code').setValue('ABCD-EFGH');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(wrapper.get('#receipt-code-error').text()).toContain('12 tegn');
    expect(wrapper.get('#receipt-code').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(wrapper.get('#receipt-code').element);
    expect(operations).toHaveLength(0);
  });

  it('says so when no answers have that receipt code', async () => {
    const { wrapper } = await mountView(withdrawApi().respond);
    await wrapper.get('#receipt-code').setValue('ZZZZ-ZZZZ-ZZZZ');
    await wrapper.get('form').trigger('submit');
    await settle();
    await button(wrapper, 'Ja, slett svarene').trigger('click');
    await settle();

    expect(wrapper.get('#receipt-code-error').text()).toBe(
      'Fant ingen svar med denne kvitteringskoden. Sjekk at den er skrevet av riktig.',
    );
    expect(wrapper.find('#withdraw-done-heading').exists()).toBe(false);
  });

  it('says so when the server cannot be reached', async () => {
    const { wrapper } = await mountView((operation) => networkErrorResult(operation));
    await wrapper.get('#receipt-code').setValue('ABCD-EFGH-JKMN');
    await wrapper.get('form').trigger('submit');
    await settle();
    await button(wrapper, 'Ja, slett svarene').trigger('click');
    await settle();

    expect(wrapper.get('[role="alert"]').text()).toContain('Vi får ikke kontakt med serveren');
  });
});
