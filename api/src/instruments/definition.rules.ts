import { Field, ObjectType } from 'type-graphql';
import {
  CHOICE_TYPES,
  ItemType,
  SCORED_TYPES,
  ShowIfOperator,
  type InstrumentDefinition,
  type Item,
  type LocalizedText,
  type Scale,
} from './definition.types.js';

@ObjectType({ description: 'Something in a definition that stops it from being published' })
export class DefinitionProblem {
  @Field({ description: 'Where: e.g. "sections[1].items[0].showIf"' })
  path!: string;

  @Field(() => String, { nullable: true, description: 'The item concerned, if any' })
  item?: string | null;

  @Field({ description: 'What is wrong, in a sentence that names the thing' })
  message!: string;
}

export const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Option keys may start with a digit: REDCap's and most tools' choice codes are 1, 2, 3… */
export const OPTION_KEY_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
const OPTION_KEY_RULE = 'must hold only a-z, 0-9 and _, at most 64 characters';
const KEY_RULE = 'must start with a letter a-z and hold only a-z, 0-9 and _, at most 64 characters';

function validKey(key: string | null | undefined): boolean {
  return typeof key === 'string' && key.length <= 64 && KEY_PATTERN.test(key);
}

function hasBokmal(text: LocalizedText | null | undefined): boolean {
  return !!text && typeof text.nb === 'string' && text.nb.trim().length > 0;
}

/** The numbers an item can take, where it has a closed range. */
function numericRange(item: Item, scales: Map<string, Scale>): { min: number; max: number } | undefined {
  switch (item.type) {
    case ItemType.NPS:
      return { min: 0, max: 10 };
    case ItemType.YES_NO:
      return { min: 0, max: 1 };
    case ItemType.LIKERT: {
      const values = scales.get(item.scale ?? '')?.points.map((p) => p.value) ?? [];
      return values.length ? { min: Math.min(...values), max: Math.max(...values) } : undefined;
    }
    case ItemType.NUMBER:
      return { min: item.min ?? -Infinity, max: item.max ?? Infinity };
    default:
      return undefined;
  }
}

/**
 * Every rule a definition must meet to be published. Drafts may break them while being edited; the designer shows
 * each problem next to its item, and publishing refuses while any remain.
 */
export function problemsOf(definition: InstrumentDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string, item?: string) =>
    problems.push({ path, message, item: item ?? null });

  const scales = new Map<string, Scale>();
  definition.scales.forEach((scale, s) => {
    const path = `scales[${s}]`;
    if (!validKey(scale.key)) add(`${path}.key`, `Scale key "${scale.key}" ${KEY_RULE}`);
    else if (scales.has(scale.key)) add(`${path}.key`, `Scale key "${scale.key}" is used twice`);
    scales.set(scale.key, scale);
    if (scale.points.length < 2) add(`${path}.points`, `Scale ${scale.key} needs at least two points`);
    scale.points.forEach((point, p) => {
      if (!hasBokmal(point.label))
        add(`${path}.points[${p}].label`, `Scale ${scale.key}: point ${point.value} has no bokmål label`);
      if (p > 0 && point.value <= scale.points[p - 1]!.value) {
        add(`${path}.points[${p}].value`, `Scale ${scale.key}: values must rise from point to point`);
      }
    });
    if (scale.notApplicable && !hasBokmal(scale.notApplicable)) {
      add(`${path}.notApplicable`, `Scale ${scale.key}: the "Vet ikke" answer has no bokmål label`);
    }
  });

  const constructs = new Map<string, (typeof definition.constructs)[number]>();
  definition.constructs.forEach((construct, c) => {
    const path = `constructs[${c}]`;
    if (!validKey(construct.key)) add(`${path}.key`, `Construct key "${construct.key}" ${KEY_RULE}`);
    const earlier = constructs.get(construct.key);
    if (earlier) {
      add(
        `${path}.key`,
        earlier.kind === construct.kind
          ? `Construct key "${construct.key}" is used twice`
          : `Construct ${construct.key} mixes kinds: it is both ${earlier.kind} and ${construct.kind}`,
      );
    } else constructs.set(construct.key, construct);
    if (!hasBokmal(construct.label)) add(`${path}.label`, `Construct ${construct.key} has no bokmål label`);
  });

  const sectionKeys = new Set<string>();
  const itemsSoFar = new Map<string, Item>();
  /** Per construct, how its first item is scored; every other item must be scored the same way. */
  const constructScoring = new Map<string, { signature: string; item: string }>();
  let itemCount = 0;

  if (definition.sections.length === 0) add('sections', 'The instrument has no sections');
  definition.sections.forEach((section, s) => {
    const sectionPath = `sections[${s}]`;
    if (!validKey(section.key)) add(`${sectionPath}.key`, `Section key "${section.key}" ${KEY_RULE}`);
    else if (sectionKeys.has(section.key))
      add(`${sectionPath}.key`, `Section key "${section.key}" is used twice`);
    sectionKeys.add(section.key);
    if (!hasBokmal(section.title)) add(`${sectionPath}.title`, `Section ${section.key} has no bokmål title`);
    if (section.items.length === 0) add(`${sectionPath}.items`, `Section ${section.key} has no items`);

    section.items.forEach((item, i) => {
      itemCount++;
      const path = `${sectionPath}.items[${i}]`;
      const key = item.key;
      const say = (where: string, message: string) => add(`${path}${where}`, `Item ${key}: ${message}`, key);

      if (!validKey(key)) say('.key', `the key ${KEY_RULE}`);
      else if (itemsSoFar.has(key)) say('.key', 'the key is used by an earlier item too');

      if (item.roles.length === 0) say('.roles', 'is shown to no role; choose at least one');
      if (new Set(item.roles).size !== item.roles.length) say('.roles', 'lists a role twice');
      if (!hasBokmal(item.prompt)) say('.prompt', 'has no bokmål text');
      (item.promptByRole ?? []).forEach((rolePrompt, r) => {
        if (!item.roles.includes(rolePrompt.role)) {
          say(`.promptByRole[${r}]`, `has a wording for ${rolePrompt.role}, who is not shown the item`);
        }
        if (!hasBokmal(rolePrompt.text))
          say(`.promptByRole[${r}]`, `the ${rolePrompt.role} wording has no bokmål text`);
      });
      const overridden = (item.promptByRole ?? []).map((p) => p.role);
      if (new Set(overridden).size !== overridden.length)
        say('.promptByRole', 'has two wordings for one role');
      if (item.help && !hasBokmal(item.help)) say('.help', 'the help text has no bokmål text');

      if (item.type === ItemType.LIKERT) {
        if (!item.scale) say('.scale', 'is a Likert item without a scale');
        else if (!scales.has(item.scale)) say('.scale', `uses scale ${item.scale}, which does not exist`);
      } else if (item.scale) say('.scale', `has a scale, but ${item.type} items do not use one`);

      if (CHOICE_TYPES.has(item.type)) {
        const options = item.options ?? [];
        if (options.length < 2) say('.options', 'needs at least two options');
        const optionKeys = new Set<string>();
        options.forEach((option, o) => {
          if (!option.key?.trim()) say(`.options[${o}].key`, `option ${o + 1} has no key`);
          else if (option.key.length > 64 || !OPTION_KEY_PATTERN.test(option.key)) {
            say(`.options[${o}].key`, `option key "${option.key}" ${OPTION_KEY_RULE}`);
          } else if (optionKeys.has(option.key))
            say(`.options[${o}].key`, `option key "${option.key}" is used twice`);
          optionKeys.add(option.key);
          if (!hasBokmal(option.label))
            say(`.options[${o}].label`, `option ${option.key || o + 1} has no bokmål label`);
        });
      } else if (item.options?.length) say('.options', `has options, but ${item.type} items do not use them`);

      if (item.type === ItemType.NUMBER && item.min != null && item.max != null && item.min > item.max) {
        say('.min', `the lowest number (${item.min}) is above the highest (${item.max})`);
      }
      if (
        item.type === ItemType.TEXT &&
        item.maxLength != null &&
        (item.maxLength < 1 || item.maxLength > 20000)
      ) {
        say('.maxLength', 'the maximum length must be from 1 to 20000 characters');
      }
      if (item.reverseScored && !SCORED_TYPES.has(item.type))
        say('.reverseScored', `is reverse-scored, but ${item.type} items are not scored`);
      if (item.reverseScored && item.type === ItemType.NUMBER && (item.min == null || item.max == null)) {
        say('.reverseScored', 'is reverse-scored, which needs both a lowest and a highest number');
      }

      if (item.construct) {
        const construct = constructs.get(item.construct);
        if (!construct) say('.construct', `measures construct ${item.construct}, which does not exist`);
        else if (item.type === ItemType.LIKERT && !scales.has(item.scale ?? '')) {
          // The missing scale is reported above; comparing scoring without it would only repeat that.
        } else if (!SCORED_TYPES.has(item.type)) {
          say(
            '.construct',
            `is a ${item.type} item, which cannot be scored as part of construct ${item.construct}`,
          );
        } else {
          const range = numericRange(item, scales);
          const signature = `${item.type}:${item.type === ItemType.LIKERT ? item.scale : ''}:${range?.min}:${range?.max}`;
          const first = constructScoring.get(item.construct);
          if (!first) constructScoring.set(item.construct, { signature, item: key });
          else if (first.signature !== signature) {
            say(
              '.construct',
              `is answered differently from ${first.item}, so construct ${item.construct} would mix scales`,
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
          say(
            '.showIf.item',
            later || condition.item === key
              ? `show-if points at ${condition.item}, which does not come before it`
              : `show-if points at ${condition.item}, which does not exist`,
          );
        } else {
          problemsOfCondition(item, target, scales).forEach((message) => say('.showIf', message));
        }
      }
      if (validKey(key) && !itemsSoFar.has(key)) itemsSoFar.set(key, item);
    });
  });
  if (definition.sections.length > 0 && itemCount === 0) add('sections', 'The instrument has no items');
  return problems;
}

function problemsOfCondition(item: Item, target: Item, scales: Map<string, Scale>): string[] {
  const { op, values } = item.showIf!;
  const problems: string[] = [];
  if (values.length === 0) return [`show-if on ${target.key} compares with no value`];
  if (op !== ShowIfOperator.ONE_OF && values.length > 1)
    problems.push(`show-if ${op} takes one value, not ${values.length}`);
  if (target.type === ItemType.TEXT) return [`show-if on ${target.key}: text answers cannot be compared`];

  if (CHOICE_TYPES.has(target.type)) {
    if (op === ShowIfOperator.GREATER_THAN || op === ShowIfOperator.LESS_THAN) {
      problems.push(`show-if on ${target.key}: options cannot be greater or less than each other`);
    }
    const keys = new Set((target.options ?? []).map((o) => o.key));
    for (const value of values) {
      if (!keys.has(value))
        problems.push(
          `show-if on ${target.key} expects option "${value}", which ${target.key} does not have`,
        );
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
      problems.push(`show-if on ${target.key} compares with "${value}", which is not a number`);
    } else if (range && (number < range.min || number > range.max)) {
      problems.push(
        `show-if on ${target.key} compares with ${value}, which ${target.key} cannot have (${range.min}–${range.max})`,
      );
    } else if (target.type !== ItemType.NUMBER && !Number.isInteger(number)) {
      problems.push(`show-if on ${target.key} compares with ${value}, but ${target.key} takes whole numbers`);
    } else if (exact && points && !points.includes(number)) {
      problems.push(
        `show-if on ${target.key} expects ${value}, which is not a point on scale ${target.scale}`,
      );
    }
  }
  return problems;
}
