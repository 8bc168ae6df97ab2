import type { ItemType, RespondentRole } from '@verdi/schema/generated';
import {
  optionTypes,
  emptyText,
  newUid,
  respondentRoles,
  scoredTypes,
  type EditConstruct,
  type EditDefinition,
  type EditItem,
  type EditOption,
  type EditScale,
  type EditScalePoint,
  type EditSection,
} from './editable';

/**
 * The designer's editing operations. Each changes the definition in place (the designer's copy is reactive) and
 * keeps references between entries intact: renaming a key renames what points at it.
 */

export interface ItemPlace {
  item: EditItem;
  section: EditSection;
  sectionIndex: number;
  index: number;
}

/** Every item in questionnaire order, with where it is. */
export function itemPlaces(definition: EditDefinition): ItemPlace[] {
  return definition.sections.flatMap((section, sectionIndex) =>
    section.items.map((item, index) => ({ item, section, sectionIndex, index })),
  );
}

export function findItem(definition: EditDefinition, uid: string): ItemPlace | undefined {
  return itemPlaces(definition).find((place) => place.item.uid === uid);
}

/** The first of prefix1, prefix2… that is not taken. */
export function uniqueKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let number = 1;
  while (used.has(`${prefix}${number}`)) number += 1;
  return `${prefix}${number}`;
}

function defaultOptions(): EditOption[] {
  return [
    { uid: newUid(), key: '1', label: emptyText() },
    { uid: newUid(), key: '2', label: emptyText() },
  ];
}

/** Gives an item what its (new) type needs: a scale for Likert, two options to start from for choices. */
function fitToType(definition: EditDefinition, item: EditItem): void {
  if (item.type === 'LIKERT' && !item.scale) item.scale = definition.scales[0]?.key ?? null;
  if (optionTypes.has(item.type) && item.options.length === 0) item.options = defaultOptions();
  if (!scoredTypes.has(item.type)) item.reverseScored = false;
  // A slider needs both ends; 0–10 is where most start.
  if (item.type === 'SLIDER') {
    item.min ??= 0;
    item.max ??= 10;
  }
}

export function addItem(
  definition: EditDefinition,
  sectionUid: string,
  type: ItemType,
): EditItem | undefined {
  const section = definition.sections.find((candidate) => candidate.uid === sectionUid);
  if (!section) return undefined;
  const item: EditItem = {
    uid: newUid(),
    key: uniqueKey(
      'q',
      itemPlaces(definition).map((place) => place.item.key),
    ),
    type,
    construct: null,
    roles: [...respondentRoles],
    prompt: emptyText(),
    promptByRole: [],
    easyRead: emptyText(),
    help: emptyText(),
    // Optional unless the researcher decides otherwise: the participants' information says questions may be
    // skipped, and a required free-text box is what makes people give up (or type "nothing").
    required: false,
    reverseScored: false,
    scale: null,
    options: [],
    otherOption: false,
    min: null,
    max: null,
    step: null,
    minLabel: emptyText(),
    maxLabel: emptyText(),
    earliest: '',
    latest: '',
    maxLength: null,
    showIf: null,
  };
  fitToType(definition, item);
  section.items.push(item);
  return item;
}

export function setItemType(definition: EditDefinition, item: EditItem, type: ItemType): void {
  item.type = type;
  fitToType(definition, item);
  // Conditions on this item compared with its old answers (options, scale points), which may no longer exist.
  for (const dependent of dependentsOf(definition, item.key)) {
    if (dependent.showIf) dependent.showIf.values = [];
  }
}

/** Items whose show-if condition looks at the item with this key. */
export function dependentsOf(definition: EditDefinition, key: string): EditItem[] {
  return itemPlaces(definition)
    .map((place) => place.item)
    .filter((item) => item.showIf?.item === key);
}

/**
 * Deletes an item. Conditions on it are removed with it, so that no item is left waiting for an answer that
 * can never come; the designer names those items before asking to delete.
 */
export function removeItem(definition: EditDefinition, uid: string): ItemPlace | undefined {
  const place = findItem(definition, uid);
  if (!place) return undefined;
  place.section.items.splice(place.index, 1);
  if (!itemPlaces(definition).some((other) => other.item.key === place.item.key)) {
    for (const dependent of dependentsOf(definition, place.item.key)) dependent.showIf = null;
  }
  return place;
}

/**
 * Moves an item one step up or down. At the top or bottom of a section it moves on into the section before or
 * after, so that the arrow buttons alone reach every position.
 */
export function moveItem(definition: EditDefinition, uid: string, delta: -1 | 1): boolean {
  const place = findItem(definition, uid);
  if (!place) return false;
  const { section, sectionIndex, index, item } = place;
  const target = index + delta;
  if (target >= 0 && target < section.items.length) {
    section.items.splice(index, 1);
    section.items.splice(target, 0, item);
    return true;
  }
  const neighbour = definition.sections[sectionIndex + delta];
  if (!neighbour) return false;
  section.items.splice(index, 1);
  if (delta < 0) neighbour.items.push(item);
  else neighbour.items.unshift(item);
  return true;
}

export function canMoveItem(definition: EditDefinition, uid: string, delta: -1 | 1): boolean {
  const places = itemPlaces(definition);
  const position = places.findIndex((place) => place.item.uid === uid);
  if (position < 0) return false;
  const place = places[position]!;
  const inSection = place.index + delta >= 0 && place.index + delta < place.section.items.length;
  return inSection || definition.sections[place.sectionIndex + delta] !== undefined;
}

/** Moves an item to the end of another section. */
export function moveItemToSection(definition: EditDefinition, uid: string, sectionUid: string): boolean {
  const place = findItem(definition, uid);
  const target = definition.sections.find((section) => section.uid === sectionUid);
  if (!place || !target || target === place.section) return false;
  place.section.items.splice(place.index, 1);
  target.items.push(place.item);
  return true;
}

/** Renames an item's key and the show-if conditions that point at it. */
export function renameItemKey(definition: EditDefinition, item: EditItem, oldKey: string): void {
  const newKey = item.key.trim();
  if (!oldKey || oldKey === newKey) return;
  const others = itemPlaces(definition).filter((place) => place.item !== item);
  // Two items with one key is an error the API reports; conditions then stay where they were.
  if (others.some((place) => place.item.key === newKey || place.item.key === oldKey)) return;
  for (const place of others) {
    if (place.item.showIf?.item === oldKey) place.item.showIf.item = newKey;
  }
}

export function addSection(definition: EditDefinition): EditSection {
  const section: EditSection = {
    uid: newUid(),
    key: uniqueKey(
      'section_',
      definition.sections.map((candidate) => candidate.key),
    ),
    title: emptyText(),
    items: [],
    randomiseOrder: false,
    grid: false,
  };
  definition.sections.push(section);
  return section;
}

export function removeSection(definition: EditDefinition, uid: string): EditSection | undefined {
  const index = definition.sections.findIndex((section) => section.uid === uid);
  if (index < 0) return undefined;
  const [section] = definition.sections.splice(index, 1);
  for (const item of section!.items) {
    if (!itemPlaces(definition).some((place) => place.item.key === item.key)) {
      for (const dependent of dependentsOf(definition, item.key)) dependent.showIf = null;
    }
  }
  return section;
}

export function moveSection(definition: EditDefinition, uid: string, delta: -1 | 1): boolean {
  const index = definition.sections.findIndex((section) => section.uid === uid);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= definition.sections.length) return false;
  const [section] = definition.sections.splice(index, 1);
  definition.sections.splice(target, 0, section!);
  return true;
}

export function addConstruct(definition: EditDefinition): EditConstruct {
  const construct: EditConstruct = {
    uid: newUid(),
    key: uniqueKey(
      'construct_',
      definition.constructs.map((candidate) => candidate.key),
    ),
    kind: 'VALUE',
    label: emptyText(),
    description: emptyText(),
  };
  definition.constructs.push(construct);
  return construct;
}

export function itemsUsingConstruct(definition: EditDefinition, key: string): EditItem[] {
  return itemPlaces(definition)
    .map((place) => place.item)
    .filter((item) => item.construct === key);
}

/** Deletes a construct; its items then measure no construct. */
export function removeConstruct(definition: EditDefinition, uid: string): EditConstruct | undefined {
  const index = definition.constructs.findIndex((construct) => construct.uid === uid);
  if (index < 0) return undefined;
  const [construct] = definition.constructs.splice(index, 1);
  if (!definition.constructs.some((other) => other.key === construct!.key)) {
    for (const item of itemsUsingConstruct(definition, construct!.key)) item.construct = null;
  }
  return construct;
}

export function renameConstructKey(
  definition: EditDefinition,
  construct: EditConstruct,
  oldKey: string,
): void {
  const newKey = construct.key.trim();
  if (!oldKey || oldKey === newKey) return;
  if (definition.constructs.some((other) => other !== construct && [oldKey, newKey].includes(other.key)))
    return;
  for (const item of itemsUsingConstruct(definition, oldKey)) item.construct = newKey;
}

export function addScale(definition: EditDefinition): EditScale {
  const scale: EditScale = {
    uid: newUid(),
    key: uniqueKey(
      'scale_',
      definition.scales.map((candidate) => candidate.key),
    ),
    points: [1, 2, 3, 4, 5].map((value) => ({ uid: newUid(), value, label: emptyText() })),
    notApplicable: null,
  };
  definition.scales.push(scale);
  return scale;
}

export function itemsUsingScale(definition: EditDefinition, key: string): EditItem[] {
  return itemPlaces(definition)
    .map((place) => place.item)
    .filter((item) => item.type === 'LIKERT' && item.scale === key);
}

/** Deletes a scale that no Likert item uses. */
export function removeScale(definition: EditDefinition, uid: string): boolean {
  const index = definition.scales.findIndex((scale) => scale.uid === uid);
  if (index < 0 || itemsUsingScale(definition, definition.scales[index]!.key).length > 0) return false;
  definition.scales.splice(index, 1);
  return true;
}

export function renameScaleKey(definition: EditDefinition, scale: EditScale, oldKey: string): void {
  const newKey = scale.key.trim();
  if (!oldKey || oldKey === newKey) return;
  if (definition.scales.some((other) => other !== scale && [oldKey, newKey].includes(other.key))) return;
  for (const place of itemPlaces(definition)) {
    if (place.item.scale === oldKey) place.item.scale = newKey;
  }
}

/** Adds a point above the highest one. */
export function addScalePoint(scale: EditScale): EditScalePoint {
  const highest = scale.points.reduce((max, point) => Math.max(max, point.value), 0);
  const point: EditScalePoint = { uid: newUid(), value: highest + 1, label: emptyText() };
  scale.points.push(point);
  return point;
}

export function removeScalePoint(scale: EditScale, uid: string): number {
  const index = scale.points.findIndex((point) => point.uid === uid);
  if (index >= 0) scale.points.splice(index, 1);
  return index;
}

/** The wording the API gives the default scale's "Vet ikke" answer. */
export const defaultNotApplicable = {
  nb: 'Vet ikke / ikke aktuelt',
  en: 'Don’t know / not applicable',
  nn: '',
};

export function setNotApplicable(scale: EditScale, offered: boolean): void {
  if (offered && !scale.notApplicable) scale.notApplicable = { ...defaultNotApplicable };
  if (!offered) scale.notApplicable = null;
}

export function addOption(item: EditItem): EditOption {
  const option: EditOption = {
    uid: newUid(),
    key: uniqueKey(
      '',
      item.options.map((candidate) => candidate.key),
    ),
    label: emptyText(),
  };
  item.options.push(option);
  return option;
}

export function removeOption(definition: EditDefinition, item: EditItem, uid: string): number {
  const index = item.options.findIndex((option) => option.uid === uid);
  if (index < 0) return index;
  const [option] = item.options.splice(index, 1);
  for (const dependent of dependentsOf(definition, item.key)) {
    if (dependent.showIf) dependent.showIf.values = dependent.showIf.values.filter((v) => v !== option!.key);
  }
  return index;
}

export function moveOption(item: EditItem, uid: string, delta: -1 | 1): boolean {
  const index = item.options.findIndex((option) => option.uid === uid);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= item.options.length) return false;
  const [option] = item.options.splice(index, 1);
  item.options.splice(target, 0, option!);
  return true;
}

/** Renames an option's key and the show-if conditions that compare with it. */
export function renameOptionKey(
  definition: EditDefinition,
  item: EditItem,
  option: EditOption,
  oldKey: string,
): void {
  const newKey = option.key.trim();
  if (!oldKey || oldKey === newKey) return;
  if (item.options.some((other) => other !== option && [oldKey, newKey].includes(other.key))) return;
  for (const dependent of dependentsOf(definition, item.key)) {
    if (dependent.showIf)
      dependent.showIf.values = dependent.showIf.values.map((v) => (v === oldKey ? newKey : v));
  }
}

/** Gives a role its own wording (starting from the common one) or takes it away. */
export function setRoleWording(item: EditItem, role: RespondentRole, own: boolean): void {
  const existing = item.promptByRole.find((wording) => wording.role === role);
  if (own && !existing) {
    item.promptByRole.push({ role, text: { ...item.prompt }, easyRead: emptyText() });
    item.promptByRole.sort((a, b) => respondentRoles.indexOf(a.role) - respondentRoles.indexOf(b.role));
  }
  if (!own && existing) item.promptByRole = item.promptByRole.filter((wording) => wording !== existing);
}
