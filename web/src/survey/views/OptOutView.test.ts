import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import {
  createMockClient,
  dataResult,
  errorResult,
  networkErrorResult,
  operationName,
  type Responder,
} from '../../test/urql';

async function open(path: string, respond: Responder, locale?: 'nb' | 'en') {
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body, locale });
  await settle();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  return { ...mounted, operations };
}

/** The public mutation: true for any token, as the API answers. */
const optOutApi: Responder = (operation) => {
  if (operationName(operation) !== 'OptOutOfReminders')
    throw new Error(`unexpected ${operationName(operation)}`);
  return dataResult(operation, { optOutOfReminders: true });
};

function button(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('the opt-out page', () => {
  afterEach(() => {
    localStorage.clear();
    document.body.innerHTML = '';
  });

  it('changes nothing when opened: it shows a page with a button, in the participant frame', async () => {
    const { wrapper, operations } = await open('/u/out.abc123', optOutApi);

    expect(operations).toEqual([]);
    expect(wrapper.find('.app-header').exists()).toBe(false);
    expect(wrapper.get('h1').text()).toBe('Ingen flere påminnelser');
    expect(wrapper.text()).toContain('Du kan fortsatt svare på undersøkelsen med lenken i e-posten.');
    expect(document.title).toBe('Ingen flere påminnelser – Verdi');
    expect(button(wrapper, 'Ikke send meg flere påminnelser').exists()).toBe(true);
  });

  it('opts out with the button, then confirms with focus on the heading', async () => {
    const { wrapper, operations } = await open('/u/out.abc123', optOutApi);

    await button(wrapper, 'Ikke send meg flere påminnelser').trigger('click');
    await settle();

    expect(operations.map((o) => [operationName(o), o.variables])).toEqual([
      ['OptOutOfReminders', { token: 'out.abc123' }],
    ]);
    expect(wrapper.get('h1').text()).toBe('Du får ingen flere påminnelser');
    expect(document.activeElement).toBe(wrapper.get('h1').element);
    expect(wrapper.get('[role="status"]').text()).toContain('Vi sender ingen flere påminnelser');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Ikke send meg flere påminnelser')).toBe(false);
  });

  it('gives the same "done" for a token nobody has, since the API answers true for any', async () => {
    const { wrapper } = await open('/u/out.unknown', optOutApi, 'en');
    expect(wrapper.get('h1').text()).toBe('No more reminders');
    await button(wrapper, 'Send me no more reminders').trigger('click');
    await settle();
    expect(wrapper.get('h1').text()).toBe('You will get no more reminders');
  });

  it('says so when the server cannot be reached or is busy, and lets the participant try again', async () => {
    let reply: Responder = (operation) => networkErrorResult(operation);
    const { wrapper } = await open('/u/out.abc123', (operation) => reply(operation));

    await button(wrapper, 'Ikke send meg flere påminnelser').trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('Det ble ikke registrert.');

    reply = (operation) =>
      errorResult(operation, [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }]);
    await button(wrapper, 'Ikke send meg flere påminnelser').trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'For mange forsøk på kort tid. Vent litt og prøv igjen.',
    );

    reply = optOutApi;
    await button(wrapper, 'Ikke send meg flere påminnelser').trigger('click');
    await settle();
    expect(wrapper.get('h1').text()).toBe('Du får ingen flere påminnelser');
  });
});
