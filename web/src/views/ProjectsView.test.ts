import type { Operation, OperationResult } from '@urql/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { account, fakeApi, membership, project, user, type ApiProject } from '../test/fakeApi';
import { mountWithApp, settle } from '../test/mount';
import {
  createMockClient,
  dataResult,
  deferred,
  errorResult,
  networkErrorResult,
  operationName,
} from '../test/urql';
import ProjectsView from './ProjectsView.vue';

const admin = user({ name: 'Testbruker Admin', isAdmin: true });

/** The API as an admin sees it, with the given projects. */
function adminApi(projects: ApiProject[], handlers: Parameters<typeof fakeApi>[1] = {}) {
  return fakeApi({ projects, viewer: admin }, handlers);
}

describe('ProjectsView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows a loading state, then the projects', async () => {
    const reply = deferred<OperationResult>();
    let projectsOperation: Operation | undefined;
    const { client } = createMockClient(
      adminApi([], {
        Projects: (operation) => {
          projectsOperation = operation;
          return reply.promise;
        },
      }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    expect(wrapper.get('[role="status"]').text()).toBe('Laster prosjekter …');
    expect(wrapper.find('.project-list').exists()).toBe(false);

    if (!projectsOperation) throw new Error('the view sent no query');
    reply.resolve(
      dataResult(projectsOperation, {
        projects: [
          project({
            name: 'Erfaringsskolen i Oslo',
            organisation: 'Helseetaten, Oslo kommune',
            slug: 'erfaringsskolen-oslo',
            description: 'Sju måneders opplæring for erfaringskonsulenter.',
          }),
          project({ name: 'Recoveryteamet', organisation: 'Trondheim kommune', slug: 'recoveryteamet' }),
        ],
      }),
    );
    await settle();

    expect(wrapper.text()).not.toContain('Laster prosjekter');
    const items = wrapper.findAll('.project-card');
    expect(items).toHaveLength(2);
    expect(items[0]?.get('h3').text()).toBe('Erfaringsskolen i Oslo');
    expect(items[0]?.text()).toContain('Helseetaten, Oslo kommune');
    expect(items[0]?.get('code').text()).toBe('erfaringsskolen-oslo');
    expect(items[0]?.text()).toContain('Sju måneders opplæring for erfaringskonsulenter.');
    expect(items[1]?.get('h3').text()).toBe('Recoveryteamet');
    expect(items[1]?.find('.project-card__description').exists()).toBe(false);
  });

  it('shows the empty state when there are no projects', async () => {
    const { client } = createMockClient(adminApi([]));
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    expect(wrapper.get('.empty-state').text()).toContain('Ingen prosjekter ennå');
    expect(wrapper.find('.project-list').exists()).toBe(false);
  });

  it('shows the empty state in English when English is chosen', async () => {
    const { client } = createMockClient(adminApi([]));
    const { wrapper } = mountWithApp(ProjectsView, { client, locale: 'en' });
    await settle();

    expect(wrapper.get('h1').text()).toBe('Projects');
    expect(wrapper.get('.empty-state').text()).toContain('No projects yet');
  });

  it('shows an error when the server cannot be reached, and loads again on retry', async () => {
    let fail = true;
    const { client, operations } = createMockClient(
      adminApi([project({ name: 'Ambulant team' })], {
        Projects: (operation) =>
          fail
            ? networkErrorResult(operation)
            : dataResult(operation, { projects: [project({ name: 'Ambulant team' })] }),
      }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('Kunne ikke hente prosjektene.');
    expect(alert.text()).toContain('Får ikke kontakt med serveren.');
    expect(wrapper.find('.empty-state').exists()).toBe(false);

    fail = false;
    await alert.get('button').trigger('click');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'Projects')).toHaveLength(2);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('.project-card h3').text()).toBe('Ambulant team');
  });

  it('shows a translated message for a GraphQL error code', async () => {
    const { client } = createMockClient(
      adminApi([], {
        Projects: (operation) =>
          errorResult(operation, [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }]),
      }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    expect(wrapper.get('[role="alert"]').text()).toContain('Du har ikke tilgang til dette.');
    // A refusal is not an empty list.
    expect(wrapper.find('.empty-state').exists()).toBe(false);
  });

  it('creates a project: sends the form, lists the new project and clears the form', async () => {
    const { client, operations } = createMockClient(adminApi([]));
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();
    expect(wrapper.find('.empty-state').exists()).toBe(true);

    await wrapper.get('#project-name').setValue('  Bo- og oppfølgingstjenesten ');
    await wrapper.get('#project-organisation').setValue('Eksempel kommune');
    await wrapper.get('#project-slug').setValue('bo-oppfolging');
    await wrapper.get('#project-description').setValue('Erfaringskonsulenter i bofellesskap.');
    await wrapper.get('form').trigger('submit');
    await settle();

    const mutation = operations.find((o) => operationName(o) === 'CreateProject');
    expect(mutation?.variables).toEqual({
      input: {
        name: 'Bo- og oppfølgingstjenesten',
        organisation: 'Eksempel kommune',
        slug: 'bo-oppfolging',
        description: 'Erfaringskonsulenter i bofellesskap.',
      },
    });
    expect(wrapper.find('.empty-state').exists()).toBe(false);
    expect(wrapper.get('.project-card h3').text()).toBe('Bo- og oppfølgingstjenesten');
    expect(wrapper.get('.project-card code').text()).toBe('bo-oppfolging');
    for (const id of ['#project-name', '#project-organisation', '#project-slug', '#project-description']) {
      expect((wrapper.get(id).element as HTMLInputElement | HTMLTextAreaElement).value).toBe('');
    }
    expect(wrapper.get('.stacked-form__status').text()).toBe(
      'Prosjektet «Bo- og oppfølgingstjenesten» er opprettet.',
    );
  });

  it('leaves empty optional fields out, so the server derives the slug', async () => {
    const { client, operations } = createMockClient(adminApi([]));
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    await wrapper.get('#project-name').setValue('Lavterskeltilbudet');
    await wrapper.get('#project-organisation').setValue('Eksempel kommune');
    await wrapper.get('#project-slug').setValue('   ');
    await wrapper.get('form').trigger('submit');
    await settle();

    const mutation = operations.find((o) => operationName(o) === 'CreateProject');
    expect(mutation?.variables).toEqual({
      input: { name: 'Lavterskeltilbudet', organisation: 'Eksempel kommune' },
    });
  });

  it('checks required fields before sending anything, and focuses the first one to fix', async () => {
    const { client, operations } = createMockClient(adminApi([]));
    const { wrapper } = mountWithApp(ProjectsView, { client, attachTo: document.body });
    await settle();

    await wrapper.get('#project-organisation').setValue('Eksempel kommune');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.some((o) => operationName(o) === 'CreateProject')).toBe(false);
    const name = wrapper.get('#project-name');
    expect(name.attributes('aria-invalid')).toBe('true');
    expect(name.attributes('aria-describedby')?.split(' ')).toContain('project-name-error');
    expect(wrapper.get('#project-name-error').text()).toBe('Fyll inn navnet.');
    expect(wrapper.get('#project-organisation').attributes('aria-invalid')).toBeUndefined();
    expect(document.activeElement).toBe(name.element);
  });

  it("shows the server's message for an invalid field next to that field", async () => {
    const { client, operations } = createMockClient(
      adminApi([project({ name: 'Erfaringsskolen i Oslo', slug: 'erfaringsskolen' })], {
        CreateProject: (operation) =>
          errorResult(operation, [
            {
              message: 'Invalid input: slug is already used by another project',
              extensions: { code: 'BAD_USER_INPUT', fields: { slug: 'is already used by another project' } },
            },
          ]),
      }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    await wrapper.get('#project-name').setValue('Erfaringsskolen i Bergen');
    await wrapper.get('#project-organisation').setValue('Eksempel kommune');
    await wrapper.get('#project-slug').setValue('erfaringsskolen');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'CreateProject')).toHaveLength(1);
    const slug = wrapper.get('#project-slug');
    expect(slug.attributes('aria-invalid')).toBe('true');
    expect(slug.attributes('aria-describedby')?.split(' ')).toEqual([
      'project-slug-hint',
      'project-slug-error',
    ]);
    expect(wrapper.get('#project-slug-error').text()).toBe('is already used by another project');
    expect(wrapper.get('#project-name').attributes('aria-invalid')).toBeUndefined();
    expect(wrapper.get('form [role="alert"]').text()).toBe(
      'Prosjektet ble ikke opprettet. Rett feltene som er merket.',
    );
    // The form keeps what was typed so that only the slug needs changing.
    expect((wrapper.get('#project-name').element as HTMLInputElement).value).toBe('Erfaringsskolen i Bergen');
    expect(wrapper.findAll('.project-card')).toHaveLength(1);
  });

  it('shows the projects but no create form to someone who is not an admin', async () => {
    const researcher = user({ name: 'Testbruker Forsker', isAdmin: false });
    const { client } = createMockClient(
      fakeApi({ projects: [project({ name: 'Recoveryteamet' })], viewer: researcher }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    expect(wrapper.get('.project-card h3').text()).toBe('Recoveryteamet');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('Nytt prosjekt');
  });

  it('shows a member their own role in each project, and no member lists', async () => {
    const manager = user({ name: 'Testbruker Leder', isAdmin: false });
    const { client, operations } = createMockClient(
      fakeApi({ projects: [project({ name: 'Recoveryteamet', myRole: 'MANAGER' })], viewer: manager }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    expect(wrapper.get('.project-card').text()).toContain('Din rolle');
    expect(wrapper.get('.project-card').text()).toContain('Leder');
    expect(wrapper.find('details').exists()).toBe(false);
    expect(operations.some((o) => operationName(o) === 'ProjectMembers')).toBe(false);
  });

  it("lets an admin open a project's members, fetched only when opened", async () => {
    const recovery = project({ name: 'Recoveryteamet' });
    const empty = project({ name: 'Lavterskeltilbudet' });
    const member = account({
      name: 'Eksempel Forsker',
      email: 'forsker@example.org',
      memberships: [membership(recovery, 'RESEARCHER')],
    });
    const { client, operations } = createMockClient(
      fakeApi({ projects: [recovery, empty], viewer: admin, users: [member] }),
    );
    const { wrapper } = mountWithApp(ProjectsView, { client });
    await settle();

    const [first, second] = wrapper.findAll('.project-card details');
    expect(first?.get('summary').text()).toBe('Medlemmer: Recoveryteamet');
    expect(operations.some((o) => operationName(o) === 'ProjectMembers')).toBe(false);

    (first?.element as HTMLDetailsElement).open = true;
    await first?.trigger('toggle');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'ProjectMembers').map((o) => o.variables)).toEqual([
      { id: recovery.id },
    ]);
    const link = first?.get('li a');
    expect(link?.text()).toBe('Eksempel Forsker');
    expect(link?.attributes('href')).toBe(`/admin/users/${member.id}`);
    expect(first?.get('li').text()).toContain('Forsker');

    (second?.element as HTMLDetailsElement).open = true;
    await second?.trigger('toggle');
    await settle();
    expect(second?.text()).toContain('Ingen har en rolle i prosjektet ennå.');
  });
});
