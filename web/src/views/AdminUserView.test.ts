import { afterEach, describe, expect, it } from 'vitest';
import {
  account,
  fakeApi,
  membership,
  project,
  user,
  type ApiAccount,
  type ApiProject,
  type FakeApiState,
} from '../test/fakeApi';
import { mountWithApp, settle, submitFormOf } from '../test/mount';
import { createMockClient, operationName } from '../test/urql';
import AdminUserView from './AdminUserView.vue';

const admin = user({ name: 'Testbruker Admin', isAdmin: true });

function world() {
  const recovery = project({ name: 'Recoveryteamet' });
  const school = project({ name: 'Erfaringsskolen i Eksempelby' });
  const housing = project({ name: 'Bo og oppfølging' });
  const target = account({
    name: 'Eksempel Leder',
    email: 'leder@example.org',
    memberships: [membership(recovery, 'MANAGER')],
  });
  const onlyAdmin = account({ name: 'Testbruker Admin', email: 'admin@example.org', isAdmin: true });
  return { recovery, school, housing, target, onlyAdmin };
}

async function setup(users: ApiAccount[], projects: ApiProject[], id: string) {
  const api: FakeApiState = { projects, viewer: admin, users };
  const { client, operations } = createMockClient(fakeApi(api));
  const mounted = mountWithApp(AdminUserView, { client, attachTo: document.body, props: { id } });
  await settle();
  return { ...mounted, operations, api };
}

function membershipRows(wrapper: Awaited<ReturnType<typeof setup>>['wrapper']) {
  return wrapper.findAll('tbody tr').map((row) => [row.get('th').text(), row.get('td').text()]);
}

describe('AdminUserView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('says an account made by single sign-on awaits approval, names its sign-in, and approves it', async () => {
    const { onlyAdmin } = world();
    const pending = account({
      name: 'Ny Fra Innlogging',
      email: null,
      pendingApproval: true,
      linkedProviders: ['Kommunens innlogging (Entra ID)'],
    });
    const { wrapper, operations } = await setup([onlyAdmin, pending], [], pending.id);
    expect(wrapper.get('.page__intro').text()).toBe('(ingen e-post)');
    expect(wrapper.get('.facts').text()).toContain('InnloggingKommunens innlogging (Entra ID)');
    const notice = wrapper.get('.notice[role="status"]');
    expect(notice.text()).toContain('Kontoen venter på godkjenning.');

    await notice.get('button').trigger('click');
    await settle();
    expect(operations.filter((o) => operationName(o) === 'ApproveUser')).toHaveLength(1);
    expect(wrapper.find('.notice[role="status"]').exists()).toBe(false);
  });

  it('shows the account and its roles', async () => {
    const { target, recovery, school, housing } = world();
    const { wrapper } = await setup([target], [recovery, school, housing], target.id);

    expect(wrapper.get('h1').text()).toBe('Eksempel Leder');
    expect(wrapper.get('.page__intro').text()).toBe('leder@example.org');
    expect((wrapper.get('#user-detail-name').element as HTMLInputElement).value).toBe('Eksempel Leder');
    expect((wrapper.get('#user-detail-active').element as HTMLInputElement).checked).toBe(true);
    expect((wrapper.get('#user-detail-admin').element as HTMLInputElement).checked).toBe(false);
    expect(wrapper.get('fieldset legend').text()).toBe('Tilgang');
    expect(membershipRows(wrapper)).toEqual([['Recoveryteamet', 'Leder']]);
    // Only projects without a role are offered; the others are changed in the table.
    expect(wrapper.findAll('#membership-project option').map((o) => o.text())).toEqual([
      'Velg prosjekt',
      'Erfaringsskolen i Eksempelby',
      'Bo og oppfølging',
    ]);
  });

  it('says so when there is no such user', async () => {
    const { wrapper } = await setup([], [], 'u-missing');

    expect(wrapper.get('[role="alert"]').text()).toBe('Kunne ikke hente brukeren. Fant ikke det du ba om.');
    expect(wrapper.find('form').exists()).toBe(false);
  });

  it('saves only what changed', async () => {
    const { target } = world();
    const { wrapper, operations, api } = await setup([target], [], target.id);

    await wrapper.get('#user-detail-name').setValue('Eksempel Leder Nordmann');
    await wrapper.get('#user-detail-language').setValue('EN');
    await submitFormOf(wrapper.get('#user-detail-name'));

    expect(operations.find((o) => operationName(o) === 'UpdateUser')?.variables).toEqual({
      id: target.id,
      input: { name: 'Eksempel Leder Nordmann', language: 'EN' },
    });
    expect(api.users?.[0]?.name).toBe('Eksempel Leder Nordmann');
    expect(wrapper.text()).toContain('Endringene er lagret.');
    expect(wrapper.get('h1').text()).toBe('Eksempel Leder Nordmann');
  });

  it('deactivates an account only after confirming', async () => {
    const { target } = world();
    const { wrapper, operations, api } = await setup([target], [], target.id);
    const field = wrapper.get('#user-detail-active');

    await wrapper.get('#user-detail-active').setValue(false);
    await submitFormOf(field);
    const dialog = wrapper.get('dialog');
    expect(dialog.attributes('open')).toBeDefined();
    expect(dialog.get('h2').text()).toBe('Deaktivere kontoen?');
    expect(dialog.text()).toContain('Eksempel Leder blir logget ut overalt');

    await dialog.get('button[autofocus]').trigger('click');
    await settle();
    expect(operations.some((o) => operationName(o) === 'UpdateUser')).toBe(false);
    expect(api.users?.[0]?.active).toBe(true);

    await submitFormOf(field);
    await dialog.get('.button--danger').trigger('click');
    await settle();

    expect(operations.find((o) => operationName(o) === 'UpdateUser')?.variables).toEqual({
      id: target.id,
      input: { active: false },
    });
    expect(api.users?.[0]?.active).toBe(false);
    expect(dialog.attributes('open')).toBeUndefined();
  });

  it('explains, next to the box, why the last admin cannot lose admin rights', async () => {
    const { onlyAdmin } = world();
    const { wrapper, operations } = await setup([onlyAdmin], [], onlyAdmin.id);

    await wrapper.get('#user-detail-admin').setValue(false);
    await submitFormOf(wrapper.get('#user-detail-admin'));

    expect(operations.filter((o) => operationName(o) === 'UpdateUser')).toHaveLength(1);
    const box = wrapper.get('#user-detail-admin');
    expect(box.attributes('aria-invalid')).toBe('true');
    expect(box.attributes('aria-describedby')).toBe('user-detail-admin-hint user-detail-admin-error');
    expect(wrapper.get('#user-detail-admin-error').text()).toBe(
      'Kan ikke endres: Verdi må ha minst én aktiv administrator.',
    );
    expect(document.activeElement).toBe(box.element);
  });

  it('sets a new password of at least 12 characters', async () => {
    const { target } = world();
    const { wrapper, operations } = await setup([target], [], target.id);
    const field = wrapper.get('#user-new-password');

    await wrapper.get('#user-new-password').setValue('kort');
    await submitFormOf(field);
    expect(wrapper.get('#user-new-password-error').text()).toBe('Må være minst 12 tegn.');
    expect(document.activeElement).toBe(wrapper.get('#user-new-password').element);
    expect(operations.some((o) => operationName(o) === 'UpdateUser')).toBe(false);

    await wrapper.get('#user-new-password').setValue('et nytt og langt passord');
    await submitFormOf(field);

    expect(operations.find((o) => operationName(o) === 'UpdateUser')?.variables).toEqual({
      id: target.id,
      input: { password: 'et nytt og langt passord' },
    });
    expect(wrapper.text()).toContain('Nytt passord er satt, og Eksempel Leder er logget ut overalt.');
    expect((wrapper.get('#user-new-password').element as HTMLInputElement).value).toBe('');
  });

  it('gives a role in another project', async () => {
    const { target, recovery, school } = world();
    const { wrapper, operations } = await setup([target], [recovery, school], target.id);
    const field = wrapper.get('#membership-project');

    await submitFormOf(field);
    expect(wrapper.get('#membership-project-error').text()).toBe('Velg et prosjekt.');
    expect(document.activeElement).toBe(wrapper.get('#membership-project').element);
    expect(operations.some((o) => operationName(o) === 'SetMembership')).toBe(false);

    await wrapper.get('#membership-project').setValue(school.id);
    await wrapper.get('#membership-role').setValue('RESEARCHER');
    await submitFormOf(field);

    expect(operations.find((o) => operationName(o) === 'SetMembership')?.variables).toEqual({
      input: { userId: target.id, projectId: school.id, role: 'RESEARCHER' },
    });
    expect(membershipRows(wrapper)).toEqual([
      ['Recoveryteamet', 'Leder'],
      ['Erfaringsskolen i Eksempelby', 'Forsker'],
    ]);
    expect(wrapper.text()).toContain('Ny rolle i Erfaringsskolen i Eksempelby: Forsker.');
    expect(wrapper.text()).toContain('Eksempel Leder har allerede en rolle i alle prosjektene.');
  });

  it('changes a role', async () => {
    const { target, recovery } = world();
    const { wrapper, operations } = await setup([target], [recovery], target.id);

    const change = wrapper.get('tbody button');
    expect(change.text()).toBe('Gjør til forsker i Recoveryteamet');
    await change.trigger('click');
    await settle();

    expect(operations.find((o) => operationName(o) === 'SetMembership')?.variables).toEqual({
      input: { userId: target.id, projectId: recovery.id, role: 'RESEARCHER' },
    });
    expect(membershipRows(wrapper)).toEqual([['Recoveryteamet', 'Forsker']]);
  });

  it('removes a role only after confirming, then refreshes the list', async () => {
    const { target, recovery } = world();
    const { wrapper, operations } = await setup([target], [recovery], target.id);

    await wrapper.get('tbody .button--danger-outline').trigger('click');
    await settle();
    const dialog = wrapper.get('dialog');
    expect(dialog.text()).toContain('Eksempel Leder mister tilgangen til Recoveryteamet.');
    await dialog.get('button[autofocus]').trigger('click');
    await settle();
    expect(operations.some((o) => operationName(o) === 'RemoveMembership')).toBe(false);

    await wrapper.get('tbody .button--danger-outline').trigger('click');
    await settle();
    await dialog.get('.button--danger').trigger('click');
    await settle();

    expect(operations.find((o) => operationName(o) === 'RemoveMembership')?.variables).toEqual({
      userId: target.id,
      projectId: recovery.id,
    });
    // RemoveMembership answers a bare Boolean; the user is fetched again all the same.
    expect(operations.filter((o) => operationName(o) === 'User').length).toBeGreaterThan(1);
    expect(wrapper.find('tbody').exists()).toBe(false);
    expect(wrapper.text()).toContain('Eksempel Leder har ingen rolle i noe prosjekt.');
    expect(wrapper.text()).toContain('Rollen i Recoveryteamet er fjernet.');
    expect(document.activeElement).toBe(wrapper.get('#user-memberships-heading').element);
  });
});
