import type {
  ChoiceOption,
  Construct,
  InstrumentDefinition,
  Item,
  LocalizedText,
  RolePrompt,
  Scale,
  Section,
  ShowIf,
} from './definition.types.js';

/**
 * The one form a definition is stored and exported in: keys in a fixed order, no null or undefined values, optional
 * lists left out when empty, texts trimmed. Applying it twice changes nothing, which makes export → import → export
 * byte-identical.
 */
export function canonicalDefinition(definition: InstrumentDefinition): InstrumentDefinition {
  return {
    scales: definition.scales.map(canonicalScale),
    constructs: definition.constructs.map(canonicalConstruct),
    sections: definition.sections.map(canonicalSection),
  };
}

/** Drops null and undefined values, so that an absent field is written the same way whichever it was. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/** Optional lists are left out when empty; required ones (roles, items, points, values) are always written. */
function nonEmpty<T>(list: T[] | null | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function text(value: LocalizedText): LocalizedText;
function text(value: LocalizedText | null | undefined): LocalizedText | undefined;
function text(value: LocalizedText | null | undefined): LocalizedText | undefined {
  if (!value) return undefined;
  const trimmed = (s: string | null | undefined) => (s == null || s.trim() === '' ? undefined : s.trim());
  return compact({ nb: value.nb?.trim() ?? '', en: trimmed(value.en), nn: trimmed(value.nn) });
}

function canonicalScale(scale: Scale): Scale {
  return compact({
    key: scale.key,
    points: scale.points.map((point) => ({ value: point.value, label: text(point.label) })),
    notApplicable: text(scale.notApplicable),
  });
}

function canonicalConstruct(construct: Construct): Construct {
  return compact({
    key: construct.key,
    kind: construct.kind,
    label: text(construct.label),
    description: text(construct.description),
  });
}

function canonicalSection(section: Section): Section {
  return compact({
    key: section.key,
    title: text(section.title),
    items: section.items.map(canonicalItem),
    // Not randomising is written by leaving the field out, so false and absent are one form.
    randomiseOrder: section.randomiseOrder ? true : undefined,
    grid: section.grid ? true : undefined,
  });
}

function canonicalItem(item: Item): Item {
  return compact({
    key: item.key,
    type: item.type,
    construct: item.construct,
    roles: [...item.roles],
    prompt: text(item.prompt),
    promptByRole: nonEmpty(
      item.promptByRole?.map((p: RolePrompt) =>
        compact({ role: p.role, text: text(p.text), easyRead: text(p.easyRead) }),
      ),
    ),
    easyRead: text(item.easyRead),
    help: text(item.help),
    required: item.required,
    reverseScored: item.reverseScored,
    scale: item.scale,
    options: nonEmpty(item.options?.map((o: ChoiceOption) => ({ key: o.key, label: text(o.label) }))),
    // Not offering "other, specify" is written by leaving the field out, so false and absent are one form.
    otherOption: item.otherOption ? true : undefined,
    min: item.min,
    max: item.max,
    step: item.step,
    minLabel: text(item.minLabel),
    maxLabel: text(item.maxLabel),
    earliest: item.earliest,
    latest: item.latest,
    maxLength: item.maxLength,
    showIf: item.showIf ? canonicalShowIf(item.showIf) : undefined,
  });
}

function canonicalShowIf(showIf: ShowIf): ShowIf {
  return { item: showIf.item, op: showIf.op, values: [...showIf.values] };
}
