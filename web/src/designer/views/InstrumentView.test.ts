import type { InstrumentDefinitionInput } from '@verdi/schema/generated';
import type { DOMWrapper, VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { apiItem, sampleDefinition } from '../test/definitions';
import {
  fakeInstrument,
  fakeInstrumentApi,
  projectFields,
  researcher,
  type FakeInstrumentState,
} from '../test/fakeInstrumentApi';
import { mountDesignerAt } from '../test/mountDesigner';

const project = projectFields('Erfaringsskolen i Eksempelby');

function setup(
  instrument = fakeInstrument({
    name: 'Verdi og utfordringer',
    project,
    draft: { definition: sampleDefinition() },
  }),
) {
  const state: FakeInstrumentState = {
    viewer: researcher(project),
    projects: [project],
    instruments: [instrument],
  };
  const { client, operations } = createMockClient(fakeInstrumentApi(state));
  return { state, instrument, client, operations };
}

function button(wrapper: VueWrapper, name: string): DOMWrapper<HTMLButtonElement> {
  const found = wrapper
    .findAll('button')
    .find((candidate) => (candidate.attributes('aria-label') ?? candidate.text()).trim() === name);
  if (!found) throw new Error(`no button named "${name}"`);
  return found as DOMWrapper<HTMLButtonElement>;
}

function activeId(): string {
  return document.activeElement?.id ?? '';
}

function savedDefinitions(operations: ReturnType<typeof setup>['operations']) {
  return operations
    .filter((operation) => operationName(operation) === 'SaveInstrumentDraft')
    .map(
      (operation) => operation.variables as { definition: InstrumentDefinitionInput; baseRevision: number },
    );
}

async function pressCtrlS(): Promise<void> {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, cancelable: true }));
  await settle();
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('InstrumentView', () => {
  it('shows each problem from the draft next to its field, with a summary that links to it', async () => {
    const definition = sampleDefinition();
    definition.sections[0]!.items[1]!.prompt.nb = '';
    definition.sections[1]!.title.nb = '';
    const { client, instrument } = setup(fakeInstrument({ name: 'Verdi', project, draft: { definition } }));
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });

    const summary = wrapper.get('.designer-problems');
    expect(summary.get('h2').text()).toBe('2 problemer hindrer publisering');
    const links = summary.findAll('a');
    expect(links.map((link) => link.text())).toEqual([
      'Spørsmål q2 (del 1): Spørsmålet har ingen tekst på bokmål.',
      'Del 2: Delen har ingen tittel på bokmål.',
    ]);
    // The section's title field already shows its problem.
    const sectionTitle = wrapper.get(links[1]!.attributes('href')!);
    expect(sectionTitle.attributes('aria-invalid')).toBe('true');

    // The item's problem is on its closed card until the link opens it.
    const q2Card = wrapper
      .findAll('.item-card')
      .find((card) => card.find('.item-card__key').text() === 'q2')!;
    expect(q2Card.get('.designer-badge').text()).toBe('1 problem');
    expect(q2Card.find('.item-editor').exists()).toBe(false);
    await links[0]!.trigger('click');
    await settle();
    const prompt = wrapper.get(links[0]!.attributes('href')!);
    expect(activeId()).toBe(prompt.attributes('id'));
    expect(prompt.attributes('aria-invalid')).toBe('true');
    const errorId = prompt.attributes('aria-describedby')!;
    expect(document.getElementById(errorId)?.textContent).toBe('Spørsmålet har ingen tekst på bokmål.');
    expect(q2Card.get('.item-card__toggle').attributes('aria-expanded')).toBe('true');
  });

  it('adds a section and an item, moving focus to what to fill in, and saves all of it with Ctrl+S', async () => {
    const { client, instrument, operations } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    expect(wrapper.get('.designer-toolbar__status').text()).toBe('Ingen endringer som ikke er lagret');

    await button(wrapper, 'Legg til del').trigger('click');
    await settle();
    expect(activeId()).toMatch(/^section-.+-title-nb$/);
    await wrapper.get(`#${activeId()}`).setValue('Arbeidshverdagen');
    expect(wrapper.get('.designer-toolbar__status').text()).toBe('Endringer som ikke er lagret');

    await button(wrapper, 'Legg til spørsmål i del 3').trigger('click');
    await settle();
    expect(activeId()).toMatch(/^item-.+-prompt-nb$/);
    await wrapper.get(`#${activeId()}`).setValue('Erfaringskonsulenten gjør en forskjell');

    await pressCtrlS();
    const [saved] = savedDefinitions(operations);
    expect(saved?.baseRevision).toBe(1);
    // The whole definition, not only what changed.
    expect(saved?.definition.sections.map((section) => section.key)).toEqual(['del1', 'del2', 'section_1']);
    expect(saved?.definition.sections[2]).toMatchObject({
      title: { nb: 'Arbeidshverdagen' },
      items: [
        {
          key: 'q6',
          type: 'LIKERT',
          scale: 'agree5',
          prompt: { nb: 'Erfaringskonsulenten gjør en forskjell' },
        },
      ],
    });
    expect(wrapper.get('.designer-toolbar__status').text()).toMatch(/^Alt er lagret \(kl\. .+\)$/);

    // The next save names the revision the first one made.
    await wrapper.get('#instrument-meta-description').setValue('Til bruk i 2026.');
    await button(wrapper, 'Lagre').trigger('click');
    await settle();
    expect(operations.filter((operation) => operationName(operation) === 'UpdateInstrument')).toHaveLength(1);
    // Only the description changed, so the draft itself was not sent again.
    expect(savedDefinitions(operations)).toHaveLength(1);
    wrapper.get('#designer-heading');
    await wrapper.findAll('.item-card')[0]!.get('.item-card__toggle').trigger('click');
    const key = wrapper.get('[id$="-key"][id^="item-"]');
    await key.setValue('har_jobb');
    await key.trigger('change');
    await pressCtrlS();
    const second = savedDefinitions(operations)[1];
    expect(second?.baseRevision).toBe(2);
    // The condition on the renamed item follows it.
    expect(second?.definition.sections[0]!.items[1]!.showIf?.item).toBe('har_jobb');
  });

  it("edits a question's easy-read text per language and saves it with the question", async () => {
    const { client, instrument, operations } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    await wrapper.findAll('.item-card')[0]!.get('.item-card__toggle').trigger('click');
    await settle();
    const fieldset = wrapper
      .findAll('fieldset.designer-localized')
      .find((candidate) => candidate.get('legend').text() === 'Lettlest tekst (valgfritt)')!;
    expect(fieldset.text()).toContain('Spørsmålet med enklere ord');
    const fields = fieldset.findAll('textarea');
    expect(fields.map((field) => field.attributes('lang'))).toEqual(['nb', 'en', 'nn']);
    await fields[0]!.setValue('  Har du jobb?  ');
    await fields[2]!.setValue('Har du jobb? (nn)');
    await pressCtrlS();
    const [saved] = savedDefinitions(operations);
    expect(saved?.definition.sections[0]!.items[0]!.easyRead).toEqual({
      nb: 'Har du jobb?',
      en: null,
      nn: 'Har du jobb? (nn)',
    });
    // Emptied again, it is no easy-read text at all.
    for (const field of fields) await field.setValue('');
    await pressCtrlS();
    expect(savedDefinitions(operations)[1]?.definition.sections[0]!.items[0]!.easyRead).toBeNull();
  });

  it('opens a new, empty instrument with guidance on how to begin, not with an error', async () => {
    const { client, instrument, operations } = setup(fakeInstrument({ name: 'Nytt skjema', project }));
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.find('.notice--error').exists()).toBe(false);
    expect(wrapper.find('.designer-problems').exists()).toBe(false);
    const start = wrapper.get('#designer-start');
    expect(start.get('h2').text()).toBe('Kom i gang');
    expect(start.get('[aria-current="step"]').text()).toContain('Legg til en del');

    await button(wrapper, 'Legg til den første delen').trigger('click');
    await settle();
    expect(activeId()).toMatch(/^section-.+-title-nb$/);
    expect(wrapper.get('#designer-start [aria-current="step"]').text()).toContain('Legg til spørsmål');

    // Saved with a section that has neither title nor questions: the problems shown are the ones a field can fix.
    await pressCtrlS();
    expect(savedDefinitions(operations)).toHaveLength(1);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(
      wrapper
        .get('.designer-problems')
        .findAll('li')
        .map((li) => li.text()),
    ).toEqual(['Del 1: Delen har ingen tittel på bokmål.']);

    await button(wrapper, 'Legg til spørsmål i del 1').trigger('click');
    await settle();
    expect(wrapper.find('#designer-start').exists()).toBe(false);
  });

  it('guides in English too', async () => {
    const { client, instrument } = setup(fakeInstrument({ name: 'New instrument', project }));
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client, locale: 'en' });
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('#designer-start h2').text()).toBe('Getting started');
    expect(wrapper.text()).not.toMatch(/no sections|ingen deler\./i);
  });

  it('tells the user when someone else saved first, and reloads the draft on request', async () => {
    const { client, instrument, state } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    // Someone else saves in the meantime.
    const draft = state.instruments[0]!.versions.at(-1)!;
    draft.revision = 2;
    draft.definition.sections[0]!.title.nb = 'Endret av en kollega';

    await wrapper.findAll('.section-card')[0]!.get('[id$="-title-nb"]').setValue('Min endring');
    await button(wrapper, 'Lagre').trigger('click');
    await settle();

    const alert = wrapper.get('#designer-conflict');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain('Noen andre har lagret, publisert eller forkastet utkastet');
    expect(activeId()).toBe('designer-conflict');
    expect(button(wrapper, 'Lagre').attributes('disabled')).toBeDefined();
    expect(wrapper.get('.designer-toolbar__status').text()).toBe(
      'Ikke lagret: utkastet er endret av noen andre',
    );

    await button(wrapper, 'Last inn på nytt').trigger('click');
    await settle();
    expect(wrapper.find('#designer-conflict').exists()).toBe(false);
    expect(
      (wrapper.findAll('.section-card')[0]!.get('[id$="-title-nb"]').element as HTMLInputElement).value,
    ).toBe('Endret av en kollega');
    expect(wrapper.get('.designer-toolbar__status').text()).toBe('Ingen endringer som ikke er lagret');
  });

  it('tells of the conflict in English to an English-speaking user', async () => {
    const { client, instrument, state } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client, locale: 'en' });
    state.instruments[0]!.versions.at(-1)!.revision = 2;
    await wrapper.findAll('.section-card')[0]!.get('[id$="-title-nb"]').setValue('My change');
    await button(wrapper, 'Save').trigger('click');
    await settle();
    expect(wrapper.get('#designer-conflict').text()).toContain(
      'Someone else has saved, published or discarded the draft',
    );
    button(wrapper, 'Reload');
  });

  it('moves items with the buttons, keeping focus on the button, and deletes after asking', async () => {
    const { client, instrument } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    const keys = () => wrapper.findAll('.item-card__key').map((key) => key.text());

    await button(wrapper, 'Flytt spørsmål q3 opp').trigger('click');
    await settle();
    expect(keys()).toEqual(['q1', 'q3', 'q2', 'q4', 'q5']);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Flytt spørsmål q3 opp');
    expect(wrapper.get('[aria-live="polite"]').text()).toBe(
      'Spørsmål q3 er flyttet til plass 2 av 5, i del 1.',
    );

    // At the very top the up button is disabled, so focus moves to the down button.
    await button(wrapper, 'Flytt spørsmål q3 opp').trigger('click');
    await settle();
    expect(keys()).toEqual(['q3', 'q1', 'q2', 'q4', 'q5']);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Flytt spørsmål q3 ned');

    await button(wrapper, 'Slett spørsmål q1').trigger('click');
    await settle();
    const dialog = wrapper.get('dialog[open]');
    expect(dialog.get('h2').text()).toBe('Slette spørsmål q1?');
    expect(dialog.text()).toContain('Disse spørsmålene vises bare ut fra svaret på det: q2.');
    await button(wrapper, 'Slett spørsmålet').trigger('click');
    await settle();
    expect(keys()).toEqual(['q3', 'q2', 'q4', 'q5']);
    // The next item took its place, and gets focus.
    expect(document.activeElement?.closest('.item-card')?.querySelector('.item-card__key')?.textContent).toBe(
      'q2',
    );
    expect(wrapper.get('[aria-live="polite"]').text()).toBe('Spørsmål q1 er slettet.');

    // Cancelling deletes nothing.
    await button(wrapper, 'Slett spørsmål q5').trigger('click');
    await settle();
    await button(wrapper, 'Avbryt').trigger('click');
    await settle();
    expect(keys()).toEqual(['q3', 'q2', 'q4', 'q5']);
  });

  it('offers show-if conditions only on earlier items, with values from their options', async () => {
    const { client, instrument } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    const q5 = wrapper.findAll('.item-card').find((card) => card.find('.item-card__key').text() === 'q5')!;
    await q5.get('.item-card__toggle').trigger('click');
    await q5.get('[id$="-showif-on"]').setValue(true);
    await settle();
    const target = q5.get('select[id$="-showif-item"]');
    // q4 is free text, which cannot be compared; nothing after q5 is offered.
    expect(target.findAll('option').map((option) => option.attributes('value'))).toEqual(['q1', 'q2', 'q3']);
    expect((target.element as HTMLSelectElement).value).toBe('q3');
    const op = q5.get('select[id$="-showif-op"]');
    expect(op.findAll('option').map((option) => option.text())).toEqual(['er lik', 'er en av']);
    const value = q5.get('select[id$="-showif-value"]');
    expect(value.findAll('option').map((option) => option.text())).toEqual([
      'Velg …',
      'a: Alternativ A',
      'b: Alternativ B',
    ]);

    await target.setValue('q1');
    expect(
      q5
        .get('select[id$="-showif-value"]')
        .findAll('option')
        .map((option) => option.text()),
    ).toEqual(['Velg …', '1: Ja', '0: Nei']);
    await target.setValue('q2');
    await op.setValue('ONE_OF');
    const boxes = q5.findAll('input[type="checkbox"][id*="-showif-value-"]');
    expect(boxes.map((box) => (box.element as HTMLInputElement).labels?.[0]?.textContent?.trim())).toEqual([
      '1: Helt uenig',
      '2: Litt uenig',
      '3: Nøytral',
      '4: Litt enig',
      '5: Helt enig',
    ]);
  });

  it('offers answers from earlier pages to show in a question, adds one, and lists those the texts show', async () => {
    const { client, instrument, operations } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    const card = (key: string) =>
      wrapper.findAll('.item-card').find((candidate) => candidate.find('.item-card__key').text() === key)!;
    await card('q3').get('.item-card__toggle').trigger('click');
    // q3 is on the first page: there is nothing earlier to show.
    expect(card('q3').text()).toContain('Det er ingen spørsmål på tidligere sider å vise svar fra.');

    const q5 = card('q5');
    await q5.get('.item-card__toggle').trigger('click');
    expect(q5.text()).toContain('Tekstene viser ikke noe tidligere svar.');
    const choose = q5.get('select[id$="-piping"]');
    expect(choose.findAll('option').map((option) => option.attributes('value'))).toEqual([
      '',
      'q1',
      'q2',
      'q3',
    ]);
    await choose.setValue('q3');
    await button(q5 as unknown as VueWrapper, 'Legg til i spørsmålsteksten').trigger('click');
    await settle();
    const prompt = q5.get('textarea[id$="-prompt-nb"]').element as HTMLTextAreaElement;
    expect(prompt.value).toMatch(/ \{\{q3\}\}$/);
    expect(q5.get('[role="status"]').text()).toBe(
      'Svaret på q3 ble lagt til på slutten av spørsmålsteksten.',
    );
    await q5.get('textarea[id$="-help-nb"]').setValue('Du valgte {{ q1 | ingenting }} og {{q3}}.');
    expect(q5.text()).toContain('Tekstene viser svarene på: q3, q1.');

    await pressCtrlS();
    const saved = savedDefinitions(operations).at(-1)!.definition;
    const item = saved.sections[1]!.items[1]!;
    expect(item.prompt.nb).toMatch(/ \{\{q3\}\}$/);
    expect(item.help?.nb).toBe('Du valgte {{ q1 | ingenting }} og {{q3}}.');
  });

  it('publishes the saved draft after showing what it changes, with the revision shown', async () => {
    const before = sampleDefinition();
    const after = sampleDefinition();
    after.sections[1]!.items[1]!.prompt.nb = 'Ny tekst';
    after.sections[1]!.items.push(apiItem({ key: 'q6' }));
    const { client, instrument, operations } = setup(
      fakeInstrument({
        name: 'Verdi',
        project,
        published: [before],
        draft: { definition: after, revision: 3, number: 2 },
      }),
    );
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });

    await button(wrapper, 'Publiser …').trigger('click');
    await settle();
    const dialog = wrapper.get('dialog.publish-dialog');
    expect(dialog.attributes('open')).toBeDefined();
    expect(dialog.get('h2').text()).toBe('Publisere versjon 2?');
    const changes = dialog
      .findAll('.publish-dialog__change')
      .map((entry) => [entry.get('dt').text(), entry.get('dd').text()]);
    expect(changes).toEqual([
      ['Nye spørsmål (1)', 'q6'],
      ['Fjernede spørsmål (0)', 'Ingen'],
      ['Endrede spørsmål (1)', 'q5'],
      ['Endrede begreper (0)', 'Ingen'],
      ['Endrede skalaer (0)', 'Ingen'],
      ['Endrede deler (0)', 'Ingen'],
    ]);

    await button(wrapper, 'Publiser versjon 2').trigger('click');
    await settle();
    const publish = operations.find((operation) => operationName(operation) === 'PublishInstrument');
    expect(publish?.variables).toEqual({ id: instrument.id, revision: 3 });
    expect(wrapper.find('dialog.publish-dialog[open]').exists()).toBe(false);
    expect(wrapper.get('#designer-published').text()).toContain('Versjon 2 er publisert');
    expect(activeId()).toBe('designer-published');
    // No draft now: the latest version, read-only, and a way to start the next.
    expect(wrapper.find('.designer-toolbar').exists()).toBe(false);
    expect(button(wrapper, 'Rediger (lag utkast til versjon 3)').exists()).toBe(true);
    expect(wrapper.findAll('.version-list__entry').map((entry) => entry.get('a').text())).toEqual([
      'Versjon 2',
      'Versjon 1',
    ]);
  });

  it('saves unsaved changes before showing the dialog, and blocks publishing while there are problems', async () => {
    const { client, instrument, operations } = setup();
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    await wrapper.findAll('.section-card')[1]!.get('[id$="-title-nb"]').setValue('');
    await button(wrapper, 'Publiser …').trigger('click');
    await settle();
    expect(savedDefinitions(operations)).toHaveLength(1);
    const dialog = wrapper.get('dialog.publish-dialog');
    expect(dialog.get('[role="alert"]').text()).toContain('Del 2: Delen har ingen tittel på bokmål.');
    expect(dialog.findAll('button').map((candidate) => candidate.text())).toEqual([
      'Avbryt',
      'Lukk og rett opp',
    ]);
    await button(wrapper, 'Lukk og rett opp').trigger('click');
    await settle();
    expect(activeId()).toBe('designer-problems-heading');
    expect(operations.some((operation) => operationName(operation) === 'PublishInstrument')).toBe(false);
  });

  it('shows the latest version read-only when there is no draft, and starts one on Edit', async () => {
    const { client, instrument, operations } = setup(
      fakeInstrument({ name: 'Verdi', project, published: [sampleDefinition()], draft: null }),
    );
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    expect(wrapper.find('.designer-toolbar').exists()).toBe(false);
    expect(wrapper.text()).toContain('Skjemaet har ikke noe utkast. Du ser versjon 1');
    expect(wrapper.findAll('.outline-item').length).toBe(5);

    await button(wrapper, 'Rediger (lag utkast til versjon 2)').trigger('click');
    await settle();
    expect(operations.some((operation) => operationName(operation) === 'StartInstrumentDraft')).toBe(true);
    expect(wrapper.find('.designer-toolbar').exists()).toBe(true);
    expect(wrapper.get('.page__intro').text()).toContain('Utkast til versjon 2');
    expect(wrapper.findAll('.item-card__key').map((key) => key.text())).toEqual([
      'q1',
      'q2',
      'q3',
      'q4',
      'q5',
    ]);
  });

  it('asks before leaving with unsaved changes', async () => {
    const { client, instrument } = setup();
    const { wrapper, router } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
    await wrapper.get('#instrument-meta-name').setValue('Nytt navn');

    const leaving = router.push('/projects');
    await settle();
    expect(wrapper.get('dialog[open] h2').text()).toBe('Forlate skjemaet uten å lagre?');
    await button(wrapper, 'Avbryt').trigger('click');
    await leaving;
    expect(router.currentRoute.value.name).toBe('instrument');

    const again = router.push('/projects');
    await settle();
    await button(wrapper, 'Forlat uten å lagre').trigger('click');
    await again;
    expect(router.currentRoute.value.name).toBe('elsewhere');
  });
});
