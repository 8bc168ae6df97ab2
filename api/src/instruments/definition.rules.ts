import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { placeholdersIn } from './definition.piping.js';
import { boundsOf } from './scale-bounds.js';
import {
  CHOICE_TYPES,
  OPTION_TYPES,
  RANKING_MAX_OPTIONS,
  DEFAULT_SLIDER_STEP,
  ItemType,
  OTHER_CHOICE,
  SCORED_TYPES,
  ShowIfOperator,
  isIsoDay,
  onSliderStep,
  type InstrumentDefinition,
  type Item,
  type LocalizedText,
  type Scale,
} from './definition.types.js';

/**
 * What is wrong, as a stable code the designer words in the user's language; `message` says the same in English
 * for scripts and logs. The parameters each code carries are listed with it.
 */
export enum DefinitionProblemCode {
  SCALE_KEY_INVALID = 'SCALE_KEY_INVALID',
  SCALE_KEY_DUPLICATE = 'SCALE_KEY_DUPLICATE',
  SCALE_TOO_FEW_POINTS = 'SCALE_TOO_FEW_POINTS',
  SCALE_POINT_NO_LABEL = 'SCALE_POINT_NO_LABEL',
  SCALE_VALUES_NOT_RISING = 'SCALE_VALUES_NOT_RISING',
  SCALE_NOT_APPLICABLE_NO_LABEL = 'SCALE_NOT_APPLICABLE_NO_LABEL',
  CONSTRUCT_KEY_INVALID = 'CONSTRUCT_KEY_INVALID',
  CONSTRUCT_KEY_DUPLICATE = 'CONSTRUCT_KEY_DUPLICATE',
  CONSTRUCT_MIXED_KINDS = 'CONSTRUCT_MIXED_KINDS',
  CONSTRUCT_NO_LABEL = 'CONSTRUCT_NO_LABEL',
  NO_SECTIONS = 'NO_SECTIONS',
  NO_ITEMS = 'NO_ITEMS',
  SECTION_KEY_INVALID = 'SECTION_KEY_INVALID',
  SECTION_KEY_DUPLICATE = 'SECTION_KEY_DUPLICATE',
  SECTION_NO_TITLE = 'SECTION_NO_TITLE',
  SECTION_NO_ITEMS = 'SECTION_NO_ITEMS',
  GRID_NOT_LIKERT = 'GRID_NOT_LIKERT',
  GRID_MIXED_SCALES = 'GRID_MIXED_SCALES',
  ITEM_KEY_INVALID = 'ITEM_KEY_INVALID',
  ITEM_KEY_DUPLICATE = 'ITEM_KEY_DUPLICATE',
  ITEM_KEY_RESERVED = 'ITEM_KEY_RESERVED',
  ITEM_NO_ROLES = 'ITEM_NO_ROLES',
  ITEM_ROLE_TWICE = 'ITEM_ROLE_TWICE',
  ITEM_NO_PROMPT = 'ITEM_NO_PROMPT',
  ROLE_PROMPT_ROLE_NOT_SHOWN = 'ROLE_PROMPT_ROLE_NOT_SHOWN',
  ROLE_PROMPT_NO_TEXT = 'ROLE_PROMPT_NO_TEXT',
  ROLE_PROMPT_TWICE = 'ROLE_PROMPT_TWICE',
  HELP_NO_TEXT = 'HELP_NO_TEXT',
  EASY_READ_LANGUAGES = 'EASY_READ_LANGUAGES',
  LIKERT_NO_SCALE = 'LIKERT_NO_SCALE',
  SCALE_MISSING = 'SCALE_MISSING',
  SCALE_NOT_USED = 'SCALE_NOT_USED',
  TOO_FEW_OPTIONS = 'TOO_FEW_OPTIONS',
  OPTION_NO_KEY = 'OPTION_NO_KEY',
  OPTION_KEY_INVALID = 'OPTION_KEY_INVALID',
  OPTION_KEY_DUPLICATE = 'OPTION_KEY_DUPLICATE',
  OPTION_NO_LABEL = 'OPTION_NO_LABEL',
  OPTIONS_NOT_USED = 'OPTIONS_NOT_USED',
  NUMBER_MIN_ABOVE_MAX = 'NUMBER_MIN_ABOVE_MAX',
  TEXT_MAX_LENGTH_RANGE = 'TEXT_MAX_LENGTH_RANGE',
  REVERSE_NOT_SCORED = 'REVERSE_NOT_SCORED',
  REVERSE_NEEDS_RANGE = 'REVERSE_NEEDS_RANGE',
  CONSTRUCT_MISSING = 'CONSTRUCT_MISSING',
  CONSTRUCT_NOT_SCORED = 'CONSTRUCT_NOT_SCORED',
  CONSTRUCT_MIXED_SCALES = 'CONSTRUCT_MIXED_SCALES',
  SHOW_IF_NOT_EARLIER = 'SHOW_IF_NOT_EARLIER',
  SHOW_IF_MISSING = 'SHOW_IF_MISSING',
  SHOW_IF_NO_VALUE = 'SHOW_IF_NO_VALUE',
  SHOW_IF_ONE_VALUE = 'SHOW_IF_ONE_VALUE',
  SHOW_IF_TEXT = 'SHOW_IF_TEXT',
  SHOW_IF_ORDERED_OPTIONS = 'SHOW_IF_ORDERED_OPTIONS',
  SHOW_IF_UNKNOWN_OPTION = 'SHOW_IF_UNKNOWN_OPTION',
  SHOW_IF_NOT_NUMBER = 'SHOW_IF_NOT_NUMBER',
  SHOW_IF_OUT_OF_RANGE = 'SHOW_IF_OUT_OF_RANGE',
  SHOW_IF_NOT_WHOLE = 'SHOW_IF_NOT_WHOLE',
  SHOW_IF_NOT_ON_SCALE = 'SHOW_IF_NOT_ON_SCALE',
  SHOW_IF_DATE = 'SHOW_IF_DATE',
  SHOW_IF_RANKING = 'SHOW_IF_RANKING',
  RANKING_TOO_MANY_OPTIONS = 'RANKING_TOO_MANY_OPTIONS',
  SHOW_IF_NOT_ON_STEP = 'SHOW_IF_NOT_ON_STEP',
  SHOW_IF_SAME_RANDOM_SECTION = 'SHOW_IF_SAME_RANDOM_SECTION',
  SLIDER_NEEDS_RANGE = 'SLIDER_NEEDS_RANGE',
  SLIDER_MIN_NOT_BELOW_MAX = 'SLIDER_MIN_NOT_BELOW_MAX',
  SLIDER_STEP_INVALID = 'SLIDER_STEP_INVALID',
  SLIDER_LABEL_NO_TEXT = 'SLIDER_LABEL_NO_TEXT',
  DATE_INVALID = 'DATE_INVALID',
  DATE_EARLIEST_AFTER_LATEST = 'DATE_EARLIEST_AFTER_LATEST',
  FIELD_NOT_USED = 'FIELD_NOT_USED',
  OTHER_NOT_CHOICE = 'OTHER_NOT_CHOICE',
  OTHER_KEY_RESERVED = 'OTHER_KEY_RESERVED',
  PIPE_UNKNOWN_ITEM = 'PIPE_UNKNOWN_ITEM',
  PIPE_NOT_EARLIER = 'PIPE_NOT_EARLIER',
  PIPE_MALFORMED = 'PIPE_MALFORMED',
}
registerEnumType(DefinitionProblemCode, {
  name: 'DefinitionProblemCode',
  description:
    'What is wrong with a definition; clients word it from this and `params`, so a code is never renamed',
});

@ObjectType({ description: 'A value a problem names: a key, a role, a type, a number…' })
export class DefinitionProblemParam {
  @Field({
    description:
      'key, scale, construct, section, option, number, value, target, other, min, max, step, field, op, count, missing, extra, language; role, type, kind, otherKind hold enum values',
  })
  name!: string;

  @Field()
  value!: string;
}

@ObjectType({ description: 'Something in a definition that stops it from being published' })
export class DefinitionProblem {
  @Field({ description: 'Where: e.g. "sections[1].items[0].showIf"' })
  path!: string;

  @Field(() => String, { nullable: true, description: 'The item concerned, if any' })
  item?: string | null;

  @Field(() => DefinitionProblemCode)
  code!: DefinitionProblemCode;

  @Field(() => [DefinitionProblemParam], { description: 'The values the wording of the code needs' })
  params!: DefinitionProblemParam[];

  @Field({ description: 'What is wrong, in an English sentence that names the thing' })
  message!: string;
}

type Params = Record<string, string | number>;
interface Finding {
  code: DefinitionProblemCode;
  params?: Params;
  message: string;
}
const C = DefinitionProblemCode;

function toParams(params: Params = {}): DefinitionProblemParam[] {
  return Object.entries(params).map(([name, value]) => ({ name, value: String(value) }));
}

export const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Option keys may start with a digit: REDCap's and most tools' choice codes are 1, 2, 3… */
export const OPTION_KEY_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
const OPTION_KEY_RULE = 'must hold only a-z, 0-9 and _, at most 64 characters';
const KEY_RULE = 'must start with a letter a-z and hold only a-z, 0-9 and _, at most 64 characters';

function validKey(key: string | null | undefined): boolean {
  return typeof key === 'string' && key.length <= 64 && KEY_PATTERN.test(key);
}

/**
 * Item keys that exports use for variables of the response itself: the wording used, the help given and the order of
 * randomised sections. An item with one of these keys would give two columns of one name.
 */
export function isReservedItemKey(key: string): boolean {
  return key === 'wording' || key.startsWith('assisted') || key === 'item_order';
}

const TEXT_LANGUAGES = ['nb', 'nn', 'en'] as const;

/** The languages a text is given in (non-blank), in Verdi's order. */
export function languagesOf(text: LocalizedText | null | undefined): string[] {
  return TEXT_LANGUAGES.filter((language) => !!text?.[language]?.trim());
}

/**
 * How an easy-read text differs in its languages from the text it varies: a language only one of them has. An
 * easy-read text in fewer languages would switch some participants back to standard wording unannounced; one in
 * more would offer a wording whose standard text does not exist.
 */
export function easyReadMismatch(
  text: LocalizedText | null | undefined,
  easyRead: LocalizedText | null | undefined,
): { missing: string[]; extra: string[] } | null {
  if (!easyRead) return null;
  const base = languagesOf(text);
  const easy = languagesOf(easyRead);
  const missing = base.filter((language) => !easy.includes(language));
  const extra = easy.filter((language) => !base.includes(language));
  return missing.length + extra.length > 0 ? { missing, extra } : null;
}

/** Languages as a problem's parameter: "nn, en", or a dash for none, so that a worded message never has a gap. */
const listed = (languages: string[]) => languages.join(', ') || '–';

function describeMismatch({ missing, extra }: { missing: string[]; extra: string[] }): string {
  return [
    missing.length > 0 ? `has no text in ${missing.join(', ')}` : '',
    extra.length > 0 ? `has text in ${extra.join(', ')}, which the standard wording lacks` : '',
  ]
    .filter(Boolean)
    .join(' and ');
}

function hasBokmal(text: LocalizedText | null | undefined): boolean {
  return !!text && typeof text.nb === 'string' && text.nb.trim().length > 0;
}

/** The numbers an item can take: its bounds, and for a NUMBER item an end not set is open. */
function numericRange(item: Item, scales: Map<string, Scale>): { min: number; max: number } | undefined {
  if (item.type === ItemType.NUMBER) return { min: item.min ?? -Infinity, max: item.max ?? Infinity };
  if (item.type === ItemType.DATE || item.type === ItemType.RANKING) return undefined;
  const bounds = boundsOf(item, (key) => scales.get(key));
  return bounds && { min: bounds[0], max: bounds[1] };
}

/**
 * Every rule a definition must meet to be published. Drafts may break them while being edited; the designer shows
 * each problem next to its item, and publishing refuses while any remain.
 */
export function problemsOf(definition: InstrumentDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, { code, params, message }: Finding, item?: string) =>
    problems.push({ path, item: item ?? null, code, params: toParams(params), message });

  const scales = new Map<string, Scale>();
  definition.scales.forEach((scale, s) => {
    const path = `scales[${s}]`;
    if (!validKey(scale.key))
      add(`${path}.key`, {
        code: C.SCALE_KEY_INVALID,
        params: { key: scale.key },
        message: `Scale key "${scale.key}" ${KEY_RULE}`,
      });
    else if (scales.has(scale.key))
      add(`${path}.key`, {
        code: C.SCALE_KEY_DUPLICATE,
        params: { key: scale.key },
        message: `Scale key "${scale.key}" is used twice`,
      });
    scales.set(scale.key, scale);
    if (scale.points.length < 2)
      add(`${path}.points`, {
        code: C.SCALE_TOO_FEW_POINTS,
        params: { scale: scale.key },
        message: `Scale ${scale.key} needs at least two points`,
      });
    scale.points.forEach((point, p) => {
      if (!hasBokmal(point.label))
        add(`${path}.points[${p}].label`, {
          code: C.SCALE_POINT_NO_LABEL,
          params: { scale: scale.key, value: point.value },
          message: `Scale ${scale.key}: point ${point.value} has no bokmål label`,
        });
      if (p > 0 && point.value <= scale.points[p - 1]!.value) {
        add(`${path}.points[${p}].value`, {
          code: C.SCALE_VALUES_NOT_RISING,
          params: { scale: scale.key },
          message: `Scale ${scale.key}: values must rise from point to point`,
        });
      }
    });
    if (scale.notApplicable && !hasBokmal(scale.notApplicable)) {
      add(`${path}.notApplicable`, {
        code: C.SCALE_NOT_APPLICABLE_NO_LABEL,
        params: { scale: scale.key },
        message: `Scale ${scale.key}: the "Vet ikke" answer has no bokmål label`,
      });
    }
  });

  const constructs = new Map<string, (typeof definition.constructs)[number]>();
  definition.constructs.forEach((construct, c) => {
    const path = `constructs[${c}]`;
    if (!validKey(construct.key))
      add(`${path}.key`, {
        code: C.CONSTRUCT_KEY_INVALID,
        params: { key: construct.key },
        message: `Construct key "${construct.key}" ${KEY_RULE}`,
      });
    const earlier = constructs.get(construct.key);
    if (earlier) {
      add(
        `${path}.key`,
        earlier.kind === construct.kind
          ? {
              code: C.CONSTRUCT_KEY_DUPLICATE,
              params: { key: construct.key },
              message: `Construct key "${construct.key}" is used twice`,
            }
          : {
              code: C.CONSTRUCT_MIXED_KINDS,
              params: { construct: construct.key, kind: earlier.kind, otherKind: construct.kind },
              message: `Construct ${construct.key} mixes kinds: it is both ${earlier.kind} and ${construct.kind}`,
            },
      );
    } else constructs.set(construct.key, construct);
    if (!hasBokmal(construct.label))
      add(`${path}.label`, {
        code: C.CONSTRUCT_NO_LABEL,
        params: { construct: construct.key },
        message: `Construct ${construct.key} has no bokmål label`,
      });
  });

  const sectionKeys = new Set<string>();
  const itemsSoFar = new Map<string, Item>();
  /** Per construct, how its first item is scored; every other item must be scored the same way. */
  const constructScoring = new Map<string, { signature: string; item: string }>();
  let itemCount = 0;

  if (definition.sections.length === 0)
    add('sections', { code: C.NO_SECTIONS, message: 'The instrument has no sections' });
  definition.sections.forEach((section, s) => {
    const sectionPath = `sections[${s}]`;
    if (!validKey(section.key))
      add(`${sectionPath}.key`, {
        code: C.SECTION_KEY_INVALID,
        params: { key: section.key },
        message: `Section key "${section.key}" ${KEY_RULE}`,
      });
    else if (sectionKeys.has(section.key))
      add(`${sectionPath}.key`, {
        code: C.SECTION_KEY_DUPLICATE,
        params: { key: section.key },
        message: `Section key "${section.key}" is used twice`,
      });
    sectionKeys.add(section.key);
    if (!hasBokmal(section.title))
      add(`${sectionPath}.title`, {
        code: C.SECTION_NO_TITLE,
        params: { section: section.key },
        message: `Section ${section.key} has no bokmål title`,
      });
    if (section.items.length === 0)
      add(`${sectionPath}.items`, {
        code: C.SECTION_NO_ITEMS,
        params: { section: section.key },
        message: `Section ${section.key} has no items`,
      });
    if (section.grid) {
      // A grid is one table whose columns are the scale's points: every row must be a Likert item on that scale.
      const notLikert = section.items.find((item) => item.type !== ItemType.LIKERT);
      const firstScale = section.items.find((item) => item.type === ItemType.LIKERT)?.scale;
      const otherScale = section.items.find(
        (item) => item.type === ItemType.LIKERT && item.scale !== firstScale,
      );
      if (notLikert)
        add(`${sectionPath}.grid`, {
          code: C.GRID_NOT_LIKERT,
          params: { section: section.key, key: notLikert.key, type: notLikert.type },
          message: `Section ${section.key} is shown as a grid, but its item ${notLikert.key} is ${notLikert.type}, not LIKERT`,
        });
      else if (otherScale)
        add(`${sectionPath}.grid`, {
          code: C.GRID_MIXED_SCALES,
          params: { section: section.key, key: otherScale.key, scale: otherScale.scale ?? '' },
          message: `Section ${section.key} is shown as a grid, but its item ${otherScale.key} uses another scale (${otherScale.scale ?? 'none'}) than the items before it (${firstScale ?? 'none'})`,
        });
    }

    section.items.forEach((item, i) => {
      itemCount++;
      const path = `${sectionPath}.items[${i}]`;
      const key = item.key;
      const say = (where: string, code: DefinitionProblemCode, message: string, params: Params = {}) =>
        add(`${path}${where}`, { code, params: { key, ...params }, message: `Item ${key}: ${message}` }, key);

      if (!validKey(key)) say('.key', C.ITEM_KEY_INVALID, `the key ${KEY_RULE}`);
      else if (itemsSoFar.has(key))
        say('.key', C.ITEM_KEY_DUPLICATE, 'the key is used by an earlier item too');
      else if (isReservedItemKey(key))
        say(
          '.key',
          C.ITEM_KEY_RESERVED,
          'the key is kept for the export variables wording, assisted… and item_order; choose another',
        );

      if (item.roles.length === 0) say('.roles', C.ITEM_NO_ROLES, 'is shown to no role; choose at least one');
      if (new Set(item.roles).size !== item.roles.length)
        say('.roles', C.ITEM_ROLE_TWICE, 'lists a role twice');
      if (!hasBokmal(item.prompt)) say('.prompt', C.ITEM_NO_PROMPT, 'has no bokmål text');
      (item.promptByRole ?? []).forEach((rolePrompt, r) => {
        if (!item.roles.includes(rolePrompt.role)) {
          say(
            `.promptByRole[${r}]`,
            C.ROLE_PROMPT_ROLE_NOT_SHOWN,
            `has a wording for ${rolePrompt.role}, who is not shown the item`,
            { role: rolePrompt.role },
          );
        }
        if (!hasBokmal(rolePrompt.text))
          say(
            `.promptByRole[${r}]`,
            C.ROLE_PROMPT_NO_TEXT,
            `the ${rolePrompt.role} wording has no bokmål text`,
            { role: rolePrompt.role },
          );
      });
      (item.promptByRole ?? []).forEach((rolePrompt, r) => {
        const mismatch = easyReadMismatch(rolePrompt.text, rolePrompt.easyRead);
        if (mismatch)
          say(
            `.promptByRole[${r}].easyRead`,
            C.EASY_READ_LANGUAGES,
            `the easy-read ${rolePrompt.role} wording ${describeMismatch(mismatch)}`,
            { role: rolePrompt.role, missing: listed(mismatch.missing), extra: listed(mismatch.extra) },
          );
      });
      const easyMismatch = easyReadMismatch(item.prompt, item.easyRead);
      if (easyMismatch)
        say('.easyRead', C.EASY_READ_LANGUAGES, `the easy-read wording ${describeMismatch(easyMismatch)}`, {
          missing: listed(easyMismatch.missing),
          extra: listed(easyMismatch.extra),
        });
      const overridden = (item.promptByRole ?? []).map((p) => p.role);
      if (new Set(overridden).size !== overridden.length)
        say('.promptByRole', C.ROLE_PROMPT_TWICE, 'has two wordings for one role');
      if (item.help && !hasBokmal(item.help))
        say('.help', C.HELP_NO_TEXT, 'the help text has no bokmål text');

      if (item.type === ItemType.LIKERT) {
        if (!item.scale) say('.scale', C.LIKERT_NO_SCALE, 'is a Likert item without a scale');
        else if (!scales.has(item.scale))
          say('.scale', C.SCALE_MISSING, `uses scale ${item.scale}, which does not exist`, {
            scale: item.scale,
          });
      } else if (item.scale)
        say('.scale', C.SCALE_NOT_USED, `has a scale, but ${item.type} items do not use one`, {
          type: item.type,
        });

      if (OPTION_TYPES.has(item.type)) {
        const options = item.options ?? [];
        if (options.length < 2) say('.options', C.TOO_FEW_OPTIONS, 'needs at least two options');
        if (item.type === ItemType.RANKING && options.length > RANKING_MAX_OPTIONS)
          say(
            '.options',
            C.RANKING_TOO_MANY_OPTIONS,
            `is a ranking of ${options.length} options; at most ${RANKING_MAX_OPTIONS} can be ranked`,
            { count: options.length, max: RANKING_MAX_OPTIONS },
          );
        const optionKeys = new Set<string>();
        options.forEach((option, o) => {
          if (!option.key?.trim())
            say(`.options[${o}].key`, C.OPTION_NO_KEY, `option ${o + 1} has no key`, { number: o + 1 });
          else if (option.key.length > 64 || !OPTION_KEY_PATTERN.test(option.key)) {
            say(`.options[${o}].key`, C.OPTION_KEY_INVALID, `option key "${option.key}" ${OPTION_KEY_RULE}`, {
              option: option.key,
            });
          } else if (optionKeys.has(option.key))
            say(`.options[${o}].key`, C.OPTION_KEY_DUPLICATE, `option key "${option.key}" is used twice`, {
              option: option.key,
            });
          optionKeys.add(option.key);
          if (!hasBokmal(option.label))
            say(
              `.options[${o}].label`,
              C.OPTION_NO_LABEL,
              `option ${option.key || o + 1} has no bokmål label`,
              { option: option.key || o + 1 },
            );
        });
      } else if (item.options?.length)
        say('.options', C.OPTIONS_NOT_USED, `has options, but ${item.type} items do not use them`, {
          type: item.type,
        });

      problemsOfNewTypes(item).forEach(([where, code, message, params]) => say(where, code, message, params));

      if (item.type === ItemType.NUMBER && item.min != null && item.max != null && item.min > item.max) {
        say(
          '.min',
          C.NUMBER_MIN_ABOVE_MAX,
          `the lowest number (${item.min}) is above the highest (${item.max})`,
          { min: item.min, max: item.max },
        );
      }
      if (
        item.type === ItemType.TEXT &&
        item.maxLength != null &&
        (item.maxLength < 1 || item.maxLength > 20000)
      ) {
        say('.maxLength', C.TEXT_MAX_LENGTH_RANGE, 'the maximum length must be from 1 to 20000 characters', {
          min: 1,
          max: 20000,
        });
      }
      if (item.reverseScored && !SCORED_TYPES.has(item.type))
        say(
          '.reverseScored',
          C.REVERSE_NOT_SCORED,
          `is reverse-scored, but ${item.type} items are not scored`,
          { type: item.type },
        );
      if (item.reverseScored && item.type === ItemType.NUMBER && (item.min == null || item.max == null)) {
        say(
          '.reverseScored',
          C.REVERSE_NEEDS_RANGE,
          'is reverse-scored, which needs both a lowest and a highest number',
        );
      }

      if (item.construct) {
        const construct = constructs.get(item.construct);
        if (!construct)
          say(
            '.construct',
            C.CONSTRUCT_MISSING,
            `measures construct ${item.construct}, which does not exist`,
            { construct: item.construct },
          );
        else if (item.type === ItemType.LIKERT && !scales.has(item.scale ?? '')) {
          // The missing scale is reported above; comparing scoring without it would only repeat that.
        } else if (!SCORED_TYPES.has(item.type)) {
          say(
            '.construct',
            C.CONSTRUCT_NOT_SCORED,
            `is a ${item.type} item, which cannot be scored as part of construct ${item.construct}`,
            { type: item.type, construct: item.construct },
          );
        } else {
          const range = numericRange(item, scales);
          const signature = `${item.type}:${item.type === ItemType.LIKERT ? item.scale : ''}:${range?.min}:${range?.max}`;
          const first = constructScoring.get(item.construct);
          if (!first) constructScoring.set(item.construct, { signature, item: key });
          else if (first.signature !== signature) {
            say(
              '.construct',
              C.CONSTRUCT_MIXED_SCALES,
              `is answered differently from ${first.item}, so construct ${item.construct} would mix scales`,
              { other: first.item, construct: item.construct },
            );
          }
        }
      }

      if (item.showIf) {
        const condition = item.showIf;
        const target = itemsSoFar.get(condition.item);
        if (!target) {
          const later = definition.sections.some((sec) =>
            sec.items.some((other) => other.key === condition.item),
          );
          const before = later || condition.item === key;
          say(
            '.showIf.item',
            before ? C.SHOW_IF_NOT_EARLIER : C.SHOW_IF_MISSING,
            before
              ? `show-if points at ${condition.item}, which does not come before it`
              : `show-if points at ${condition.item}, which does not exist`,
            { target: condition.item },
          );
        } else if (section.randomiseOrder && section.items.some((other) => other.key === condition.item)) {
          // In a section shown in a drawn order, the item it depends on may come after it.
          say(
            '.showIf.item',
            C.SHOW_IF_SAME_RANDOM_SECTION,
            `show-if points at ${condition.item}, which is in the same randomised section`,
            { target: condition.item, section: section.key },
          );
        } else {
          problemsOfCondition(item, target, scales).forEach(({ code, message, params }) =>
            say('.showIf', code, message, params),
          );
        }
      }
      if (validKey(key) && !itemsSoFar.has(key)) itemsSoFar.set(key, item);
    });
  });
  if (definition.sections.length > 0 && itemCount === 0)
    add('sections', { code: C.NO_ITEMS, message: 'The instrument has no items' });
  problemsOfPiping(definition).forEach(([path, finding, item]) => add(path, finding, item));
  return problems;
}

/** The texts of an item a participant reads, where an earlier answer may be shown, by their place in the item. */
function textsOf(item: Item): [where: string, text: LocalizedText | null | undefined][] {
  return [
    ['.prompt', item.prompt],
    ['.easyRead', item.easyRead],
    ['.help', item.help],
    ...(item.promptByRole ?? []).flatMap((rolePrompt, r): [string, LocalizedText | null | undefined][] => [
      [`.promptByRole[${r}].text`, rolePrompt.text],
      [`.promptByRole[${r}].easyRead`, rolePrompt.easyRead],
    ]),
  ];
}

/**
 * The rules of piping: each `{{key}}` names an item on an earlier page (a section before this one), whose answer
 * is final by the time this page is shown; an answer on the same page would change the question while it is read.
 */
function problemsOfPiping(definition: InstrumentDefinition): [string, Finding, string][] {
  const found: [string, Finding, string][] = [];
  const sectionOf = new Map<string, number>();
  definition.sections.forEach((section, s) =>
    section.items.forEach((item) => {
      if (!sectionOf.has(item.key)) sectionOf.set(item.key, s);
    }),
  );
  definition.sections.forEach((section, s) =>
    section.items.forEach((item, i) => {
      const key = item.key;
      for (const [where, text] of textsOf(item)) {
        for (const language of TEXT_LANGUAGES) {
          const value = text?.[language];
          if (typeof value !== 'string' || !(value.includes('{{') || value.includes('}}'))) continue;
          const path = `sections[${s}].items[${i}]${where}.${language}`;
          const { placeholders, stray } = placeholdersIn(value);
          const say = (code: DefinitionProblemCode, message: string, params: Params = {}) =>
            found.push([
              path,
              { code, params: { key, language, ...params }, message: `Item ${key}: ${message}` },
              key,
            ]);
          if (stray || placeholders.some((placeholder) => placeholder.key === ''))
            say(
              C.PIPE_MALFORMED,
              `the ${language} text of ${where.slice(1)} has "{{" or "}}" that is not a whole placeholder {{item_key}} or {{item_key|text if unanswered}}`,
            );
          const named = new Set(placeholders.map((placeholder) => placeholder.key).filter(Boolean));
          for (const target of named) {
            const at = sectionOf.get(target);
            if (at === undefined)
              say(
                C.PIPE_UNKNOWN_ITEM,
                `the ${language} text of ${where.slice(1)} shows the answer to ${target}, which does not exist`,
                { target },
              );
            else if (at >= s)
              say(
                C.PIPE_NOT_EARLIER,
                `the ${language} text of ${where.slice(1)} shows the answer to ${target}, which is not on an earlier page`,
                { target },
              );
          }
        }
      }
    }),
  );
  return found;
}

function problemsOfCondition(item: Item, target: Item, scales: Map<string, Scale>): Finding[] {
  const { op, values } = item.showIf!;
  const problems: Finding[] = [];
  const on = target.key;
  if (values.length === 0)
    return [
      {
        code: C.SHOW_IF_NO_VALUE,
        params: { target: on },
        message: `show-if on ${on} compares with no value`,
      },
    ];
  if (op !== ShowIfOperator.ONE_OF && values.length > 1)
    problems.push({
      code: C.SHOW_IF_ONE_VALUE,
      params: { op, count: values.length },
      message: `show-if ${op} takes one value, not ${values.length}`,
    });
  if (target.type === ItemType.TEXT)
    return [
      {
        code: C.SHOW_IF_TEXT,
        params: { target: on },
        message: `show-if on ${on}: text answers cannot be compared`,
      },
    ];

  if (target.type === ItemType.RANKING)
    return [
      {
        code: C.SHOW_IF_RANKING,
        params: { target: on },
        message: `show-if on ${on}: a ranking cannot be compared; show the item on another answer`,
      },
    ];

  if (target.type === ItemType.DATE)
    return [
      {
        code: C.SHOW_IF_DATE,
        params: { target: on },
        message: `show-if on ${on}: dates cannot be compared`,
      },
    ];

  if (CHOICE_TYPES.has(target.type)) {
    if (op === ShowIfOperator.GREATER_THAN || op === ShowIfOperator.LESS_THAN) {
      problems.push({
        code: C.SHOW_IF_ORDERED_OPTIONS,
        params: { target: on },
        message: `show-if on ${on}: options cannot be greater or less than each other`,
      });
    }
    const keys = new Set((target.options ?? []).map((o) => o.key));
    if (target.otherOption) keys.add(OTHER_CHOICE);
    for (const value of values) {
      if (!keys.has(value))
        problems.push({
          code: C.SHOW_IF_UNKNOWN_OPTION,
          params: { target: on, value },
          message: `show-if on ${on} expects option "${value}", which ${on} does not have`,
        });
    }
    return problems;
  }

  const range = numericRange(target, scales);
  const points =
    target.type === ItemType.LIKERT ? scales.get(target.scale ?? '')?.points.map((p) => p.value) : undefined;
  const exact = op === ShowIfOperator.EQUALS || op === ShowIfOperator.ONE_OF;
  for (const value of values) {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      problems.push({
        code: C.SHOW_IF_NOT_NUMBER,
        params: { target: on, value },
        message: `show-if on ${on} compares with "${value}", which is not a number`,
      });
    } else if (range && (number < range.min || number > range.max)) {
      problems.push({
        code: C.SHOW_IF_OUT_OF_RANGE,
        params: { target: on, value, min: range.min, max: range.max },
        message: `show-if on ${on} compares with ${value}, which ${on} cannot have (${range.min}–${range.max})`,
      });
    } else if (
      target.type === ItemType.SLIDER
        ? // Equal to a value the slider cannot take never holds; greater or less than one between steps can. A
          // step that is itself wrong is reported on the slider, not again on each condition.
          exact &&
          validStep(target.step) &&
          !onSliderStep(number, target.min ?? 0, target.step ?? DEFAULT_SLIDER_STEP)
        : target.type !== ItemType.NUMBER && !Number.isInteger(number)
    ) {
      problems.push(
        target.type === ItemType.SLIDER
          ? {
              code: C.SHOW_IF_NOT_ON_STEP,
              params: { target: on, value, step: target.step ?? DEFAULT_SLIDER_STEP },
              message: `show-if on ${on} expects ${value}, which is not one of the slider's steps`,
            }
          : {
              code: C.SHOW_IF_NOT_WHOLE,
              params: { target: on, value },
              message: `show-if on ${on} compares with ${value}, but ${on} takes whole numbers`,
            },
      );
    } else if (exact && points && !points.includes(number)) {
      problems.push({
        code: C.SHOW_IF_NOT_ON_SCALE,
        params: { target: on, value, scale: target.scale ?? '' },
        message: `show-if on ${on} expects ${value}, which is not a point on scale ${target.scale}`,
      });
    }
  }
  return problems;
}

const validStep = (step: number | null | undefined) => step == null || (Number.isFinite(step) && step > 0);

type ItemFinding = [where: string, code: DefinitionProblemCode, message: string, params?: Params];

/** The fields only some types use, and which. */
const FIELDS_OF: [field: 'step' | 'minLabel' | 'maxLabel' | 'earliest' | 'latest', type: ItemType][] = [
  ['step', ItemType.SLIDER],
  ['minLabel', ItemType.SLIDER],
  ['maxLabel', ItemType.SLIDER],
  ['earliest', ItemType.DATE],
  ['latest', ItemType.DATE],
];

/** The rules of sliders, dates and "other, specify". */
function problemsOfNewTypes(item: Item): ItemFinding[] {
  const found: ItemFinding[] = [];
  for (const [field, type] of FIELDS_OF) {
    if (item.type !== type && item[field] != null)
      found.push([
        `.${field}`,
        C.FIELD_NOT_USED,
        `has ${field}, but ${item.type} items do not use it`,
        { field, type: item.type },
      ]);
  }
  if (item.otherOption && !CHOICE_TYPES.has(item.type))
    found.push([
      '.otherOption',
      C.OTHER_NOT_CHOICE,
      `offers "other, specify", but ${item.type} items have no options`,
      { type: item.type },
    ]);
  if (item.otherOption && CHOICE_TYPES.has(item.type)) {
    const o = (item.options ?? []).findIndex((option) => option.key === OTHER_CHOICE);
    if (o >= 0)
      found.push([
        `.options[${o}].key`,
        C.OTHER_KEY_RESERVED,
        `option key "${OTHER_CHOICE}" is kept for "other, specify", which the item offers`,
        { option: OTHER_CHOICE },
      ]);
  }
  if (item.type === ItemType.SLIDER) {
    const { min, max } = item;
    const step = item.step ?? DEFAULT_SLIDER_STEP;
    if (min == null || max == null)
      found.push([
        '.min',
        C.SLIDER_NEEDS_RANGE,
        'is a slider, which needs both a lowest and a highest number',
      ]);
    else if (!(min < max))
      found.push([
        '.min',
        C.SLIDER_MIN_NOT_BELOW_MAX,
        `the lowest number (${min}) must be below the highest (${max})`,
        { min, max },
      ]);
    if (!(Number.isFinite(step) && step > 0))
      found.push(['.step', C.SLIDER_STEP_INVALID, `the step (${step}) must be above 0`, { step }]);
    else if (min != null && max != null && min < max && !onSliderStep(max, min, step))
      found.push([
        '.step',
        C.SLIDER_STEP_INVALID,
        `the step (${step}) does not divide the range from ${min} to ${max}`,
        { step, min, max },
      ]);
    for (const field of ['minLabel', 'maxLabel'] as const) {
      if (item[field] && !hasBokmal(item[field]))
        found.push([`.${field}`, C.SLIDER_LABEL_NO_TEXT, `the ${field} has no bokmål text`, { field }]);
    }
  }
  if (item.type === ItemType.DATE) {
    for (const field of ['earliest', 'latest'] as const) {
      const value = item[field];
      if (value != null && !isIsoDay(value))
        found.push([
          `.${field}`,
          C.DATE_INVALID,
          `${field} "${value}" is not a day written YYYY-MM-DD`,
          { field, value },
        ]);
    }
    if (item.earliest && item.latest && isIsoDay(item.earliest) && isIsoDay(item.latest))
      if (item.earliest > item.latest)
        found.push([
          '.earliest',
          C.DATE_EARLIEST_AFTER_LATEST,
          `the earliest day (${item.earliest}) is after the latest (${item.latest})`,
          { min: item.earliest, max: item.latest },
        ]);
  }
  return found;
}
