import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../router';
import { fakeApi, membership, project, user, type FakeApiState } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, operationName } from '../../test/urql';
import ExportView from './ExportView.vue';

const recovery = project({ name: 'Recoveryteamet', myRole: 'RESEARCHER' });
const researcher = user({ isAdmin: false, memberships: [membership(recovery, 'RESEARCHER')] });
const manager = user({ isAdmin: false, memberships: [membership(recovery, 'MANAGER')] });

const rounds = [
  {
    __typename: 'Round',
    id: 'w1',
    label: 'Oppstart 2026',
    status: 'CLOSED',
    opensAt: '2026-03-01T08:00:00.000Z',
  },
  {
    __typename: 'Round',
    id: 'w2',
    label: 'Etter 12 måneder',
    status: 'OPEN',
    opensAt: '2027-03-01T08:00:00.000Z',
  },
];

const fetchMock = vi.fn<typeof fetch>();
const savedNames: string[] = [];

beforeEach(() => {
  fetchMock.mockReset();
  savedNames.length = 0;
  vi.stubGlobal('fetch', fetchMock);
  URL.createObjectURL = vi.fn(() => 'blob:export');
  URL.revokeObjectURL = vi.fn();
  // jsdom cannot download; the link's name is what the browser would save the file as.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    savedNames.push(this.download);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function fileResponse(url: string): Response {
  const file = url.split('?')[0]?.split('/').pop() ?? '';
  return new Response('response,round\n1,Oppstart 2026\n', {
    headers: { 'content-disposition': `attachment; filename="verdi_recoveryteamet_${file}"` },
  });
}

async function openExport(viewer: FakeApiState['viewer']) {
  const { client, operations } = createMockClient(
    fakeApi(
      { projects: [recovery], viewer },
      { ExportRounds: (operation) => dataResult(operation, { project: { ...recovery }, rounds }) },
    ),
  );
  const router = createAppRouter(createMemoryHistory());
  await router.push(`/projects/${recovery.id}/export`);
  const mounted = mountWithApp(ExportView, {
    client,
    router,
    props: { projectId: recovery.id },
    attachTo: document.body,
  });
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await settle();
  return { ...mounted, operations };
}

function roundBox(wrapper: Awaited<ReturnType<typeof openExport>>['wrapper'], id: string) {
  return wrapper.get<HTMLInputElement>(`#export-round-${id}`);
}

function downloadButton(wrapper: Awaited<ReturnType<typeof openExport>>['wrapper'], name: string) {
  const button = wrapper.findAll('button').find((b) => b.text() === `Last ned Last ned ${name}`);
  if (!button) throw new Error(`no download button for ${name}`);
  return button;
}

const requested = () => fetchMock.mock.calls.map(([url]) => String(url));

describe('ExportView', () => {
  it('chooses every round and the wide CSV at first, and downloads it for all rounds', async () => {
    fetchMock.mockImplementation((url) => Promise.resolve(fileResponse(String(url))));
    const { wrapper } = await openExport(researcher);

    expect(wrapper.get('h1').text()).toBe('Eksporter data fra Recoveryteamet');
    expect(roundBox(wrapper, 'w1').element.checked).toBe(true);
    expect(roundBox(wrapper, 'w2').element.checked).toBe(true);
    expect(wrapper.get<HTMLInputElement>('[id="export-file-data-wide.csv"]').element.checked).toBe(true);
    expect(wrapper.get<HTMLInputElement>('[id="export-file-data.xlsx"]').element.checked).toBe(false);

    await downloadButton(wrapper, 'Data, bred CSV').trigger('click');
    await settle();

    expect(requested()).toEqual([`/exports/${recovery.id}/data-wide.csv`]);
    expect(savedNames).toEqual(['verdi_recoveryteamet_data-wide.csv']);
    expect(wrapper.text()).toContain('2 linjer (med overskriftsraden)');
    expect(wrapper.text()).toContain('Lagret som verdi_recoveryteamet_data-wide.csv');
  });

  it('names the chosen rounds and downloads the chosen files one after another', async () => {
    fetchMock.mockImplementation((url) => Promise.resolve(fileResponse(String(url))));
    const { wrapper } = await openExport(researcher);

    await roundBox(wrapper, 'w1').setValue(false);
    await wrapper.get('[id="export-file-read-data.R"]').setValue(true);
    await wrapper.get('[id="export-file-codebook.json"]').setValue(true);
    expect(wrapper.get('button[type="submit"]').text()).toBe('Last ned alle valgte (3)');
    await wrapper.get('form').trigger('submit');
    await settle();

    const base = `/exports/${recovery.id}`;
    expect(requested()).toEqual([
      `${base}/data-wide.csv?rounds=w2`,
      `${base}/codebook.json?rounds=w2`,
      `${base}/read-data.R?rounds=w2`,
    ]);
    expect(savedNames).toHaveLength(3);
    expect(wrapper.get('[data-testid="export-curl"]').text()).toBe(
      `curl -H "Authorization: Bearer $VERDI_TOKEN" -OJ "${window.location.origin}${base}/data-wide.csv?rounds=w2"`,
    );
  });

  it('lists every file and filters by role and day of submission', async () => {
    fetchMock.mockImplementation((url) => Promise.resolve(fileResponse(String(url))));
    const { wrapper } = await openExport(researcher);
    for (const file of ['data.sav', 'data.dta', 'scores.csv', 'data-spss.csv']) {
      expect(wrapper.find(`[id="export-file-${file}"]`).exists(), file).toBe(true);
    }
    await wrapper.get('#export-role-PROFESSIONAL').setValue(false);
    await wrapper.get('#export-from').setValue('2026-03-01');
    await downloadButton(wrapper, 'Konstruktskårer, CSV').trigger('click');
    await settle();
    expect(requested()).toEqual([
      `/exports/${recovery.id}/scores.csv?roles=SERVICE_USER,CONSULTANT&from=2026-03-01`,
    ]);

    await wrapper.get('#export-to').setValue('2026-02-01');
    expect(wrapper.text()).toContain('Fra-datoen er etter til-datoen.');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    await wrapper.get('#export-to').setValue('');
    for (const role of ['SERVICE_USER', 'CONSULTANT'])
      await wrapper.get(`#export-role-${role}`).setValue(false);
    expect(wrapper.text()).toContain('Velg minst én rolle.');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
  });

  it('offers no download without a round', async () => {
    const { wrapper } = await openExport(researcher);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Velg ingen')
      ?.trigger('click');
    expect(wrapper.text()).toContain('Velg minst én runde.');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
  });

  it('shows the server’s error plainly', async () => {
    fetchMock.mockResolvedValue(
      Response.json({ error: 'Not rounds of Recoveryteamet: w9' }, { status: 400 }),
    );
    const { wrapper } = await openExport(researcher);
    await downloadButton(wrapper, 'SPSS-syntaks').trigger('click');
    await settle();

    expect(wrapper.get('[role="alert"]').text()).toBe(
      'Nedlastingen mislyktes. Serveren avviste forespørselen: Not rounds of Recoveryteamet: w9',
    );
    expect(savedNames).toEqual([]);
  });

  it('explains the export and links to the tokens page', async () => {
    const { wrapper } = await openExport(researcher);
    expect(wrapper.text()).toContain('én rad per innsendt svar');
    expect(wrapper.text()).toContain('-7 betyr «Vet ikke / ikke aktuelt»');
    expect(wrapper.text()).toContain('revisjonsloggen');
    expect(wrapper.get('a[href="/tokens"]').text()).toBe('API-nøkler');
    expect(wrapper.get('[data-testid="export-curl"]').text()).toContain(
      `/exports/${recovery.id}/data-wide.csv"`,
    );
  });

  it('tells a manager of the project that the export is for researchers, without asking for the rounds', async () => {
    const { wrapper, operations } = await openExport(manager);
    expect(wrapper.get('h1').text()).toBe('Ingen tilgang til eksport');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(operations.some((o) => operationName(o) === 'ExportRounds')).toBe(false);
  });
});
