import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { fromDefinition } from '../model/editable';
import { apiItem, sampleDefinition } from '../test/definitions';
import { designerI18n } from '../test/mountDesigner';
import SurveyPreview from './SurveyPreview.vue';

/** Likert q1 with its own wording for professionals and consultants; free text q2 for consultants only. */
function threeRoles() {
  const definition = sampleDefinition();
  definition.sections = [
    {
      key: 'arbeid',
      title: { nb: 'Arbeidshverdagen', en: 'Working day', nn: null },
      randomiseOrder: null,
      grid: null,
      items: [
        apiItem({
          key: 'q1',
          prompt: {
            nb: 'Erfaringskonsulenten hjelper meg',
            en: 'The consultant helps me',
            nn: 'Erfaringskonsulenten hjelper meg (nn)',
          },
          promptByRole: [
            {
              role: 'PROFESSIONAL',
              text: {
                nb: 'Erfaringskonsulenten hjelper brukerne',
                en: 'The consultant helps users',
                nn: null,
              },
              easyRead: null,
            },
            {
              role: 'CONSULTANT',
              text: { nb: 'Jeg hjelper brukerne', en: 'I help the users', nn: null },
              easyRead: null,
            },
          ],
        }),
        apiItem({
          key: 'q2',
          type: 'TEXT',
          scale: null,
          roles: ['CONSULTANT'],
          prompt: { nb: 'Hva trenger du?', en: null, nn: null },
        }),
      ],
    },
    {
      key: 'oppfolging',
      title: { nb: 'Oppfølging', en: null, nn: null },
      randomiseOrder: null,
      grid: null,
      items: [
        apiItem({
          key: 'q3',
          type: 'YES_NO',
          scale: null,
          prompt: { nb: 'Har du fått oppfølging?', en: null, nn: null },
        }),
        apiItem({
          key: 'q4',
          prompt: { nb: 'Oppfølgingen var god', en: null, nn: null },
          showIf: { item: 'q3', op: 'EQUALS', values: ['1'] },
        }),
      ],
    },
  ];
  return definition;
}

function mountPreview(definition = threeRoles(), locale: 'nb' | 'en' = 'nb') {
  return mount(SurveyPreview, {
    props: { sections: definition.sections, scales: definition.scales, idPrefix: 'test-preview' },
    global: { plugins: [designerI18n(locale)] },
    attachTo: document.body,
  });
}

const prompts = (wrapper: ReturnType<typeof mountPreview>) =>
  wrapper
    .findAll('.survey-item__prompt')
    .map((prompt) => prompt.text().replace(/\s*\((Må besvares|Må svarast på|Required)\)$/, ''));

describe('SurveyPreview', () => {
  it("shows the easy-read wording a role gets: the item's, or only its own wording's", async () => {
    const definition = threeRoles();
    const q1 = definition.sections[0]!.items[0]!;
    q1.easyRead = { nb: 'Jeg får hjelp', en: null, nn: null };
    q1.promptByRole![0]!.easyRead = { nb: 'Brukerne får hjelp', en: null, nn: null };
    const wrapper = mountPreview(definition);
    const easyRead = wrapper.get('#test-preview-easy-read');
    expect(wrapper.get('label[for="test-preview-easy-read"]').text()).toBe('Vis lettlest tekst');
    await easyRead.setValue(true);
    expect(prompts(wrapper)[0]).toBe('Jeg får hjelp');
    const role = wrapper.get('#test-preview-role');
    await role.setValue('PROFESSIONAL');
    expect(prompts(wrapper)[0]).toBe('Brukerne får hjelp');
    // The consultants' own wording has no easy-read text: they keep it, never the service users' question.
    await role.setValue('CONSULTANT');
    expect(prompts(wrapper)[0]).toBe('Jeg hjelper brukerne');
    await easyRead.setValue(false);
    await role.setValue('SERVICE_USER');
    expect(prompts(wrapper)[0]).toBe('Erfaringskonsulenten hjelper meg');
  });

  it('shows a grid section as one table: the scale as headings, each question its own radio group', async () => {
    const definition = threeRoles();
    definition.sections[1] = {
      ...definition.sections[1]!,
      grid: true,
      items: [definition.sections[1]!.items[1]!],
    };
    definition.sections[1]!.items[0]!.showIf = null;
    const wrapper = mountPreview(definition);
    await vi.waitFor(() => expect(wrapper.find('[data-grid-head]').exists()).toBe(true));
    const grids = wrapper.findAll('.survey-grid');
    expect(grids).toHaveLength(1);
    expect(grids[0]!.get('h3').text()).toBe('Oppfølging');
    expect(grids[0]!.get('[data-grid-head]').attributes('aria-hidden')).toBe('true');
    expect(grids[0]!.get('legend').text()).toContain('Oppfølgingen var god');
    // The first section is not a grid.
    expect(wrapper.get('[data-item="q1"]').element.closest('.survey-grid')).toBeNull();
  });

  it('shows each role its own wording and only its items, in the chosen language', async () => {
    const wrapper = mountPreview();
    const role = wrapper.get('#test-preview-role');
    const language = wrapper.get('#test-preview-language');
    expect(prompts(wrapper)).toEqual(['Erfaringskonsulenten hjelper meg', 'Har du fått oppfølging?']);
    expect(wrapper.get('[role="status"]').text()).toBe('2 spørsmål vises for Tjenestebruker.');

    await language.setValue('en');
    expect(prompts(wrapper)).toEqual(['The consultant helps me', 'Har du fått oppfølging?']);
    expect(wrapper.get('.survey-preview__survey').attributes('lang')).toBe('en');
    expect(wrapper.get('.survey-preview__section h3').text()).toBe('Working day');

    await role.setValue('PROFESSIONAL');
    expect(prompts(wrapper)).toEqual(['The consultant helps users', 'Har du fått oppfølging?']);
    await language.setValue('nb');
    expect(prompts(wrapper)).toEqual(['Erfaringskonsulenten hjelper brukerne', 'Har du fått oppfølging?']);

    await role.setValue('CONSULTANT');
    expect(prompts(wrapper)).toEqual(['Jeg hjelper brukerne', 'Hva trenger du?', 'Har du fått oppfølging?']);
    await language.setValue('en');
    expect(prompts(wrapper)).toEqual(['I help the users', 'Hva trenger du?', 'Har du fått oppfølging?']);
    await language.setValue('nn');
    // Nynorsk is missing for the consultant's wording: bokmål stands in.
    expect(prompts(wrapper)[0]).toBe('Jeg hjelper brukerne');
  });

  it('evaluates show-if conditions against the answers given in the preview', async () => {
    const wrapper = mountPreview();
    expect(prompts(wrapper)).not.toContain('Oppfølgingen var god');
    const yes = wrapper.findAll('.survey-item[data-item="q3"] input[type="radio"]')[0]!;
    await yes.setValue(true);
    expect(prompts(wrapper)).toContain('Oppfølgingen var god');
    const no = wrapper.findAll('.survey-item[data-item="q3"] input[type="radio"]')[1]!;
    await no.setValue(true);
    expect(prompts(wrapper)).not.toContain('Oppfølgingen var god');

    await wrapper.findAll('.survey-item[data-item="q3"] input[type="radio"]')[0]!.setValue(true);
    expect(prompts(wrapper)).toContain('Oppfølgingen var god');
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Tøm svarene')!
      .trigger('click');
    expect(prompts(wrapper)).not.toContain('Oppfølgingen var god');
  });

  it('shows earlier answers given in the preview inside later texts, and the fallback until then', async () => {
    const definition = threeRoles();
    definition.sections[1]!.items[0]!.prompt = {
      nb: 'Etter «{{q2|det du trenger}}» og {{q1}}: fått oppfølging?',
      en: null,
      nn: null,
    };
    const wrapper = mountPreview(definition);
    expect(prompts(wrapper)).toContain('Etter «det du trenger» og: fått oppfølging?');
    await wrapper.findAll('.survey-item[data-item="q1"] input[type="radio"]')[3]!.setValue(true);
    expect(prompts(wrapper)).toContain('Etter «det du trenger» og Litt enig: fått oppfølging?');
    // q2 is for consultants: its answer shows once the preview is the consultant's.
    await wrapper.get('#test-preview-role').setValue('CONSULTANT');
    await wrapper.get('.survey-item[data-item="q2"] textarea').setValue('Mer <i>tid</i>\nsammen');
    expect(prompts(wrapper)).toContain('Etter «Mer <i>tid</i> sammen» og Litt enig: fått oppfølging?');
    await wrapper.get('#test-preview-role').setValue('SERVICE_USER');
    expect(prompts(wrapper)).toContain('Etter «det du trenger» og Litt enig: fått oppfølging?');
  });

  it("follows the designer's working copy as it changes", async () => {
    const editable = fromDefinition(threeRoles());
    const wrapper = mount(SurveyPreview, {
      props: { sections: editable.sections, scales: editable.scales, idPrefix: 'p' },
      global: { plugins: [designerI18n('en')] },
    });
    expect(wrapper.get('[role="status"]').text()).toBe('2 questions are shown to Service user.');
    editable.sections[0]!.items[1]!.roles.push('SERVICE_USER');
    await wrapper.setProps({ sections: [...editable.sections] });
    expect(prompts(wrapper)).toContain('Hva trenger du?');
    // A Likert item shows its scale's points and the "Vet ikke" answer.
    const labels = wrapper.findAll('.survey-item[data-item="q1"] label').map((label) => label.text());
    expect(labels).toEqual([
      'Helt uenig',
      'Litt uenig',
      'Nøytral',
      'Litt enig',
      'Helt enig',
      'Vet ikke / ikke aktuelt',
    ]);
  });
});
