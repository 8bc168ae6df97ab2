import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../router';
import {
  account,
  auditEvent,
  fakeApi,
  project,
  user,
  type ApiAuditEvent,
  type FakeApiState,
} from '../test/fakeApi';
import { mountWithApp, settle } from '../test/mount';
import { createMockClient, errorResult, operationName } from '../test/urql';
import type { Locale } from '../i18n';
import { auditActions } from '../composables/useAuditLog';
import AdminAuditView from './AdminAuditView.vue';

const admin = user({ name: 'Testbruker Admin', isAdmin: true });
const actor = account({ name: 'Testbruker Admin', email: 'admin@example.org', isAdmin: true });
const subject = account({ name: 'Eksempel Leder', email: 'leder@example.org' });
const recovery = project({ name: 'Recoveryteamet' });

/** 120 sign-ins, one a minute, then one membership, newest first. */
function manyEvents(): ApiAuditEvent[] {
  const signIns = Array.from({ length: 120 }, (_, i) =>
    auditEvent({
      action: 'SIGN_IN',
      at: new Date(Date.parse('2026-03-01T08:00:00.000Z') + i * 60_000).toISOString(),
      actorId: actor.id,
      subjectType: 'User',
      subjectId: actor.id,
      ip: '192.0.2.10',
    }),
  ).reverse();
  const granted = auditEvent({
    action: 'MEMBERSHIP_GRANTED',
    at: '2026-03-02T09:30:00.000Z',
    actorId: actor.id,
    subjectType: 'User',
    subjectId: subject.id,
    projectId: recovery.id,
    details: { role: 'MANAGER' },
  });
  return [granted, ...signIns];
}

async function setup(
  path: string,
  options: { locale?: Locale; handlers?: Parameters<typeof fakeApi>[1] } = {},
) {
  const api: FakeApiState = {
    projects: [recovery],
    viewer: admin,
    users: [actor, subject],
    auditEvents: manyEvents(),
  };
  const { client, operations } = createMockClient(fakeApi(api, options.handlers));
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const mounted = mountWithApp(AdminAuditView, {
    client,
    router,
    locale: options.locale,
    attachTo: document.body,
  });
  await settle();
  return { ...mounted, operations };
}

function auditQueries(operations: Awaited<ReturnType<typeof setup>>['operations']) {
  return operations.filter((o) => operationName(o) === 'AuditEvents').map((o) => o.variables);
}

describe('AdminAuditView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the newest 50 events, with names instead of ids', async () => {
    const { wrapper, operations } = await setup('/admin/audit');

    expect(auditQueries(operations)).toEqual([{ limit: 50, offset: 0, action: null }]);
    expect(wrapper.findAll('tbody tr')).toHaveLength(50);
    expect(wrapper.get('.audit-range').text()).toBe('Viser 1–50 av 121');
    const cells = wrapper
      .findAll('tbody tr')[0]
      ?.findAll('td')
      .map((cell) => cell.text());
    expect(cells?.slice(1)).toEqual([
      'Rolle gitt',
      'Testbruker Admin',
      'Bruker: Eksempel Leder',
      'Recoveryteamet',
      '–',
      'role: MANAGER',
    ]);
    expect(wrapper.findAll('tbody tr')[1]?.findAll('td')[5]?.text()).toBe('192.0.2.10');
    expect(wrapper.get('.pagination__page').text()).toBe('Side 1 av 3');
  });

  it('shows times in the format of the chosen language', async () => {
    const expected = (locale: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(
        new Date('2026-03-02T09:30:00.000Z'),
      );

    const nb = await setup('/admin/audit');
    const nbTime = nb.wrapper.get('tbody time');
    expect(nbTime.text()).toBe(expected('nb-NO'));
    expect(nbTime.attributes('datetime')).toBe('2026-03-02T09:30:00.000Z');
    nb.wrapper.unmount();

    const en = await setup('/admin/audit', { locale: 'en' });
    expect(en.wrapper.get('tbody time').text()).toBe(expected('en-GB'));
    expect(en.wrapper.get('tbody td:nth-child(2)').text()).toBe('Role given');
    expect(expected('nb-NO')).not.toBe(expected('en-GB'));
  });

  it('pages through the log, keeping the page in the address', async () => {
    const { wrapper, router, operations } = await setup('/admin/audit');
    const [previous, next] = wrapper.findAll('.pagination button');
    expect(previous?.attributes('aria-disabled')).toBe('true');

    await previous?.trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/admin/audit');

    await next?.trigger('click');
    await settle();
    expect(router.currentRoute.value.query['page']).toBe('2');
    expect(auditQueries(operations).at(-1)).toEqual({ limit: 50, offset: 50, action: null });
    expect(wrapper.get('.audit-range').text()).toBe('Viser 51–100 av 121');

    await next?.trigger('click');
    await settle();
    expect(wrapper.get('.audit-range').text()).toBe('Viser 101–121 av 121');
    expect(wrapper.findAll('tbody tr')).toHaveLength(21);
    expect(next?.attributes('aria-disabled')).toBe('true');
  });

  it('opens at the page and filter in the address', async () => {
    const { wrapper, operations } = await setup('/admin/audit?page=2&action=SIGN_IN');

    expect(auditQueries(operations)).toEqual([{ limit: 50, offset: 50, action: 'SIGN_IN' }]);
    expect((wrapper.get('#audit-action').element as HTMLSelectElement).value).toBe('SIGN_IN');
  });

  it('filters by action, from the first page', async () => {
    const { wrapper, router, operations } = await setup('/admin/audit?page=3');

    const options = wrapper.findAll('#audit-action option').map((o) => o.text());
    expect(options[0]).toBe('Alle hendelser');
    expect(options).toContain('Mislykket innlogging');
    // One option per action, each with a translated name.
    expect(options).toHaveLength(auditActions.length + 1);
    expect(options.filter((o) => o.startsWith('audit.') || /^[A-Z_]+$/.test(o))).toEqual([]);

    await wrapper.get('#audit-action').setValue('MEMBERSHIP_GRANTED');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(router.currentRoute.value.fullPath).toBe('/admin/audit?action=MEMBERSHIP_GRANTED');
    expect(auditQueries(operations).at(-1)).toEqual({ limit: 50, offset: 0, action: 'MEMBERSHIP_GRANTED' });
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
    expect(wrapper.find('.pagination').exists()).toBe(false);

    await wrapper.get('#audit-action').setValue('');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/admin/audit');
  });

  it('says when there are no events of the kind chosen', async () => {
    const { wrapper } = await setup('/admin/audit?action=TOKEN_REVOKED');

    expect(wrapper.get('.empty-state').text()).toBe('Ingen hendelser.');
    expect(wrapper.find('table').exists()).toBe(false);
  });

  it('shows an error when the log cannot be loaded', async () => {
    const { wrapper } = await setup('/admin/audit', {
      handlers: {
        AuditEvents: (operation) =>
          errorResult(operation, [{ message: 'Boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]),
      },
    });

    expect(wrapper.get('[role="alert"]').text()).toContain('Kunne ikke hente revisjonsloggen.');
    expect(wrapper.find('.empty-state').exists()).toBe(false);
  });
});
